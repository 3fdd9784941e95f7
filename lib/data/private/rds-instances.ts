import { Annotations, Names, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';
import { secureLogGroup } from '../../private/log-groups';
import { ReplicatedDatabaseProps } from '../replicated-database-props';
import { DatabaseFoundation, DatabaseShape } from './database-shape';
import { DatabaseSettings } from './database-settings';
import { exportedLogTypes, newInstanceEngine } from './engines';

/**
 * RDS instances: a new Multi-AZ writer (`Instance`, with its rotated admin secret) or the
 * `existingInstance`, and `readReplicas` RDS read replicas (`Replica1`, ...) in the other AZs, each
 * with its log groups created before it.
 */
export function createRdsInstances(
  scope: Construct,
  props: ReplicatedDatabaseProps,
  settings: DatabaseSettings,
  foundation: DatabaseFoundation,
): DatabaseShape {
  const existing = props.existingInstance;
  const logTypes = exportedLogTypes(settings.engine);
  const logGroups: Record<string, logs.LogGroup> = {};
  const addLogGroups = (instance: Construct, id: string, identifier: string) =>
    Object.assign(
      logGroups,
      instanceLogGroups(scope, instance, id, identifier, logTypes, props.logRetention),
    );
  const subnetGroup = new rds.SubnetGroup(scope, 'SubnetGroup', {
    vpc: props.vpc,
    vpcSubnets: settings.vpcSubnets,
    description: `Subnets of the database ${scope.node.path}`,
  });
  const sharedInstanceProps = {
    vpc: props.vpc,
    subnetGroup,
    storageType: rds.StorageType.GP3,
    securityGroups: [foundation.securityGroup],
    publiclyAccessible: false,
    iamAuthentication: true,
    deletionProtection: settings.deletionProtection,
    copyTagsToSnapshot: true,
    autoMinorVersionUpgrade: true,
    parameterGroup: foundation.parameterGroup,
    cloudwatchLogsExports: logTypes,
    monitoringInterval: settings.monitoringInterval,
    monitoringRole: foundation.monitoringRole,
    enablePerformanceInsights: true,
    performanceInsightEncryptionKey: foundation.key,
    port: existing ? undefined : settings.port,
  };

  let instance: rds.DatabaseInstance | undefined;
  if (!existing) {
    const writerId = physicalIdentifier(scope, 'writer');
    instance = new rds.DatabaseInstance(scope, 'Instance', {
      ...sharedInstanceProps,
      engine: newInstanceEngine(settings.engine),
      instanceType: settings.instanceType,
      instanceIdentifier: writerId,
      credentials: rds.Credentials.fromGeneratedSecret(settings.adminUsername, {
        encryptionKey: foundation.key,
      }),
      databaseName: settings.databaseName,
      multiAz: props.multiAz ?? true,
      storageEncrypted: true,
      storageEncryptionKey: foundation.key,
      allocatedStorage: props.allocatedStorageGiB ?? 20,
      maxAllocatedStorage: props.maxAllocatedStorageGiB ?? 100,
      backupRetention: settings.backupRetention,
      removalPolicy: settings.removalPolicy,
    });
    addLogGroups(instance, 'Writer', writerId);
    instance.addRotationSingleUser({
      automaticallyAfter: settings.secretRotationInterval,
      vpcSubnets: settings.rotationSubnets,
    });
    Annotations.of(scope).addInfo(
      `The application connects as \`${settings.databaseUser}\` with IAM tokens; RDS for ${settings.engine} has no Data API ` +
        'to create that user at deploy time: run the statements on the ReplicatedDatabase docs page once as the admin',
    );
  }
  const source: rds.IDatabaseInstance = existing ?? instance!;

  const readReplicaInstances: rds.DatabaseInstanceReadReplica[] = [];
  const azs = settings.subnetAzs;
  for (let i = 0; i < settings.readReplicas; i++) {
    const replicaId = physicalIdentifier(scope, `replica${i + 1}`);
    const replica = new rds.DatabaseInstanceReadReplica(scope, `Replica${i + 1}`, {
      ...sharedInstanceProps,
      sourceDatabaseInstance: source,
      instanceType: settings.instanceType,
      instanceIdentifier: replicaId,
      availabilityZone: azs.length > 1 ? azs[(i + 1) % azs.length] : undefined,
      // A replica's data is a copy of the writer's: it is deleted, not snapshotted.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    acknowledgeReplicaFindings(replica, existing !== undefined, azs.length > 1);
    addLogGroups(replica, `Replica${i + 1}`, replicaId);
    readReplicaInstances.push(replica);
  }

  const writerEndpoint = source.dbInstanceEndpointAddress;
  return {
    instance,
    readReplicaInstances,
    secret: existing ? props.existingSecret : instance!.secret,
    writerEndpoint,
    readerEndpoint: readReplicaInstances[0]?.dbInstanceEndpointAddress ?? writerEndpoint,
    metricDimensions: { DBInstanceIdentifier: source.instanceIdentifier },
    replicaLagDimensions: readReplicaInstances[0]
      ? { DBInstanceIdentifier: readReplicaInstances[0].instanceIdentifier }
      : undefined,
    proxyTarget: rds.ProxyTarget.fromInstance(source),
    logGroups,
  };
}

/** The log groups an RDS instance exports to, created before the instance writes its first log. */
function instanceLogGroups(
  scope: Construct,
  instance: Construct,
  id: string,
  identifier: string,
  logTypes: string[],
  retention: logs.RetentionDays | undefined,
): Record<string, logs.LogGroup> {
  const logGroups: Record<string, logs.LogGroup> = {};
  for (const logType of logTypes) {
    const logGroup = secureLogGroup(scope, `${id}Logs-${logType}`, {
      logGroupName: `/aws/rds/instance/${identifier}/${logType}`,
      retention,
    });
    logGroups[`${id}/${logType}`] = logGroup;
    instance.node.addDependency(logGroup);
  }
  return logGroups;
}

/**
 * A fixed DB instance identifier for an RDS instance, so its log groups can exist before it does:
 * unique per stack and construct path, lower-case, at most 63 characters.
 */
function physicalIdentifier(scope: Construct, suffix: string): string {
  const base = Names.uniqueResourceName(scope, { maxLength: 50, separator: '-' })
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '')
    .replace(/-+/g, '-')
    .replace(/^[^a-z]+/, '');
  return `${base || 'db'}-${suffix}`.replace(/-+/g, '-');
}

/**
 * A same-region read replica takes its encryption from its source (CloudFormation rejects
 * `StorageEncrypted` next to `SourceDBInstanceIdentifier`), and its redundancy from the other
 * replicas and the Multi-AZ writer.
 */
function acknowledgeReplicaFindings(
  replica: rds.DatabaseInstanceReadReplica,
  existingSource: boolean,
  placedInAz: boolean,
): void {
  if (placedInAz) {
    Validations.of(replica).acknowledge({
      id: 'CloudFormation-Validate::W3010',
      reason:
        "The Availability Zone is that of one of the replica's subnets (`vpcSubnets`), chosen round-robin away from " +
        "the writer's so a zone failure leaves a reader; the names come from the VPC, not typed by hand",
    });
  }
  Validations.of(replica).acknowledge({
    id: 'AwsSolutions-RDS2',
    reason: existingSource
      ? 'A read replica inherits the storage encryption of its source instance, which this stack does not own; encrypt the existing instance to encrypt its replicas'
      : 'A read replica inherits the storage encryption of its source instance, which this construct encrypts with its KMS key; CloudFormation rejects StorageEncrypted on a same-region replica',
  });
  Validations.of(replica).acknowledge({
    id: 'AwsSolutions-RDS11',
    reason: existingSource
      ? "A read replica listens on its source instance's port; the existing instance's port is its owner's choice, and cdk-nag cannot read it because CloudFormation takes no Engine on a replica"
      : 'The replica listens on the non-default port set on it and on its source (5433/3307 by default); cdk-nag reports it only because CloudFormation takes no Engine on a replica',
  });
  Validations.of(replica).acknowledge({
    id: 'AwsSolutions-RDS3',
    reason:
      'A read replica serves reads and holds a copy of the data; availability comes from the Multi-AZ writer and the other replicas, so a standby per replica would double its cost for no durability gain',
  });
}
