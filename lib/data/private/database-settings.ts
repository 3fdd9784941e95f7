import { Duration, RemovalPolicy, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';
import { maxConnectionsForInstanceClass, maxConnectionsForServerless } from '../connection-budget';
import { DatabaseEngine, GlobalClusterRole, ReplicatedDatabaseProps } from '../replicated-database-props';
import { connectionFormula, defaultInstanceType, isAuroraEngine, isPostgresEngine } from './engines';
import { resolveEngine, validateReplicatedDatabaseProps } from './validate-replicated-database-props';

/** The props of a ReplicatedDatabase, validated, with every default filled in. */
export interface DatabaseSettings {
  readonly engine: DatabaseEngine;
  /** An Aurora cluster (else RDS instances). */
  readonly aurora: boolean;
  readonly postgres: boolean;
  /** A read-only SECONDARY of an Aurora Global Database. */
  readonly secondary: boolean;
  /** Serverless v2 instances (else provisioned `instanceType`). */
  readonly serverless: boolean;
  readonly serverlessMin: number;
  readonly serverlessMax: number;
  /** Serverless v2 with a minimum of 0 ACU: the cluster pauses when no connection is open. */
  readonly canPause: boolean;
  readonly instanceType: ec2.InstanceType;
  readonly readReplicas: number;
  readonly vpcSubnets: ec2.SubnetSelection;
  /** The AZs of `vpcSubnets`, for placing the writer and the readers apart. */
  readonly subnetAzs: string[];
  readonly removalPolicy: RemovalPolicy;
  readonly deletionProtection: boolean;
  readonly monitoringInterval: Duration;
  readonly backupRetention: Duration;
  readonly secretRotationInterval: Duration;
  readonly rotationSubnets: ec2.SubnetSelection;
  readonly adminUsername: string;
  readonly databaseUser: string;
  /** The database created on a new cluster or instance; undefined for an existing instance. */
  readonly databaseName?: string;
  /** The port of the instances. */
  readonly port: number;
  /** The port of the proxy: the engine's default. */
  readonly proxyPort: number;
  /** The writer's `max_connections`, when known. */
  readonly maxConnections?: number;
  readonly slowQueryMillis: number;
}

/** Validates the props (throwing before any child exists) and resolves their defaults. */
export function databaseSettings(scope: IConstruct, props: ReplicatedDatabaseProps): DatabaseSettings {
  const engine = resolveEngine(scope, props);
  validateReplicatedDatabaseProps(scope, props, engine);
  const aurora = isAuroraEngine(engine);
  const postgres = isPostgresEngine(engine);
  const existing = props.existingInstance;
  const serverless = props.serverlessMinCapacity !== undefined || props.serverlessMaxCapacity !== undefined;
  const serverlessMin = props.serverlessMinCapacity ?? 0.5;
  const serverlessMax = props.serverlessMaxCapacity ?? Math.max(16, serverlessMin);
  const instanceType = props.instanceType ?? defaultInstanceType(aurora);
  const vpcSubnets = props.vpcSubnets ?? { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };
  const formula = connectionFormula(engine);
  return {
    engine,
    aurora,
    postgres,
    secondary: props.globalCluster?.role === GlobalClusterRole.SECONDARY,
    serverless,
    serverlessMin,
    serverlessMax,
    canPause: serverless && props.serverlessMinCapacity === 0,
    instanceType,
    readReplicas: props.readReplicas ?? 1,
    vpcSubnets,
    subnetAzs: props.vpc.selectSubnets(vpcSubnets).availabilityZones,
    removalPolicy: props.removalPolicy ?? RemovalPolicy.SNAPSHOT,
    deletionProtection: props.deletionProtection ?? true,
    monitoringInterval: props.monitoringInterval ?? Duration.seconds(60),
    backupRetention: props.backupRetention ?? Duration.days(7),
    secretRotationInterval: props.secretRotationInterval ?? Duration.days(30),
    rotationSubnets: props.rotationSubnets ?? defaultRotationSubnets(props.vpc, vpcSubnets),
    adminUsername: props.adminUsername ?? 'dbadmin',
    databaseUser: props.databaseUser ?? 'app',
    databaseName: existing ? undefined : (props.databaseName ?? 'app'),
    port: existing
      ? Token.isUnresolved(existing.dbInstanceEndpointPort)
        ? Token.asNumber(existing.dbInstanceEndpointPort)
        : Number(existing.dbInstanceEndpointPort)
      : (props.port ?? (postgres ? 5433 : 3307)),
    proxyPort: postgres ? 5432 : 3306,
    maxConnections:
      props.maxConnections ??
      (existing
        ? undefined
        : serverless
          ? maxConnectionsForServerless(formula, serverlessMax)
          : maxConnectionsForInstanceClass(formula, instanceType.toString())),
    slowQueryMillis: (props.slowQueryThreshold ?? Duration.millis(200)).toMilliseconds(),
  };
}

/**
 * The secret-rotation Lambda needs the Secrets Manager API: the private subnets with egress when the
 * VPC has any, else the database subnets (with a Secrets Manager interface endpoint).
 */
function defaultRotationSubnets(vpc: ec2.IVpc, databaseSubnets: ec2.SubnetSelection): ec2.SubnetSelection {
  return vpc.privateSubnets.length > 0 ? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } : databaseSubnets;
}
