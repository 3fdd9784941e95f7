import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/** Options for {@link secureLogBucket}. */
export interface SecureLogBucketOptions {
  /** How long log objects are kept. @default 365 days */
  readonly retention?: Duration;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Object ownership. Log delivery that writes with ACLs (CloudFront standard logs, legacy) needs
   * `OBJECT_WRITER`/`BUCKET_OWNER_PREFERRED`; ALB and S3 server access logs work with the default.
   * @default s3.ObjectOwnership.BUCKET_OWNER_ENFORCED
   */
  readonly objectOwnership?: s3.ObjectOwnership;
}

/**
 * An S3 bucket for access logs (ALB, CloudFront, S3 server access logs) with the library's secure
 * defaults: all public access blocked, TLS-only policy, versioning, a lifecycle that expires logs
 * after `retention` and old versions after 30 days, retained on stack deletion.
 *
 * It is encrypted with S3-managed keys because the log-delivery services (Elastic Load Balancing
 * access logs in particular) only write to SSE-S3 buckets; the two findings that follow from being
 * the log destination are acknowledged here, on the bucket, with the reason.
 */
export function secureLogBucket(
  scope: Construct,
  id: string,
  options: SecureLogBucketOptions = {},
): s3.Bucket {
  const bucket = new s3.Bucket(scope, id, {
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    versioned: true,
    objectOwnership: options.objectOwnership ?? s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    removalPolicy: options.removalPolicy ?? RemovalPolicy.RETAIN,
    lifecycleRules: [
      {
        id: 'ExpireLogs',
        expiration: options.retention ?? Duration.days(365),
        noncurrentVersionExpiration: Duration.days(30),
        abortIncompleteMultipartUploadAfter: Duration.days(7),
      },
    ],
  });
  Validations.of(bucket).acknowledge(
    {
      id: 'AwsSolutions-S1',
      reason: 'This bucket is the access-log destination; logging its own accesses to itself would loop',
    },
    {
      id: 'cdk-validator-cfnguard::s3_bucket_logging_enabled_check',
      reason: 'This bucket is the access-log destination; logging its own accesses to itself would loop',
    },
    {
      id: 'cdk-validator-cfnguard::s3_bucket_default_encryption_kms_check',
      reason:
        'AWS log delivery (ELB access logs) only writes to buckets encrypted with S3-managed keys (SSE-S3)',
    },
  );
  return bucket;
}
