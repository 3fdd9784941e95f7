import { App, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { ComplianceFinding, ComplianceGates, WiringChecks } from '../../../lib';

/** Fixed environments: nothing in these tests looks anything up. */
export const ENV = { account: '123456789012', region: 'eu-west-1' };
export const US_EAST_1 = { account: '123456789012', region: 'us-east-1' };

/**
 * A plain aws-cdk-lib app with only the wiring gate registered, and the built-in CloudFormation
 * validation off (it costs seconds per synth and judges nothing these tests are about).
 */
export function wiringApp(): App {
  const app = new App({ builtinCloudFormationValidation: false });
  Validations.of(app).addPlugins(new WiringChecks());
  return app;
}

/** A stack of a {@link wiringApp} in the fixed test environment. */
export function wiringStack(app: App, id: string, env = ENV): Stack {
  return new Stack(app, id, { env });
}

/** Synthesize and return the wiring findings as `<rule id> <construct path>`, sorted. */
export function findingsOf(app: App): string[] {
  return summarize(ComplianceGates.synthesizeWithFindings(app).findings);
}

/** `<rule id> <construct path>`, sorted, for compact assertions. */
export function summarize(findings: readonly ComplianceFinding[]): string[] {
  return findings.map((f) => `${f.ruleId} ${f.constructPath}`).sort();
}

/** A two-AZ VPC with public and private subnets and one NAT gateway. */
export function vpcWithNat(stack: Stack, id = 'Vpc'): ec2.Vpc {
  return new ec2.Vpc(stack, id, { maxAzs: 2, natGateways: 1 });
}

/** A public image: fine behind a NAT gateway. */
export const PUBLIC_IMAGE = ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx-unprivileged:stable');

/** A Fargate task definition with one container `App` that maps `port`. */
export function taskDefinition(
  stack: Stack,
  id: string,
  options: {
    port?: number;
    image?: ecs.ContainerImage;
    environment?: Record<string, string>;
    secrets?: Record<string, ecs.Secret>;
  } = {},
): ecs.FargateTaskDefinition {
  const definition = new ecs.FargateTaskDefinition(stack, id);
  definition.addContainer('App', {
    image: options.image ?? PUBLIC_IMAGE,
    portMappings: options.port !== undefined ? [{ containerPort: options.port }] : [],
    environment: options.environment,
    secrets: options.secrets,
    logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'app' }),
  });
  return definition;
}
