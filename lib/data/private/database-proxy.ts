import { Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';
import { ReplicatedDatabaseProps } from '../replicated-database-props';
import { DatabaseShape } from './database-shape';
import { DatabaseSettings } from './database-settings';
import { proxyWanted } from './validate-replicated-database-props';

/**
 * The RDS Proxy (`Proxy`, with `ProxySecurityGroup`) in front of the writer, when wanted and
 * possible (it needs the database's credentials): TLS required, IAM authentication.
 *
 * A new database gets end-to-end IAM authentication: clients sign in to the proxy with IAM tokens as
 * the application user and the proxy signs in to the database the same way (`ProxyRole`), so the
 * proxy needs no secret and the admin password never leaves Secrets Manager. An existing instance's
 * users have passwords: the proxy signs in with `existingSecret`.
 *
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy-connecting-iam.html
 */
export function createDatabaseProxy(
  scope: Construct,
  props: ReplicatedDatabaseProps,
  settings: DatabaseSettings,
  shape: DatabaseShape,
): rds.DatabaseProxy | undefined {
  if (!proxyWanted(props) || !shape.secret) return undefined;
  const existing = props.existingInstance;
  const endToEndIam = !existing;
  const proxyRole = endToEndIam
    ? new iam.Role(scope, 'ProxyRole', {
        assumedBy: new iam.ServicePrincipal('rds.amazonaws.com'),
        description: `RDS Proxy of ${scope.node.path}: connects to the database with IAM tokens`,
      })
    : undefined;
  const proxy = new rds.DatabaseProxy(scope, 'Proxy', {
    proxyTarget: shape.proxyTarget,
    secrets: endToEndIam ? undefined : [shape.secret],
    defaultAuthScheme: endToEndIam ? rds.DefaultAuthScheme.IAM_AUTH : undefined,
    role: proxyRole,
    vpc: props.vpc,
    vpcSubnets: settings.vpcSubnets,
    requireTLS: true,
    iamAuth: endToEndIam ? true : (props.proxyIamAuth ?? true),
    borrowTimeout: props.proxyBorrowTimeout ?? Duration.seconds(30),
    maxConnectionsPercent: props.proxyMaxConnectionsPercent ?? 90,
    securityGroups: [
      new ec2.SecurityGroup(scope, 'ProxySecurityGroup', {
        vpc: props.vpc,
        description: `RDS Proxy of ${scope.node.path}: ingress from the database clients only`,
        allowAllOutbound: false,
      }),
    ],
  });
  if (proxyRole) {
    shape.cluster?.grantConnect(proxyRole, settings.databaseUser);
    shape.instance?.grantConnect(proxyRole, settings.databaseUser);
  }
  // The proxy reaches the database on its port. For a database created here, the proxy target's
  // bind already opens both sides on its port (written as Endpoint.Port): a second pair with the
  // port as a number would be refused by EC2 as a duplicate (Wiring-DuplicateSecurityGroupRule).
  // An existing instance's groups get the pair from here.
  if (existing) {
    proxy.connections.allowTo(existing, ec2.Port.tcp(settings.port), 'Proxy to the database');
  }
  return proxy;
}
