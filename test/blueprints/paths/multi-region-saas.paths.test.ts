// Every request path of multi-region-saas, across its three stacks, walked through the synthesized
// templates, each with a broken twin that must fail.
import { addMultiRegionSaas } from '../../../blueprints/multi-region-saas';
import { testApp } from '../../support/app';
import {
  admits,
  allows,
  broken,
  containerSettings,
  Json,
  resource,
  resources,
  target,
  templatesOf,
  wiringFindings,
  wiringRules,
  taskProblems,
  withoutTmpInit,
} from './support';

const PARTITION = 'aws';
const HOME_SECRET = `arn:${PARTITION}:secretsmanager:us-east-1:123456789012:secret:SessionsAuthSecret-AbCdEf`;

function synthesize(settings: Record<string, unknown> = {}) {
  const app = testApp({ context: { 'multi-region-saas': settings } });
  addMultiRegionSaas(app);
  return templatesOf(app);
}

const templates = synthesize();
const byName = (name: string): Json => templates.find((t) => t.stackName === name)!.template as Json;
const global = byName('MultiRegionSaas-Global');
const home = byName('MultiRegionSaas-us-east-1');
const secondary = byName('MultiRegionSaas-eu-west-1');
const stackIndex = (name: string) => templates.findIndex((t) => t.stackName === name);

function webTask(t: Json): { taskDefinition: Json; serviceGroup: string } {
  const [, service] = resource(t, 'AWS::ECS::Service', 'WebService');
  return {
    taskDefinition: t.Resources[target(service.Properties.TaskDefinition)!],
    serviceGroup: target(service.Properties.NetworkConfiguration.AwsvpcConfiguration.SecurityGroups[0])!,
  };
}

describe('multi-region-saas: every path holds', () => {
  test('every task: its non-root user can write /tmp (opened by TmpInit first), and its containers fit the task', () => {
    expect(templates.length).toBeGreaterThan(0);
    expect(taskProblems(templates)).toEqual([]);
    // The broken twin: without the init container, /tmp is root-owned 0755 for a non-root app.
    expect(taskProblems(withoutTmpInit(templates)).join('\n')).toMatch(/no container opens it first/);
  });

  test('the wiring gate finds nothing across the global and regional stacks', () => {
    expect(wiringFindings(templates)).toEqual([]);
  });

  test('viewer → CloudFront → origin.<domain> (latency records) → each region: HTTPS:443 to a name its certificate covers, with the origin-verify header the listener requires', () => {
    const [, distribution] = resource(global, 'AWS::CloudFront::Distribution');
    const latency = distribution.Properties.DistributionConfig.Origins.find(
      (o: Json) => o.DomainName === 'origin.example.com',
    );
    expect(latency.CustomOriginConfig.OriginProtocolPolicy).toBe('https-only');
    expect(latency.OriginCustomHeaders.map((h: Json) => h.HeaderName)).toEqual(['X-Origin-Verify']);
    const latencyRecords = resources(global, 'AWS::Route53::RecordSet').filter(
      ([, r]) => r.Properties.Name === 'origin.example.com.',
    );
    expect(latencyRecords.map(([, r]) => r.Properties.ResourceRecords[0]).sort()).toEqual([
      'eu-west-1.origin.example.com',
      'us-east-1.origin.example.com',
    ]);
    for (const [region, t] of [
      ['us-east-1', home],
      ['eu-west-1', secondary],
    ] as const) {
      const [, certificate] = resource(t, 'AWS::CertificateManager::Certificate');
      expect([certificate.Properties.DomainName, ...certificate.Properties.SubjectAlternativeNames]).toEqual(
        expect.arrayContaining([`${region}.origin.example.com`, 'origin.example.com']),
      );
      const [, listener] = resource(t, 'AWS::ElasticLoadBalancingV2::Listener');
      expect([listener.Properties.Protocol, listener.Properties.Port]).toEqual(['HTTPS', 443]);
      expect(listener.Properties.DefaultActions[0].Type).toBe('fixed-response');
      const [, rule] = resource(t, 'AWS::ElasticLoadBalancingV2::ListenerRule');
      expect(rule.Properties.Conditions[0].HttpHeaderConfig.HttpHeaderName).toBe('X-Origin-Verify');
    }
  });

  test('Route 53 health check → CloudFront → each region’s readiness path, on the port and name CloudFront serves', () => {
    for (const [, check] of resources(global, 'AWS::Route53::HealthCheck')) {
      const config = check.Properties.HealthCheckConfig;
      expect([config.Type, config.Port, config.FullyQualifiedDomainName]).toEqual([
        'HTTPS',
        443,
        'app.example.com',
      ]);
      expect(config.ResourcePath).toMatch(/^\/_region\/(us-east-1|eu-west-1)\//);
    }
  });

  test('secondary region: the reader endpoint with write forwarding, IAM tokens on its own cluster, no secret', () => {
    const web = webTask(secondary);
    const [clusterId, cluster] = resource(secondary, 'AWS::RDS::DBCluster');
    const { environment, secrets } = containerSettings(web.taskDefinition);
    expect(environment.DATABASE_HOST).toEqual({ 'Fn::GetAtt': [clusterId, 'ReadEndpoint.Address'] });
    expect(environment.DATABASE_WRITE_FORWARDING).toBe('true');
    expect(cluster.Properties.EnableGlobalWriteForwarding).toBe(true);
    expect(Object.keys(secrets).filter((name) => name.startsWith('DATABASE_'))).toEqual([]);
    const taskRole = target(web.taskDefinition.Properties.TaskRoleArn)!;
    expect(allows(secondary, taskRole, 'rds-db:connect', clusterId, 'DBClusterResourceId', '/app')).toBe(
      true,
    );
    expect(
      admits(
        secondary,
        target(cluster.Properties.VpcSecurityGroupIds[0])!,
        web.serviceGroup,
        cluster.Properties.Port,
      ),
    ).toBe(true);
  });

  test('home region: through the RDS Proxy (end-to-end IAM), admitted on its port', () => {
    const web = webTask(home);
    const [proxyId, proxy] = resource(home, 'AWS::RDS::DBProxy');
    expect(proxy.Properties.DefaultAuthScheme).toBe('IAM_AUTH');
    const { environment } = containerSettings(web.taskDefinition);
    expect(target(environment.DATABASE_HOST)).toBe(proxyId);
    expect(admits(home, target(proxy.Properties.VpcSecurityGroupIds[0])!, web.serviceGroup, 5432)).toBe(true);
  });
});

describe('multi-region-saas: each broken twin fails the walk', () => {
  test.each<[string, string, (t: Json) => void, string]>([
    [
      'CloudFront no longer sends the origin-verify header to origin.<domain>',
      'MultiRegionSaas-Global',
      (t) => {
        const [, distribution] = resource(t, 'AWS::CloudFront::Distribution');
        for (const origin of distribution.Properties.DistributionConfig.Origins)
          delete origin.OriginCustomHeaders;
      },
      'Wiring-OriginBypass',
    ],
    [
      "a region's listener forwards everything",
      'MultiRegionSaas-eu-west-1',
      (t) => {
        const [ruleId] = resource(t, 'AWS::ElasticLoadBalancingV2::ListenerRule');
        const [, listener] = resource(t, 'AWS::ElasticLoadBalancingV2::Listener');
        listener.Properties.DefaultActions = t.Resources[ruleId].Properties.Actions;
        delete t.Resources[ruleId];
      },
      'Wiring-OriginBypass',
    ],
    [
      'a health check on a port nothing listens on',
      'MultiRegionSaas-Global',
      (t) => {
        const [, check] = resource(t, 'AWS::Route53::HealthCheck', 'UsEast1');
        check.Properties.HealthCheckConfig.Port = 8443;
      },
      'Wiring-HealthCheckTarget',
    ],
    [
      "the secondary's tasks given its (writer-less) cluster endpoint",
      'MultiRegionSaas-eu-west-1',
      (t) => {
        const [clusterId] = resource(t, 'AWS::RDS::DBCluster');
        const web = webTask(t);
        const host = web.taskDefinition.Properties.ContainerDefinitions[0].Environment.find(
          (e: Json) => e.Name === 'DATABASE_HOST',
        );
        host.Value = { 'Fn::GetAtt': [clusterId, 'Endpoint.Address'] };
      },
      'Wiring-SecondaryWriterEndpoint',
    ],
  ])('%s', (_name, stackName, change, rule) => {
    const index = stackIndex(stackName);
    expect(wiringRules(broken(templates, (copies) => change(copies[index])))).toContain(rule);
  });
});

describe('multi-region-saas with sessions that follow users (Global Datastore)', () => {
  const joined = synthesize({
    cache: { globalDatastore: true, globalReplicationGroupId: 'ldgnf-sessions', authSecretArn: HOME_SECRET },
  });
  const away = joined.findIndex((t) => t.stackName === 'MultiRegionSaas-eu-west-1');

  test('the secondary reads the AUTH token by the replica’s complete ARN: nothing to report', () => {
    expect(wiringFindings(joined)).toEqual([]);
    const { secrets } = containerSettings(webTask(joined[away].template as Json).taskDefinition);
    expect(secrets.CACHE_AUTH_TOKEN).toBe(HOME_SECRET.replace('us-east-1', 'eu-west-1'));
  });

  test('broken: by name (a partial ARN, as before), ECS would fail at task start', () => {
    const copy = broken(joined, (copies) => {
      const web = webTask(copies[away]);
      const secret = web.taskDefinition.Properties.ContainerDefinitions[0].Secrets.find(
        (s: Json) => s.Name === 'CACHE_AUTH_TOKEN',
      );
      secret.ValueFrom = `arn:${PARTITION}:secretsmanager:eu-west-1:123456789012:secret:MultiRegionSaas/sessions/auth-token`;
    });
    expect(wiringRules(copy)).toContain('Wiring-SecretArn');
  });
});
