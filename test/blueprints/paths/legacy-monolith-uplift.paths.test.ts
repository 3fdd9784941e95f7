// The paths legacy-monolith-uplift adds to an existing application, walked through the synthesized
// template, each with a broken twin that must fail.
import { addLegacyMonolithUplift } from '../../../blueprints/legacy-monolith-uplift';
import { testApp } from '../../support/app';
import {
  admits,
  broken,
  containerSettings,
  referencedIds,
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
const STRANGLER = {
  enabled: true,
  image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders-service:1.0.0',
  originDomainName: 'orders-origin.example.com',
  certificateArn: `arn:${PARTITION}:acm:eu-west-1:123456789012:certificate/0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9`,
};
const MONOLITH_GROUP = 'sg-0a1b2c3d4e5f60003';

function synthesize(settings: Record<string, unknown> = {}) {
  const app = testApp({ context: { 'legacy-monolith-uplift': settings } });
  addLegacyMonolithUplift(app);
  return templatesOf(app);
}

/** Ingress into a group from the monolith's security group, on a port. */
function admitsMonolith(t: Json, groupId: string, port: number): boolean {
  return resources(t, 'AWS::EC2::SecurityGroupIngress').some(
    ([, r]) =>
      target(r.Properties.GroupId) === groupId &&
      r.Properties.SourceSecurityGroupId === MONOLITH_GROUP &&
      r.Properties.FromPort <= port &&
      port <= r.Properties.ToPort,
  );
}

describe('legacy-monolith-uplift: the monolith reaches what the stack adds', () => {
  const templates = synthesize();
  const t = templates[0].template as Json;

  test('the wiring gate finds nothing', () => {
    expect(wiringFindings(templates)).toEqual([]);
  });

  test('the monolith → session store (6379), read replicas (the instance port) and proxy (5432)', () => {
    const [, cache] = resource(t, 'AWS::ElastiCache::ReplicationGroup');
    expect(admitsMonolith(t, target(cache.Properties.SecurityGroupIds[0])!, 6379)).toBe(true);
    const [, replica] = resource(t, 'AWS::RDS::DBInstance', 'DatabaseReplica1');
    expect(admitsMonolith(t, target(replica.Properties.VPCSecurityGroups[0])!, 5432)).toBe(true);
    const [, proxy] = resource(t, 'AWS::RDS::DBProxy');
    expect(admitsMonolith(t, target(proxy.Properties.VpcSecurityGroupIds[0])!, 5432)).toBe(true);
  });

  test('broken: without the monolith security groups, the session store admits no one', () => {
    const copy = broken(templates, ([c]) => {
      for (const [id, r] of resources(c, 'AWS::EC2::SecurityGroupIngress')) {
        if (r.Properties.SourceSecurityGroupId === MONOLITH_GROUP) delete c.Resources[id];
      }
    });
    expect(wiringRules(copy)).toContain('Wiring-UnreachableStore');
  });
});

describe('legacy-monolith-uplift: the strangler route', () => {
  test('every task: its non-root user can write /tmp (opened by TmpInit first), and its containers fit the task', () => {
    expect(templates.length).toBeGreaterThan(0);
    expect(taskProblems(templates)).toEqual([]);
    // The broken twin: without the init container, /tmp is root-owned 0755 for a non-root app.
    expect(taskProblems(withoutTmpInit(templates)).join('\n')).toMatch(/no container opens it first/);
  });

  const templates = synthesize({ strangler: STRANGLER });
  const t = templates[0].template as Json;

  test('the wiring gate finds nothing', () => {
    expect(wiringFindings(templates)).toEqual([]);
  });

  test('CloudFront → the strangler’s ALB by a name its certificate covers, with the header its listener requires; the service reaches the proxy', () => {
    const [, distribution] = resource(t, 'AWS::CloudFront::Distribution');
    const origin = distribution.Properties.DistributionConfig.Origins.find(
      (o: Json) => o.DomainName === STRANGLER.originDomainName,
    );
    expect(origin.CustomOriginConfig.OriginProtocolPolicy).toBe('https-only');
    expect(origin.OriginCustomHeaders.map((h: Json) => h.HeaderName)).toEqual(['X-Origin-Verify']);
    const [, listener] = resource(t, 'AWS::ElasticLoadBalancingV2::Listener');
    expect(listener.Properties.DefaultActions[0].Type).toBe('fixed-response');
    const [, service] = resource(t, 'AWS::ECS::Service');
    const serviceGroup = target(
      service.Properties.NetworkConfiguration.AwsvpcConfiguration.SecurityGroups[0],
    )!;
    const [proxyId, proxy] = resource(t, 'AWS::RDS::DBProxy');
    expect(admits(t, target(proxy.Properties.VpcSecurityGroupIds[0])!, serviceGroup, 5432)).toBe(true);
    const { environment } = containerSettings(t.Resources[target(service.Properties.TaskDefinition)!]);
    expect(target(environment.DATABASE_HOST)).toBe(proxyId);
  });

  /**
   * The origin-verify path: the strangler origin sends the header its listener's forwarding rule
   * requires, with a value from the same secret. (The wiring gate cannot follow the strangler's DNS
   * name, which lives outside the app: the walk proves it here.)
   */
  function headerPathHolds(c: Json): boolean {
    const [, distribution] = resource(c, 'AWS::CloudFront::Distribution');
    const origin = distribution.Properties.DistributionConfig.Origins.find(
      (o: Json) => o.DomainName === STRANGLER.originDomainName,
    );
    const header = (origin.OriginCustomHeaders as Json[] | undefined)?.find(
      (h) => h.HeaderName === 'X-Origin-Verify',
    );
    const [, rule] = resource(c, 'AWS::ElasticLoadBalancingV2::ListenerRule');
    const condition = rule.Properties.Conditions[0].HttpHeaderConfig;
    if (!header || condition.HttpHeaderName !== header.HeaderName) return false;
    const secrets = (value: unknown) =>
      referencedIds(value).filter((id) => id.includes('OriginVerifySecret'));
    return (
      secrets(header.HeaderValue).length === 1 &&
      secrets(header.HeaderValue)[0] === secrets(condition.Values)[0]
    );
  }

  test('the strangler origin sends the header, from the secret, that the listener requires', () => {
    expect(headerPathHolds(t)).toBe(true);
  });

  test.each<[string, (c: Json) => void]>([
    [
      'the strangler behaviour without the header',
      (c) => {
        const [, distribution] = resource(c, 'AWS::CloudFront::Distribution');
        for (const origin of distribution.Properties.DistributionConfig.Origins)
          delete origin.OriginCustomHeaders;
      },
    ],
    [
      'the listener requiring another header',
      (c) => {
        const [, rule] = resource(c, 'AWS::ElasticLoadBalancingV2::ListenerRule');
        rule.Properties.Conditions[0].HttpHeaderConfig.HttpHeaderName = 'X-Other';
      },
    ],
  ])('broken: %s', (_name, change) => {
    const [copy] = broken(templates, ([c]) => change(c));
    expect(headerPathHolds(copy.template as Json)).toBe(false);
  });
});
