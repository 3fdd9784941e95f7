import { listAcknowledgements, synthesizeWithFindings } from '../../lib';
import { addLegacyMonolithUplift, LEGACY_MONOLITH_UPLIFT } from '../../blueprints/legacy-monolith-uplift';
import { gatedApp } from '../support/app';

const PARTITION = 'aws';

/** The configuration the gates see: the offline defaults plus the optional strangler route (a superset). */
const STRANGLER_ON = {
  strangler: {
    enabled: true,
    image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders-service:1.0.0',
    originDomainName: 'orders-origin.example.com',
    certificateArn: `arn:${PARTITION}:acm:eu-west-1:123456789012:certificate/0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9`,
  },
};

/**
 * The reviewed acknowledgements of the blueprint (construct path below the stack, finding id, reason),
 * made by the constructs it composes and by the blueprint itself (Cdn NoAlarmsOutsideUsEast1,
 * Replica1 W3010, the strangler execution role's IAM5). A new or changed acknowledgement fails this
 * test until it is reviewed and added here.
 */
const REVIEWED_ACKNOWLEDGEMENTS: Array<{ path: string; id: string; reason: string }> = [
  {
    path: 'Cdn',
    id: 'Annotation::CdnFront:NoAlarmsOutsideUsEast1',
    reason:
      'The application lives outside us-east-1, where CloudFront publishes its metrics, and alarms cannot watch another region: the dashboard shows the CloudFront metrics, and the SLO alarms on the existing ALB and the database alarm on what the origin serves. CloudFront alarms need a us-east-1 stack (see the runbook)',
  },
  {
    path: 'Cdn/LogBucket',
    id: 'Annotation::AwsSolutions-S1',
    reason: 'This bucket is the access-log destination; logging its own accesses to itself would loop',
  },
  {
    path: 'Cdn/LogBucket',
    id: 'cdk-validator-cfnguard::s3_bucket_logging_enabled_check',
    reason: 'This bucket is the access-log destination; logging its own accesses to itself would loop',
  },
  {
    path: 'Cdn/LogBucket',
    id: 'cdk-validator-cfnguard::s3_bucket_default_encryption_kms_check',
    reason:
      'AWS log delivery (ELB access logs) only writes to buckets encrypted with S3-managed keys (SSE-S3)',
  },
  {
    path: 'Cdn/Resource',
    id: 'Annotation::AwsSolutions-CFR4',
    reason:
      'No `domainNames`/`certificate` given, so the distribution serves *.cloudfront.net with the default certificate, which CloudFront pins to TLSv1 and which cannot use SNI; pass `domainNames` and a us-east-1 `certificate` to get TLS 1.2 as the minimum',
  },
  {
    path: 'Cdn/Resource',
    id: 'cdk-validator-cfnguard::cloudfront_custom_ssl_certificate_check',
    reason:
      'No `domainNames`/`certificate` given, so the distribution serves *.cloudfront.net with the default certificate, which CloudFront pins to TLSv1 and which cannot use SNI; pass `domainNames` and a us-east-1 `certificate` to get TLS 1.2 as the minimum',
  },
  {
    path: 'Cdn/Resource',
    id: 'cdk-validator-cfnguard::cloudfront_sni_enabled_check',
    reason:
      'No `domainNames`/`certificate` given, so the distribution serves *.cloudfront.net with the default certificate, which CloudFront pins to TLSv1 and which cannot use SNI; pass `domainNames` and a us-east-1 `certificate` to get TLS 1.2 as the minimum',
  },
  {
    path: 'Cdn/Resource',
    id: 'cdk-validator-cfnguard::cloudfront_security_policy_check',
    reason:
      'No `domainNames`/`certificate` given, so the distribution serves *.cloudfront.net with the default certificate, which CloudFront pins to TLSv1 and which cannot use SNI; pass `domainNames` and a us-east-1 `certificate` to get TLS 1.2 as the minimum',
  },
  {
    path: 'Cdn/Resource',
    id: 'Annotation::AwsSolutions-CFR1',
    reason:
      'A public web application serves every country by default; `geoRestriction` restricts it where law or the business requires',
  },
  {
    path: 'Cdn/Resource',
    id: 'cdk-validator-cfnguard::cloudfront_origin_failover_enabled_check',
    reason:
      'One application origin in one region: there is no second origin to fail over to. `failoverOriginDomainName` adds an origin group for multi-region deployments',
  },
  {
    path: 'Cdn/Resource',
    id: 'cdk-validator-cfnguard::cloudfront_default_root_object_configured_check',
    reason:
      'The default origin is an application that answers `/` itself; a default root object would rewrite `/` to a file path the application does not serve',
  },
  {
    path: 'SessionStore/AuthSecret',
    id: 'Annotation::AwsSolutions-SMG4',
    reason:
      'ElastiCache has no managed rotation for an AUTH token (or a serverless RBAC password): rotating it needs a two-step ModifyReplicationGroup ROTATE/SET coordinated with every client. The token is 64 random characters, only reachable over TLS from the security groups given to connectFrom, and encrypted with a rotating KMS key',
  },
  {
    path: 'SessionStore/CpuAlarm',
    id: 'cdk-validator-cfnguard::cloudwatch_alarm_action_check',
    reason:
      "A construct's default alarm: actions are attached when the construct is observed (Observability.observe) or by the caller through the construct's `alarms` field",
  },
  {
    path: 'SessionStore/MemoryAlarm',
    id: 'cdk-validator-cfnguard::cloudwatch_alarm_action_check',
    reason:
      "A construct's default alarm: actions are attached when the construct is observed (Observability.observe) or by the caller through the construct's `alarms` field",
  },
  {
    path: 'SessionStore/EvictionsAlarm',
    id: 'cdk-validator-cfnguard::cloudwatch_alarm_action_check',
    reason:
      "A construct's default alarm: actions are attached when the construct is observed (Observability.observe) or by the caller through the construct's `alarms` field",
  },
  {
    path: 'Database/MonitoringRole',
    id: 'Annotation::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole]',
    reason:
      "AmazonRDSEnhancedMonitoringRole is the AWS-maintained policy for RDS enhanced monitoring; it only allows writing to the RDS OS-metrics log groups, and AWS updates it when the service's needs change",
  },
  {
    path: 'Database/Replica1',
    id: 'Annotation::AwsSolutions-RDS2',
    reason:
      'A read replica inherits the storage encryption of its source instance, which this stack does not own; encrypt the existing instance to encrypt its replicas',
  },
  {
    path: 'Database/Replica1',
    id: 'Annotation::AwsSolutions-RDS11',
    reason:
      "A read replica listens on its source instance's port; the existing instance's port is its owner's choice, and cdk-nag cannot read it because CloudFormation takes no Engine on a replica",
  },
  {
    path: 'Database/Replica1',
    id: 'Annotation::AwsSolutions-RDS3',
    reason:
      'A read replica serves reads and holds a copy of the data; availability comes from the Multi-AZ writer and the other replicas, so a standby per replica would double its cost for no durability gain',
  },
  {
    path: 'Database/Replica1',
    id: 'CloudFormation-Validate::W3010',
    reason:
      'The Availability Zone names are those of the existing VPC, given in the settings (vpc.availabilityZones): the replicas are placed in the AZs of the subnets they use, away from the writer, as the VPC is imported by attributes without a lookup',
  },
  {
    path: 'Database/CpuAlarm',
    id: 'cdk-validator-cfnguard::cloudwatch_alarm_action_check',
    reason:
      'Default alarms are created without actions by design: Observability attaches its SNS alarm topic to every alarm in `alarms` (or the caller does)',
  },
  {
    path: 'Database/ConnectionsAlarm',
    id: 'cdk-validator-cfnguard::cloudwatch_alarm_action_check',
    reason:
      'Default alarms are created without actions by design: Observability attaches its SNS alarm topic to every alarm in `alarms` (or the caller does)',
  },
  {
    path: 'Database/ReplicaLagAlarm',
    id: 'cdk-validator-cfnguard::cloudwatch_alarm_action_check',
    reason:
      'Default alarms are created without actions by design: Observability attaches its SNS alarm topic to every alarm in `alarms` (or the caller does)',
  },
  {
    path: 'Strangler/TaskDefinition',
    id: 'Annotation::AwsSolutions-ECS2',
    reason:
      'The plain environment holds configuration only (endpoints, ports, flags): keys that look like secrets (*_PASSWORD, *_SECRET, *_TOKEN, *_API_KEY, AWS keys) are rejected at synth and secrets are injected through `secrets`',
  },
  {
    path: 'Strangler/TaskDefinition/ExecutionRole',
    id: 'Annotation::AwsSolutions-IAM5[Resource::*]',
    reason:
      'ecr:GetAuthorizationToken, which every image pull from ECR needs, has no resource-level permissions; the pull actions themselves are scoped to the one repository of the strangler image',
  },
  {
    path: 'Strangler/AccessLogs',
    id: 'Annotation::AwsSolutions-S1',
    reason: 'This bucket is the access-log destination; logging its own accesses to itself would loop',
  },
  {
    path: 'Strangler/AccessLogs',
    id: 'cdk-validator-cfnguard::s3_bucket_logging_enabled_check',
    reason: 'This bucket is the access-log destination; logging its own accesses to itself would loop',
  },
  {
    path: 'Strangler/AccessLogs',
    id: 'cdk-validator-cfnguard::s3_bucket_default_encryption_kms_check',
    reason:
      'AWS log delivery (ELB access logs) only writes to buckets encrypted with S3-managed keys (SSE-S3)',
  },
  {
    path: 'Strangler/LatencyP95Alarm',
    id: 'cdk-validator-cfnguard::cloudwatch_alarm_action_check',
    reason:
      "A construct's default alarm: actions are attached when the construct is observed (Observability.observe) or by the caller through the construct's `alarms` field",
  },
  {
    path: 'Strangler/LatencyP99Alarm',
    id: 'cdk-validator-cfnguard::cloudwatch_alarm_action_check',
    reason:
      "A construct's default alarm: actions are attached when the construct is observed (Observability.observe) or by the caller through the construct's `alarms` field",
  },
  {
    path: 'Strangler/ErrorRateAlarm',
    id: 'cdk-validator-cfnguard::cloudwatch_alarm_action_check',
    reason:
      "A construct's default alarm: actions are attached when the construct is observed (Observability.observe) or by the caller through the construct's `alarms` field",
  },
  {
    path: 'Strangler/UnhealthyHostsAlarm',
    id: 'cdk-validator-cfnguard::cloudwatch_alarm_action_check',
    reason:
      "A construct's default alarm: actions are attached when the construct is observed (Observability.observe) or by the caller through the construct's `alarms` field",
  },
  {
    path: 'Strangler/AtMaxCapacityAlarm',
    id: 'cdk-validator-cfnguard::cloudwatch_alarm_action_check',
    reason:
      "A construct's default alarm: actions are attached when the construct is observed (Observability.observe) or by the caller through the construct's `alarms` field",
  },
];

// One synth through the three gates (built-in CloudFormation validation, cdk-nag AwsSolutions,
// Control Tower guard rules): it costs several seconds, so the blueprint is synthesized once.
test('LegacyMonolithUplift passes the three compliance gates; its acknowledgements are the reviewed list', () => {
  const app = gatedApp();
  app.node.setContext(LEGACY_MONOLITH_UPLIFT, STRANGLER_ON);
  const stack = addLegacyMonolithUplift(app);
  const report = synthesizeWithFindings(app);
  expect(report.findings).toEqual([]);
  const prefix = `${stack.node.path}/`;
  const acknowledgements = listAcknowledgements(stack).map((a) => ({
    path: a.constructPath.startsWith(prefix) ? a.constructPath.slice(prefix.length) : a.constructPath,
    id: a.id,
    reason: a.reason,
  }));
  expect(acknowledgements).toEqual(REVIEWED_ACKNOWLEDGEMENTS);
});
