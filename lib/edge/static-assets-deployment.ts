import * as fs from 'node:fs';
import * as path from 'node:path';
import { CfnElement, DefaultStackSynthesizer, Duration, Stack, Token, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct, IConstruct } from 'constructs';
import { BlueprintValidationError } from '../errors';
import { secureLogGroup } from '../private/log-groups';
import { CdnFront } from './cdn-front';

/** Properties of a {@link StaticAssetsDeployment}. */
export interface StaticAssetsDeploymentProps {
  /** The CdnFront whose static bucket receives the files (it needs `staticAssets: true`). */
  readonly cdn: CdnFront;

  /** A local folder (the build output), uploaded as it is. */
  readonly sourcePath: string;

  /**
   * The key prefix of the uploaded files; it must match one of the CdnFront's static path
   * patterns, because CloudFront sends the whole path to the bucket.
   *
   * @default 'static/'
   */
  readonly destinationKeyPrefix?: string;

  /**
   * A regular expression (JavaScript syntax) matching the names of versioned files, whose name
   * changes with their content. They are uploaded with `Cache-Control: public,
   * max-age=31536000, immutable` and never invalidated. Every other file is uploaded with
   * `Cache-Control: no-cache` (revalidated on each use) and invalidated on each deploy.
   *
   * @default '[.-][0-9a-f]{8,}\\.' (e.g. `app.3f9a2c1b.js`, `logo-9f86d081884c7d65.svg`)
   */
  readonly versionedFilePattern?: string;
}

const INVALIDATION_PATHS_LIMIT = 15;

/**
 * Deploys a local folder to a {@link CdnFront}'s static bucket and invalidates only what can be
 * stale: versioned files (a content hash in the name) get a one-year immutable `Cache-Control`
 * and are never invalidated; the few unversioned ones (`index.html`, `manifest.json`, ...) get
 * `no-cache` and are invalidated by path (by prefix above 15 files). Old versioned files are kept
 * (no pruning) so pages already cached by browsers still find their assets.
 *
 * @example
 * const cdn = new CdnFront(stack, 'Cdn', { originDomainName: 'app.example.com', staticAssets: true });
 * new StaticAssetsDeployment(stack, 'Assets', { cdn, sourcePath: 'web/dist' });
 */
export class StaticAssetsDeployment extends Construct {
  /** The upload of the versioned files, when there are any. */
  public readonly versionedDeployment?: s3deploy.BucketDeployment;
  /** The upload (and invalidation) of the unversioned files, when there are any. */
  public readonly unversionedDeployment?: s3deploy.BucketDeployment;
  /** The paths invalidated on each deploy. */
  public readonly invalidationPaths: string[];

  constructor(scope: Construct, id: string, props: StaticAssetsDeploymentProps) {
    super(scope, id);
    const bucket = props.cdn.staticBucket;
    if (!bucket) {
      throw new BlueprintValidationError(
        this,
        'cdn',
        '`cdn` has no static bucket: create the CdnFront with `staticAssets: true`',
      );
    }
    if (!fs.existsSync(props.sourcePath) || !fs.statSync(props.sourcePath).isDirectory()) {
      throw new BlueprintValidationError(
        this,
        'sourcePath',
        `\`sourcePath\` must be an existing folder, got: '${props.sourcePath}'`,
      );
    }
    const prefix = props.destinationKeyPrefix ?? 'static/';
    if (!/^([A-Za-z0-9_.\-~]+\/)*$/.test(prefix)) {
      throw new BlueprintValidationError(
        this,
        'destinationKeyPrefix',
        `\`destinationKeyPrefix\` must be '' or folder names ending with '/', such as 'static/', got: '${prefix}'`,
      );
    }
    let versioned: RegExp;
    try {
      versioned = new RegExp(props.versionedFilePattern ?? '[.-][0-9a-f]{8,}\\.');
    } catch {
      throw new BlueprintValidationError(
        this,
        'versionedFilePattern',
        `\`versionedFilePattern\` must be a valid regular expression, got: '${props.versionedFilePattern}'`,
      );
    }

    const files = listFiles(props.sourcePath);
    const unversionedFiles = files.filter((file) => !versioned.test(path.posix.basename(file)));
    const versionedFiles = files.filter((file) => versioned.test(path.posix.basename(file)));
    const source = s3deploy.Source.asset(props.sourcePath);
    const logGroup = secureLogGroup(this, 'Logs');

    if (versionedFiles.length > 0) {
      this.versionedDeployment = new s3deploy.BucketDeployment(this, 'Versioned', {
        sources: [source],
        destinationBucket: bucket,
        destinationKeyPrefix: prefix || undefined,
        exclude: ['*'],
        include: versionedFiles,
        cacheControl: [
          s3deploy.CacheControl.setPublic(),
          s3deploy.CacheControl.maxAge(Duration.days(365)),
          s3deploy.CacheControl.immutable(),
        ],
        prune: false,
        logGroup,
      });
    }

    this.invalidationPaths =
      unversionedFiles.length > INVALIDATION_PATHS_LIMIT
        ? [`/${prefix}*`]
        : unversionedFiles.map((file) => `/${prefix}${file}`);
    if (unversionedFiles.length > 0) {
      this.unversionedDeployment = new s3deploy.BucketDeployment(this, 'Unversioned', {
        sources: [source],
        destinationBucket: bucket,
        destinationKeyPrefix: prefix || undefined,
        exclude: ['*'],
        include: unversionedFiles,
        cacheControl: [s3deploy.CacheControl.noCache()],
        prune: false,
        distribution: props.cdn.distribution,
        distributionPaths: this.invalidationPaths,
        logGroup,
      });
      // Upload the versioned files first, so the new index.html never points at missing assets.
      if (this.versionedDeployment) this.unversionedDeployment.node.addDependency(this.versionedDeployment);
    }
    acknowledgeDeploymentHandler(this, bucket);
  }
}

function listFiles(root: string, dir = ''): string[] {
  return fs
    .readdirSync(path.join(root, dir), { withFileTypes: true })
    .flatMap((entry) => {
      const relative = dir ? `${dir}/${entry.name}` : entry.name;
      return entry.isDirectory() ? listFiles(root, relative) : [relative];
    })
    .sort();
}

/** Acknowledge the findings on CDK's BucketDeployment handler (a stack singleton CDK owns). */
function acknowledgeDeploymentHandler(scope: IConstruct, staticBucket: s3.IBucket): void {
  const stack = Stack.of(scope);
  for (const child of stack.node.children) {
    if (!child.node.id.startsWith('Custom::CDKBucketDeployment')) continue;
    const reason =
      "CDK's own deploy-time handler that copies the static files into the bucket and creates the invalidation; " +
      'it runs only during deployments and CDK offers no way to configure it';
    const role = child.node.tryFindChild('ServiceRole');
    if (role) {
      Validations.of(role).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: `${reason}; the managed policy only lets it write its own logs`,
      });
      const policy = role.node.tryFindChild('DefaultPolicy');
      if (policy) {
        Validations.of(policy).acknowledge(
          ...[
            's3:GetBucket*',
            's3:GetObject*',
            's3:List*',
            's3:Abort*',
            's3:DeleteObject*',
            'kms:GenerateDataKey*',
            'kms:ReEncrypt*',
          ].map((action) => ({
            id: `AwsSolutions-IAM5[Action::${action}]`,
            reason: `${reason}; CDK's bucket grants, limited to the asset bucket, the static bucket and its key`,
          })),
          {
            id: 'AwsSolutions-IAM5[Resource::*]',
            reason: `${reason}; CloudFront invalidations cannot be scoped to a resource`,
          },
          ...objectResourceIds(stack, staticBucket).map((id) => ({
            id,
            reason: `${reason}; it reads the uploaded asset and writes any key of the static bucket`,
          })),
        );
      }
    }
    Validations.of(child).acknowledge(
      { id: 'cdk-validator-cfnguard::lambda_inside_vpc_check', reason },
      { id: 'AwsSolutions-L1', reason: `${reason}; CDK picks and updates its runtime` },
    );
  }
}

/** The cdk-nag ids of the handler's object wildcards: the static bucket's and the asset bucket's `/*`. */
function objectResourceIds(stack: Stack, staticBucket: s3.IBucket): string[] {
  const ids: string[] = [];
  const cfnBucket = staticBucket.node.defaultChild;
  if (cfnBucket instanceof CfnElement)
    ids.push(`AwsSolutions-IAM5[Resource::<${stack.getLogicalId(cfnBucket)}.Arn>/*]`);
  if (
    stack.synthesizer instanceof DefaultStackSynthesizer &&
    !Token.isUnresolved(stack.account) &&
    !Token.isUnresolved(stack.region)
  ) {
    const qualifier =
      (stack.node.tryGetContext('@aws-cdk/core:bootstrapQualifier') as string | undefined) ??
      DefaultStackSynthesizer.DEFAULT_QUALIFIER;
    const assetBucket = DefaultStackSynthesizer.DEFAULT_FILE_ASSETS_BUCKET_NAME.replace(
      '${Qualifier}',
      qualifier,
    )
      .replace('${AWS::AccountId}', stack.account)
      .replace('${AWS::Region}', stack.region);
    const partition = RegionInfo.get(stack.region).partition ?? stack.partition;
    ids.push(`AwsSolutions-IAM5[Resource::arn:${partition}:s3:::${assetBucket}/*]`);
  }
  return ids;
}
