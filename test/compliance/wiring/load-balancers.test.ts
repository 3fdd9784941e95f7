import { DnsIndex, certificateCovers, isElbDnsName } from '../../../lib/compliance/wiring/load-balancers';
import { AppModel } from '../../../lib/compliance/wiring/template-model';
import { WiringContext } from '../../../lib/compliance/wiring/wiring-context';

const alb = { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: {} };
const aliasTo = (name: string) => ({
  Type: 'AWS::Route53::RecordSet',
  Properties: {
    Name: `${name}.`,
    Type: 'A',
    AliasTarget: { DNSName: { 'Fn::Join': ['', ['dualstack.', { 'Fn::GetAtt': ['Alb', 'DNSName'] }]] } },
  },
});
const latency = (region: string) => ({
  Type: 'AWS::Route53::RecordSet',
  Properties: {
    Name: 'origin.example.com.',
    Type: 'CNAME',
    Region: region,
    ResourceRecords: [`${region}.origin.example.com`],
  },
});

describe('DnsIndex', () => {
  // A global stack with latency records, and one regional stack per region with an alias to its ALB.
  const context = new WiringContext(
    AppModel.fromTemplates([
      {
        stackName: 'Global',
        template: { Resources: { UsEast1: latency('us-east-1'), EuWest1: latency('eu-west-1') } },
      },
      {
        stackName: 'UsEast1',
        template: { Resources: { Alb: alb, Record: aliasTo('us-east-1.origin.example.com') } },
      },
      {
        stackName: 'EuWest1',
        template: { Resources: { Alb: alb, Record: aliasTo('eu-west-1.origin.example.com') } },
      },
    ]),
  );
  const dns = DnsIndex.of(context);
  const global = context.model.templates[0];

  test("follows latency CNAMEs across stacks to each region's load balancer, keeping the names walked", () => {
    const endpoints = dns.endpoints('origin.example.com', global);
    expect(
      endpoints.map((e) =>
        e.kind === 'loadBalancer' ? `${e.loadBalancer.resource.uid} ${e.names.join(' > ')}` : e.kind,
      ),
    ).toEqual([
      '1/Alb origin.example.com > us-east-1.origin.example.com',
      '2/Alb origin.example.com > eu-west-1.origin.example.com',
    ]);
  });

  test("a load balancer's own DNS name leads to it with no name walked", () => {
    const [endpoint] = dns.endpoints({ 'Fn::GetAtt': ['Alb', 'DNSName'] }, context.model.templates[1]);
    expect(endpoint).toMatchObject({ kind: 'loadBalancer', names: [] });
  });

  test('a name no record of the app defines is external; a deploy-time name is unknown', () => {
    expect(dns.endpoints('www.example.org', global)).toEqual([
      { kind: 'external', name: 'www.example.org', names: ['www.example.org'] },
    ]);
    expect(dns.endpoints({ Ref: 'SomeParameter' }, global)[0].kind).toBe('unknown');
  });
});

describe('certificate names', () => {
  test.each([
    ['origin.example.com', 'origin.example.com', true],
    ['*.example.com', 'origin.example.com', true],
    ['*.example.com', 'a.origin.example.com', false],
    ['*.example.com', 'example.com', false],
    ['other.example.com', 'origin.example.com', false],
  ])('%s covers %s: %s', (certificate, host, covered) => {
    expect(certificateCovers(certificate, host)).toBe(covered);
  });

  test('raw load balancer names are recognized in every partition', () => {
    expect(isElbDnsName('my-alb-123.eu-west-1.elb.amazonaws.com')).toBe(true);
    expect(isElbDnsName('internal-my-alb-123.cn-north-1.elb.amazonaws.com.cn')).toBe(true);
    expect(isElbDnsName('origin.example.com')).toBe(false);
  });
});
