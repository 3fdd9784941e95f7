import { Stack } from 'aws-cdk-lib';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as rds from 'aws-cdk-lib/aws-rds';
import { AuditManifest, validateAuditManifest } from '../../lib/observability/audit-manifest';
import { Observability } from '../../lib/observability/observability';

/** An existing ALB given by attributes, as the legacy uplift passes it. */
export function importedAlb(stack: Stack, id = 'Alb'): elbv2.IApplicationLoadBalancer {
  return elbv2.ApplicationLoadBalancer.fromApplicationLoadBalancerAttributes(stack, id, {
    loadBalancerArn: stack.formatArn({
      service: 'elasticloadbalancing',
      resource: 'loadbalancer',
      resourceName: 'app/legacy/0123456789abcdef',
    }),
    securityGroupId: 'sg-0123456789abcdef0',
  });
}

/** An existing RDS instance given by attributes. */
export function importedInstance(stack: Stack, id = 'LegacyDb'): rds.IDatabaseInstance {
  return rds.DatabaseInstance.fromDatabaseInstanceAttributes(stack, id, {
    instanceIdentifier: 'legacy-db',
    instanceEndpointAddress: 'legacy-db.abc.eu-west-1.rds.amazonaws.com',
    port: 5432,
    securityGroups: [],
  });
}

/**
 * The published manifest as the audit reads it after deployment: the CloudFormation value of the
 * SSM parameter, each deploy-time value replaced by a placeholder, parsed and validated.
 */
export function deployedManifest(stack: Stack, observability: Observability): AuditManifest {
  const resolved: unknown = stack.resolve(observability.auditManifestJson);
  let json: string;
  if (typeof resolved === 'string') {
    json = resolved;
  } else {
    const [separator, parts] = (resolved as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
    json = parts.map((part) => (typeof part === 'string' ? part : 'deploy-time-value')).join(separator);
  }
  return validateAuditManifest(JSON.parse(json));
}
