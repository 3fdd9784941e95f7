// Which pricer prices which resource type, and the resource types that cost nothing (with the
// reason). A type in neither list is reported as "not priced", never as zero.
import { Pricer } from '../pricing';
import { priceCacheCluster, priceReplicationGroup, priceServerlessCache } from './cache';
import {
  priceEc2Instance,
  priceEcsCluster,
  priceEcsService,
  priceLambdaFunction,
  priceServerlessApplication,
} from './compute';
import { priceDbCluster, priceDbInstance, priceDbProxy } from './database';
import { priceCloudFrontFunction, priceDistribution, priceMonitoringSubscription, priceWebAcl } from './edge';
import { priceElasticIp, priceLoadBalancer, priceNatGateway, priceVpcEndpoint } from './network';
import {
  priceAlarm,
  priceCompositeAlarm,
  priceDashboard,
  priceLogGroup,
  priceScalingPolicy,
} from './observability';
import {
  priceBucket,
  priceBudget,
  priceHealthCheck,
  priceHostedZone,
  priceKmsKey,
  priceQueue,
  priceRecordSet,
  priceSecret,
  priceSsmParameter,
} from './services';

/** The pricer of each priced resource type. */
export const PRICERS: Readonly<Record<string, Pricer>> = {
  'AWS::ECS::Service': priceEcsService,
  'AWS::ECS::Cluster': priceEcsCluster,
  'AWS::EC2::Instance': priceEc2Instance,
  'AWS::Lambda::Function': priceLambdaFunction,
  'AWS::Serverless::Application': priceServerlessApplication,
  'AWS::EC2::NatGateway': priceNatGateway,
  'AWS::EC2::EIP': priceElasticIp,
  'AWS::EC2::VPCEndpoint': priceVpcEndpoint,
  'AWS::ElasticLoadBalancingV2::LoadBalancer': priceLoadBalancer,
  'AWS::RDS::DBCluster': priceDbCluster,
  'AWS::RDS::DBInstance': priceDbInstance,
  'AWS::RDS::DBProxy': priceDbProxy,
  'AWS::ElastiCache::ServerlessCache': priceServerlessCache,
  'AWS::ElastiCache::ReplicationGroup': priceReplicationGroup,
  'AWS::ElastiCache::CacheCluster': priceCacheCluster,
  'AWS::CloudFront::Distribution': priceDistribution,
  'AWS::CloudFront::Function': priceCloudFrontFunction,
  'AWS::CloudFront::MonitoringSubscription': priceMonitoringSubscription,
  'AWS::WAFv2::WebACL': priceWebAcl,
  'AWS::CloudWatch::Alarm': priceAlarm,
  'AWS::CloudWatch::CompositeAlarm': priceCompositeAlarm,
  'AWS::CloudWatch::Dashboard': priceDashboard,
  'AWS::ApplicationAutoScaling::ScalingPolicy': priceScalingPolicy,
  'AWS::Logs::LogGroup': priceLogGroup,
  'AWS::KMS::Key': priceKmsKey,
  'AWS::SecretsManager::Secret': priceSecret,
  'AWS::SSM::Parameter': priceSsmParameter,
  'AWS::SQS::Queue': priceQueue,
  'AWS::Route53::HealthCheck': priceHealthCheck,
  'AWS::Route53::RecordSet': priceRecordSet,
  'AWS::Route53::HostedZone': priceHostedZone,
  'AWS::S3::Bucket': priceBucket,
  'AWS::Budgets::Budget': priceBudget,
};

/** Resource types with no charge of their own, and why. */
export const FREE_TYPES: Readonly<Record<string, string>> = {
  'AWS::CDK::Metadata': 'CDK metadata, not a resource',
  'AWS::IAM::Role': 'IAM has no charge',
  'AWS::IAM::Policy': 'IAM has no charge',
  'AWS::IAM::ManagedPolicy': 'IAM has no charge',
  'AWS::IAM::InstanceProfile': 'IAM has no charge',
  'AWS::EC2::VPC': 'a VPC has no charge (its data transfer is priced where it happens)',
  'AWS::EC2::Subnet': 'a subnet has no charge',
  'AWS::EC2::RouteTable': 'a route table has no charge',
  'AWS::EC2::Route': 'a route has no charge',
  'AWS::EC2::SubnetRouteTableAssociation': 'no charge',
  'AWS::EC2::InternetGateway': 'an internet gateway has no charge (data out is priced where it leaves)',
  'AWS::EC2::VPCGatewayAttachment': 'no charge',
  'AWS::EC2::SecurityGroup': 'security groups have no charge',
  'AWS::EC2::SecurityGroupIngress': 'security groups have no charge',
  'AWS::EC2::SecurityGroupEgress': 'security groups have no charge',
  'AWS::EC2::FlowLog':
    'the flow log has no charge of its own: its records are priced as ingestion on the destination log group',
  'AWS::EC2::LaunchTemplate': 'no charge',
  'AWS::ECS::TaskDefinition': 'no charge: priced through the services that run it',
  'AWS::ECS::ClusterCapacityProviderAssociations':
    'no charge: the capacity providers are priced through the services',
  'AWS::ApplicationAutoScaling::ScalableTarget':
    'Application Auto Scaling has no charge (its target-tracking alarms are priced on the policies)',
  'AWS::ElasticLoadBalancingV2::Listener': 'no charge: priced through the load balancer',
  'AWS::ElasticLoadBalancingV2::ListenerRule':
    'no charge: rule evaluations are priced in the load balancer LCUs',
  'AWS::ElasticLoadBalancingV2::TargetGroup': 'no charge: priced through the load balancer',
  'AWS::ElasticLoadBalancingV2::ListenerCertificate': 'no charge',
  'AWS::RDS::DBSubnetGroup': 'no charge',
  'AWS::RDS::DBParameterGroup': 'no charge',
  'AWS::RDS::DBClusterParameterGroup': 'no charge',
  'AWS::RDS::DBProxyTargetGroup': 'no charge: priced on the proxy',
  'AWS::RDS::GlobalCluster':
    'no charge of its own: replicated write I/O and cross-region transfer are priced on the secondary clusters',
  'AWS::ElastiCache::SubnetGroup': 'no charge',
  'AWS::ElastiCache::ParameterGroup': 'no charge',
  'AWS::ElastiCache::User': 'no charge',
  'AWS::ElastiCache::UserGroup': 'no charge',
  'AWS::SecretsManager::SecretTargetAttachment': 'no charge: the secret is priced',
  'AWS::SecretsManager::ResourcePolicy': 'no charge',
  'AWS::SecretsManager::RotationSchedule': 'no charge: the rotation Lambda is priced',
  'AWS::SNS::Topic':
    'a topic has no charge; alarm notifications (a few a month) cost well under 0.01 USD (the first 1,000 emails a month are free)',
  'AWS::SNS::TopicPolicy': 'no charge',
  'AWS::SNS::Subscription': 'no charge: deliveries are priced per notification (a few a month)',
  'AWS::SQS::QueuePolicy': 'no charge',
  'AWS::S3::BucketPolicy': 'no charge',
  'AWS::KMS::Alias': 'no charge',
  'AWS::CloudFront::CachePolicy': 'no charge',
  'AWS::CloudFront::OriginRequestPolicy': 'no charge',
  'AWS::CloudFront::ResponseHeadersPolicy': 'no charge',
  'AWS::CloudFront::OriginAccessControl': 'no charge',
  'AWS::CloudFront::VpcOrigin': 'CloudFront VPC origins have no additional charge',
  'AWS::WAFv2::LoggingConfiguration':
    'no charge of its own: WAF logs are priced as ingestion on the destination log group',
  'AWS::WAFv2::WebACLAssociation': 'no charge: the web ACL is priced',
  'AWS::CertificateManager::Certificate': 'public ACM certificates have no charge',
  'AWS::Lambda::Permission': 'no charge',
  'AWS::Logs::ResourcePolicy': 'no charge',
  'AWS::Logs::SubscriptionFilter': 'no charge of its own (the destination is priced)',
  'AWS::CloudFormation::WaitConditionHandle': 'no charge',
};
