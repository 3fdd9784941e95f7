// CloudFront, WAF, CloudWatch, logs, keys, secrets, parameters, queues, Route 53, buckets, budgets:
// each against hand-computed figures (730 h a month; the test prices of support.ts).
import { builtInProfile } from '../../src/cost/profiles';
import { webTier, workerTier } from './fixtures';
import { estimateOne, flatProfile, itemsOf, testPriceTable, testStack, TEST_PRICES, usdOf } from './support';

function expectUsd(actual: number, expected: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(0.0051);
}

// 12 requests/s for a month of 730 h: 12 × 3600 × 730 = 31,536,000 requests.
const REQUESTS = 31_536_000;

function edge(logging = true) {
  return {
    Acl: {
      Type: 'AWS::WAFv2::WebACL',
      Properties: {
        Scope: 'CLOUDFRONT',
        Rules: [{ Name: 'a' }, { Name: 'b' }, { Name: 'c' }, { Name: 'd' }],
      },
    },
    Fn: { Type: 'AWS::CloudFront::Function', Properties: {} },
    Cdn: {
      Type: 'AWS::CloudFront::Distribution',
      Properties: {
        DistributionConfig: {
          PriceClass: 'PriceClass_100',
          WebACLId: { 'Fn::GetAtt': ['Acl', 'Arn'] },
          DefaultCacheBehavior: {
            FunctionAssociations: [
              { EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': ['Fn', 'FunctionARN'] } },
            ],
          },
          Aliases: ['app.example.com'],
        },
      },
    },
    Metrics: {
      Type: 'AWS::CloudFront::MonitoringSubscription',
      Properties: {
        MonitoringSubscription: {
          RealtimeMetricsSubscriptionConfig: { RealtimeMetricsSubscriptionStatus: 'Enabled' },
        },
      },
    },
    ...(logging
      ? {
          WafLogs: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 365 } },
          WafLogging: {
            Type: 'AWS::WAFv2::LoggingConfiguration',
            Properties: {
              ResourceArn: { 'Fn::GetAtt': ['Acl', 'Arn'] },
              LogDestinationConfigs: [{ 'Fn::Join': ['', ['arn:log-group:', { Ref: 'WafLogs' }]] }],
            },
          },
        }
      : {}),
  };
}

describe('CloudFront', () => {
  test('requests and bytes after the always-free 10 M requests and 1 TB (applied, and said so)', () => {
    const estimate = estimateOne(testStack(edge()), flatProfile(12));
    // (31,536,000 − 10,000,000) ÷ 10,000 × 0.01 = 21.54
    const requests = itemsOf(estimate, 'Cdn', 'CloudFront requests')[0];
    expectUsd(requests.monthlyUsd, ((REQUESTS - 10_000_000) / 10_000) * 0.01);
    expect(requests.basis).toMatch(/always-free: the first 10,000,000 a month, applied/);
    // 31,536,000 × 60 KiB = 1,804.39 GB − 1,024 = 780.39 GB × 0.085 = 66.33
    const gb = (REQUESTS * 60) / 1024 ** 2;
    expectUsd(usdOf(estimate, 'Cdn', 'CloudFront data transfer out'), (gb - 1024) * 0.085);
  });

  test('the free allowance goes to one distribution of the account only', () => {
    const first = testStack(edge(false), { name: 'A' });
    const second = testStack(edge(false), { name: 'B' });
    const estimate = estimateOne([first, second], flatProfile(24));
    const requests = estimate.lineItems
      .filter((i) => i.component === 'CloudFront requests')
      .map((i) => i.monthlyUsd);
    // each gets 12 requests/s: A is billed 21.54 (after the free 10 M), B 31.54
    expectUsd(requests[0], 21.536);
    expectUsd(requests[1], 31.536);
  });

  test('data beyond 10 TB is billed at the next tier', () => {
    // 120 requests/s × 60 KiB: 18,043.9 GB − 1,024 free = 17,019.9: 10,240 × 0.085 + 6,779.9 × 0.08 = 1,412.79
    const estimate = estimateOne(testStack(edge(false)), flatProfile(120));
    const gb = (REQUESTS * 10 * 60) / 1024 ** 2 - 1024;
    expectUsd(usdOf(estimate, 'Cdn', 'CloudFront data transfer out'), 10240 * 0.085 + (gb - 10240) * 0.08);
  });

  test('functions on every request after the free 2 M; additional metrics: 8 × 0.30 = 2.40', () => {
    const estimate = estimateOne(testStack(edge(false)), flatProfile(12));
    expectUsd(usdOf(estimate, 'Fn'), ((REQUESTS - 2_000_000) / 1e6) * 0.1); // 2.95
    expectUsd(usdOf(estimate, 'Metrics'), 2.4);
  });

  test('Route 53 health checks through the distribution are requests at idle too (one every 2 s each)', () => {
    const check = {
      Check: {
        Type: 'AWS::Route53::HealthCheck',
        Properties: {
          HealthCheckConfig: {
            Type: 'HTTPS',
            FullyQualifiedDomainName: 'app.example.com',
            RequestInterval: 30,
            ResourcePath: '/',
          },
        },
      },
    };
    const estimate = estimateOne(testStack({ ...edge(false), ...check }));
    // 0.5 requests/s × 2,628,000 s = 1,314,000 requests inspected × 0.60 per million = 0.79
    expectUsd(usdOf(estimate, 'Acl', 'WAF requests'), 1.314 * 0.6);
  });
});

describe('WAF', () => {
  test('web ACL 5 + 4 rules × 1 + 31.536 M requests × 0.60 per million = 27.92', () => {
    const estimate = estimateOne(testStack(edge()), flatProfile(12));
    expectUsd(usdOf(estimate, 'Acl'), 5 + 4 + 31.536 * 0.6);
  });

  test('WAF logs: every inspected request × 1,500 B, vended ingestion and a year of compressed storage', () => {
    const estimate = estimateOne(testStack(edge()), flatProfile(12));
    const gb = (REQUESTS * 1500) / 1024 ** 3; // 44.06 GB a month
    expectUsd(usdOf(estimate, 'WafLogs', 'vended log ingestion'), gb * 0.5); // 22.03
    // stored: 44.06 × 0.15 compressed × 12 months (365 days) × 0.03 = 2.38
    expectUsd(usdOf(estimate, 'WafLogs', 'log storage'), gb * 0.15 * 12 * 0.03);
  });

  test('a logging filter (blocked requests only) keeps about 1 % of them', () => {
    const resources = edge();
    (resources.WafLogging!.Properties as Record<string, unknown>).LoggingFilter = {
      DefaultBehavior: 'DROP',
      Filters: [],
    };
    const estimate = estimateOne(testStack(resources), flatProfile(12));
    expectUsd(
      usdOf(estimate, 'WafLogs', 'vended log ingestion'),
      ((REQUESTS * 0.01 * 1500) / 1024 ** 3) * 0.5,
    );
  });
});

describe('CloudWatch', () => {
  const alarms = {
    Standard: { Type: 'AWS::CloudWatch::Alarm', Properties: { MetricName: 'CPUUtilization', Period: 60 } },
    HighResolution: { Type: 'AWS::CloudWatch::Alarm', Properties: { MetricName: 'Latency', Period: 10 } },
    MetricMath: {
      Type: 'AWS::CloudWatch::Alarm',
      Properties: {
        Metrics: [
          { Id: 'a', MetricStat: { Metric: {}, Period: 60 } },
          { Id: 'b', MetricStat: { Metric: {}, Period: 60 } },
          { Id: 'c', MetricStat: { Metric: {}, Period: 60 } },
          { Id: 'e', Expression: '100 * a / b' },
        ],
      },
    },
    Composite: { Type: 'AWS::CloudWatch::CompositeAlarm', Properties: {} },
    Dashboard: { Type: 'AWS::CloudWatch::Dashboard', Properties: {} },
  };

  test('standard 0.10 per metric, high resolution 0.30, metric math per metric (3 × 0.10), composite 0.50, dashboard 3.00', () => {
    const estimate = estimateOne(testStack(alarms));
    expectUsd(usdOf(estimate, 'Standard'), 0.1);
    expectUsd(usdOf(estimate, 'HighResolution'), 0.3);
    expectUsd(usdOf(estimate, 'MetricMath'), 0.3);
    expectUsd(usdOf(estimate, 'Composite'), 0.5);
    expectUsd(usdOf(estimate, 'Dashboard'), 3);
    expect(estimate.assumptions.join('\n')).toMatch(
      /Free tier stated, not applied: CloudWatch, always free: 10 alarm metrics/,
    );
  });

  test('target tracking creates 2 alarms per tracked metric: CPU 2 × 0.10, backlog per task (2 metrics) 4 × 0.10', () => {
    const estimate = estimateOne(testStack({ ...webTier(), ...workerTier() }));
    expectUsd(usdOf(estimate, 'CpuScaling'), 0.2);
    expectUsd(usdOf(estimate, 'BacklogScaling'), 0.4);
    expect(estimate.free.find((f) => f.logicalId === 'ScalableTarget')?.reason).toMatch(/no charge/);
  });

  test('Container Insights: 10 + 13 per service + 9 per task family metrics × 0.30', () => {
    const resources = webTier();
    resources.Cluster.Properties = { ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }] };
    // 1 service, 1 task family: 32 metrics × 0.30 = 9.60
    expectUsd(usdOf(estimateOne(testStack(resources)), 'Cluster', 'Container Insights metrics'), 9.6);
  });

  test('a log group nothing writes to costs 0 and says so', () => {
    const estimate = estimateOne(testStack({ Orphan: { Type: 'AWS::Logs::LogGroup', Properties: {} } }));
    expect(itemsOf(estimate, 'Orphan')[0]).toMatchObject({
      monthlyUsd: 0,
      basis: expect.stringMatching(/nothing in these templates writes to it/),
    });
  });
});

describe('keys, secrets, parameters, queues, DNS, buckets, budgets', () => {
  test('KMS: 1 USD a key + 10,000 requests × 0.03 per 10,000; Secrets Manager: 0.40 a secret and a replica', () => {
    const estimate = estimateOne(
      testStack({
        Key: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true } },
        Secret: {
          Type: 'AWS::SecretsManager::Secret',
          Properties: { ReplicaRegions: [{ Region: 'eu-west-1' }] },
        },
      }),
    );
    expectUsd(usdOf(estimate, 'Key'), 1.03);
    expectUsd(usdOf(estimate, 'Secret'), 0.8);
  });

  test('SSM: a standard parameter is free, an advanced one 0.05, intelligent tiering by size', () => {
    const estimate = estimateOne(
      testStack({
        Small: { Type: 'AWS::SSM::Parameter', Properties: { Type: 'String', Value: 'x' } },
        Advanced: {
          Type: 'AWS::SSM::Parameter',
          Properties: { Type: 'String', Tier: 'Advanced', Value: 'x' },
        },
        Big: {
          Type: 'AWS::SSM::Parameter',
          Properties: { Type: 'String', Tier: 'Intelligent-Tiering', Value: 'x'.repeat(5000) },
        },
      }),
    );
    expect(estimate.free.map((f) => f.logicalId)).toContain('Small');
    expectUsd(usdOf(estimate, 'Advanced'), 0.05);
    expectUsd(usdOf(estimate, 'Big'), 0.05);
  });

  test('SQS: 3 requests per message + the workers’ long polls (3 a minute per task)', () => {
    // 12 requests/s × 0.05 = 0.6 messages/s × 2,628,000 s = 1,576,800 messages × 3 = 4,730,400
    // + 2 worker tasks × 3 × 60 × 730 = 262,800 polls: 4,993,200 × 0.40 per million = 2.00
    const estimate = estimateOne(testStack({ ...webTier(), ...workerTier() }), flatProfile(12));
    expectUsd(usdOf(estimate, 'Queue'), 4.9932 * 0.4);
    expect(itemsOf(estimate, 'DeadLetterQueue')[0].basis).toMatch(/dead-letter queue/);
  });

  test('Route 53: an AWS endpoint with HTTPS and latency: 0.50 + 2 × 1.00; a non-AWS one with string matching at 10 s: 0.75 + 3 × 2.00', () => {
    const estimate = estimateOne(
      testStack({
        Alias: {
          Type: 'AWS::Route53::RecordSet',
          Properties: { Name: 'app.example.com.', Type: 'A', AliasTarget: { DNSName: 'd.cloudfront.net' } },
        },
        Aws: {
          Type: 'AWS::Route53::HealthCheck',
          Properties: {
            HealthCheckConfig: {
              Type: 'HTTPS',
              FullyQualifiedDomainName: 'app.example.com',
              MeasureLatency: true,
            },
          },
        },
        Other: {
          Type: 'AWS::Route53::HealthCheck',
          Properties: {
            HealthCheckConfig: {
              Type: 'HTTPS_STR_MATCH',
              FullyQualifiedDomainName: 'example.org',
              RequestInterval: 10,
            },
          },
        },
      }),
    );
    expectUsd(usdOf(estimate, 'Aws'), 2.5);
    expectUsd(usdOf(estimate, 'Other'), 6.75);
    expect(estimate.free.find((f) => f.logicalId === 'Alias')?.reason).toMatch(/alias/);
  });

  test('Route 53 latency records: 30 resolvers × one query per TTL: 30 × 2,628,000 ÷ 60 = 1,314,000 × 0.60 per million', () => {
    const estimate = estimateOne(
      testStack({
        Latency: {
          Type: 'AWS::Route53::RecordSet',
          Properties: { Name: 'origin.example.com.', Region: 'us-east-1', TTL: '60', ResourceRecords: ['a'] },
        },
      }),
    );
    expectUsd(usdOf(estimate, 'Latency'), 1.314 * 0.6);
  });

  test('S3: ALB access logs, 100 B a request, kept for the lifecycle; a PUT per AZ every 5 minutes', () => {
    const resources = webTier();
    resources.Logs = {
      Type: 'AWS::S3::Bucket',
      Properties: { LifecycleConfiguration: { Rules: [{ ExpirationInDays: 365, Status: 'Enabled' }] } },
    };
    (resources.LoadBalancer.Properties as Record<string, unknown>).LoadBalancerAttributes = [
      { Key: 'access_logs.s3.bucket', Value: { Ref: 'Logs' } },
    ];
    const estimate = estimateOne(testStack(resources), flatProfile(12));
    // 31,536,000 × 100 B = 2.937 GB a month × 12 months × 0.023 = 0.81
    expectUsd(
      usdOf(estimate, 'Logs', 'S3 storage of access logs'),
      ((REQUESTS * 100) / 1024 ** 3) * 12 * 0.023,
    );
    // 2 AZs × 12 an hour × 730 h = 17,520 PUTs × 0.005 per 1,000 = 0.09
    expectUsd(usdOf(estimate, 'Logs', 'S3 PUT requests'), 17.52 * 0.005);
  });

  test('AWS Budgets: 0.02 a day × 30.42 days = 0.61, the free first two budgets stated, not applied', () => {
    const estimate = estimateOne(testStack({ Budget: { Type: 'AWS::Budgets::Budget', Properties: {} } }));
    const budget = itemsOf(estimate, 'Budget')[0];
    expectUsd(budget.monthlyUsd, (730 / 24) * 0.02);
    expect(budget.basis).toMatch(/first two budgets: not applied/);
  });
});

describe('what is free, what is not priced', () => {
  test('an unknown resource type is listed as not priced, never as zero', () => {
    const estimate = estimateOne(testStack({ Mystery: { Type: 'AWS::Quantum::Computer', Properties: {} } }));
    expect(estimate.notPriced).toEqual([
      {
        stackName: 'Test',
        region: 'us-east-1',
        logicalId: 'Mystery',
        type: 'AWS::Quantum::Computer',
        reason: 'the cost command has no pricer for AWS::Quantum::Computer',
      },
    ]);
    expect(estimate.lineItems).toEqual([]);
    expect(estimate.totalMonthlyUsd).toBe(0);
  });

  test('free resource types are listed with the reason', () => {
    const estimate = estimateOne(
      testStack({
        Role: { Type: 'AWS::IAM::Role', Properties: {} },
        Group: { Type: 'AWS::EC2::SecurityGroup', Properties: {} },
        Custom: { Type: 'Custom::Thing', Properties: {} },
      }),
    );
    expect(estimate.free.map((f) => [f.logicalId, f.reason])).toEqual([
      ['Role', 'IAM has no charge'],
      ['Group', 'security groups have no charge'],
      ['Custom', 'a custom resource runs at deploy time; its provider function is priced on its own'],
    ]);
  });

  test('a region without a price lists the resource as not priced, naming the price', () => {
    const rest = Object.fromEntries(Object.entries(TEST_PRICES).filter(([key]) => key !== 'nat.hour'));
    const prices = testPriceTable(rest, { 'nat.hour': { 'us-east-1': 0.045 } });
    const nat = testStack({ Nat: { Type: 'AWS::EC2::NatGateway', Properties: {} } }, { region: 'eu-west-3' });
    const estimate = estimateOne(nat, builtInProfile('idle', null), prices);
    expect(estimate.notPriced).toEqual([
      expect.objectContaining({
        logicalId: 'Nat',
        region: 'eu-west-3',
        reason: "no 'nat.hour' price for eu-west-3 in the price table dated 2026-12-01",
      }),
    ]);
    expect(estimate.assumptions.join('\n')).toMatch(
      /eu-west-3 is not in the price table: its resources are listed as not priced/,
    );
  });
});
