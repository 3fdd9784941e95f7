import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import {
  addMultiRegionSaas,
  MULTI_REGION_SAAS,
  MultiRegionSaasStacks,
  multiRegionSaasSettingsSchema,
} from '../../blueprints/multi-region-saas';
import { BlueprintSettingsError, parseSettings } from '../../blueprints/settings';
import { testApp } from '../support/app';
import { ArchitectureSummary } from '../../lib';

function synth(settings?: Record<string, unknown>): MultiRegionSaasStacks {
  const app = testApp({ context: settings ? { [MULTI_REGION_SAAS]: settings } : {} });
  return addMultiRegionSaas(app);
}

function problems(raw: unknown): string[] {
  try {
    parseSettings(MULTI_REGION_SAAS, multiRegionSaasSettingsSchema, raw);
  } catch (error) {
    expect(error).toBeInstanceOf(BlueprintSettingsError);
    return (error as BlueprintSettingsError).problems;
  }
  throw new Error('expected invalid settings');
}

const template = (stack: Stack) => Template.fromStack(stack);

describe('MultiRegionSaas with default settings', () => {
  const { global, regions } = synth();
  const [home, secondary] = regions;
  const globalTemplate = template(global);
  const homeTemplate = template(home);
  const secondaryTemplate = template(secondary);

  test('a global stack in us-east-1 and one stack per region, the region in each id and name', () => {
    expect(global.region).toBe('us-east-1');
    expect(global.stackName).toBe('MultiRegionSaas-Global');
    expect(regions.map((s) => [s.node.id, s.stackName, s.region])).toEqual([
      ['MultiRegionSaas-us-east-1', 'MultiRegionSaas-us-east-1', 'us-east-1'],
      ['MultiRegionSaas-eu-west-1', 'MultiRegionSaas-eu-west-1', 'eu-west-1'],
    ]);
  });

  test('deploy order by dependencies only: global → home → secondaries, and no cross-stack exports', () => {
    expect(home.dependencies).toEqual([global]);
    expect(secondary.dependencies.map((s) => s.stackName).sort()).toEqual([
      'MultiRegionSaas-Global',
      'MultiRegionSaas-us-east-1',
    ]);
    for (const stack of [global, ...regions]) {
      const json = JSON.stringify(template(stack).toJSON());
      expect(json).not.toContain('Fn::ImportValue');
      expect(template(stack).toJSON().Outputs ?? {}).toEqual({});
      expect(json).not.toContain('Custom::CrossRegion');
    }
  });

  test('the global cluster; the home cluster is its writer, the secondary joins without credentials', () => {
    globalTemplate.hasResourceProperties('AWS::RDS::GlobalCluster', {
      GlobalClusterIdentifier: 'multi-region-saas',
      Engine: 'aurora-postgresql',
      StorageEncrypted: true,
      DeletionProtection: true,
    });
    const engineVersion = Object.values(globalTemplate.findResources('AWS::RDS::GlobalCluster'))[0].Properties
      .EngineVersion as string;
    homeTemplate.hasResourceProperties('AWS::RDS::DBCluster', {
      GlobalClusterIdentifier: 'multi-region-saas',
      EngineVersion: engineVersion,
      MasterUsername: 'dbadmin',
      EnableGlobalWriteForwarding: Match.absent(),
    });
    // The admin secret (for operators after a failover) is replicated under a generated name; the
    // applications use IAM tokens as the app user in every region.
    homeTemplate.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: Match.absent(),
      KmsKeyId: Match.anyValue(),
      ReplicaRegions: [{ Region: 'eu-west-1' }],
    });
    secondaryTemplate.hasResourceProperties('AWS::RDS::DBCluster', {
      GlobalClusterIdentifier: 'multi-region-saas',
      EngineVersion: engineVersion,
      MasterUsername: Match.absent(),
      MasterUserPassword: Match.absent(),
      EnableGlobalWriteForwarding: true,
      StorageEncrypted: true,
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DatabaseKey'), 'Arn'] },
    });
    expect(secondary.database.globalClusterRole).toBe('SECONDARY');
  });

  test('every region forwards only requests carrying the origin-verify secret, which CloudFront sends on every origin', () => {
    // The secret lives in the global stack, replicated to each other region under a fixed name.
    globalTemplate.hasResource('AWS::SecretsManager::Secret', {
      Properties: Match.objectLike({
        Name: 'MultiRegionSaas/cloudfront/origin-verify',
        ReplicaRegions: [{ Region: 'eu-west-1' }],
      }),
      DeletionPolicy: 'Delete',
    });
    const [distribution] = Object.values(globalTemplate.findResources('AWS::CloudFront::Distribution'));
    const origins = distribution.Properties.DistributionConfig.Origins as Array<{
      DomainName: string;
      OriginCustomHeaders?: Array<{ HeaderName: string; HeaderValue: unknown }>;
    }>;
    // Before: no header, and listeners forwarding everything the CloudFront prefix list admits (any
    // distribution of any account).
    expect(origins.length).toBeGreaterThanOrEqual(4);
    for (const origin of origins) {
      expect(origin.OriginCustomHeaders?.map((h) => h.HeaderName)).toEqual(['X-Origin-Verify']);
    }
    for (const regional of [homeTemplate, secondaryTemplate]) {
      const [listener] = Object.values(regional.findResources('AWS::ElasticLoadBalancingV2::Listener'));
      expect(listener.Properties.DefaultActions[0].Type).toBe('fixed-response');
      const [rule] = Object.values(regional.findResources('AWS::ElasticLoadBalancingV2::ListenerRule'));
      expect(rule.Properties.Conditions[0].HttpHeaderConfig).toEqual({
        HttpHeaderName: 'X-Origin-Verify',
        Values: ['{{resolve:secretsmanager:MultiRegionSaas/cloudfront/origin-verify:SecretString:::}}'],
      });
    }
  });

  test('the secondary region tasks get the reader endpoint with write forwarding and IAM tokens, no secret', () => {
    const [web] = Object.values(secondaryTemplate.findResources('AWS::ECS::TaskDefinition')).filter((t) =>
      JSON.stringify(t).includes('DATABASE_HOST'),
    );
    const container = web.Properties.ContainerDefinitions[0];
    const environment = Object.fromEntries(
      container.Environment.map((e: { Name: string; Value: unknown }) => [e.Name, e.Value]),
    );
    expect(environment.DATABASE_HOST).toEqual({
      'Fn::GetAtt': [expect.stringMatching(/^DatabaseCluster/), 'ReadEndpoint.Address'],
    });
    expect(environment.DATABASE_WRITER_HOST).toBeUndefined();
    expect(environment.DATABASE_WRITE_FORWARDING).toBe('true');
    expect(JSON.stringify(container.Secrets ?? [])).not.toContain('DATABASE_');
  });

  test('latency routing: one record per region on origin.<domain>, each with its own health check', () => {
    for (const region of ['us-east-1', 'eu-west-1']) {
      const routing = global.regionRouting.find((r) => r.region === region)!;
      const healthCheckId = global.resolve(
        (routing.healthCheck.node.defaultChild as unknown as { logicalId: string }).logicalId,
      );
      globalTemplate.hasResourceProperties('AWS::Route53::RecordSet', {
        Name: 'origin.example.com.',
        Type: 'CNAME',
        Region: region,
        SetIdentifier: region,
        ResourceRecords: [`${region}.origin.example.com`],
        HealthCheckId: { Ref: healthCheckId },
      });
      // The health check requests the region's readiness path through CloudFront.
      globalTemplate.hasResource('AWS::Route53::HealthCheck', {
        Properties: {
          HealthCheckConfig: Match.objectLike({
            Type: 'HTTPS',
            FullyQualifiedDomainName: 'app.example.com',
            ResourcePath: `/_region/${region}/`,
            Port: 443,
            EnableSNI: true,
            FailureThreshold: 3,
            RequestInterval: 30,
          }),
        },
      });
      expect(globalTemplate.toJSON().Resources[healthCheckId]).toBeDefined();
    }
  });

  test('each health path is a CloudFront behavior pinned to that region, uncached and read-only', () => {
    const distribution = Object.values(globalTemplate.findResources('AWS::CloudFront::Distribution'))[0];
    const config = distribution.Properties.DistributionConfig;
    for (const region of ['us-east-1', 'eu-west-1']) {
      const behavior = config.CacheBehaviors.find(
        (b: { PathPattern: string }) => b.PathPattern === `/_region/${region}/`,
      );
      expect(behavior).toBeDefined();
      expect(behavior.AllowedMethods).toEqual(['GET', 'HEAD']);
      expect(behavior.CachePolicyId).toBe('4135ea2d-6df8-44a3-9df3-4b5a84be39ad'); // CachingDisabled
      expect(behavior.FunctionAssociations).toHaveLength(1);
      const origin = config.Origins.find((o: { Id: string }) => o.Id === behavior.TargetOriginId);
      expect(origin.DomainName).toBe(`${region}.origin.example.com`);
      expect(origin.CustomOriginConfig.OriginProtocolPolicy).toBe('https-only');
    }
  });

  test('failover path: CloudFront retries on failover.origin.<domain>, home region primary, next region secondary', () => {
    const distribution = Object.values(globalTemplate.findResources('AWS::CloudFront::Distribution'))[0];
    const config = distribution.Properties.DistributionConfig;
    const group = config.OriginGroups.Items[0];
    const memberDomains = group.Members.Items.map(
      (m: { OriginId: string }) => config.Origins.find((o: { Id: string }) => o.Id === m.OriginId).DomainName,
    );
    expect(memberDomains).toEqual(['origin.example.com', 'failover.origin.example.com']);
    expect(group.FailoverCriteria.StatusCodes.Items).toEqual([500, 502, 503, 504]);
    expect(config.DefaultCacheBehavior.TargetOriginId).toBe(group.Id);
    // Writes bypass the origin group (CloudFront allows origin groups on read-only behaviors only).
    const api = config.CacheBehaviors.find((b: { PathPattern: string }) => b.PathPattern === '/api/*');
    expect(api.AllowedMethods).toContain('POST');

    const [primary, standby] = global.failoverRecords.map((r) =>
      global.resolve((r.node.defaultChild as never as { logicalId: string }).logicalId),
    );
    const resources = globalTemplate.toJSON().Resources;
    const healthCheckOf = (region: string) =>
      global.resolve(
        (
          global.regionRouting.find((r) => r.region === region)!.healthCheck.node.defaultChild as never as {
            logicalId: string;
          }
        ).logicalId,
      );
    expect(resources[primary].Properties).toMatchObject({
      Name: 'failover.origin.example.com.',
      Failover: 'PRIMARY',
      ResourceRecords: ['us-east-1.origin.example.com'],
      HealthCheckId: { Ref: healthCheckOf('us-east-1') },
    });
    expect(resources[standby].Properties).toMatchObject({
      Name: 'failover.origin.example.com.',
      Failover: 'SECONDARY',
      ResourceRecords: ['eu-west-1.origin.example.com'],
      HealthCheckId: { Ref: healthCheckOf('eu-west-1') },
    });
  });

  test('a region going unhealthy alarms in the global stack (to the alarm topic)', () => {
    for (const routing of global.regionRouting) {
      globalTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/Route53',
        MetricName: 'HealthCheckStatus',
        Dimensions: [
          { Name: 'HealthCheckId', Value: { Ref: Match.stringLikeRegexp(routing.healthCheck.node.id) } },
        ],
        ComparisonOperator: 'LessThanThreshold',
        Threshold: 1,
        AlarmActions: Match.anyValue(),
      });
    }
  });

  test("each region owns <region>.origin.<domain>, an alias of its ALB, on a certificate CloudFront's names match", () => {
    for (const [stack, region] of [
      [home, 'us-east-1'],
      [secondary, 'eu-west-1'],
    ] as const) {
      const t = template(stack);
      t.hasResourceProperties('AWS::Route53::RecordSet', {
        Name: `${region}.origin.example.com.`,
        Type: 'A',
        AliasTarget: Match.objectLike({ DNSName: Match.anyValue() }),
      });
      t.hasResourceProperties('AWS::CertificateManager::Certificate', {
        DomainName: `${region}.origin.example.com`,
        SubjectAlternativeNames: ['origin.example.com', 'failover.origin.example.com'],
        ValidationMethod: 'DNS',
      });
      t.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 443, Protocol: 'HTTPS' });
    }
  });

  test('per region: a WebService with at least 2 tasks, circuit breaker + alarm rollback, peaks in local time', () => {
    for (const [stack, timeZone] of [
      [home, 'America/New_York'],
      [secondary, 'Europe/Dublin'],
    ] as const) {
      const t = template(stack);
      t.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
        MinCapacity: 25,
        MaxCapacity: 60,
        ScheduledActions: Match.arrayWith([
          Match.objectLike({ Timezone: timeZone, ScalableTargetAction: { MinCapacity: 30 } }),
        ]),
      });
      t.hasResourceProperties('AWS::ECS::Service', {
        DeploymentConfiguration: Match.objectLike({
          DeploymentCircuitBreaker: { Enable: true, Rollback: true },
          Alarms: Match.objectLike({ Enable: true, Rollback: true }),
        }),
      });
      expect(stack.web.minCapacity).toBeGreaterThanOrEqual(2);
    }
  });

  test('per region: Network over 3 AZs, the session store, the queue worker and SLO alarms with actions', () => {
    for (const stack of regions) {
      const t = template(stack);
      expect(stack.network.vpc.availabilityZones).toHaveLength(3);
      t.resourceCountIs('AWS::ElastiCache::ReplicationGroup', 1);
      t.resourceCountIs('AWS::SQS::Queue', 2);
      t.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'TargetResponseTime',
        AlarmActions: Match.anyValue(),
      });
      expect(stack.observability.alarms.length).toBeGreaterThan(10);
    }
  });

  test('architecture snapshot, per stack', () => {
    for (const stack of [global, ...regions]) {
      expect(ArchitectureSummary.of(stack)).toMatchSnapshot(stack.stackName);
    }
  });
});

describe('MultiRegionSaas regions are settings', () => {
  test('adding a region adds its stack, its latency record and health check; removing it removes them', () => {
    const three = synth({
      regions: [
        { region: 'us-east-1', timeZone: 'America/New_York' },
        { region: 'eu-west-1', timeZone: 'Europe/Dublin' },
        { region: 'ap-southeast-2', timeZone: 'Australia/Sydney', minCapacity: 2, maxCapacity: 12 },
      ],
    });
    expect(three.regions.map((s) => s.stackName)).toEqual([
      'MultiRegionSaas-us-east-1',
      'MultiRegionSaas-eu-west-1',
      'MultiRegionSaas-ap-southeast-2',
    ]);
    const g = template(three.global);
    g.resourceCountIs('AWS::Route53::HealthCheck', 3);
    g.hasResourceProperties('AWS::Route53::RecordSet', {
      Region: 'ap-southeast-2',
      SetIdentifier: 'ap-southeast-2',
    });
    // The home region's secret is replicated to every other region.
    template(three.regions[0]).hasResourceProperties('AWS::SecretsManager::Secret', {
      ReplicaRegions: [{ Region: 'eu-west-1' }, { Region: 'ap-southeast-2' }],
    });
    const sydney = template(three.regions[2]);
    sydney.hasResourceProperties('AWS::RDS::DBCluster', { MasterUsername: Match.absent() });
    sydney.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      MinCapacity: 2,
      MaxCapacity: 12,
    });
  });

  test('another home region: its cluster is the writer and leads the failover records', () => {
    const moved = synth({
      homeRegion: 'eu-west-1',
      regions: [{ region: 'us-east-1' }, { region: 'eu-west-1' }],
    });
    expect(moved.regions.map((s) => [s.region, s.isHome])).toEqual([
      ['eu-west-1', true],
      ['us-east-1', false],
    ]);
    template(moved.regions[0]).hasResourceProperties('AWS::RDS::DBCluster', { MasterUsername: 'dbadmin' });
    template(moved.global).hasResourceProperties('AWS::Route53::RecordSet', {
      Failover: 'PRIMARY',
      ResourceRecords: ['eu-west-1.origin.example.com'],
    });
  });
});

describe('MultiRegionSaas invalid settings', () => {
  test('duplicate regions name the setting', () => {
    expect(
      problems({ regions: [{ region: 'us-east-1' }, { region: 'eu-west-1' }, { region: 'us-east-1' }] }),
    ).toEqual([
      expect.stringMatching(
        /^`multi-region-saas\.regions\[2\]\.region`: duplicate region 'us-east-1' \(already regions\[0\]\.region\)/,
      ),
    ]);
  });

  test('a home region missing from the list', () => {
    expect(problems({ homeRegion: 'eu-central-1' })).toEqual([
      expect.stringMatching(
        /^`multi-region-saas\.homeRegion`: must be one of the regions listed in `regions` \(us-east-1, eu-west-1\), got: "eu-central-1"/,
      ),
    ]);
  });

  test('an unknown region name', () => {
    const [problem] = problems({ regions: [{ region: 'us-east-1' }, { region: 'eu-west-9' }] });
    expect(problem).toMatch(
      /^`multi-region-saas\.regions\[1\]\.region`: 'eu-west-9' is not a region these blueprints know offline \(ap-northeast-1, /,
    );
    expect(problem).toMatch(/got: "eu-west-9"$/);
  });

  test('fewer than two regions', () => {
    expect(problems({ regions: [{ region: 'us-east-1' }] })[0]).toMatch(
      /^`multi-region-saas\.regions`: must list at least two regions/,
    );
  });

  test('capacity: at least 2 tasks per region, max ≥ min, peaks within the bounds', () => {
    const found = problems({
      regions: [
        { region: 'us-east-1', minCapacity: 1 },
        {
          region: 'eu-west-1',
          minCapacity: 4,
          maxCapacity: 3,
          peaks: [{ start: '08:00', end: '18:00', minCapacity: 50 }],
        },
      ],
    });
    expect(found.join('\n')).toMatch(/`multi-region-saas\.regions\[0\]\.minCapacity`/);
    expect(found.join('\n')).toMatch(
      /`multi-region-saas\.regions\[1\]\.maxCapacity`: must be at least regions\[1\]\.minCapacity \(4\)/,
    );
    expect(found.join('\n')).toMatch(/`multi-region-saas\.regions\[1\]\.peaks\[0\]\.minCapacity`/);
  });

  test('an unknown time zone and a malformed peak time', () => {
    const found = problems({
      regions: [
        { region: 'us-east-1', timeZone: 'Mars/Olympus' },
        { region: 'eu-west-1', peaks: [{ start: '25:00', end: '18:00', minCapacity: 4 }] },
      ],
    });
    expect(found.join('\n')).toMatch(
      /`multi-region-saas\.regions\[0\]\.timeZone`: must be an IANA time zone/,
    );
    expect(found.join('\n')).toMatch(
      /`multi-region-saas\.regions\[1\]\.peaks\[0\]\.start`: must be a local time/,
    );
  });

  test('through the app context, the error names the blueprint and fails before any stack is built', () => {
    expect(() => synth({ regions: [{ region: 'us-east-1' }, { region: 'us-east-1' }] })).toThrow(
      /Invalid settings for blueprint 'multi-region-saas'/,
    );
  });
});

describe('MultiRegionSaas sessions that follow users (cache.globalDatastore)', () => {
  const PARTITION = 'aws';
  const HOME_SECRET = `arn:${PARTITION}:secretsmanager:us-east-1:123456789012:secret:SessionsAuthSecret0A1B2C3D-AbCdEf`;

  test('the home region replicates its AUTH secret and outputs what the others need; they stay regional until it is set', () => {
    const { regions } = synth({ cache: { globalDatastore: true } });
    const [home, other] = regions.map(template);
    // A generated name: a fixed one, retained with the cache, would block a re-created stack.
    home.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: Match.absent(),
      ReplicaRegions: [Match.objectLike({ Region: 'eu-west-1' })],
    });
    home.hasOutput('SessionsAuthSecretArn', {});
    home.hasOutput('SessionsGlobalReplicationGroupId', {});
    home.resourceCountIs('AWS::ElastiCache::GlobalReplicationGroup', 1);
    other.resourceCountIs('AWS::ElastiCache::GlobalReplicationGroup', 0);
    other.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      GlobalReplicationGroupId: Match.absent(),
    });
  });

  test('with the datastore id and the secret ARN, the other region joins and reads the replica by its complete ARN', () => {
    const { regions } = synth({
      cache: {
        globalDatastore: true,
        globalReplicationGroupId: 'ldgnf-multiregionsaas-sessions',
        authSecretArn: HOME_SECRET,
      },
    });
    const other = template(regions[1]);
    other.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      GlobalReplicationGroupId: 'ldgnf-multiregionsaas-sessions',
    });
    // ECS resolves only complete ARNs (with the 6-character suffix) at task start: the replica keeps
    // the name and suffix, in this region.
    const containers = Object.values(other.findResources('AWS::ECS::TaskDefinition')).flatMap(
      (t) => t.Properties.ContainerDefinitions,
    );
    const authToken = containers
      .flatMap((c: { Secrets?: Array<{ Name: string; ValueFrom: unknown }> }) => c.Secrets ?? [])
      .find((s: { Name: string }) => s.Name === 'CACHE_AUTH_TOKEN');
    expect(authToken?.ValueFrom).toBe(HOME_SECRET.replace('us-east-1', 'eu-west-1'));
  });

  test('the datastore id without the secret ARN (or the reverse) is a settings error naming both', () => {
    expect(() =>
      synth({ cache: { globalDatastore: true, globalReplicationGroupId: 'ldgnf-multiregionsaas-sessions' } }),
    ).toThrow(/multi-region-saas\.cache\.authSecretArn`: required together with the other one/);
  });
});
