import { App, Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Network } from '../../lib/network/network';
import { QueueWorker, QueueWorkerProps } from '../../lib/queue/queue-worker';
import { WebService } from '../../lib/service/web-service';
import { TEST_ENV } from '../support/app';
import type { ComplianceReport } from '../../lib';

type Config = Omit<QueueWorkerProps, 'vpc' | 'image'>;

const webImage = ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx-unprivileged:stable-alpine');

const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/busybox:stable');
/** A worker that runs until it is stopped (busybox's own command exits at once). */
const command = ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 5 & wait $!; done'];

// The stacks this suite adds to the one app that constructs.compliance.test.ts synthesizes through all
// four gates (built-in validation, cdk-nag, Control Tower guard rules, WiringChecks): one per
// meaningful configuration: the defaults, and a KMS-encrypted FIFO queue that scales to zero with a
// Spot share and a WebService producer.
export function queueWorkerCompliance(app: App): (report: ComplianceReport) => void {
  const configurations: Array<[string, Config, boolean]> = [
    ['defaults', {}, false],
    [
      'FIFO, KMS, scale to zero, Spot, with a WebService producer',
      { fifo: true, encryption: sqs.QueueEncryption.KMS, minCapacity: 0, spotPercentage: 100 },
      true,
    ],
  ];
  const stackIds = configurations.map(([name, config, withProducer], index) => {
    const stack = new Stack(app, `Worker${index}`, { env: TEST_ENV, description: name });
    const network = new Network(stack, 'Network');
    const worker = new QueueWorker(stack, 'Worker', { vpc: network.vpc, image, command, ...config });
    if (withProducer) worker.addProducer(new WebService(stack, 'Web', { vpc: network.vpc, image: webImage }));
    return stack.node.id;
  });
  return (report) =>
    describe('QueueWorker passes the compliance gates', () => {
      test.each(configurations.map(([name], index) => [name, stackIds[index]]))('%s', (_name, stackId) => {
        expect(report.findings.filter((f) => f.constructPath.startsWith(`${stackId}/`))).toEqual([]);
        const ours = report.acknowledged.filter((f) => f.constructPath.startsWith(`${stackId}/Worker/`));
        // The report lists acknowledged guard findings (cdk-nag leaves its acknowledged ones out; the
        // unit tests check those). Alarms have no actions until Observability adds the alarm topic; the
        // non-root check is the TmpInit container's (root, to open /tmp, then it exits).
        expect([...new Set(ours.map((f) => f.ruleId))].sort()).toEqual([
          'cloudwatch_alarm_action_check',
          'ecs_task_definition_nonroot_user_check',
        ]);
      });
    });
}
