// Fargate services, NAT gateways, public IPv4 addresses, VPC endpoints and load balancers, each
// against hand-computed figures (730 h a month; the test prices of support.ts).
import { builtInProfile } from '../../src/cost/profiles';
import { webTier, workerTier } from './fixtures';
import { estimateOne, flatProfile, itemsOf, testStack, TRAFFIC, usdOf } from './support';

/** Within a cent of `expected` (a line item is rounded to the cent). */
function expectUsd(actual: number, expected: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(0.0051);
}

// One task of 0.25 vCPU and 0.5 GB: 0.25 × 0.04048 + 0.5 × 0.004445 = 0.0123425 USD an hour.
const TASK_HOUR = 0.25 * 0.04048 + 0.5 * 0.004445;

describe('Fargate services', () => {
  test('idle: the minimum of 1 task runs on-demand (the strategy puts the base there)', () => {
    const estimate = estimateOne(testStack(webTier()));
    // 1 task × 0.0123425 × 730 = 9.01
    expectUsd(usdOf(estimate, 'Service', 'Fargate on-demand tasks'), 1 * TASK_HOUR * 730);
    expect(itemsOf(estimate, 'Service', 'Fargate Spot tasks')).toEqual([]);
  });

  test('tasks from the load: ⌈requests/s × cpu ms ÷ (1000 × vCPU × target)⌉, the part above the base 70 % on Spot', () => {
    // 12 requests/s × 25 ms = 0.3 vCPU-s/s ÷ (0.25 vCPU × 60 %) = 2 tasks all day (flat traffic).
    const estimate = estimateOne(testStack(webTier()), flatProfile(12));
    // on-demand: 1 (base) + 1 × 30 % = 1.3 tasks; Spot: 0.7 tasks at 30 % of the price.
    expectUsd(usdOf(estimate, 'Service', 'Fargate on-demand tasks'), 1.3 * TASK_HOUR * 730); // 11.71
    expectUsd(usdOf(estimate, 'Service', 'Fargate Spot tasks'), 0.7 * TASK_HOUR * 0.3 * 730); // 1.89
  });

  test('the maximum caps the tasks', () => {
    // 120 requests/s would need 20 tasks; the maximum is 6: 1 + 5 × 0.3 = 2.5 on-demand, 3.5 Spot.
    const estimate = estimateOne(testStack(webTier()), flatProfile(120));
    expectUsd(usdOf(estimate, 'Service', 'Fargate on-demand tasks'), 2.5 * TASK_HOUR * 730);
    expectUsd(usdOf(estimate, 'Service', 'Fargate Spot tasks'), 3.5 * TASK_HOUR * 0.3 * 730);
  });

  test('the daily shape: peak hours at the peak rate, the rest at the base that keeps the average', () => {
    // 5 requests/s on average, 25 at peak for 2 h (4 half-hours): base = (48 × 5 − 4 × 25) ÷ 44 = 3.18.
    // 3.18 × 25 ms ÷ 0.15 = 0.53 → 1 task; 25 × 25 ÷ 150 = 4.17 → 5 tasks for 2 h of 24:
    // average (22 × 1 + 2 × 5) ÷ 24 = 1.333 tasks: on-demand 1 + 0.333 × 0.3 = 1.1, Spot 0.2333.
    const estimate = estimateOne(
      testStack(webTier()),
      builtInProfile('1x', { ...TRAFFIC, cdnHitRatioPercent: 0 }),
    );
    expectUsd(usdOf(estimate, 'Service', 'Fargate on-demand tasks'), 1.1 * TASK_HOUR * 730);
    expectUsd(usdOf(estimate, 'Service', 'Fargate Spot tasks'), (0.7 / 3) * TASK_HOUR * 0.3 * 730);
  });

  test('a worker that scales to zero costs nothing at idle, and runs ⌈messages/s × seconds per message⌉ tasks', () => {
    const stack = testStack({ ...webTier(), ...workerTier() });
    expect(usdOf(estimateOne(stack), 'Worker')).toBe(0);
    // 12 requests/s × 0.05 = 0.6 messages/s × 2 s (visibility timeout 12 ÷ 6) = 1.2 → 2 Spot tasks of
    // 0.5 vCPU + 1 GB: (0.5 × 0.04048 + 1 × 0.004445) × 0.3 × 730 = 5.41 each.
    const busy = estimateOne(stack, flatProfile(12));
    expectUsd(usdOf(busy, 'Worker', 'Fargate Spot tasks'), 2 * (0.5 * 0.04048 + 0.004445) * 0.3 * 730);
  });

  test('public IPv4 addresses of tasks that get one', () => {
    const resources = webTier();
    (resources.Service.Properties as { NetworkConfiguration: unknown }).NetworkConfiguration = {
      AwsvpcConfiguration: { AssignPublicIp: 'ENABLED' },
    };
    // 1 task × 730 h × 0.005 = 3.65
    expectUsd(usdOf(estimateOne(testStack(resources)), 'Service', 'public IPv4 of the tasks'), 3.65);
  });
});

describe('load balancers', () => {
  test('an internet-facing ALB: hours, one public IPv4 address per AZ, no LCU at idle', () => {
    const estimate = estimateOne(testStack(webTier()));
    expectUsd(usdOf(estimate, 'LoadBalancer', 'ALB hours'), 730 * 0.0225); // 16.43
    expectUsd(usdOf(estimate, 'LoadBalancer', 'public IPv4 addresses'), 2 * 730 * 0.005); // 7.30
    expect(usdOf(estimate, 'LoadBalancer', 'capacity units')).toBe(0);
  });

  test('LCUs: processed bytes per hour at the traffic of the services behind it', () => {
    // 12 requests/s × (60 + 1) KiB × 3600 s = 2.5131 GB an hour = 2.5131 LCU × 730 h × 0.008 = 14.68
    const estimate = estimateOne(testStack(webTier()), flatProfile(12));
    expectUsd(
      usdOf(estimate, 'LoadBalancer', 'capacity units'),
      ((12 * 61 * 1024 * 3600) / 1024 ** 3) * 730 * 0.008,
    );
  });

  test('an internal ALB has no public address', () => {
    const resources = webTier();
    (resources.LoadBalancer.Properties as { Scheme: string }).Scheme = 'internal';
    expect(itemsOf(estimateOne(testStack(resources)), 'LoadBalancer', 'public IPv4 addresses')).toEqual([]);
  });
});

describe('NAT gateways, Elastic IPs and VPC endpoints', () => {
  const network = {
    Eip: { Type: 'AWS::EC2::EIP', Properties: { Domain: 'vpc' } },
    Nat: {
      Type: 'AWS::EC2::NatGateway',
      Properties: { AllocationId: { 'Fn::GetAtt': ['Eip', 'AllocationId'] } },
    },
    S3: {
      Type: 'AWS::EC2::VPCEndpoint',
      Properties: { VpcEndpointType: 'Gateway', ServiceName: 'com.amazonaws.us-east-1.s3' },
    },
  };

  test('a NAT gateway: 730 h × 0.045 = 32.85, its Elastic IP 730 h × 0.005 = 3.65', () => {
    const estimate = estimateOne(testStack(network));
    expectUsd(usdOf(estimate, 'Nat', 'NAT gateway hours'), 32.85);
    expectUsd(usdOf(estimate, 'Eip'), 3.65);
    expect(estimate.free.find((f) => f.logicalId === 'S3')?.reason).toMatch(/gateway endpoints .* no charge/);
  });

  test('the NAT gateway processes the logs of the tasks in private subnets', () => {
    const estimate = estimateOne(testStack({ ...network, ...webTier() }), flatProfile(12));
    const logs = estimate.lineItems.find(
      (i) => i.logicalId === 'WebLogs' && i.component === 'log ingestion',
    )!;
    const nat = itemsOf(estimate, 'Nat', 'NAT gateway data processed')[0];
    // the same GB: log ingestion at 0.50 USD/GB, NAT processing at 0.045 USD/GB.
    expectUsd(nat.monthlyUsd, (logs.monthlyUsd / 0.5) * 0.045);
    expect(nat.basis).toMatch(/application logs to CloudWatch Logs/);
  });

  test('an interface endpoint: AZs × 730 h × 0.01, and it takes the logs traffic off the NAT gateway', () => {
    const endpoint = {
      Logs: {
        Type: 'AWS::EC2::VPCEndpoint',
        Properties: {
          VpcEndpointType: 'Interface',
          ServiceName: { 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, '.logs']] },
          SubnetIds: ['subnet-1', 'subnet-2'],
        },
      },
    };
    const estimate = estimateOne(testStack({ ...network, ...endpoint, ...webTier() }), flatProfile(12));
    expectUsd(usdOf(estimate, 'Logs', 'interface endpoint hours'), 2 * 730 * 0.01); // 14.60
    expect(usdOf(estimate, 'Logs', 'interface endpoint data')).toBeGreaterThan(0);
    expect(itemsOf(estimate, 'Nat', 'NAT gateway data processed')[0].basis).not.toMatch(/application logs/);
  });
});
