import { Template, Match } from 'aws-cdk-lib/assertions';
import {
  addLegacyMonolithUplift,
  LEGACY_MONOLITH_UPLIFT,
  LegacyMonolithUpliftStack,
} from '../../blueprints/legacy-monolith-uplift';
import { BlueprintSettingsError } from '../../blueprints/settings';
import { CacheUsage } from '../../lib/cache/cache-cluster';
import { testApp } from '../support/app';
import { ArchitectureSummary } from '../../lib';

const PARTITION = 'aws';
const CERTIFICATE_ARN = `arn:${PARTITION}:acm:eu-west-1:123456789012:certificate/0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9`;
const STRANGLER_ON = {
  enabled: true,
  image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders-service:1.0.0',
  originDomainName: 'orders-origin.example.com',
  certificateArn: CERTIFICATE_ARN,
};

/** The blueprint as `cdk synth -c blueprint=legacy-monolith-uplift` builds it, with these settings. */
function build(settings: Record<string, unknown> = {}): LegacyMonolithUpliftStack {
  return addLegacyMonolithUplift(testApp({ context: { [LEGACY_MONOLITH_UPLIFT]: settings } }));
}

// Synthesized once each and shared: built-in validation is off, but a synth still takes a moment.
const defaults = build();
const defaultTemplate = Template.fromStack(defaults);
const withStrangler = build({ strangler: STRANGLER_ON });
const stranglerTemplate = Template.fromStack(withStrangler);

describe('LegacyMonolithUplift architecture', () => {
  test('snapshot with the default settings', () => {
    expect(ArchitectureSummary.of(defaults)).toMatchSnapshot();
  });

  test('snapshot with the strangler route', () => {
    expect(ArchitectureSummary.of(withStrangler)).toMatchSnapshot();
  });

  test('one stack, named by the settings, in the configured environment', () => {
    expect(defaults.stackName).toBe('LegacyMonolithUplift');
    expect(defaults.account).toBe('123456789012');
    expect(defaults.region).toBe('eu-west-1');
    const renamed = build({ stackName: 'ShopUplift', environment: { account: '210987654321' } });
    expect(renamed.stackName).toBe('ShopUplift');
    expect(renamed.account).toBe('210987654321');
  });
});

describe('nothing is created for the existing VPC, database and origin', () => {
  test.each(['AWS::EC2::VPC', 'AWS::EC2::Subnet', 'AWS::EC2::RouteTable', 'AWS::EC2::NatGateway'])(
    'no %s',
    (type) => {
      defaultTemplate.resourceCountIs(type, 0);
      stranglerTemplate.resourceCountIs(type, 0);
    },
  );

  test('the only DB instances are read replicas of the given instance', () => {
    const instances = defaultTemplate.findResources('AWS::RDS::DBInstance');
    expect(Object.keys(instances)).toHaveLength(1);
    for (const instance of Object.values(instances)) {
      expect(instance.Properties.SourceDBInstanceIdentifier).toBe(
        `arn:${PARTITION}:rds:eu-west-1:123456789012:db:legacy-monolith-db`,
      );
    }
    expect(build({ database: { readReplicas: 3 } }).database.readReplicaInstances).toHaveLength(3);
  });

  test('no database cluster, and no parameter group or option change on the existing instance', () => {
    defaultTemplate.resourceCountIs('AWS::RDS::DBCluster', 0);
    // The one parameter group belongs to the replicas (their slow-query log).
    defaultTemplate.resourceCountIs('AWS::RDS::DBParameterGroup', 1);
    defaultTemplate.hasResourceProperties('AWS::RDS::DBInstance', {
      DBParameterGroupName: { Ref: Match.stringLikeRegexp('DatabaseParameterGroup') },
    });
  });

  test('the existing origin is reached by its DNS name; no load balancer is created without the strangler', () => {
    defaultTemplate.resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 0);
    defaultTemplate.resourceCountIs('AWS::ECS::Service', 0);
    defaultTemplate.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Origins: [Match.objectLike({ DomainName: 'origin.legacy-monolith.example.com' })],
      }),
    });
  });

  test('the only change to the existing database security group is ingress from the proxy', () => {
    const ingress = defaultTemplate.findResources('AWS::EC2::SecurityGroupIngress', {
      Properties: { GroupId: 'sg-0a1b2c3d4e5f60002' },
    });
    expect(Object.values(ingress).map((r) => r.Properties.SourceSecurityGroupId)).toEqual([
      { 'Fn::GetAtt': [expect.stringMatching(/^DatabaseProxySecurityGroup/), 'GroupId'] },
    ]);
  });
});

describe('the monolith reaches what this stack adds', () => {
  test('its security groups are admitted to the session store, the read replicas and the proxy, on their ports only', () => {
    // Before: nothing admitted the monolith, so the session store, the replicas and the proxy were
    // unreachable for the application they were added for.
    const fromMonolith = Object.values(
      defaultTemplate.findResources('AWS::EC2::SecurityGroupIngress', {
        Properties: { SourceSecurityGroupId: 'sg-0a1b2c3d4e5f60003' },
      }),
    ).map((r) => [JSON.stringify(r.Properties.GroupId), r.Properties.FromPort, r.Properties.ToPort]);
    expect(fromMonolith).toEqual(
      expect.arrayContaining([
        [expect.stringContaining('SessionStoreSecurityGroup'), 6379, 6379],
        [expect.stringContaining('DatabaseSecurityGroup'), 5432, 5432],
        [expect.stringContaining('DatabaseProxySecurityGroup'), 5432, 5432],
      ]),
    );
    expect(fromMonolith).toHaveLength(3);
  });

  test('without them, the synth says nothing can reach what the stack adds', () => {
    const stack = build({ app: { securityGroupIds: [] } });
    const warnings = stack.node.metadata
      .filter((m) => m.type === 'aws:cdk:warning')
      .map((m) => String(m.data));
    expect(warnings).toEqual([
      expect.stringContaining('`legacy-monolith-uplift.app.securityGroupIds` is empty'),
    ]);
  });
});

describe('CloudFront in front of the existing origin', () => {
  test('static paths get the far-future cache policy', () => {
    defaultTemplate.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        CacheBehaviors: [
          Match.objectLike({ PathPattern: '/static/*' }),
          Match.objectLike({ PathPattern: '/assets/*' }),
        ],
        WebACLId: Match.stringLikeRegexp('global/webacl/legacy-monolith-edge/'),
        PriceClass: 'PriceClass_100',
      }),
    });
    defaultTemplate.hasResourceProperties('AWS::CloudFront::CachePolicy', {
      CachePolicyConfig: Match.objectLike({ DefaultTTL: 365 * 24 * 3600 }),
    });
  });

  test('anonymous pages are cached briefly, keyed on the session cookie', () => {
    defaultTemplate.hasResourceProperties('AWS::CloudFront::CachePolicy', {
      CachePolicyConfig: Match.objectLike({
        DefaultTTL: 60,
        ParametersInCacheKeyAndForwardedToOrigin: Match.objectLike({
          CookiesConfig: { CookieBehavior: 'whitelist', Cookies: ['session'] },
        }),
      }),
    });
  });

  test('serves the site names with their us-east-1 certificate, TLS 1.2 minimum', () => {
    const certificateArn = CERTIFICATE_ARN.replace('eu-west-1', 'us-east-1');
    const template = Template.fromStack(
      build({ edge: { domainNames: ['www.example.com'], certificateArn } }),
    );
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['www.example.com'],
        ViewerCertificate: Match.objectLike({
          AcmCertificateArn: certificateArn,
          MinimumProtocolVersion: 'TLSv1.2_2021',
        }),
      }),
    });
  });

  test('outputs the CloudFront domain name for the DNS switch', () => {
    defaultTemplate.hasOutput('CloudFrontDomainName', {
      Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('Cdn'), 'DomainName'] },
    });
  });
});

describe('session store', () => {
  test('a multi-AZ, encrypted Valkey SESSION_STORE', () => {
    expect(defaults.sessionStore.usage).toBe(CacheUsage.SESSION_STORE);
    defaultTemplate.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      Engine: 'valkey',
      CacheNodeType: 'cache.t4g.small',
      MultiAZEnabled: true,
      AutomaticFailoverEnabled: true,
      TransitEncryptionEnabled: true,
      AtRestEncryptionEnabled: true,
    });
  });

  test('connection details in SSM Parameter Store under the configured prefix, AUTH token in Secrets Manager', () => {
    for (const name of ['host', 'port', 'tls', 'engine', 'auth-secret-arn']) {
      defaultTemplate.hasResourceProperties('AWS::SSM::Parameter', {
        Name: `/legacy-monolith-uplift/session-store/${name}`,
      });
    }
    defaultTemplate.resourceCountIs('AWS::SecretsManager::Secret', 1);
    defaultTemplate.hasOutput('SessionStoreParameterPrefix', {
      Value: '/legacy-monolith-uplift/session-store',
    });
    defaultTemplate.hasOutput('SessionStoreAuthSecretArn', Match.anyValue());
  });

  test("the monolith's role may read them and connect through the proxy", () => {
    defaultTemplate.hasResourceProperties('AWS::IAM::Policy', {
      Roles: ['legacy-monolith-app'],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: Match.arrayWith(['ssm:GetParameter']) }),
          Match.objectLike({ Action: 'rds-db:connect' }),
        ]),
      },
    });
    const noRole = Template.fromStack(build({ app: { roleArn: null } }));
    expect(
      noRole.findResources('AWS::IAM::Policy', { Properties: { Roles: ['legacy-monolith-app'] } }),
    ).toEqual({});
  });
});

describe('read replicas and RDS Proxy for the existing database', () => {
  test('the proxy targets the given instance, requires TLS, uses its secret', () => {
    defaultTemplate.hasResourceProperties('AWS::RDS::DBProxyTargetGroup', {
      DBInstanceIdentifiers: ['legacy-monolith-db'],
    });
    defaultTemplate.hasResourceProperties('AWS::RDS::DBProxy', {
      RequireTLS: true,
      EngineFamily: 'POSTGRESQL',
      Auth: [Match.objectLike({ SecretArn: Match.stringLikeRegexp('secret:legacy-monolith-db-AbCdEf') })],
    });
    expect(
      Template.fromStack(build({ database: { secretArn: null } })).findResources('AWS::RDS::DBProxy'),
    ).toEqual({});
  });

  test("a secret under a customer-managed key: the proxy's role may decrypt with that key (and only then)", () => {
    const keyArn = `arn:${PARTITION}:kms:eu-west-1:123456789012:key/0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9`;
    const proxyPolicies = (t: Template) =>
      Object.values(t.findResources('AWS::IAM::Policy')).filter((p) =>
        JSON.stringify(p.Properties.Roles).includes('DatabaseProxyIAMRole'),
      );
    const decrypts = (t: Template) =>
      proxyPolicies(t).flatMap((p) =>
        (
          p.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>
        ).filter((s) => [s.Action].flat().includes('kms:Decrypt')),
      );
    expect(proxyPolicies(defaultTemplate).length).toBeGreaterThan(0);
    expect(decrypts(defaultTemplate)).toEqual([]);
    const withKey = Template.fromStack(build({ database: { secretKeyArn: keyArn } }));
    expect(decrypts(withKey).map((s) => s.Resource)).toEqual([keyArn]);
  });

  test('the proxy requires IAM authentication unless database.proxyIamAuth is false', () => {
    defaultTemplate.hasResourceProperties('AWS::RDS::DBProxy', {
      Auth: [Match.objectLike({ IAMAuth: 'REQUIRED' })],
    });
    expect(defaults.database.proxyIamAuth).toBe(true);

    // The setting is the reviewed choice: the blueprint acknowledges the construct's warning with
    // its reason (an unacknowledged warning would fail the synth).
    const passwordOnly = build({ database: { proxyIamAuth: false } });
    const template = Template.fromStack(passwordOnly);
    template.hasResourceProperties('AWS::RDS::DBProxy', {
      RequireTLS: true,
      Auth: [Match.objectLike({ AuthScheme: 'SECRETS', IAMAuth: 'DISABLED' })],
    });
    expect(passwordOnly.database.proxyIamAuth).toBe(false);
    // The monolith's role still reads the connection details, but gets no rds-db:connect (the
    // proxy ignores IAM tokens).
    const monolithPolicies = JSON.stringify(
      template.findResources('AWS::IAM::Policy', { Properties: { Roles: ['legacy-monolith-app'] } }),
    );
    expect(monolithPolicies).toMatch(/ssm:GetParameter/);
    expect(monolithPolicies).not.toMatch(/rds-db:connect/);
  });

  test('the replicas log queries slower than the threshold', () => {
    defaultTemplate.hasResourceProperties('AWS::RDS::DBParameterGroup', {
      Family: 'postgres16',
      Parameters: Match.objectLike({ log_min_duration_statement: '200', 'rds.force_ssl': '1' }),
    });
    const mysql = Template.fromStack(
      build({
        database: { engine: 'mysql', engineVersion: '8.0.40', port: 3306, slowQueryThresholdMs: 500 },
      }),
    );
    mysql.hasResourceProperties('AWS::RDS::DBParameterGroup', {
      Family: 'mysql8.0',
      Parameters: Match.objectLike({ slow_query_log: '1', long_query_time: '0.5' }),
    });
  });

  test('endpoints published as SSM parameters and named in the outputs', () => {
    for (const name of ['Host', 'ReaderHost', 'WriterHost', 'ProxyHost']) {
      defaultTemplate.hasOutput(`Database${name}ParameterName`, Match.anyValue());
    }
  });
});

describe('alarms and a dashboard on the existing ALB and database', () => {
  test('SLO alarms on the existing load balancer', () => {
    defaultTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Dimensions: Match.arrayWith([{ Name: 'LoadBalancer', Value: 'app/legacy-monolith/0a1b2c3d4e5f6071' }]),
      AlarmActions: Match.anyValue(),
    });
  });

  test('CPU and connections alarms on the existing instance, lag on the replica, all to the topic', () => {
    defaultTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'CPUUtilization',
      Dimensions: [{ Name: 'DBInstanceIdentifier', Value: 'legacy-monolith-db' }],
      AlarmActions: Match.anyValue(),
    });
    defaultTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'DatabaseConnections',
      Threshold: 640,
      AlarmActions: Match.anyValue(),
    });
    defaultTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ReplicaLag',
      AlarmActions: Match.anyValue(),
    });
    for (const alarm of Object.values(defaultTemplate.findResources('AWS::CloudWatch::Alarm'))) {
      expect(alarm.Properties.AlarmActions).toHaveLength(1);
    }
    defaultTemplate.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });

  test('without an existing ALB there are no load balancer alarms', () => {
    const template = Template.fromStack(build({ origin: { loadBalancer: null } }));
    expect(
      template.findResources('AWS::CloudWatch::Alarm', {
        Properties: { Namespace: 'AWS/ApplicationELB' },
      }),
    ).toEqual({});
  });
});

describe('strangler route', () => {
  test('absent unless enabled', () => {
    const behaviors = (template: Template): string[] =>
      Object.values(template.findResources('AWS::CloudFront::Distribution')).flatMap((d) =>
        d.Properties.DistributionConfig.CacheBehaviors.map((b: { PathPattern: string }) => b.PathPattern),
      );
    expect(behaviors(defaultTemplate)).toEqual(['/static/*', '/assets/*']);
    expect(behaviors(stranglerTemplate)).toEqual(['/static/*', '/assets/*', '/api/v2/*']);
  });

  test('sends the path prefix to the new service over HTTPS, writes allowed, nothing cached by default', () => {
    stranglerTemplate.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Origins: Match.arrayWith([
          Match.objectLike({
            DomainName: 'orders-origin.example.com',
            CustomOriginConfig: Match.objectLike({
              OriginProtocolPolicy: 'https-only',
              OriginSSLProtocols: ['TLSv1.2'],
            }),
          }),
        ]),
        CacheBehaviors: Match.arrayWith([
          Match.objectLike({
            PathPattern: '/api/v2/*',
            AllowedMethods: Match.arrayWith(['POST', 'DELETE']),
            ViewerProtocolPolicy: 'redirect-to-https',
          }),
        ]),
      }),
    });
  });

  test('the new service shares the sessions and the database (through the proxy), HTTPS from CloudFront only', () => {
    stranglerTemplate.resourceCountIs('AWS::ECS::Service', 1);
    stranglerTemplate.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443,
      Certificates: [{ CertificateArn: CERTIFICATE_ARN }],
    });
    stranglerTemplate.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      FromPort: 443,
      SourcePrefixListId: Match.stringLikeRegexp('^pl-'),
    });
    const container = Object.values(stranglerTemplate.findResources('AWS::ECS::TaskDefinition'))[0].Properties
      .ContainerDefinitions[0];
    const secretNames = container.Secrets.map((s: { Name: string }) => s.Name);
    expect(secretNames).toEqual(['CACHE_AUTH_TOKEN']);
    const environment = Object.fromEntries(
      container.Environment.map((e: { Name: string; Value: unknown }) => [e.Name, e.Value]),
    );
    expect(environment).toMatchObject({
      DATABASE_USER: 'app',
      DATABASE_IAM_AUTH: 'true',
      DATABASE_PORT: '5432',
    });
    expect(JSON.stringify(environment.DATABASE_HOST)).toContain('DatabaseProxy');
    expect(environment.CACHE_HOST).toBeDefined();
    expect(withStrangler.database.clientConnections).toEqual([
      expect.objectContaining({ maxCapacity: 6, poolSize: 5, worstCaseConnections: 30 }),
    ]);
  });
});

describe('invalid settings fail, naming the setting', () => {
  test.each<[string, Record<string, unknown>, string]>([
    ['a VPC id', { vpc: { vpcId: 'vpc-nope' } }, 'vpc.vpcId'],
    ['one AZ', { vpc: { availabilityZones: ['eu-west-1a'] } }, 'vpc.availabilityZones'],
    ['AZs of another region', { environment: { region: 'us-east-2' } }, 'vpc.availabilityZones[0]'],
    ['subnets per AZ', { vpc: { privateSubnetIds: ['subnet-0b00000000000b001'] } }, 'vpc.privateSubnetIds'],
    ['route tables per subnet', { vpc: { isolatedRouteTableIds: [] } }, 'vpc.isolatedRouteTableIds'],
    [
      'an origin URL instead of a name',
      { origin: { domainName: 'https://app.example.com/' } },
      'origin.domainName',
    ],
    ['an ALB ARN', { origin: { loadBalancer: { arn: 'alb' } } }, 'origin.loadBalancer.arn'],
    ['no web ACL outside us-east-1', { edge: { webAclArn: null } }, 'edge.webAclArn'],
    [
      'the default behavior as a static path',
      { edge: { staticPathPatterns: ['/*'] } },
      'edge.staticPathPatterns[0]',
    ],
    [
      'site names without a certificate',
      { edge: { domainNames: ['www.example.com'] } },
      'edge.certificateArn',
    ],
    [
      'a site certificate outside us-east-1',
      { edge: { domainNames: ['www.example.com'], certificateArn: CERTIFICATE_ARN } },
      'edge.certificateArn',
    ],
    ['a page TTL of zero', { edge: { pageCacheTtlSeconds: 0 } }, 'edge.pageCacheTtlSeconds'],
    ['an unknown engine', { database: { engine: 'oracle' } }, 'database.engine'],
    ['a major version only', { database: { engineVersion: '16' } }, 'database.engineVersion'],
    ['too many replicas', { database: { readReplicas: 6 } }, 'database.readReplicas'],
    ['a partial secret ARN', { database: { secretArn: 'legacy-monolith-db' } }, 'database.secretArn'],
    [
      'password authentication without a proxy',
      { database: { secretArn: null, proxyIamAuth: false } },
      'database.proxyIamAuth',
    ],
    ['proxy IAM auth as a string', { database: { proxyIamAuth: 'false' } }, 'database.proxyIamAuth'],
    ['a node type without cache.', { sessionStore: { nodeType: 't4g.small' } }, 'sessionStore.nodeType'],
    [
      'an SSM path without a slash',
      { sessionStore: { parameterPrefix: 'sessions' } },
      'sessionStore.parameterPrefix',
    ],
    ['an unknown setting', { database: { multiAz: true } }, 'database.multiAz'],
    ['a typo at the top', { strangeler: {} }, 'strangeler'],
    ['strangler without its image', { strangler: { enabled: true } }, 'strangler.image'],
    [
      'strangler certificate in another region',
      { strangler: { ...STRANGLER_ON, certificateArn: CERTIFICATE_ARN.replace('eu-west-1', 'us-east-1') } },
      'strangler.certificateArn',
    ],
    [
      'strangler path taken by static assets',
      { strangler: { ...STRANGLER_ON, pathPattern: '/static/*' } },
      'strangler.pathPattern',
    ],
    ['strangler max below min', { strangler: { minCapacity: 4, maxCapacity: 2 } }, 'strangler.maxCapacity'],
    ['an SLO', { slo: { errorRatePercent: 0 } }, 'slo.errorRatePercent'],
  ])('%s', (_name, settings, setting) => {
    expect(() => build(settings)).toThrow(BlueprintSettingsError);
    expect(() => build(settings)).toThrow(
      `\`legacy-monolith-uplift${setting === 'legacy-monolith-uplift' ? '' : `.${setting}`}\``,
    );
  });

  test('in us-east-1 without a web ACL ARN, the blueprint creates the web ACL', () => {
    const stack = build({
      environment: { region: 'us-east-1' },
      vpc: { availabilityZones: ['us-east-1a', 'us-east-1b'] },
      edge: { webAclArn: null },
    });
    Template.fromStack(stack).resourceCountIs('AWS::WAFv2::WebACL', 1);
  });
});
