import { RemovalPolicy, Token, Validations } from 'aws-cdk-lib';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';
import { BlueprintValidationError } from '../errors';
import { clusterEngine } from './private/engines';
import { DatabaseEngine } from './replicated-database-props';

/** Properties of an {@link AuroraGlobalCluster}. */
export interface AuroraGlobalClusterProps {
  /**
   * The name of the global cluster: the same name is given to every region's
   * `ReplicatedDatabase` (`globalCluster.globalClusterIdentifier`), so no value crosses regions
   * as a CloudFormation export. 1 to 63 letters, digits or hyphens, starting with a letter.
   */
  readonly globalClusterIdentifier: string;

  /**
   * The Aurora engine; the engine version is the one `ReplicatedDatabase` pins for it, which every
   * member cluster must run.
   *
   * @default DatabaseEngine.AURORA_POSTGRESQL
   */
  readonly engine?: DatabaseEngine;

  /**
   * Deletion protection on the global cluster. Turning it off is reported as a warning.
   *
   * @default true
   */
  readonly deletionProtection?: boolean;

  /**
   * What happens to the global cluster when it leaves the stack (its member clusters keep their
   * own removal policies).
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * An empty Aurora Global Database (`AWS::RDS::GlobalCluster`), encrypted, that regional
 * {@link ReplicatedDatabase}s join by name: the PRIMARY (home region) first, then the SECONDARY
 * clusters. Create it in a stack every regional stack depends on (deploy order only, no exports).
 *
 * @example
 * new AuroraGlobalCluster(globalStack, 'GlobalDatabase', { globalClusterIdentifier: 'saas-db' });
 * new ReplicatedDatabase(homeStack, 'Database', {
 *   vpc,
 *   globalCluster: { role: GlobalClusterRole.PRIMARY, globalClusterIdentifier: 'saas-db' },
 * });
 */
export class AuroraGlobalCluster extends Construct {
  /** The global cluster. */
  public readonly globalCluster: rds.CfnGlobalCluster;
  /** Its identifier (the name members join with). */
  public readonly globalClusterIdentifier: string;
  /** The engine of its members. */
  public readonly engine: DatabaseEngine;
  /** The engine version of its members (`ReplicatedDatabase`'s pinned version). */
  public readonly engineVersion: string;

  constructor(scope: Construct, id: string, props: AuroraGlobalClusterProps) {
    super(scope, id);
    this.engine = props.engine ?? DatabaseEngine.AURORA_POSTGRESQL;
    const identifier = props.globalClusterIdentifier;
    if (this.engine !== DatabaseEngine.AURORA_POSTGRESQL && this.engine !== DatabaseEngine.AURORA_MYSQL) {
      throw new BlueprintValidationError(
        this,
        'engine',
        `\`engine\` must be AURORA_POSTGRESQL or AURORA_MYSQL (a global database is Aurora only), got: ${this.engine}`,
      );
    }
    if (!Token.isUnresolved(identifier) && !/^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{0,62}(?<!-)$/.test(identifier)) {
      throw new BlueprintValidationError(
        this,
        'globalClusterIdentifier',
        '`globalClusterIdentifier` must be 1 to 63 letters, digits or hyphens, start with a letter, and have ' +
          `no trailing or double hyphen, got: '${identifier}'`,
      );
    }
    if (props.deletionProtection === false) {
      Validations.of(this).addWarning(
        'AuroraGlobalCluster:deletionProtection',
        '`deletionProtection` is off: a stack update or deletion can delete the global database',
      );
    }
    const engine = clusterEngine(this.engine);
    this.engineVersion = engine.engineVersion?.fullVersion ?? '';
    this.globalClusterIdentifier = identifier;
    this.globalCluster = new rds.CfnGlobalCluster(this, 'Resource', {
      globalClusterIdentifier: identifier,
      engine: engine.engineType,
      engineVersion: this.engineVersion,
      storageEncrypted: true,
      deletionProtection: props.deletionProtection ?? true,
    });
    this.globalCluster.applyRemovalPolicy(props.removalPolicy ?? RemovalPolicy.RETAIN);
  }
}
