// The budget-startup blueprint, synthesized and "deployed" on paper: its audit manifest as the SSM
// parameter holds it, its alarm names, and the CloudWatch streams its resources publish. Tests load
// it into the local AWS fake and audit it like a real stack.
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Observability } from 'cdk-scaling-blueprints';
import {
  AUDIT_MANIFEST_PARAMETER_OUTPUT,
  auditManifestParameterName,
} from 'cdk-scaling-blueprints/audit-manifest';
import { BLUEPRINTS } from 'cdk-scaling-blueprints/blueprints';
import { Deployment, MetricStream } from '../../../../test/support/deployed-resources';
import { FakeCloudWatch, MetricStore } from './fake-cloudwatch';
import { FakeAws, startFakeAws } from './fake-aws';
import { publishTraffic, Traffic, TrafficTruth } from './traffic';

export interface DeployedBlueprint {
  readonly stackName: string;
  readonly region: string;
  /** The manifest JSON as the SSM parameter holds it after deployment. */
  readonly manifestJson: string;
  readonly alarmNames: string[];
  readonly streams: MetricStream[];
}

/** Synthesizes a registered blueprint (one stack with an Observability) and deploys it on paper. */
export function deployBlueprint(name = 'budget-startup'): DeployedBlueprint {
  // Only the templates are read: no built-in CloudFormation validation (seconds per synth).
  const app = new App({ context: {}, builtinCloudFormationValidation: false });
  BLUEPRINTS.find((b) => b.name === name)!.addTo(app);
  const stack = app.node.findAll().find((c): c is Stack => c instanceof Stack)!;
  const observability = stack.node.findAll().find((c): c is Observability => c instanceof Observability)!;
  const deployment = new Deployment(stack.stackName, stack.region, Template.fromStack(stack).toJSON());
  const manifestJson = deployment.resolve(stack.resolve(observability.auditManifestJson)) as string;
  return {
    stackName: stack.stackName,
    region: stack.region,
    manifestJson,
    alarmNames: (JSON.parse(manifestJson) as { alarms: string[] }).alarms,
    streams: deployment.metricStreams(),
  };
}

/** A local AWS serving one deployed blueprint with the given traffic (or none). */
export interface AuditedWorld {
  readonly aws: FakeAws;
  readonly store: MetricStore;
  readonly truth: TrafficTruth | undefined;
}

/**
 * Starts the local AWS for a deployed blueprint: its stack output, manifest parameter and alarms
 * (all OK), and `minutes` of `traffic` from `start` (epoch seconds) in CloudWatch.
 */
export async function serveBlueprint(
  blueprint: DeployedBlueprint,
  options: {
    readonly start: number;
    readonly minutes: number;
    readonly traffic?: Traffic;
    readonly now?: number;
    readonly seed?: number;
    readonly throttleFirst?: number;
    readonly pages?: number;
    /** The state of each alarm (default: OK). */
    readonly alarmState?: (name: string) => string;
  },
): Promise<AuditedWorld> {
  const store = new MetricStore();
  const truth = options.traffic
    ? publishTraffic(store, blueprint.streams, options.start, options.minutes, options.traffic, options.seed)
    : undefined;
  const parameter = auditManifestParameterName(blueprint.stackName);
  const now = options.now ?? options.start + options.minutes * 60;
  const aws = await startFakeAws({
    stacks: { [blueprint.stackName]: { [AUDIT_MANIFEST_PARAMETER_OUTPUT]: parameter } },
    parameters: { [parameter]: blueprint.manifestJson },
    cloudWatch: new FakeCloudWatch(store, () => now),
    alarms: blueprint.alarmNames.map((name) => ({ name, state: options.alarmState?.(name) ?? 'OK' })),
    throttleFirst: options.throttleFirst,
    pages: options.pages,
  });
  return { aws, store, truth };
}
