import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Validations } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { secureKey } from '../../private/kms-keys';
import { ReplicatedDatabaseProps } from '../replicated-database-props';
import { DatabaseSettings } from './database-settings';
import { clusterEngine, databaseParameters, newInstanceEngine } from './engines';

/**
 * What the Aurora builder (`createAuroraCluster`) and the RDS builder (`createRdsInstances`) create,
 * in the one shape ReplicatedDatabase reads: the resources, the endpoints, and what its metrics and
 * its proxy need.
 */
export interface DatabaseShape {
  readonly cluster?: rds.DatabaseCluster;
  readonly instance?: rds.DatabaseInstance;
  readonly readReplicaInstances: rds.DatabaseInstanceReadReplica[];
  /** The admin secret (or `existingSecret`); none on a global SECONDARY. */
  readonly secret?: secretsmanager.ISecret;
  readonly writerEndpoint: string;
  readonly readerEndpoint: string;
  /** The dimensions of the database's metrics (the cluster, or the writer instance). */
  readonly metricDimensions: Record<string, string>;
  /** The dimensions of the replica-lag metric, when there is a reader. */
  readonly replicaLagDimensions?: Record<string, string>;
  readonly proxyTarget: rds.ProxyTarget;
  /** The log groups the database exports to, keyed by instance and log type. */
  readonly logGroups: Record<string, logs.LogGroup>;
}

/** What both builders share: created first, in the construct, by {@link createFoundation}. */
export interface DatabaseFoundation {
  /** The security group of the instances (ingress from the proxy and the clients only). */
  readonly securityGroup: ec2.SecurityGroup;
  readonly monitoringRole: iam.Role;
  /** TLS enforcement and the slow-query log. */
  readonly parameterGroup: rds.ParameterGroup;
  /** The key of storage, Performance Insights and the secret (none for an existing instance). */
  readonly key?: kms.Key;
}

/** The security group (`SecurityGroup`), monitoring role (`MonitoringRole`), parameter group and key. */
export function createFoundation(
  scope: Construct,
  props: ReplicatedDatabaseProps,
  settings: DatabaseSettings,
): DatabaseFoundation {
  const path = scope.node.path;
  const securityGroup = new ec2.SecurityGroup(scope, 'SecurityGroup', {
    vpc: props.vpc,
    description: `Database ${path}: ingress from its proxy and its clients only`,
    allowAllOutbound: false,
  });
  const monitoringRole = new iam.Role(scope, 'MonitoringRole', {
    assumedBy: new iam.ServicePrincipal('monitoring.rds.amazonaws.com'),
    managedPolicies: [
      iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonRDSEnhancedMonitoringRole'),
    ],
    description: 'Lets RDS enhanced monitoring publish OS metrics to CloudWatch Logs',
  });
  Validations.of(monitoringRole).acknowledge({
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole]',
    reason:
      "AmazonRDSEnhancedMonitoringRole is the AWS-maintained policy for RDS enhanced monitoring; it only allows writing to the RDS OS-metrics log groups, and AWS updates it when the service's needs change",
  });
  const existing = props.existingInstance;
  const engine: rds.IEngine = settings.aurora
    ? clusterEngine(settings.engine)
    : (existing?.engine ?? newInstanceEngine(settings.engine));
  const slowQuery = settings.slowQueryMillis;
  const parameterGroup = new rds.ParameterGroup(scope, 'ParameterGroup', {
    engine,
    description: `TLS forced, slow-query log at ${slowQuery} ms${settings.postgres ? ', pg_stat_statements' : ''} (${path})`,
    parameters: databaseParameters(settings.engine, slowQuery),
  });
  const key = existing
    ? undefined
    : secureKey(scope, 'Key', `Encrypts the database ${path}, its Performance Insights and its secret`);
  return { securityGroup, monitoringRole, parameterGroup, key };
}
