import { Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Network } from '../../lib/network/network';
import { WebService, WebServiceProps } from '../../lib/service/web-service';
import { gatedApp, TEST_ENV, testCertificate } from '../support/app';
import { ComplianceGates } from '../../lib';

type Config = Omit<WebServiceProps, 'vpc' | 'image'>;

// One full synth through all three gates (built-in validation, cdk-nag, Control Tower guard rules)
// per meaningful configuration: the default (HTTP behind CloudFront), HTTPS open to the internet
// with a Spot share and request-count scaling.
describe('WebService passes the three compliance gates', () => {
  test.each<[string, (stack: Stack) => Config, string[]]>([
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
  ])('%s', (_name, config, expectedAcknowledged) => {
    const app = gatedApp();
    const stack = new Stack(app, 'WebStack', { env: TEST_ENV });
    const network = new Network(stack, 'Network');
    new WebService(stack, 'Web', {
      vpc: network.vpc,
      image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx-unprivileged:stable'),
      ...config(stack),
    });
    const report = ComplianceGates.synthesizeWithFindings(app);
    expect(report.findings).toEqual([]);
    const ours = report.acknowledged.filter((f) => f.constructPath.startsWith('WebStack/Web/'));
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
