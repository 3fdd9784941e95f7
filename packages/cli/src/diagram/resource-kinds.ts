/**
 * The tiers an architecture diagram groups its nodes by, in drawing order (requests flow from the
 * edge inwards; the network and observability tiers support the others).
 */
export enum DiagramTier {
  /** The people (and clients) whose requests reach the app's entry points. */
  USERS = 'users',
  EDGE = 'edge',
  WEB = 'web',
  ASYNC = 'async',
  CACHE = 'cache',
  DATA = 'data',
  OBSERVABILITY = 'observability',
  NETWORK = 'network',
}

/** Tiers in drawing order. */
export const TIER_ORDER: readonly DiagramTier[] = [
  DiagramTier.USERS,
  DiagramTier.EDGE,
  DiagramTier.WEB,
  DiagramTier.ASYNC,
  DiagramTier.CACHE,
  DiagramTier.DATA,
  DiagramTier.OBSERVABILITY,
  DiagramTier.NETWORK,
];

/**
 * How a resource type counts in the diagram. A *primary* resource is what a node is about (a load
 * balancer, a database cluster, a queue): a construct whose primary resources all belong to one tier
 * collapses into one node. A *secondary* resource (listener, target group, alarm, subnet) goes with
 * whichever node contains it, and gives a tier only to a node that has no primary resource. Types
 * not listed (IAM, KMS, log groups, security groups, Lambda-backed custom resources) never make a
 * node of their own.
 */
export interface ResourceKind {
  readonly tier: DiagramTier;
  readonly primary: boolean;
  /** Short name shown on the node, e.g. `ALB`; empty for secondary resources not worth naming. */
  readonly label: string;
}

function primary(tier: DiagramTier, label: string): ResourceKind {
  return { tier, primary: true, label };
}
function secondary(tier: DiagramTier, label = ''): ResourceKind {
  return { tier, primary: false, label };
}

const KINDS: Record<string, ResourceKind> = {
  'AWS::CloudFront::Distribution': primary(DiagramTier.EDGE, 'CloudFront'),
  'AWS::WAFv2::WebACL': primary(DiagramTier.EDGE, 'WAF'),
  'AWS::Route53::HostedZone': primary(DiagramTier.EDGE, 'Route 53 zone'),
  'AWS::Route53::RecordSet': primary(DiagramTier.EDGE, 'Route 53 record'),
  'AWS::Route53::RecordSetGroup': primary(DiagramTier.EDGE, 'Route 53 records'),
  'AWS::Route53::HealthCheck': primary(DiagramTier.EDGE, 'health check'),
  'AWS::GlobalAccelerator::Accelerator': primary(DiagramTier.EDGE, 'Global Accelerator'),
  'AWS::CloudFront::Function': secondary(DiagramTier.EDGE),
  'AWS::CloudFront::CachePolicy': secondary(DiagramTier.EDGE),
  'AWS::CloudFront::OriginAccessControl': secondary(DiagramTier.EDGE),
  'AWS::CloudFront::ResponseHeadersPolicy': secondary(DiagramTier.EDGE),
  'AWS::WAFv2::WebACLAssociation': secondary(DiagramTier.EDGE),

  'AWS::ElasticLoadBalancingV2::LoadBalancer': primary(DiagramTier.WEB, 'load balancer'),
  'AWS::ElasticLoadBalancingV2::Listener': secondary(DiagramTier.WEB),
  'AWS::ElasticLoadBalancingV2::ListenerRule': secondary(DiagramTier.WEB),
  'AWS::ElasticLoadBalancingV2::TargetGroup': secondary(DiagramTier.WEB),
  'AWS::ECS::Service': primary(DiagramTier.WEB, 'ECS service'),
  'AWS::ECS::TaskDefinition': secondary(DiagramTier.WEB),
  'AWS::AutoScaling::AutoScalingGroup': primary(DiagramTier.WEB, 'EC2 Auto Scaling group'),
  'AWS::ApiGateway::RestApi': primary(DiagramTier.WEB, 'API Gateway'),
  'AWS::ApiGatewayV2::Api': primary(DiagramTier.WEB, 'API Gateway'),

  'AWS::SQS::Queue': primary(DiagramTier.ASYNC, 'SQS queue'),
  'AWS::Events::Rule': secondary(DiagramTier.ASYNC),

  'AWS::ElastiCache::ReplicationGroup': primary(DiagramTier.CACHE, 'ElastiCache'),
  'AWS::ElastiCache::CacheCluster': primary(DiagramTier.CACHE, 'ElastiCache'),
  'AWS::ElastiCache::ServerlessCache': primary(DiagramTier.CACHE, 'ElastiCache Serverless'),
  'AWS::ElastiCache::GlobalReplicationGroup': primary(DiagramTier.CACHE, 'Global Datastore'),
  'AWS::MemoryDB::Cluster': primary(DiagramTier.CACHE, 'MemoryDB'),

  'AWS::RDS::DBCluster': primary(DiagramTier.DATA, 'Aurora'),
  'AWS::RDS::DBInstance': primary(DiagramTier.DATA, 'RDS'),
  'AWS::RDS::DBProxy': primary(DiagramTier.DATA, 'RDS Proxy'),
  'AWS::RDS::GlobalCluster': primary(DiagramTier.DATA, 'Aurora global database'),
  'AWS::DynamoDB::Table': primary(DiagramTier.DATA, 'DynamoDB'),
  'AWS::DynamoDB::GlobalTable': primary(DiagramTier.DATA, 'DynamoDB global table'),

  'AWS::CloudWatch::Dashboard': primary(DiagramTier.OBSERVABILITY, 'dashboard'),
  'AWS::CloudWatch::Alarm': secondary(DiagramTier.OBSERVABILITY, 'alarm'),
  'AWS::CloudWatch::CompositeAlarm': secondary(DiagramTier.OBSERVABILITY, 'alarm'),
  'AWS::SNS::Topic': secondary(DiagramTier.OBSERVABILITY, 'SNS topic'),
  'AWS::Budgets::Budget': primary(DiagramTier.OBSERVABILITY, 'AWS Budgets monthly limit'),

  'AWS::EC2::VPC': primary(DiagramTier.NETWORK, 'VPC'),
  'AWS::EC2::Subnet': secondary(DiagramTier.NETWORK),
  'AWS::EC2::NatGateway': secondary(DiagramTier.NETWORK, 'NAT gateway'),
  'AWS::EC2::InternetGateway': secondary(DiagramTier.NETWORK),
  'AWS::EC2::VPCEndpoint': secondary(DiagramTier.NETWORK),
  'AWS::EC2::FlowLog': secondary(DiagramTier.NETWORK),
};

/** The kind of a resource, or undefined for types that never make a node (IAM, KMS, logs...). */
export function resourceKind(type: string, properties: Record<string, unknown>): ResourceKind | undefined {
  const kind = KINDS[type];
  // An ECS service behind no load balancer is a worker: it belongs to the async tier.
  if (type === 'AWS::ECS::Service' && !hasItems(properties.LoadBalancers)) {
    return primary(DiagramTier.ASYNC, 'ECS worker service');
  }
  return kind;
}

function hasItems(value: unknown): boolean {
  return Array.isArray(value) ? value.length > 0 : value !== undefined && value !== null;
}
