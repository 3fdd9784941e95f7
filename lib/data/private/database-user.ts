import { Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct, IConstruct } from 'constructs';
import { secureLogGroup } from '../../private/log-groups';

/** What {@link createIamDatabaseUser} needs to know about the cluster. */
export interface IamDatabaseUserOptions {
  readonly cluster: rds.DatabaseCluster;
  /** The admin secret the Data API signs in with (the only credential the statements use). */
  readonly adminSecret: secretsmanager.ISecret;
  readonly databaseName: string;
  readonly username: string;
  readonly postgres: boolean;
  /** The writer instance: the Data API runs statements on it, so it must exist first. */
  readonly writer: IConstruct;
}

/**
 * Creates the application's database user, authenticated with IAM tokens (no password exists), at
 * deploy time through the RDS Data API: one idempotent statement run by CDK's AwsCustomResource on
 * create and on update. PostgreSQL: a LOGIN role in `rds_iam` with all privileges on the database
 * and its `public` schema; MySQL: a user identified by `AWSAuthenticationPlugin` that must use TLS.
 *
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/UsingWithRDS.IAMDBAuth.DBAccounts.html
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/data-api.html
 */
export function createIamDatabaseUser(scope: Construct, options: IamDatabaseUserOptions): void {
  const statements = options.postgres
    ? [postgresStatement(options.username, options.databaseName)]
    : mysqlStatements(options.username, options.databaseName);
  let previous: IConstruct = options.writer;
  // Encrypted and kept like every log group of this library (the handler's own would be neither).
  const logGroup = secureLogGroup(scope, 'DatabaseUserLogs', {});
  statements.forEach((sql, index) => {
    const call: cr.AwsSdkCall = {
      service: 'RDSData',
      action: 'executeStatement',
      parameters: {
        resourceArn: options.cluster.clusterArn,
        secretArn: options.adminSecret.secretArn,
        database: options.databaseName,
        sql,
      },
      physicalResourceId: cr.PhysicalResourceId.of(`${options.username}-${index}`),
    };
    const resource = new cr.AwsCustomResource(
      scope,
      index === 0 ? 'DatabaseUser' : `DatabaseUser${index + 1}`,
      {
        onCreate: call,
        onUpdate: call,
        installLatestAwsSdk: false,
        logGroup,
        policy: cr.AwsCustomResourcePolicy.fromStatements([
          new iam.PolicyStatement({
            actions: ['rds-data:ExecuteStatement'],
            resources: [options.cluster.clusterArn],
          }),
        ]),
      },
    );
    options.adminSecret.grantRead(resource);
    // The Data API needs the writer instance; the cluster alone is not enough.
    resource.node.addDependency(previous);
    previous = resource;
  });
  acknowledgeCustomResourceProvider(scope);
}

function postgresStatement(user: string, database: string): string {
  const role = quotePostgres(user);
  return [
    'DO $$ BEGIN',
    `IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${user}') THEN CREATE ROLE ${role} LOGIN; END IF;`,
    `GRANT rds_iam TO ${role};`,
    `GRANT ALL PRIVILEGES ON DATABASE ${quotePostgres(database)} TO ${role};`,
    `GRANT ALL ON SCHEMA public TO ${role};`,
    'END $$;',
  ].join(' ');
}

function mysqlStatements(user: string, database: string): string[] {
  return [
    `CREATE USER IF NOT EXISTS '${user}'@'%' IDENTIFIED WITH AWSAuthenticationPlugin AS 'RDS' REQUIRE SSL`,
    `GRANT ALL PRIVILEGES ON \`${database}\`.* TO '${user}'@'%'`,
  ];
}

function quotePostgres(identifier: string): string {
  return `"${identifier}"`;
}

/**
 * The findings on CDK's singleton handler of AwsCustomResource, acknowledged on it (it is CDK's
 * construct, created once per stack).
 */
function acknowledgeCustomResourceProvider(scope: Construct): void {
  // SingletonFunction names its function `AWS<uuid without hyphens>`, a child of the stack.
  const handler = Stack.of(scope).node.tryFindChild(
    `AWS${cr.AwsCustomResource.PROVIDER_FUNCTION_UUID.replace(/-/g, '')}`,
  );
  if (!handler) return;
  const reason =
    "CDK's AwsCustomResource handler, run only during deployments: it calls the RDS Data API (an HTTPS AWS API, " +
    'not a connection into the VPC) to create the IAM-authenticated application user';
  Validations.of(handler).acknowledge(
    { id: 'cdk-validator-cfnguard::lambda_inside_vpc_check', reason },
    {
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason:
        'The AWS-managed basic execution policy of CDK’s deploy-time handler: it only lets the function write its own logs',
    },
  );
}
