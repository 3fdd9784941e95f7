import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, AppProps, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Construct } from 'constructs';
import { WebService } from '../../lib/service/web-service';
import { ComplianceGates } from '../../lib';

/** The fixed dummy account and region every test uses. Nothing here reaches AWS. */
export const TEST_ENV = { account: '123456789012', region: 'eu-west-1' };

const cdkJson = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'cdk.json'), 'utf8')) as {
  context: Record<string, unknown>;
};

/** The feature flags and context of this project's cdk.json, so tests see what `cdk synth` sees. */
export const PROJECT_CONTEXT = cdkJson.context;

/**
 * An App for unit tests: the project's context, and the built-in CloudFormation validation off
 * (it costs seconds per synth); the compliance suites use {@link gatedApp} instead.
 */
export function testApp(props: AppProps = {}): App {
  return new App({
    builtinCloudFormationValidation: false,
    ...props,
    context: { ...PROJECT_CONTEXT, ...props.context },
  });
}

/** A stack in the test account and region, in a fresh {@link testApp}. */
export function testStack(id = 'TestStack'): Stack {
  return new Stack(testApp(), id, { env: TEST_ENV });
}

/** An App with all compliance gates on (WiringChecks included), strict, as `cdk synth` runs them. */
export function gatedApp(): App {
  // As bin/app.ts: no version-reporting metadata, which would make the built-in validation skip rules.
  const app = new App({ context: PROJECT_CONTEXT, analyticsReporting: false });
  ComplianceGates.apply(app);
  return app;
}

/** An imported ACM certificate in the test account (in `region`, default the stack's). */
export function testCertificate(stack: Stack, region?: string): acm.ICertificate {
  return acm.Certificate.fromCertificateArn(
    stack,
    'Certificate',
    stack.formatArn({
      service: 'acm',
      region,
      resource: 'certificate',
      resourceName: '11111111-2222-3333-4444-555555555555',
    }),
  );
}

/**
 * A compliant client service for compliance suites: a data store nobody connects to is unreachable
 * (WiringChecks' Wiring-UnreachableStore), so the suites connect one, as an application would.
 */
export function clientService(scope: Construct, vpc: ec2.IVpc, id = 'Client'): WebService {
  return new WebService(scope, id, {
    vpc,
    image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx-unprivileged:stable-alpine'),
  });
}
