import { z } from 'zod';
import { isKnownRegion, unknownRegionMessage } from '../regions';
import { parseSettings, sharedSchemas, trafficSchema } from '../settings';

/** The context name of the blueprint: `-c blueprint=legacy-monolith-uplift`. */
export const LEGACY_MONOLITH_UPLIFT = 'legacy-monolith-uplift';

// The defaults below describe an example existing application in eu-west-1 of the dummy account
// 123456789012. They make the blueprint synthesize offline; replace every one of them with the
// attributes of your application before deploying (see docs/blueprints/legacy-monolith-uplift.md).

const awsId = (prefix: string, what: string) =>
  z
    .string()
    .regex(new RegExp(`^${prefix}-[0-9a-f]{8,17}$`), `must be ${what} such as '${prefix}-0123456789abcdef0'`);
const subnetIds = z.array(awsId('subnet', 'a subnet id'));
const routeTableIds = z.array(awsId('rtb', 'a route table id'));
const dnsName = z
  .string()
  .max(253)
  .regex(
    /^([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/,
    "must be a DNS name such as 'app.example.com' (no scheme, path or port)",
  );
const arn = (service: string, shape: string) =>
  z
    .string()
    .regex(
      new RegExp(`^arn:aws[a-z-]*:${service}:`),
      `must be an ARN such as 'arn:<partition>:${service}:${shape}'`,
    );
const pathPattern = z
  .string()
  .regex(
    /^\/[A-Za-z0-9_\-.*$/~"'@:+&?=%]{1,254}$/,
    "must be a CloudFront path pattern starting with '/', such as '/static/*'",
  )
  .refine((p) => p !== '/*', "must not be '/*' (that is the default behavior: the existing origin)");

const instanceClass = z
  .string()
  .regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, "must be an instance class such as 'm7g.large' (without 'db.')");

const EXAMPLE_ACCOUNT = '123456789012';
/** The partition of the offline example ARNs (the defaults describe an app in the `aws` partition). */
const EXAMPLE_PARTITION = 'aws';

const vpcSchema = z
  .object({
    /** The existing VPC. */
    vpcId: awsId('vpc', 'a VPC id').default('vpc-0a1b2c3d4e5f60718'),
    /** Its Availability Zones, in the order of the subnet lists below (at least two). */
    availabilityZones: z
      .array(z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d[a-z]$/, "must be AZ names such as 'eu-west-1a'"))
      .min(2, 'must list at least two Availability Zones (the session store and replicas are multi-AZ)')
      .default(['eu-west-1a', 'eu-west-1b']),
    /** Public subnets, one per AZ: the strangler service's load balancer. */
    publicSubnetIds: subnetIds.default(['subnet-0a00000000000a001', 'subnet-0a00000000000a002']),
    /** Private subnets with a route to the internet (NAT), one per AZ: the strangler service's tasks. */
    privateSubnetIds: subnetIds.default(['subnet-0b00000000000b001', 'subnet-0b00000000000b002']),
    /**
     * Subnets without a route to the internet, one per AZ: read replicas, RDS Proxy and the session
     * store. Empty when the VPC has none: the private subnets are used instead.
     */
    isolatedSubnetIds: subnetIds.default(['subnet-0c00000000000c001', 'subnet-0c00000000000c002']),
    /** The route tables of the public subnets, in the same order (one shared table may be repeated). */
    publicRouteTableIds: routeTableIds.default(['rtb-0a00000000000a001', 'rtb-0a00000000000a001']),
    /** The route tables of the private subnets, in the same order. */
    privateRouteTableIds: routeTableIds.default(['rtb-0b00000000000b001', 'rtb-0b00000000000b002']),
    /** The route tables of the isolated subnets, in the same order. */
    isolatedRouteTableIds: routeTableIds.default(['rtb-0c00000000000c001', 'rtb-0c00000000000c001']),
  })
  .strict()
  .superRefine((vpc, ctx) => {
    const azs = vpc.availabilityZones.length;
    for (const key of ['publicSubnetIds', 'privateSubnetIds', 'isolatedSubnetIds'] as const) {
      const n = vpc[key].length;
      if (n !== 0 && n !== azs) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `must list one subnet per Availability Zone (${azs}), or none`,
        });
      }
    }
    for (const kind of ['public', 'private', 'isolated'] as const) {
      const subnets = vpc[`${kind}SubnetIds`].length;
      if (vpc[`${kind}RouteTableIds`].length !== subnets) {
        ctx.addIssue({
          code: 'custom',
          path: [`${kind}RouteTableIds`],
          message: `must list the route table of each of the ${subnets} ${kind} subnets, in the same order`,
        });
      }
    }
    if (vpc.privateSubnetIds.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['privateSubnetIds'],
        message: 'must list the private subnets (one per Availability Zone)',
      });
    }
  })
  .prefault({});

const loadBalancerSchema = z
  .object({
    /** ARN of the existing Application Load Balancer. */
    arn: arn('elasticloadbalancing', '<region>:<account>:loadbalancer/app/<name>/<id>')
      .regex(/:loadbalancer\/app\/[^/]+\/[0-9a-f]+$/, 'must be the ARN of an Application Load Balancer')
      .default(
        `arn:${EXAMPLE_PARTITION}:elasticloadbalancing:eu-west-1:${EXAMPLE_ACCOUNT}:loadbalancer/app/legacy-monolith/0a1b2c3d4e5f6071`,
      ),
    /** Its DNS name. */
    dnsName: dnsName.default('legacy-monolith-1234567890.eu-west-1.elb.amazonaws.com'),
    /** Its security group. */
    securityGroupId: awsId('sg', 'a security group id').default('sg-0a1b2c3d4e5f60001'),
    /** Its target group, for healthy/unhealthy host counts. */
    targetGroupArn: arn('elasticloadbalancing', '<region>:<account>:targetgroup/<name>/<id>')
      .regex(/:targetgroup\/[^/]+\/[0-9a-f]+$/, 'must be the ARN of a target group')
      .nullable()
      .default(
        `arn:${EXAMPLE_PARTITION}:elasticloadbalancing:eu-west-1:${EXAMPLE_ACCOUNT}:targetgroup/legacy-monolith/0a1b2c3d4e5f6072`,
      ),
  })
  .strict();

const originSchema = z
  .object({
    /**
     * The DNS name CloudFront reaches the existing application on, over HTTPS: a name on the
     * origin's certificate (for example `origin.legacy-monolith.example.com`, an alias of the existing ALB).
     */
    domainName: dnsName.default('origin.legacy-monolith.example.com'),
    /** The existing ALB in front of the application, for alarms and the dashboard; null when there is none. */
    loadBalancer: loadBalancerSchema.nullable().prefault({}),
  })
  .strict()
  .prefault({});

const edgeSchema = z
  .object({
    /**
     * ARN of a CLOUDFRONT-scoped WAF web ACL (created in us-east-1). null lets the blueprint create
     * one, which AWS only allows when the stack itself is in us-east-1.
     */
    webAclArn: z
      .string()
      .regex(
        /^arn:aws[a-z-]*:wafv2:us-east-1:\d{12}:global\/webacl\/[\w-]+\/[\w-]+$/,
        'must be the ARN of a CLOUDFRONT-scoped web ACL (arn:<partition>:wafv2:us-east-1:<account>:global/webacl/<name>/<id>)',
      )
      .nullable()
      .default(
        `arn:${EXAMPLE_PARTITION}:wafv2:us-east-1:${EXAMPLE_ACCOUNT}:global/webacl/legacy-monolith-edge/0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9`,
      ),
    /** Static, versioned paths cached for a year. */
    staticPathPatterns: z.array(pathPattern).default(['/static/*', '/assets/*']),
    /** Cache pages of visitors without the session cookie (the app must send `Cache-Control: private` on personal pages). */
    anonymousPageCaching: z.boolean().default(true),
    /** The cookie that marks a signed-in user. */
    sessionCookieName: z
      .string()
      .regex(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,128}$/, 'must be a cookie name')
      .default('session'),
    /** How long anonymous pages are cached when the application sends no Cache-Control (1 to 86400). */
    pageCacheTtlSeconds: z.number().int().min(1).max(86_400).default(60),
    /** The site's names served by CloudFront (e.g. `www.example.com`), with `certificateArn`. Empty: only *.cloudfront.net. */
    domainNames: z.array(dnsName).default([]),
    /** ACM certificate in us-east-1 covering `domainNames`. */
    certificateArn: arn('acm', 'us-east-1:<account>:certificate/<id>')
      .regex(
        /^arn:[a-z-]+:acm:us-east-1:/,
        'must be an ACM certificate in us-east-1 (CloudFront only uses those)',
      )
      .optional(),
    /** CloudFront price class. */
    priceClass: z.enum(['PriceClass_100', 'PriceClass_200', 'PriceClass_All']).default('PriceClass_100'),
  })
  .strict()
  .superRefine((edge, ctx) => {
    if (edge.domainNames.length > 0 !== (edge.certificateArn !== undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [edge.certificateArn === undefined ? 'certificateArn' : 'domainNames'],
        message: 'domainNames and certificateArn go together: the certificate must cover the names',
      });
    }
    if (new Set(edge.staticPathPatterns).size !== edge.staticPathPatterns.length) {
      ctx.addIssue({ code: 'custom', path: ['staticPathPatterns'], message: 'must not repeat a pattern' });
    }
  })
  .prefault({});

const databaseSchema = z
  .object({
    /** The existing RDS instance (not Aurora). */
    instanceIdentifier: z
      .string()
      .regex(/^[a-zA-Z][a-zA-Z0-9-]{0,62}$/, 'must be an RDS instance identifier')
      .default('legacy-monolith-db'),
    endpointAddress: dnsName.default('legacy-monolith-db.c0a1b2c3d4e5.eu-west-1.rds.amazonaws.com'),
    port: z.number().int().min(1150).max(65_535).default(5432),
    /** Security group of the instance: ingress from the proxy and the replicas' clients is added to it. */
    securityGroupId: awsId('sg', 'a security group id').default('sg-0a1b2c3d4e5f60002'),
    engine: z.enum(['postgres', 'mysql']).default('postgres'),
    /** The instance's full engine version: the replicas' parameter group family follows it. */
    engineVersion: z
      .string()
      .regex(/^\d+(\.\d+){1,2}$/, "must be a full engine version such as '16.4' or '8.0.40'")
      .default('16.4'),
    /** Complete ARN of the secret holding the instance's `username` and `password` (for RDS Proxy); null: no proxy. */
    secretArn: arn('secretsmanager', '<region>:<account>:secret:<name>-AbCdEf')
      .regex(
        /:secret:.+-[A-Za-z0-9]{6}$/,
        'must be the complete secret ARN (ending in the 6-character suffix)',
      )
      .nullable()
      .default(
        `arn:${EXAMPLE_PARTITION}:secretsmanager:eu-west-1:${EXAMPLE_ACCOUNT}:secret:legacy-monolith-db-AbCdEf`,
      ),
    /**
     * ARN of the customer-managed KMS key that encrypts `secretArn`, if it is not the AWS managed
     * `aws/secretsmanager` key: the proxy's role is granted `kms:Decrypt` on it (without it, RDS Proxy
     * cannot read the secret and no connection opens). null: the AWS managed key.
     */
    secretKeyArn: arn('kms', '<region>:<account>:key/<key id>')
      .regex(/:key\/[0-9a-f-]{36}$|:key\/mrk-[0-9a-f]{32}$/, 'must be the ARN of a KMS key (not an alias)')
      .nullable()
      .default(null),
    /**
     * The proxy requires IAM authentication: the app connects with a short-lived token instead of the
     * password. false: the proxy accepts the password of the user in `secretArn` (TLS still required),
     * for a monolith that can only send a password.
     */
    proxyIamAuth: z.boolean().default(true),
    /** How many read replicas to add (0 to 5). */
    readReplicas: z.number().int().min(0).max(5).default(1),
    /**
     * The existing instance's class, without the `db.` prefix: the replicas get the same unless
     * `replicaInstanceType` says otherwise (a replica smaller than its source lags behind it).
     */
    instanceType: instanceClass.default('m7g.large'),
    /** Instance class of the replicas, without the `db.` prefix. Default: `instanceType`, the source's. */
    replicaInstanceType: instanceClass.optional(),
    /** The instance's `max_connections` (SHOW max_connections): drives the connections alarm and budget. */
    maxConnections: z.number().int().positive().default(800),
    /** Queries slower than this are logged by the replicas (and by the writer once its parameter group is changed). */
    slowQueryThresholdMs: z.number().int().min(0).max(60_000).default(200),
  })
  .strict()
  .prefault({});

const sessionStoreSchema = z
  .object({
    /** ElastiCache node type of the Valkey session store (primary + replica in two AZs). */
    nodeType: z
      .string()
      .regex(/^cache\.[a-z0-9]+\.[a-z0-9]+$/, "must be an ElastiCache node type such as 'cache.t4g.small'")
      .default('cache.t4g.small'),
    /** SSM Parameter Store path of the connection details (`<prefix>/host`, `/port`, `/tls`, ...). */
    parameterPrefix: z
      .string()
      .regex(/^(\/[A-Za-z0-9_.-]+)+$/, "must be an SSM path such as '/legacy-monolith/session-store'")
      .default('/legacy-monolith-uplift/session-store'),
  })
  .strict()
  .prefault({});

const appSchema = z
  .object({
    /**
     * ARN of the role the monolith runs with (EC2 instance profile role or task role): granted read on
     * the connection details and, with `database.proxyIamAuth`, `rds-db:connect` through the proxy.
     * null: grant nothing.
     */
    roleArn: arn('iam', ':<account>:role/<name>')
      .regex(/:role\/[\w+=,.@/-]+$/, 'must be an IAM role ARN')
      .nullable()
      .default(`arn:${EXAMPLE_PARTITION}:iam::${EXAMPLE_ACCOUNT}:role/legacy-monolith-app`),
    /**
     * The security groups of the monolith's instances or tasks: the session store, the read replicas
     * and the proxy admit them on their ports (nothing else can reach what this stack adds). Empty:
     * the monolith cannot reach them, and the synth warns.
     */
    securityGroupIds: z.array(awsId('sg', 'a security group id')).max(5).default(['sg-0a1b2c3d4e5f60003']),
    /** The database user the monolith connects as (for `rds-db:connect` through the proxy). */
    databaseUser: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/, 'must be a database user name')
      .default('app'),
  })
  .strict()
  .prefault({});

const stranglerSchema = z
  .object({
    /** Route `pathPattern` to a new service instead of the monolith. */
    enabled: z.boolean().default(false),
    pathPattern: pathPattern.default('/api/v2/*'),
    /** Container image of the new service (a registry image, e.g. an ECR repository URI with a tag). */
    image: z.string().min(1).optional(),
    /** DNS name on `certificateArn` that resolves to the new service's load balancer. */
    originDomainName: dnsName.optional(),
    /** ACM certificate (in the stack's region) of the new service's HTTPS listener. */
    certificateArn: arn('acm', '<region>:<account>:certificate/<id>')
      .regex(/:certificate\/[\w-]+$/, 'must be an ACM certificate ARN')
      .optional(),
    containerPort: z.number().int().min(1).max(65_535).default(8080),
    healthCheckPath: z
      .string()
      .regex(/^\/\S*$/, "must be a path such as '/health'")
      .default('/health'),
    minCapacity: z.number().int().min(1).default(2),
    maxCapacity: z.number().int().min(1).max(100).default(6),
    /** Database connections each task opens at most. */
    databasePoolSize: z.number().int().min(1).max(100).default(5),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.maxCapacity < s.minCapacity) {
      ctx.addIssue({
        code: 'custom',
        path: ['maxCapacity'],
        message: `must be at least minCapacity (${s.minCapacity})`,
      });
    }
    if (!s.enabled) return;
    for (const key of ['image', 'originDomainName', 'certificateArn'] as const) {
      if (s[key] === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: 'is required when the strangler route is enabled',
        });
      }
    }
  })
  .prefault({});

/** The settings of the LegacyMonolithUplift blueprint, with offline example defaults. */
export const legacyMonolithUpliftSettingsSchema = z
  .object({
    /** Name (and construct id) of the stack. */
    stackName: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9-]{0,127}$/, 'must be a CloudFormation stack name (letters, digits, -)')
      .default('LegacyMonolithUplift'),
    environment: sharedSchemas.environment,
    slo: sharedSchemas.slo,
    /** What 1× traffic means for the existing application (the cost and rehearse commands scale it). */
    traffic: trafficSchema({
      averageRequestsPerSecond: 40,
      peakRequestsPerSecond: 150,
      averageResponseKiB: 80,
      cdnHitRatioPercent: 50,
      cpuMillisecondsPerRequest: 60,
      databaseQueriesPerRequest: 8,
      cacheOperationsPerRequest: 2,
      queueMessagesPerRequest: 0,
    }),
    /** Email addresses subscribed to the alarm topic. */
    alarmEmails: z.array(z.email('must be email addresses')).default([]),
    vpc: vpcSchema,
    origin: originSchema,
    edge: edgeSchema,
    database: databaseSchema,
    sessionStore: sessionStoreSchema,
    app: appSchema,
    strangler: stranglerSchema,
  })
  .strict()
  .superRefine((s, ctx) => {
    const region = s.environment.region;
    // A region outside the known list is accepted once the settings describe it: the VPC's zones
    // are in it (they must be anyway), and with the strangler route its CloudFront prefix list id.
    const describesRegion =
      s.vpc.availabilityZones.every((az) => az.startsWith(region)) &&
      (!s.strangler.enabled || s.environment.cloudFrontPrefixListId !== undefined);
    if (!isKnownRegion(region) && !describesRegion) {
      ctx.addIssue({
        code: 'custom',
        path: ['environment', 'region'],
        message: unknownRegionMessage(region, [
          'vpc.availabilityZones',
          ...(s.strangler.enabled ? ['environment.cloudFrontPrefixListId'] : []),
        ]),
      });
    }
    s.vpc.availabilityZones.forEach((az, i) => {
      if (!az.startsWith(region)) {
        ctx.addIssue({
          code: 'custom',
          path: ['vpc', 'availabilityZones', i],
          message: `must be an Availability Zone of the region ${region}`,
        });
      }
    });
    if (s.edge.webAclArn === null && region !== 'us-east-1') {
      ctx.addIssue({
        code: 'custom',
        path: ['edge', 'webAclArn'],
        message: `is required outside us-east-1: AWS only creates CLOUDFRONT-scoped web ACLs in us-east-1, and this stack is in ${region}`,
      });
    }
    if (!s.database.proxyIamAuth && s.database.secretArn === null) {
      ctx.addIssue({
        code: 'custom',
        path: ['database', 'proxyIamAuth'],
        message: 'applies only with a proxy: set database.secretArn, or leave proxyIamAuth out',
      });
    }
    const cert = s.strangler.certificateArn;
    if (s.strangler.enabled && cert !== undefined && cert.split(':')[3] !== region) {
      ctx.addIssue({
        code: 'custom',
        path: ['strangler', 'certificateArn'],
        message: `must be a certificate in the stack's region ${region} (it is on the new service's load balancer)`,
      });
    }
    if (s.strangler.enabled && s.edge.staticPathPatterns.includes(s.strangler.pathPattern)) {
      ctx.addIssue({
        code: 'custom',
        path: ['strangler', 'pathPattern'],
        message: 'must differ from every edge.staticPathPatterns entry',
      });
    }
  });

/** The validated settings. */
export type LegacyMonolithUpliftSettings = z.output<typeof legacyMonolithUpliftSettingsSchema>;

/** The settings as you write them: every one optional (the example defaults describe an app in eu-west-1). */
export type LegacyMonolithUpliftSettingsInput = z.input<typeof legacyMonolithUpliftSettingsSchema>;

/**
 * The blueprint's settings from the ones you give, with the defaults applied and validated (a
 * `BlueprintSettingsError` names each invalid setting): what `LegacyMonolithUpliftStack` takes.
 */
export function legacyMonolithUpliftSettings(
  settings: LegacyMonolithUpliftSettingsInput = {},
): LegacyMonolithUpliftSettings {
  return parseSettings(LEGACY_MONOLITH_UPLIFT, legacyMonolithUpliftSettingsSchema, settings);
}
