import { App, Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Network } from '../../lib/network/network';
import { WebService, WebServiceProps } from '../../lib/service/web-service';
import { TEST_ENV, testCertificate } from '../support/app';
import type { ComplianceReport } from '../../lib';

type Config = Omit<WebServiceProps, 'vpc' | 'image'>;

// The stacks this suite adds to the one app that constructs.compliance.test.ts synthesizes through all
// four gates (built-in validation, cdk-nag, Control Tower guard rules, WiringChecks): one per
// meaningful configuration: the default (HTTP behind CloudFront), HTTPS open to the internet with a
// Spot share and request-count scaling.
export function webServiceCompliance(app: App): (report: ComplianceReport) => void {
  const configurations: Array<[string, (stack: Stack) => Config, string[]]> = [
    ['defaults (HTTP, CloudFront only)', () => ({}), ['alb_http_to_https_redirection_check']],
    [
      'predictive scaling on the CPU metric pair',
      () => ({ predictiveScaling: true }),
      ['alb_http_to_https_redirection_check'],
    ],
    [
      'HTTPS with redirect, Spot share, request-count scaling, ARM64',
      (stack) => ({
        certificate: testCertificate(stack),
        spotPercentage: 50,
        targetRequestsPerTask: 500,
        predictiveScaling: true, // on the request-count metric pair
        cpuArchitecture: ecs.CpuArchitecture.ARM64,
        environment: { LOG_LEVEL: 'info' },
      }),
      [],
    ],
  ];
  const stackIds = configurations.map(([, config], index) => {
    const stack = new Stack(app, `Web${index}`, { env: TEST_ENV });
    const network = new Network(stack, 'Network');
    new WebService(stack, 'Web', {
      vpc: network.vpc,
      image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx-unprivileged:stable'),
      ...config(stack),
    });
    return stack.node.id;
  });
  return (report) =>
    describe('WebService passes the compliance gates', () => {
      test.each(
        configurations.map(([name, , expected], index) => [name, stackIds[index], expected] as const),
      )('%s', (_name, stackId, expectedAcknowledged) => {
        expect(report.findings.filter((f) => f.constructPath.startsWith(`${stackId}/`))).toEqual([]);
        const ours = report.acknowledged.filter((f) => f.constructPath.startsWith(`${stackId}/Web/`));
        expect(ours.filter((f) => f.constructPath.includes('PredictiveScaling'))).toEqual([]);
        // The report lists acknowledged guard findings (cdk-nag leaves its acknowledged ones out; the
        // unit tests check those). Alarms have no actions until Observability adds the alarm topic; the
        // two S3 findings are the access-log bucket's own (secureLogBucket: no self-logging, SSE-S3 for ELB);
        // the non-root check is the TmpInit container's (root, to open /tmp, then it exits).
        expect([...new Set(ours.map((f) => f.ruleId))].sort()).toEqual(
          [
            'cloudwatch_alarm_action_check',
            'ecs_task_definition_nonroot_user_check',
            's3_bucket_default_encryption_kms_check',
            's3_bucket_logging_enabled_check',
            ...expectedAcknowledged,
          ].sort(),
        );
      });
    });
}
