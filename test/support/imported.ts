// Resources the tests import by attributes instead of creating: an existing application's load
// balancer and its database, as a legacy uplift meets them.
import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';

/** An existing internet-facing ALB with its DNS name (id `Alb`): a CloudFront origin. */
export function importedOriginAlb(stack: Stack): elbv2.IApplicationLoadBalancer {
  return elbv2.ApplicationLoadBalancer.fromApplicationLoadBalancerAttributes(stack, 'Alb', {
    loadBalancerArn: stack.formatArn({
      service: 'elasticloadbalancing',
      resource: 'loadbalancer',
      resourceName: 'app/web/0123456789abcdef',
    }),
    loadBalancerDnsName: 'web-123.us-east-1.elb.amazonaws.com',
    securityGroupId: 'sg-0123456789abcdef0',
  });
}

/** PostgreSQL 14, the legacy database's engine. */
export const LEGACY_POSTGRES = rds.DatabaseInstanceEngine.postgres({
  version: rds.PostgresEngineVersion.VER_14,
});

/** The legacy application's RDS instance on port 5432 with its security group (ids `Legacy`, `LegacySg`). */
export function legacyInstance(stack: Stack, engine?: rds.IInstanceEngine): rds.IDatabaseInstance {
  return rds.DatabaseInstance.fromDatabaseInstanceAttributes(stack, 'Legacy', {
    instanceIdentifier: 'legacy-db',
    instanceEndpointAddress: 'legacy-db.abc.eu-west-1.rds.amazonaws.com',
    port: 5432,
    securityGroups: [ec2.SecurityGroup.fromSecurityGroupId(stack, 'LegacySg', 'sg-0123456789abcdef0')],
    engine,
  });
}

/** The legacy database's master-user secret, by its complete ARN (id `LegacySecret`). */
export function legacySecret(stack: Stack): secretsmanager.ISecret {
  return secretsmanager.Secret.fromSecretCompleteArn(
    stack,
    'LegacySecret',
    stack.formatArn({
      service: 'secretsmanager',
      resource: 'secret',
      resourceName: 'legacy-AbCdEf',
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    }),
  );
}
