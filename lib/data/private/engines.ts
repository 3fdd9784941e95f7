import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import { ConnectionFormula } from '../connection-budget';
import { DatabaseEngine } from '../replicated-database-props';

/** The engine versions, parameters and log types a ReplicatedDatabase uses, per engine. */

/** Whether the engine builds an Aurora cluster (not an RDS instance). */
export function isAuroraEngine(engine: DatabaseEngine): boolean {
  return engine === DatabaseEngine.AURORA_POSTGRESQL || engine === DatabaseEngine.AURORA_MYSQL;
}

/** Whether the engine speaks PostgreSQL (else MySQL). */
export function isPostgresEngine(engine: DatabaseEngine): boolean {
  return engine === DatabaseEngine.AURORA_POSTGRESQL || engine === DatabaseEngine.POSTGRESQL;
}

/** Graviton by default: r7g.large for Aurora, t4g.medium (burstable) for RDS. */
export function defaultInstanceType(aurora: boolean): ec2.InstanceType {
  return aurora
    ? ec2.InstanceType.of(ec2.InstanceClass.R7G, ec2.InstanceSize.LARGE)
    : ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.MEDIUM);
}

/**
 * The engine (with its pinned version) of the Aurora clusters a ReplicatedDatabase builds: an
 * Aurora global cluster (`AuroraGlobalCluster`) must be created with exactly this engine version.
 */
export function clusterEngine(engine: DatabaseEngine): rds.IClusterEngine {
  return engine === DatabaseEngine.AURORA_MYSQL
    ? rds.DatabaseClusterEngine.auroraMysql({ version: rds.AuroraMysqlEngineVersion.VER_3_10_4 })
    : rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_13 });
}

/** The engine (with its pinned version) of a new RDS instance. */
export function newInstanceEngine(engine: DatabaseEngine): rds.IInstanceEngine {
  return engine === DatabaseEngine.MYSQL
    ? rds.DatabaseInstanceEngine.mysql({ version: rds.MysqlEngineVersion.VER_8_4_10 })
    : rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16_13 });
}

/** The engine's default `max_connections` formula. */
export function connectionFormula(engine: DatabaseEngine): ConnectionFormula {
  switch (engine) {
    case DatabaseEngine.AURORA_MYSQL:
      return ConnectionFormula.AURORA_MYSQL;
    case DatabaseEngine.MYSQL:
      return ConnectionFormula.MYSQL;
    default:
      return ConnectionFormula.POSTGRESQL;
  }
}

/**
 * The log types exported to CloudWatch Logs: exactly the list Control Tower expects per engine
 * (CT.RDS.PR.14/25). The general and audit logs of MySQL stay empty until `general_log` or
 * `server_audit_logging` is turned on.
 */
export function exportedLogTypes(engine: DatabaseEngine): string[] {
  switch (engine) {
    case DatabaseEngine.AURORA_POSTGRESQL:
      return ['postgresql'];
    case DatabaseEngine.POSTGRESQL:
      return ['postgresql', 'upgrade'];
    default:
      return ['audit', 'error', 'general', 'slowquery'];
  }
}

/** TLS enforcement and the slow-query log, per engine. */
export function databaseParameters(engine: DatabaseEngine, slowQueryMs: number): Record<string, string> {
  if (isPostgresEngine(engine)) {
    return {
      'rds.force_ssl': '1',
      log_min_duration_statement: `${slowQueryMs}`,
      shared_preload_libraries: 'pg_stat_statements',
      'pg_stat_statements.track': 'top',
    };
  }
  return {
    require_secure_transport: engine === DatabaseEngine.AURORA_MYSQL ? 'ON' : '1',
    slow_query_log: '1',
    long_query_time: `${slowQueryMs / 1000}`,
    // Only the FILE output is exported to CloudWatch Logs.
    log_output: 'FILE',
  };
}
