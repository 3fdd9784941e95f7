// The platform latencies and assumptions the rehearsal cannot read from a template: each with its
// unit, where the value comes from, and a flag to override it (`--latency <name>=<value>`).
import { CliError, ExitCode } from '../exit-codes';

/** Whether a value is stated by AWS (or measured by AWS-adjacent sources) or is our assumption. */
export type ConstantKind = 'documented' | 'assumption';

/** One platform constant. */
export interface PlatformConstant {
  readonly name: ConstantName;
  readonly value: number;
  readonly unit: string;
  readonly description: string;
  readonly kind: ConstantKind;
  /** Where the value comes from. */
  readonly source: string;
  /** True when `--latency` replaced the default. */
  readonly overridden: boolean;
}

/** The names `--latency` accepts. */
export type ConstantName =
  | 'fargateProvisioningSeconds'
  | 'imagePullSecondsPerMb'
  | 'imageSizeMb'
  | 'containerStartSeconds'
  | 'initialHealthChecks'
  | 'metricPublicationDelaySeconds'
  | 'alarmEvaluationIntervalSeconds'
  | 'targetTrackingScaleOutDatapoints'
  | 'targetTrackingScaleInDatapoints'
  | 'targetTrackingScaleInRatio'
  | 'auroraResumeSeconds'
  | 'queriesPerSecondPerAcu';

/** The constants by name, as the simulation reads them. */
export type PlatformConstants = Readonly<Record<ConstantName, number>>;

type Definition = Omit<PlatformConstant, 'name' | 'overridden'>;

const DEFINITIONS: Readonly<Record<ConstantName, Definition>> = {
  fargateProvisioningSeconds: {
    value: 25,
    unit: 's',
    kind: 'documented',
    description:
      'Fargate task start before the image pull: capacity provisioning and the ENI attachment (AWS: a task takes 30–45 s or longer in all, image pull included)',
    source:
      'https://repost.aws/questions/QUjZAzJd27SZWxXM7MgyxOZw/how-to-speed-up-provisioning-of-ecs-fargate-task',
  },
  imagePullSecondsPerMb: {
    value: 0.1,
    unit: 's/MB',
    kind: 'assumption',
    description:
      'Image pull and unpack time per MB of compressed image (10 MB/s): Fargate caches no layers, every task pulls the whole image',
    source: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-pull-behavior.html',
  },
  imageSizeMb: {
    value: 100,
    unit: 'MB',
    kind: 'assumption',
    description: 'Compressed image size: the template names the image, not its size; measure yours',
    source: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-pull-behavior.html',
  },
  containerStartSeconds: {
    value: 5,
    unit: 's',
    kind: 'assumption',
    description: 'From container start to the port answering its health check (the application start-up)',
    source: 'https://docs.aws.amazon.com/AmazonECS/latest/bestpracticesguide/task.html',
  },
  initialHealthChecks: {
    value: 1,
    unit: 'health checks',
    kind: 'documented',
    description:
      'Health checks a newly registered target must pass before the load balancer sends it requests (× the target group interval read from the template; the healthy threshold applies to targets that were unhealthy)',
    source:
      'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html',
  },
  metricPublicationDelaySeconds: {
    value: 60,
    unit: 's',
    kind: 'documented',
    description:
      'Delay from the end of a 1-minute period to its datapoint being visible to alarms (ECS and ALB publish every 60 s; 1-minute metrics show up about 2 minutes after the period starts)',
    source:
      'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/available-metrics.html ; https://docs.datadoghq.com/integrations/guide/cloud-metric-delay/',
  },
  alarmEvaluationIntervalSeconds: {
    value: 60,
    unit: 's',
    kind: 'documented',
    description:
      'How often CloudWatch evaluates an alarm with a period of 60 s or more; an Auto Scaling action runs again at each evaluation while the alarm stays in ALARM',
    source:
      'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html ; https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-actions.html',
  },
  targetTrackingScaleOutDatapoints: {
    value: 3,
    unit: 'datapoints',
    kind: 'documented',
    description:
      'Consecutive 1-minute datapoints above the target before target tracking scales out (the alarm Application Auto Scaling creates: 3 of 3)',
    source:
      'https://docs.aws.amazon.com/autoscaling/application/userguide/target-tracking-scaling-policy-overview.html',
  },
  targetTrackingScaleInDatapoints: {
    value: 15,
    unit: 'datapoints',
    kind: 'documented',
    description:
      'Consecutive 1-minute datapoints below the scale-in threshold before target tracking scales in (15 of 15)',
    source:
      'https://docs.aws.amazon.com/autoscaling/application/userguide/target-tracking-scaling-policy-overview.html',
  },
  targetTrackingScaleInRatio: {
    value: 0.9,
    unit: '× target',
    kind: 'documented',
    description:
      'Target tracking treats the metric as low only below a threshold under the target ("typically 10 % or more lower")',
    source:
      'https://docs.aws.amazon.com/autoscaling/application/userguide/target-tracking-scaling-policy-overview.html',
  },
  auroraResumeSeconds: {
    value: 15,
    unit: 's',
    kind: 'documented',
    description: 'Aurora Serverless v2 resume from 0 ACU (auto-pause) when the first connection arrives',
    source:
      'https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2-auto-pause.html ; https://aws.amazon.com/blogs/database/introducing-scaling-to-0-capacity-with-amazon-aurora-serverless-v2/',
  },
  queriesPerSecondPerAcu: {
    value: 250,
    unit: 'queries/s per ACU',
    kind: 'assumption',
    description:
      'Database queries one Aurora capacity unit (about 2 GiB and its share of CPU) serves, for the ACU-hours of a Serverless v2 cluster; measure yours from ServerlessDatabaseCapacity',
    source:
      'https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2.how-it-works.html',
  },
};

/** Every constant name, in table order. */
export const CONSTANT_NAMES = Object.keys(DEFINITIONS) as ConstantName[];

/**
 * The constants table with `overrides` applied (`{ imageSizeMb: 400 }`). Throws a usage error for an
 * unknown name or a negative value.
 */
export function platformConstants(overrides: Readonly<Record<string, number>> = {}): PlatformConstant[] {
  for (const [name, value] of Object.entries(overrides)) {
    if (!(name in DEFINITIONS)) {
      throw new CliError(
        ExitCode.USAGE,
        `--latency ${name}: unknown constant: use one of ${CONSTANT_NAMES.join(', ')}`,
      );
    }
    if (!Number.isFinite(value) || value < 0) {
      throw new CliError(ExitCode.USAGE, `--latency ${name}=${value}: the value must be a number ≥ 0`);
    }
  }
  return CONSTANT_NAMES.map((name) => ({
    name,
    ...DEFINITIONS[name],
    value: overrides[name] ?? DEFINITIONS[name].value,
    overridden: name in overrides,
  }));
}

/** The table as a name → value record. */
export function constantValues(table: readonly PlatformConstant[]): PlatformConstants {
  return Object.fromEntries(table.map((c) => [c.name, c.value])) as Record<ConstantName, number>;
}

/** Parses repeated `--latency name=value` flags. */
export function parseLatencyFlags(flags: readonly string[] | undefined): Record<string, number> {
  const overrides: Record<string, number> = {};
  for (const flag of flags ?? []) {
    const match = /^\s*([A-Za-z]+)\s*=\s*(-?[0-9]*\.?[0-9]+)\s*$/.exec(flag);
    if (!match) {
      throw new CliError(
        ExitCode.USAGE,
        `--latency '${flag}': expected <name>=<number>, e.g. --latency imageSizeMb=350`,
      );
    }
    overrides[match[1]] = Number(match[2]);
  }
  return overrides;
}
