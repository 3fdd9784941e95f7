import { Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Network } from '../../lib/network/network';
import { WebService, WebServiceProps } from '../../lib/service/web-service';
import { gatedApp, TEST_ENV, testCertificate } from '../support/app';
import { ComplianceGates } from '../../lib';

type Config = Omit<WebServiceProps, 'vpc' | 'image'>;

// One synth through all four gates (built-in validation, cdk-nag, Control Tower guard rules,
// WiringChecks) of one app with a stack per meaningful configuration: the default (HTTP behind
// CloudFront), HTTPS open to the internet with a Spot share and request-count scaling.
describe('WebService passes the compliance gates', () => {
  const configurations: Array<[string, (stack: Stack) => Config, string[]]> = [
    ['defaults (HTTP, CloudFront only)', () => ({}), ['alb_http_to_https_redirection_check']],
    [
      'HTTPS with redirect, Spot share, request-count scaling, ARM64',
      (stack) => ({
        certificate: testCertificate(stack),
        spotPercentage: 50,
        targetRequestsPerTask: 500,
        cpuArchitecture: ecs.CpuArchitecture.ARM64,
        environment: { LOG_LEVEL: 'info' },
      }),
      [],
    ],
  ];
  const app = gatedApp();
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
  const report = ComplianceGates.synthesizeWithFindings(app);

  test.each(configurations.map(([name, , expected], index) => [name, stackIds[index], expected] as const))(
    '%s',
    (_name, stackId, expectedAcknowledged) => {
      expect(report.findings.filter((f) => f.constructPath.startsWith(`${stackId}/`))).toEqual([]);
      const ours = report.acknowledged.filter((f) => f.constructPath.startsWith(`${stackId}/Web/`));
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
    },
  );

  test('nothing in the app has an unacknowledged finding', () => {
    expect(report.findings).toEqual([]);
  });
});
