import { CfnResource, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';

/**
 * Properties worth seeing in an architecture review, by resource type: scaling bounds, alarm
 * thresholds and the security-relevant settings. Everything else is left out of the summary so
 * that snapshots change when the architecture changes, not when CDK reorders a policy.
 */
const PROPERTIES_BY_TYPE: Record<string, string[]> = {
  'AWS::ApplicationAutoScaling::ScalableTarget': ['MinCapacity', 'MaxCapacity', 'ScheduledActions'],
  'AWS::ApplicationAutoScaling::ScalingPolicy': [
    'PolicyType',
    'TargetTrackingScalingPolicyConfiguration.TargetValue',
    'TargetTrackingScalingPolicyConfiguration.PredefinedMetricSpecification.PredefinedMetricType',
    'StepScalingPolicyConfiguration.AdjustmentType',
    'StepScalingPolicyConfiguration.StepAdjustments',
  ],
  'AWS::CloudWatch::Alarm': [
    'MetricName',
    'Namespace',
    'Statistic',
    'ExtendedStatistic',
    'ComparisonOperator',
    'Threshold',
    'Period',
    'EvaluationPeriods',
    'DatapointsToAlarm',
    'TreatMissingData',
  ],
  'AWS::ECS::Service': [
    'LaunchType',
    'DesiredCount',
    'DeploymentConfiguration',
    'NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp',
    'CapacityProviderStrategy',
  ],
  'AWS::ECS::TaskDefinition': ['Cpu', 'Memory', 'RuntimePlatform'],
  'AWS::ECS::Cluster': ['ClusterSettings'],
  'AWS::ElasticLoadBalancingV2::LoadBalancer': ['Scheme', 'LoadBalancerAttributes'],
  'AWS::ElasticLoadBalancingV2::Listener': ['Port', 'Protocol', 'SslPolicy'],
  'AWS::ElasticLoadBalancingV2::TargetGroup': [
    'Port',
    'Protocol',
    'HealthCheckPath',
    'TargetGroupAttributes',
  ],
  'AWS::RDS::DBCluster': [
    'Engine',
    'EngineVersion',
    'StorageEncrypted',
    'DeletionProtection',
    'BackupRetentionPeriod',
    'IAMDatabaseAuthenticationEnabled',
    'EnableCloudwatchLogsExports',
    'ServerlessV2ScalingConfiguration',
    'GlobalClusterIdentifier',
  ],
  'AWS::RDS::DBInstance': [
    'Engine',
    'DBInstanceClass',
    'PubliclyAccessible',
    'StorageEncrypted',
    'DeletionProtection',
    'MultiAZ',
    'BackupRetentionPeriod',
    'EnablePerformanceInsights',
  ],
  'AWS::RDS::DBProxy': ['EngineFamily', 'RequireTLS', 'Auth'],
  'AWS::RDS::DBClusterParameterGroup': ['Parameters'],
  'AWS::RDS::DBParameterGroup': ['Parameters'],
  'AWS::ElastiCache::ReplicationGroup': [
    'Engine',
    'CacheNodeType',
    'NumNodeGroups',
    'ReplicasPerNodeGroup',
    'NumCacheClusters',
    'MultiAZEnabled',
    'AutomaticFailoverEnabled',
    'TransitEncryptionEnabled',
    'AtRestEncryptionEnabled',
    'SnapshotRetentionLimit',
  ],
  'AWS::ElastiCache::ServerlessCache': ['Engine', 'CacheUsageLimits', 'SnapshotRetentionLimit'],
  'AWS::SQS::Queue': [
    'FifoQueue',
    'SqsManagedSseEnabled',
    'VisibilityTimeout',
    'MessageRetentionPeriod',
    'RedrivePolicy.maxReceiveCount',
    'RedriveAllowPolicy',
  ],
  'AWS::CloudFront::Distribution': [
    'DistributionConfig.PriceClass',
    'DistributionConfig.HttpVersion',
    'DistributionConfig.IPV6Enabled',
    'DistributionConfig.DefaultCacheBehavior.ViewerProtocolPolicy',
    'DistributionConfig.DefaultCacheBehavior.Compress',
    'DistributionConfig.CacheBehaviors',
    'DistributionConfig.ViewerCertificate.MinimumProtocolVersion',
  ],
  'AWS::WAFv2::WebACL': ['Scope', 'DefaultAction', 'Rules'],
  'AWS::S3::Bucket': ['BucketEncryption', 'PublicAccessBlockConfiguration', 'VersioningConfiguration'],
  'AWS::EC2::VPC': ['CidrBlock'],
  'AWS::EC2::NatGateway': [],
  'AWS::EC2::SecurityGroup': ['SecurityGroupIngress'],
  'AWS::KMS::Key': ['EnableKeyRotation'],
  'AWS::Logs::LogGroup': ['RetentionInDays'],
  'AWS::SNS::Topic': [],
  'AWS::Budgets::Budget': ['Budget.BudgetLimit', 'NotificationsWithSubscribers'],
  'AWS::Route53::RecordSet': ['Type', 'Region', 'Failover', 'SetIdentifier'],
  'AWS::Route53::HealthCheck': ['HealthCheckConfig'],
  'AWS::RDS::GlobalCluster': ['Engine', 'EngineVersion', 'StorageEncrypted'],
};

/** Options for {@link architectureSummary}. */
export interface ArchitectureSummaryOptions {
  /**
   * Also list the resource types not in the built-in table (IAM roles and policies, subnets,
   * routes, ...) by count.
   *
   * @default true
   */
  readonly includeOtherResourceCounts?: boolean;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Stable, readable architecture summaries for snapshot tests. */
export class ArchitectureSummary {
  /**
   * A stable, readable summary of a stack's architecture for Jest snapshots: resources by type and
   * construct path; scaling bounds and policies; alarms and their thresholds; security-relevant
   * settings (encryption, public access, TLS, deletion protection). References are shown as the
   * construct path they point to, asset hashes are masked, and nothing depends on logical-id hashes,
   * so the snapshot changes when the architecture changes and not otherwise.
   *
   * It synthesizes the stack's app: create the app with `builtinCloudFormationValidation: false` in
   * unit tests to keep it fast.
   *
   * @example
   * test('architecture', () => {
   *   const app = new App({ builtinCloudFormationValidation: false });
   *   const stack = new MyStack(app, 'MyStack');
   *   expect(ArchitectureSummary.of(stack)).toMatchSnapshot();
   * });
   */
  public static of(stack: Stack, options: ArchitectureSummaryOptions = {}): Record<string, unknown> {
    return summarize(stack, options);
  }

  private constructor() {}
}

/**
 * A stable architecture summary of a stack for Jest snapshots (TypeScript only).
 *
 * @deprecated use `ArchitectureSummary.of(stack, options)`
 */
export function architectureSummary(
  stack: Stack,
  options: ArchitectureSummaryOptions = {},
): Record<string, unknown> {
  return summarize(stack, options);
}

function summarize(stack: Stack, options: ArchitectureSummaryOptions): Record<string, unknown> {
  const template = Template.fromStack(stack).toJSON() as {
    Resources?: Record<string, { Type: string; Properties?: Record<string, Json> }>;
  };
  const resources = template.Resources ?? {};
  // Logical id -> construct path (relative to the stack, without the trailing '/Resource').
  const paths = new Map<string, string>();
  for (const construct of stack.node.findAll()) {
    if (CfnResource.isCfnResource(construct) && Stack.of(construct) === stack) {
      const relative = construct.node.path.slice(stack.node.path.length + 1).replace(/\/Resource$/, '');
      paths.set(stack.resolve(construct.logicalId) as string, relative);
    }
  }
  const pathOf = (logicalId: string): string => paths.get(logicalId) ?? logicalId;

  const summarized: Record<string, Array<Record<string, unknown>>> = {};
  const otherCounts: Record<string, number> = {};
  for (const [logicalId, resource] of Object.entries(resources)) {
    const picks = PROPERTIES_BY_TYPE[resource.Type];
    if (!picks) {
      otherCounts[resource.Type] = (otherCounts[resource.Type] ?? 0) + 1;
      continue;
    }
    const entry: Record<string, unknown> = { path: pathOf(logicalId) };
    for (const propertyPath of picks) {
      const value = pick(resource.Properties ?? {}, propertyPath);
      if (value !== undefined) entry[propertyPath] = normalize(value, pathOf);
    }
    (summarized[resource.Type] ??= []).push(entry);
  }

  const sortedSummary: Record<string, unknown> = {};
  for (const type of Object.keys(summarized).sort()) {
    sortedSummary[type] = summarized[type].sort((a, b) => String(a.path).localeCompare(String(b.path)));
  }
  if (options.includeOtherResourceCounts ?? true) {
    sortedSummary.otherResources = Object.fromEntries(
      Object.entries(otherCounts).sort(([a], [b]) => a.localeCompare(b)),
    );
  }
  return sortedSummary;
}

function pick(properties: Record<string, Json>, propertyPath: string): Json | undefined {
  let current: Json | undefined = properties;
  for (const key of propertyPath.split('.')) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    current = current[key];
  }
  return current;
}

/** Replaces intrinsic references with the construct path they point to, and masks asset hashes. */
function normalize(value: Json, pathOf: (logicalId: string) => string): Json {
  if (typeof value === 'string') return value.replace(/[0-9a-f]{64}/g, '[ASSET-HASH]');
  if (Array.isArray(value)) return value.map((v) => normalize(v, pathOf));
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === 'Ref' && typeof value.Ref === 'string') {
      return value.Ref.startsWith('AWS::') ? `{${value.Ref}}` : `{ref:${pathOf(value.Ref)}}`;
    }
    if (keys.length === 1 && keys[0] === 'Fn::GetAtt' && Array.isArray(value['Fn::GetAtt'])) {
      const [logicalId, attribute] = value['Fn::GetAtt'] as string[];
      return `{${pathOf(logicalId)}.${attribute}}`;
    }
    return Object.fromEntries(keys.map((k) => [k, normalize(value[k], pathOf)]));
  }
  return value;
}
