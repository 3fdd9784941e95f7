import { RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';
import { BlueprintValidationError } from '../../errors';
import {
  checkAtLeast,
  checkIntegerInRange,
  checkNotBoth,
  checkNumberInRange,
  checkPositiveDuration,
  checkSsmPath,
} from '../../private/validate';
import { DatabaseEngine, GlobalClusterRole, ReplicatedDatabaseProps } from '../replicated-database-props';
import { isAuroraEngine } from './engines';

/**
 * Validation of {@link ReplicatedDatabaseProps}, one function per concern, run before any child
 * exists; risky-but-legal choices become acknowledgeable warnings (`ReplicatedDatabase:<prop>`).
 */
export function validateReplicatedDatabaseProps(
  scope: IConstruct,
  props: ReplicatedDatabaseProps,
  engine: DatabaseEngine,
): void {
  validateSubnets(scope, props);
  validateEngineFit(scope, props, engine);
  validateExistingInstance(scope, props, engine);
  validateCapacity(scope, props);
  checkIntegerInRange(scope, 'port', props.port, 1150, 65535);
  validateGlobalCluster(scope, props, engine);
  validateBacktrack(scope, props, engine);
  validateReplicas(scope, props);
  validateProxy(scope, props);
  validateConnectionSettings(scope, props);
  validateLogging(scope, props);
  validateUsers(scope, props);
  validateBackups(scope, props);
  warnAboutRiskyChoices(scope, props, engine);
  validateStorage(scope, props);
  validateAlarmThresholds(scope, props);
  checkPositiveDuration(scope, 'secretRotationInterval', props.secretRotationInterval);
}

/**
 * The engine of an `existingInstance` (its imported engine, which `engine` must match), else
 * `engine` (Aurora PostgreSQL by default).
 */
export function resolveEngine(scope: IConstruct, props: ReplicatedDatabaseProps): DatabaseEngine {
  const existing = props.existingInstance;
  if (!existing) return props.engine ?? DatabaseEngine.AURORA_POSTGRESQL;
  const engineType = existing.engine?.engineType;
  const derived =
    engineType === 'postgres'
      ? DatabaseEngine.POSTGRESQL
      : engineType === 'mysql'
        ? DatabaseEngine.MYSQL
        : undefined;
  if (props.engine !== undefined && isAuroraEngine(props.engine)) {
    throw new BlueprintValidationError(
      scope,
      'engine',
      `\`existingInstance\` takes an RDS instance: \`engine\` must be POSTGRESQL or MYSQL, got: ${props.engine}`,
    );
  }
  if (!existing.engine || !existing.engine.parameterGroupFamily || !derived) {
    throw new BlueprintValidationError(
      scope,
      'existingInstance',
      `\`existingInstance\` must be imported with its \`engine\` and version, e.g. rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_14 }) (PostgreSQL or MySQL), got: ${engineType ?? 'no engine'}`,
    );
  }
  if (props.engine !== undefined && props.engine !== derived) {
    throw new BlueprintValidationError(
      scope,
      'engine',
      `\`engine\` must match the engine of \`existingInstance\` (${derived}), got: ${props.engine}`,
    );
  }
  return derived;
}

/** Whether the construct puts a proxy in front of the writer (it also needs credentials to do so). */
export function proxyWanted(props: ReplicatedDatabaseProps): boolean {
  const secondary = props.globalCluster?.role === GlobalClusterRole.SECONDARY;
  return props.proxy ?? (props.existingInstance ? props.existingSecret !== undefined : !secondary);
}

const RESERVED_USERNAMES = [
  'postgres',
  'admin',
  'root',
  'rdsadmin',
  'rdsrepladmin',
  'mysql',
  'master',
  'user',
];
const ENHANCED_MONITORING_INTERVALS = [1, 5, 10, 15, 30, 60];

/** Throws when a prop is set that does not apply; `what` says what it applies to. */
function notFor(scope: IConstruct, engine: DatabaseEngine, prop: string, value: unknown, what: string): void {
  if (value !== undefined) {
    throw new BlueprintValidationError(
      scope,
      prop,
      `\`${prop}\` applies to ${what} only, got: ${String(value)} with engine ${engine}`,
    );
  }
}

/** Aurora-only props on an RDS engine, RDS-only props on Aurora. */
function validateEngineFit(scope: IConstruct, props: ReplicatedDatabaseProps, engine: DatabaseEngine): void {
  if (!isAuroraEngine(engine)) {
    notFor(scope, engine, 'serverlessMinCapacity', props.serverlessMinCapacity, 'Aurora engines');
    notFor(scope, engine, 'serverlessMaxCapacity', props.serverlessMaxCapacity, 'Aurora engines');
    notFor(
      scope,
      engine,
      'maxReadReplicas',
      props.maxReadReplicas,
      'Aurora engines (RDS read replicas do not auto scale)',
    );
    return;
  }
  notFor(scope, engine, 'multiAz', props.multiAz, 'RDS engines (Aurora fails over to a reader)');
  const growsByItself = 'RDS engines (Aurora storage grows by itself)';
  notFor(scope, engine, 'allocatedStorageGiB', props.allocatedStorageGiB, growsByItself);
  notFor(scope, engine, 'maxAllocatedStorageGiB', props.maxAllocatedStorageGiB, growsByItself);
}

/** What a new database takes and an existing instance does not, and the other way round. */
function validateExistingInstance(
  scope: IConstruct,
  props: ReplicatedDatabaseProps,
  engine: DatabaseEngine,
): void {
  if (props.existingInstance) {
    notFor(scope, engine, 'databaseName', props.databaseName, 'a new database (not `existingInstance`)');
    notFor(scope, engine, 'adminUsername', props.adminUsername, 'a new database (not `existingInstance`)');
    if (props.proxy === true && !props.existingSecret) {
      throw new BlueprintValidationError(
        scope,
        'proxy',
        '`proxy` needs the credentials of `existingInstance`: pass its secret as `existingSecret`, or set `proxy: false`',
      );
    }
  } else if (props.existingSecret) {
    throw new BlueprintValidationError(
      scope,
      'existingSecret',
      '`existingSecret` applies to `existingInstance` only',
    );
  }
}

/** Provisioned or Serverless v2, and the Serverless v2 bounds (0 to 256 ACUs, in halves). */
function validateCapacity(scope: IConstruct, props: ReplicatedDatabaseProps): void {
  if (
    props.instanceType !== undefined &&
    (props.serverlessMinCapacity !== undefined || props.serverlessMaxCapacity !== undefined)
  ) {
    checkNotBoth(
      scope,
      'instanceType',
      props.instanceType,
      'serverlessMinCapacity/serverlessMaxCapacity',
      true,
    );
  }
  checkNumberInRange(scope, 'serverlessMinCapacity', props.serverlessMinCapacity, 0, 256);
  checkNumberInRange(scope, 'serverlessMaxCapacity', props.serverlessMaxCapacity, 1, 256);
  for (const [prop, value] of [
    ['serverlessMinCapacity', props.serverlessMinCapacity],
    ['serverlessMaxCapacity', props.serverlessMaxCapacity],
  ] as const) {
    if (value !== undefined && !Token.isUnresolved(value) && !Number.isInteger(value * 2)) {
      throw new BlueprintValidationError(
        scope,
        prop,
        `\`${prop}\` must be a multiple of 0.5 ACU, got: ${value}`,
      );
    }
  }
  checkAtLeast(
    scope,
    'serverlessMaxCapacity',
    props.serverlessMaxCapacity,
    'serverlessMinCapacity',
    props.serverlessMinCapacity,
  );
}

/** Membership in an Aurora Global Database: Aurora only, a valid identifier, props by role. */
function validateGlobalCluster(
  scope: IConstruct,
  props: ReplicatedDatabaseProps,
  engine: DatabaseEngine,
): void {
  const global = props.globalCluster;
  if (!global) return;
  if (!isAuroraEngine(engine)) {
    throw new BlueprintValidationError(
      scope,
      'globalCluster',
      `\`globalCluster\` applies to Aurora engines only, got engine ${engine}`,
    );
  }
  const id = global.globalClusterIdentifier;
  if (!Token.isUnresolved(id) && !/^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{0,62}(?<!-)$/.test(id)) {
    throw new BlueprintValidationError(
      scope,
      'globalCluster.globalClusterIdentifier',
      '`globalCluster.globalClusterIdentifier` must be 1 to 63 letters, digits or hyphens, start with a letter, ' +
        `and have no trailing or double hyphen, got: '${id}'`,
    );
  }
  if (props.backtrackWindow !== undefined) {
    throw new BlueprintValidationError(
      scope,
      'backtrackWindow',
      '`backtrackWindow` is not available in an Aurora Global Database: remove it or `globalCluster`',
    );
  }
  const onlyFor = (prop: string, value: unknown, role: GlobalClusterRole) => {
    if (value !== undefined && global.role !== role) {
      throw new BlueprintValidationError(
        scope,
        prop,
        `\`${prop}\` applies to a ${role} \`globalCluster\` only, got: ${JSON.stringify(value)} on a ${global.role}`,
      );
    }
  };
  onlyFor('globalCluster.enableWriteForwarding', global.enableWriteForwarding, GlobalClusterRole.SECONDARY);
  onlyFor('globalCluster.secretReplicaRegions', global.secretReplicaRegions, GlobalClusterRole.PRIMARY);
  const region = Stack.of(scope).region;
  for (const replica of global.secretReplicaRegions ?? []) {
    if (Token.isUnresolved(replica)) continue;
    if (!/^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(replica) || replica === region) {
      throw new BlueprintValidationError(
        scope,
        'globalCluster.secretReplicaRegions',
        `\`globalCluster.secretReplicaRegions\` must hold region names other than the stack's own (${region}), got: '${replica}'`,
      );
    }
  }
  if (global.role !== GlobalClusterRole.SECONDARY) return;
  // What a secondary takes from its primary cannot be set on it.
  for (const [prop, value, why] of [
    ['proxy', props.proxy === true ? true : undefined, 'its clients connect to the cluster endpoints'],
    ['secretRotationInterval', props.secretRotationInterval, 'the secret is rotated in the primary region'],
    ['rotationSubnets', props.rotationSubnets, 'the secret is rotated in the primary region'],
  ] as Array<[string, unknown, string]>) {
    if (value !== undefined) {
      throw new BlueprintValidationError(
        scope,
        prop,
        `\`${prop}\` does not apply to a SECONDARY \`globalCluster\` (${why}), got: ${String(value)}`,
      );
    }
  }
}

/** Aurora MySQL only, whole seconds up to 72 hours. */
function validateBacktrack(scope: IConstruct, props: ReplicatedDatabaseProps, engine: DatabaseEngine): void {
  const window = props.backtrackWindow;
  if (window === undefined) return;
  if (engine !== DatabaseEngine.AURORA_MYSQL) {
    throw new BlueprintValidationError(
      scope,
      'backtrackWindow',
      `\`backtrackWindow\` applies to Aurora MySQL only, got: ${window.toHumanString()} with engine ${engine}`,
    );
  }
  if (!window.isUnresolved()) {
    checkIntegerInRange(
      scope,
      'backtrackWindow',
      window.toSeconds({ integral: false }),
      0,
      259200,
      'give whole seconds, at most 72 hours',
    );
  }
}

function validateReplicas(scope: IConstruct, props: ReplicatedDatabaseProps): void {
  checkIntegerInRange(scope, 'readReplicas', props.readReplicas, 0, 15);
  checkIntegerInRange(scope, 'maxReadReplicas', props.maxReadReplicas, 1, 15);
  checkAtLeast(scope, 'maxReadReplicas', props.maxReadReplicas, 'readReplicas', props.readReplicas ?? 1);
  checkIntegerInRange(scope, 'replicaScalingCpuTargetPercent', props.replicaScalingCpuTargetPercent, 10, 90);
}

/** The proxy's share of connections, its borrow timeout and its authentication. */
function validateProxy(scope: IConstruct, props: ReplicatedDatabaseProps): void {
  checkIntegerInRange(scope, 'proxyMaxConnectionsPercent', props.proxyMaxConnectionsPercent, 1, 100);
  validateProxyIamAuth(scope, props);
  if (props.proxyBorrowTimeout !== undefined && !props.proxyBorrowTimeout.isUnresolved()) {
    checkIntegerInRange(
      scope,
      'proxyBorrowTimeout',
      props.proxyBorrowTimeout.toSeconds(),
      1,
      3600,
      'give whole seconds',
    );
  }
}

function validateProxyIamAuth(scope: IConstruct, props: ReplicatedDatabaseProps): void {
  if (props.proxyIamAuth === undefined) return;
  if (!proxyWanted(props)) {
    throw new BlueprintValidationError(
      scope,
      'proxyIamAuth',
      '`proxyIamAuth` only applies with a proxy; remove it, or set `proxy: true`',
    );
  }
  if (props.proxyIamAuth === false && props.existingInstance === undefined) {
    throw new BlueprintValidationError(
      scope,
      'proxyIamAuth',
      '`proxyIamAuth` false applies to an `existingInstance` only: on a new database the application user ' +
        '(`databaseUser`) has no password, only IAM tokens, and the proxy signs in to the database with IAM ' +
        '(end-to-end IAM authentication); remove `proxyIamAuth`, got: false',
    );
  }
  if (props.proxyIamAuth === false) {
    Validations.of(scope).addWarning(
      'ReplicatedDatabase:proxyIamAuth',
      '`proxyIamAuth` is false: the RDS Proxy accepts the database password instead of IAM tokens (TLS is still ' +
        'required), so whoever holds the password can connect through it, and access is no longer granted and ' +
        'revoked with IAM; keep the secret rotated and move the application to IAM tokens when it can',
    );
  }
}

/** Where the connection details are published, and the writer's `max_connections`. */
function validateConnectionSettings(scope: IConstruct, props: ReplicatedDatabaseProps): void {
  checkSsmPath(scope, 'parameterPrefix', props.parameterPrefix, '/my-app/database');
  checkIntegerInRange(scope, 'maxConnections', props.maxConnections, 1, 100000);
}

/** The slow-query threshold (whole milliseconds) and the enhanced-monitoring interval. */
function validateLogging(scope: IConstruct, props: ReplicatedDatabaseProps): void {
  checkPositiveDuration(scope, 'slowQueryThreshold', props.slowQueryThreshold);
  if (props.slowQueryThreshold !== undefined && !props.slowQueryThreshold.isUnresolved()) {
    const ms = props.slowQueryThreshold.toMilliseconds();
    if (!Number.isInteger(ms)) {
      throw new BlueprintValidationError(
        scope,
        'slowQueryThreshold',
        `\`slowQueryThreshold\` must be a whole number of milliseconds, got: ${ms}`,
      );
    }
  }
  if (props.monitoringInterval !== undefined && !props.monitoringInterval.isUnresolved()) {
    const seconds = props.monitoringInterval.toSeconds({ integral: false });
    if (!ENHANCED_MONITORING_INTERVALS.includes(seconds)) {
      throw new BlueprintValidationError(
        scope,
        'monitoringInterval',
        `\`monitoringInterval\` must be one of ${ENHANCED_MONITORING_INTERVALS.join(', ')} seconds, got: ${seconds}`,
      );
    }
  }
}

/** The admin user, the application user and the database name. */
function validateUsers(scope: IConstruct, props: ReplicatedDatabaseProps): void {
  if (
    props.adminUsername !== undefined &&
    (!/^[a-zA-Z][a-zA-Z0-9_]{0,15}$/.test(props.adminUsername) ||
      RESERVED_USERNAMES.includes(props.adminUsername.toLowerCase()))
  ) {
    throw new BlueprintValidationError(
      scope,
      'adminUsername',
      `\`adminUsername\` must be 1 to 16 letters, digits or underscores starting with a letter, and not a default or reserved name (${RESERVED_USERNAMES.join(', ')}), got: '${props.adminUsername}'`,
    );
  }
  if (
    props.databaseUser !== undefined &&
    (!/^[a-zA-Z][a-zA-Z0-9_]{0,31}$/.test(props.databaseUser) ||
      RESERVED_USERNAMES.includes(props.databaseUser.toLowerCase()) ||
      props.databaseUser === (props.adminUsername ?? 'dbadmin'))
  ) {
    throw new BlueprintValidationError(
      scope,
      'databaseUser',
      `\`databaseUser\` must be 1 to 32 letters, digits or underscores starting with a letter, not a reserved name and not the admin user, got: '${props.databaseUser}'`,
    );
  }
  if (props.databaseName !== undefined && !/^[a-zA-Z][a-zA-Z0-9_]{0,62}$/.test(props.databaseName)) {
    throw new BlueprintValidationError(
      scope,
      'databaseName',
      `\`databaseName\` must be 1 to 63 letters, digits or underscores starting with a letter, got: '${props.databaseName}'`,
    );
  }
}

/** Whole days, 1 to 35; below 7 is a warning. */
function validateBackups(scope: IConstruct, props: ReplicatedDatabaseProps): void {
  if (props.backupRetention === undefined || props.backupRetention.isUnresolved()) return;
  const days = props.backupRetention.toDays({ integral: false });
  checkIntegerInRange(scope, 'backupRetention', days, 1, 35, 'give whole days');
  if (days < 7) {
    Validations.of(scope).addWarning(
      'ReplicatedDatabase:backupRetention',
      `\`backupRetention\` of ${days} days is below the 7 days Control Tower and most recovery plans expect`,
    );
  }
}

/** Turning off a secure or reliable default is allowed, visibly. */
function warnAboutRiskyChoices(
  scope: IConstruct,
  props: ReplicatedDatabaseProps,
  engine: DatabaseEngine,
): void {
  const warn = (prop: string, message: string) =>
    Validations.of(scope).addWarning(`ReplicatedDatabase:${prop}`, message);
  if (props.deletionProtection === false) {
    warn(
      'deletionProtection',
      '`deletionProtection` is off: a stack update or deletion can delete the database',
    );
  }
  if (props.removalPolicy === RemovalPolicy.DESTROY) {
    warn(
      'removalPolicy',
      '`removalPolicy` is DESTROY: the database is deleted without a final snapshot when it leaves the stack',
    );
  }
  if (isAuroraEngine(engine) && props.readReplicas === 0) {
    warn(
      'readReplicas',
      '`readReplicas` is 0: the Aurora cluster has no reader to fail over to, and reads share the writer',
    );
  }
  if (props.multiAz === false) {
    warn(
      'multiAz',
      '`multiAz` is off: the writer has no standby, and losing its AZ means promoting a read replica by hand',
    );
  }
}

/** RDS storage: 20 GiB to 64 TiB, the auto scaling limit at least the initial size. */
function validateStorage(scope: IConstruct, props: ReplicatedDatabaseProps): void {
  checkIntegerInRange(scope, 'allocatedStorageGiB', props.allocatedStorageGiB, 20, 65536);
  checkIntegerInRange(scope, 'maxAllocatedStorageGiB', props.maxAllocatedStorageGiB, 20, 65536);
  checkAtLeast(
    scope,
    'maxAllocatedStorageGiB',
    props.maxAllocatedStorageGiB,
    'allocatedStorageGiB',
    props.allocatedStorageGiB ?? 20,
  );
}

function validateAlarmThresholds(scope: IConstruct, props: ReplicatedDatabaseProps): void {
  checkIntegerInRange(scope, 'cpuAlarmThresholdPercent', props.cpuAlarmThresholdPercent, 1, 100);
  checkIntegerInRange(
    scope,
    'connectionsAlarmThresholdPercent',
    props.connectionsAlarmThresholdPercent,
    1,
    100,
  );
  checkPositiveDuration(scope, 'replicaLagAlarmThreshold', props.replicaLagAlarmThreshold);
}

/** The subnets must exist: CDK's own error names subnet groups, not the prop to change. */
function validateSubnets(scope: IConstruct, props: ReplicatedDatabaseProps): void {
  try {
    props.vpc.selectSubnets(props.vpcSubnets ?? { subnetType: ec2.SubnetType.PRIVATE_ISOLATED });
  } catch (error) {
    throw new BlueprintValidationError(
      scope,
      'vpcSubnets',
      `\`vpcSubnets\` selects no subnet of the VPC (${(error as Error).message}). ` +
        'Give the VPC isolated subnets (the Network construct has them) or pass `vpcSubnets`, e.g. ' +
        '`{ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }`',
    );
  }
}
