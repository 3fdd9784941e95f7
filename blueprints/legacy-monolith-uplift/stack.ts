import { Annotations, CfnOutput, Duration, Stack, StackProps, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { CacheCluster, CacheEngine, CacheUsage } from '../../lib/cache/cache-cluster';
import { ReplicatedDatabase } from '../../lib/data/replicated-database';
import { CdnFront } from '../../lib/edge/cdn-front';
import { Observability } from '../../lib/observability/observability';
import { WebService } from '../../lib/service/web-service';
import {
  LEGACY_MONOLITH_UPLIFT,
  LegacyMonolithUpliftSettings,
  legacyMonolithUpliftSettings,
} from './settings';
import {
  exampleValuesMessage,
  noRecipientsMessage,
  reportExampleValues,
  reportWithoutRecipients,
} from '../notifications';
import { PropSettings, SettingNames } from '../setting-names';
import { serviceLevelObjectives } from '../settings';

/** Properties of a {@link LegacyMonolithUpliftStack}. */
export interface LegacyMonolithUpliftStackProps extends StackProps {
  /** The validated settings (see `legacyMonolithUpliftSettingsSchema`). */
  readonly settings: LegacyMonolithUpliftSettings;
}

/** The setting behind each construct prop, so that an error of a construct names the setting (see {@link SettingNames}). */
export const LEGACY_MONOLITH_UPLIFT_PROP_SETTINGS: PropSettings = {
  Cdn: {
    originDomainName: 'origin.domainName',
    staticPathPatterns: 'edge.staticPathPatterns',
    sessionCookieName: 'edge.sessionCookieName',
    pageCacheTtl: 'edge.pageCacheTtlSeconds',
    webAclArn: 'edge.webAclArn',
    domainNames: 'edge.domainNames',
    certificate: 'edge.certificateArn',
  },
  SessionStore: {
    vpcSubnets: 'vpc.isolatedSubnetIds',
    parameterPrefix: 'sessionStore.parameterPrefix',
  },
  Database: {
    vpcSubnets: 'vpc.isolatedSubnetIds',
    existingInstance: 'database.instanceIdentifier',
    existingSecret: 'database.secretArn',
    proxyIamAuth: 'database.proxyIamAuth',
    databaseUser: 'app.databaseUser',
    readReplicas: 'database.readReplicas',
    instanceType: 'database.replicaInstanceType',
    maxConnections: 'database.maxConnections',
    slowQueryThreshold: 'database.slowQueryThresholdMs',
    port: 'database.port',
  },
  Strangler: {
    image: 'strangler.image',
    containerPort: 'strangler.containerPort',
    healthCheckPath: 'strangler.healthCheckPath',
    certificate: 'strangler.certificateArn',
    originDomainName: 'strangler.originDomainName',
    minCapacity: 'strangler.minCapacity',
    maxCapacity: 'strangler.maxCapacity',
    cloudFrontPrefixListId: 'environment.cloudFrontPrefixListId',
    env: 'environment.region',
  },
  Observability: {
    alarmEmails: 'alarmEmails',
    'slo.availabilityPercent': 'slo.availabilityPercent',
    'slo.errorRatePercent': 'slo.errorRatePercent',
    'slo.maxMessageAge': 'slo.maxMessageAgeSeconds',
  },
};

/**
 * Brings an existing application up a level without a rewrite. Nothing is created for the
 * existing VPC, database or origin: they are imported by attributes. The stack adds
 *
 * - CloudFront in front of the existing origin: static paths cached for a year, anonymous pages
 *   cached briefly (keyed on the session cookie), WAF, security headers;
 * - a Valkey session store, its connection details in SSM Parameter Store and its AUTH token in
 *   Secrets Manager;
 * - read replicas of the existing RDS instance (with the slow-query log) and an RDS Proxy;
 * - alarms and a dashboard on the existing ALB and database, the replicas, the cache and the CDN;
 * - optionally, a strangler route: one path prefix sent to a new containerised service.
 */
export class LegacyMonolithUpliftStack extends Stack {
  /** The existing VPC (imported). */
  public readonly vpc: ec2.IVpc;
  /** The existing RDS instance (imported). */
  public readonly existingDatabase: rds.IDatabaseInstance;
  /** The existing ALB (imported), when given. */
  public readonly existingLoadBalancer?: elbv2.IApplicationLoadBalancer;
  public readonly cdn: CdnFront;
  public readonly sessionStore: CacheCluster;
  public readonly database: ReplicatedDatabase;
  public readonly observability: Observability;
  /** The new service behind the strangler route, when enabled. */
  public readonly strangler?: WebService;
  private readonly settingNames: SettingNames;

  constructor(scope: Construct, id: string, props: LegacyMonolithUpliftStackProps) {
    const s = props.settings;
    super(scope, id, {
      description:
        'cdk-scaling-blueprints legacy-monolith-uplift: CDN, session store, read replicas + RDS Proxy, ' +
        'alarms and an optional strangler route for an existing application',
      ...props,
      env: props.env ?? { account: s.environment.account, region: s.environment.region },
      stackName: props.stackName ?? s.stackName,
    });
    this.settingNames = new SettingNames(
      this,
      LEGACY_MONOLITH_UPLIFT,
      s,
      LEGACY_MONOLITH_UPLIFT_PROP_SETTINGS,
    );
    try {
      // --- The existing application, by attributes (no lookups) --------------------------------
      const azs = s.vpc.availabilityZones;
      this.vpc = ec2.Vpc.fromVpcAttributes(this, 'ExistingVpc', {
        vpcId: s.vpc.vpcId,
        availabilityZones: azs,
        publicSubnetIds: s.vpc.publicSubnetIds.length > 0 ? s.vpc.publicSubnetIds : undefined,
        privateSubnetIds: s.vpc.privateSubnetIds,
        isolatedSubnetIds: s.vpc.isolatedSubnetIds.length > 0 ? s.vpc.isolatedSubnetIds : undefined,
        publicSubnetRouteTableIds: nonEmpty(s.vpc.publicRouteTableIds),
        privateSubnetRouteTableIds: s.vpc.privateRouteTableIds,
        isolatedSubnetRouteTableIds: nonEmpty(s.vpc.isolatedRouteTableIds),
      });
      const dataSubnets: ec2.SubnetSelection = {
        subnetType:
          s.vpc.isolatedSubnetIds.length > 0
            ? ec2.SubnetType.PRIVATE_ISOLATED
            : ec2.SubnetType.PRIVATE_WITH_EGRESS,
      };

      this.existingDatabase = rds.DatabaseInstance.fromDatabaseInstanceAttributes(this, 'ExistingDatabase', {
        instanceIdentifier: s.database.instanceIdentifier,
        instanceEndpointAddress: s.database.endpointAddress,
        port: s.database.port,
        securityGroups: [
          ec2.SecurityGroup.fromSecurityGroupId(
            this,
            'ExistingDatabaseSecurityGroup',
            s.database.securityGroupId,
          ),
        ],
        engine: existingEngine(s.database.engine, s.database.engineVersion),
      });
      // With its key, when it is a customer-managed one: granting the secret to the proxy's role then
      // grants kms:Decrypt on the key too.
      const existingSecret = s.database.secretArn
        ? secretsmanager.Secret.fromSecretAttributes(this, 'ExistingDatabaseSecret', {
            secretCompleteArn: s.database.secretArn,
            encryptionKey: s.database.secretKeyArn
              ? kms.Key.fromKeyArn(this, 'ExistingDatabaseSecretKey', s.database.secretKeyArn)
              : undefined,
          })
        : undefined;

      const lb = s.origin.loadBalancer;
      if (lb) {
        this.existingLoadBalancer = elbv2.ApplicationLoadBalancer.fromApplicationLoadBalancerAttributes(
          this,
          'ExistingLoadBalancer',
          {
            loadBalancerArn: lb.arn,
            loadBalancerDnsName: lb.dnsName,
            securityGroupId: lb.securityGroupId,
            vpc: this.vpc,
          },
        );
      }

      // --- Step 1: CloudFront in front of the existing origin ------------------------------------
      this.cdn = new CdnFront(this, 'Cdn', {
        originDomainName: s.origin.domainName,
        staticPathPatterns: s.edge.staticPathPatterns,
        anonymousPageCaching: s.edge.anonymousPageCaching,
        sessionCookieName: s.edge.anonymousPageCaching ? s.edge.sessionCookieName : undefined,
        pageCacheTtl: s.edge.anonymousPageCaching ? Duration.seconds(s.edge.pageCacheTtlSeconds) : undefined,
        webAclArn: s.edge.webAclArn ?? undefined,
        priceClass: s.edge.priceClass as cloudfront.PriceClass,
        domainNames: s.edge.domainNames.length > 0 ? s.edge.domainNames : undefined,
        certificate: s.edge.certificateArn
          ? acm.Certificate.fromCertificateArn(this, 'CdnCertificate', s.edge.certificateArn)
          : undefined,
      });
      if (this.region !== 'us-east-1') {
        Validations.of(this.cdn).acknowledge({
          id: 'Annotation::CdnFront:NoAlarmsOutsideUsEast1',
          reason:
            'The application lives outside us-east-1, where CloudFront publishes its metrics, and alarms cannot watch ' +
            'another region: the dashboard shows the CloudFront metrics, and the SLO alarms on the existing ALB and ' +
            'the database alarm on what the origin serves. CloudFront alarms need a us-east-1 stack (see the runbook)',
        });
      }

      // --- Step 2: the session store -------------------------------------------------------------
      this.sessionStore = new CacheCluster(this, 'SessionStore', {
        vpc: this.vpc,
        vpcSubnets: dataSubnets,
        engine: CacheEngine.VALKEY,
        usage: CacheUsage.SESSION_STORE,
        nodeType: s.sessionStore.nodeType,
        parameterPrefix: s.sessionStore.parameterPrefix,
      });

      // --- Step 3: read replicas and RDS Proxy for the existing database -------------------------
      const proxyIamAuth = existingSecret ? s.database.proxyIamAuth : undefined;
      this.database = new ReplicatedDatabase(this, 'Database', {
        vpc: this.vpc,
        vpcSubnets: dataSubnets,
        existingInstance: this.existingDatabase,
        existingSecret,
        proxyIamAuth,
        databaseUser: s.app.databaseUser,
        readReplicas: s.database.readReplicas,
        // The source's class unless told otherwise: a smaller replica lags behind its writer.
        instanceType: new ec2.InstanceType(s.database.replicaInstanceType ?? s.database.instanceType),
        maxConnections: s.database.maxConnections,
        slowQueryThreshold: Duration.millis(s.database.slowQueryThresholdMs),
      });
      if (proxyIamAuth === false) {
        Validations.of(this.database).acknowledge({
          id: 'Annotation::ReplicatedDatabase:proxyIamAuth',
          reason:
            'Chosen in the settings (database.proxyIamAuth: false): the monolith can only send a password, so the proxy ' +
            'accepts the password of the user in database.secretArn; TLS is still required, the rotation of that secret ' +
            'stays with its owner, and the runbook moves the app to IAM tokens when it can',
        });
      }

      // --- What the monolith may reach, read and connect to -------------------------------------
      // Its security groups are admitted on exactly the ports of what this stack adds: the session
      // store, the read replicas (the database's own port) and the proxy.
      s.app.securityGroupIds.forEach((groupId, index) => {
        const monolith = ec2.SecurityGroup.fromSecurityGroupId(
          this,
          `MonolithSecurityGroup${index + 1}`,
          groupId,
        );
        this.sessionStore.connections.allowDefaultPortFrom(monolith, 'The monolith to its session store');
        this.database.connections.allowDefaultPortFrom(monolith, 'The monolith to the read replicas');
        this.database.proxy?.connections.allowFrom(
          monolith,
          ec2.Port.tcp(this.database.proxyPort),
          'The monolith to the database proxy',
        );
      });
      if (s.app.securityGroupIds.length === 0) {
        Annotations.of(this).addWarningV2(
          'LegacyMonolithUplift:noMonolithSecurityGroups',
          `\`${LEGACY_MONOLITH_UPLIFT}.app.securityGroupIds\` is empty: nothing admits the monolith to the session ` +
            'store, the read replicas or the proxy this stack adds. Give the security groups of its instances or tasks',
        );
      }

      // --- What the monolith may read and connect to ----------------------------------------------
      if (s.app.roleArn) {
        const appRole = iam.Role.fromRoleArn(this, 'MonolithRole', s.app.roleArn, { mutable: true });
        this.sessionStore.grantReadConnectionDetails(appRole);
        for (const parameter of Object.values(this.database.connectionParameters))
          parameter.grantRead(appRole);
        // With password authentication the proxy ignores IAM tokens: nothing to grant.
        if (this.database.proxyIamAuth) this.database.proxy?.grantConnect(appRole, s.app.databaseUser);
      }

      // --- Step 5 (optional): the strangler route -------------------------------------------------
      if (s.strangler.enabled) {
        this.strangler = this.addStranglerRoute(s);
      }

      // --- Step 4: alarms and a dashboard ---------------------------------------------------------
      this.observability = new Observability(this, 'Observability', {
        blueprint: LEGACY_MONOLITH_UPLIFT,
        slo: serviceLevelObjectives(s.slo),
        alarmEmails: s.alarmEmails,
      });
      this.observability.observe(this.cdn);
      if (this.existingLoadBalancer && lb) {
        const targetGroup = lb.targetGroupArn
          ? elbv2.ApplicationTargetGroup.fromTargetGroupAttributes(this, 'ExistingTargetGroup', {
              targetGroupArn: lb.targetGroupArn,
              loadBalancerArns: lb.arn,
            })
          : undefined;
        this.observability.observeLoadBalancer(this.existingLoadBalancer, targetGroup);
      }
      // The ReplicatedDatabase's metrics and alarms are the existing writer's (CPU, connections) plus
      // the replicas' lag: observing it covers the existing instance without duplicate alarms.
      this.observability.observe(this.database, this.sessionStore);
      if (this.strangler) {
        for (const alarm of this.strangler.alarms) this.observability.addAlarm(alarm);
      }

      reportWithoutRecipients(this, noRecipientsMessage(LEGACY_MONOLITH_UPLIFT, s.alarmEmails));
      reportExampleValues(
        this,
        exampleValuesMessage(LEGACY_MONOLITH_UPLIFT, s, legacyMonolithUpliftSettings(), [
          'vpc.vpcId',
          'vpc.privateSubnetIds',
          'loadBalancer.arn',
          'loadBalancer.securityGroupId',
          'origin.domainName',
          'database.instanceIdentifier',
          'database.securityGroupId',
          'database.secretArn',
          'app.roleArn',
          'app.securityGroupIds',
        ]),
      );
      this.addOutputs(s);
    } catch (error) {
      throw this.settingNames.translate(error);
    }
  }

  private addStranglerRoute(s: LegacyMonolithUpliftSettings): WebService {
    const st = s.strangler;
    const web = new WebService(this, 'Strangler', {
      vpc: this.vpc,
      image: this.stranglerImage(st.image!),
      containerPort: st.containerPort,
      healthCheckPath: st.healthCheckPath,
      certificate: acm.Certificate.fromCertificateArn(this, 'StranglerCertificate', st.certificateArn!),
      originDomainName: st.originDomainName,
      // CloudFront reaches it by `originDomainName` (a DNS name the certificate covers): internet-facing,
      // admitting only CloudFront, forwarding only requests with the origin-verify header.
      allowOnlyCloudFront: true,
      publicLoadBalancer: true,
      cloudFrontPrefixListId: s.environment.cloudFrontPrefixListId,
      minCapacity: st.minCapacity,
      maxCapacity: st.maxCapacity,
    });
    if (web.taskDefinition.executionRole && /\.dkr\.ecr\./.test(st.image!)) {
      Validations.of(web.taskDefinition.executionRole).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'ecr:GetAuthorizationToken, which every image pull from ECR needs, has no resource-level permissions; the ' +
          'pull actions themselves are scoped to the one repository of the strangler image',
      });
    }
    // The new service shares the monolith's sessions and database (through the proxy).
    this.sessionStore.connectFrom(web);
    this.settingNames.run(() => this.database.connectFrom(web, { poolSize: st.databasePoolSize }), {
      Database: {
        poolSize: 'strangler.databasePoolSize',
        maxCapacity: 'strangler.maxCapacity',
        // The writer is the existing instance: its max_connections, not the replicas' class, bounds the budget.
        instanceType: 'database.maxConnections',
        // The proxy exists when the instance's secret is given.
        proxy: 'database.secretArn',
      },
    });

    this.cdn.distribution.addBehavior(
      st.pathPattern,
      new origins.HttpOrigin(st.originDomainName!, {
        protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
        originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
        customHeaders: CdnFront.originVerifyHeaders(web.originVerifySecret!),
      }),
      {
        compress: true,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
        cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD_OPTIONS,
        cachePolicy: this.cdn.dynamicCachePolicy,
        originRequestPolicy: this.cdn.originRequestPolicy,
        responseHeadersPolicy: this.cdn.responseHeadersPolicy,
      },
    );
    return web;
  }

  /** An ECR image (`<account>.dkr.ecr.<region>.amazonaws.com/<name>:<tag>`) gets a pull grant; others are pulled as given. */
  private stranglerImage(image: string): ecs.ContainerImage {
    const match =
      /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com\/([^:@]+)(?::([^@]+)|@(sha256:[0-9a-f]{64}))$/.exec(
        image,
      );
    if (!match) return ecs.ContainerImage.fromRegistry(image);
    const [, account, region, repositoryName, tag, digest] = match;
    const repository = ecr.Repository.fromRepositoryAttributes(this, 'StranglerRepository', {
      repositoryName,
      repositoryArn: this.formatArn({
        service: 'ecr',
        account,
        region,
        resource: 'repository',
        resourceName: repositoryName,
      }),
    });
    return ecs.ContainerImage.fromEcrRepository(repository, tag ?? digest);
  }

  private addOutputs(s: LegacyMonolithUpliftSettings): void {
    new CfnOutput(this, 'CloudFrontDomainName', {
      description: 'Point your DNS (CNAME/alias) here once the CDN is verified',
      value: this.cdn.distribution.distributionDomainName,
    });
    new CfnOutput(this, 'DistributionId', { value: this.cdn.distribution.distributionId });
    new CfnOutput(this, 'SessionStoreParameterPrefix', {
      description:
        'SSM path of the session store connection details (host, port, tls, engine, auth-secret-arn)',
      value: s.sessionStore.parameterPrefix,
    });
    if (this.sessionStore.secret) {
      new CfnOutput(this, 'SessionStoreAuthSecretArn', {
        description: 'Secrets Manager secret holding the session store AUTH token',
        value: this.sessionStore.secret.secretArn,
      });
    }
    for (const [name, parameter] of Object.entries(this.database.connectionParameters)) {
      new CfnOutput(this, `Database${pascal(name)}ParameterName`, {
        description: `SSM parameter holding the database ${name}`,
        value: parameter.parameterName,
      });
    }
    new CfnOutput(this, 'DashboardName', { value: this.observability.dashboard.dashboardName });
    if (this.strangler) {
      new CfnOutput(this, 'StranglerLoadBalancerDnsName', {
        description: `Point ${s.strangler.originDomainName} (on the certificate) at this load balancer`,
        value: this.strangler.loadBalancer.loadBalancerDnsName,
      });
    }
  }
}

function existingEngine(engine: 'postgres' | 'mysql', version: string): rds.IInstanceEngine {
  const parts = version.split('.');
  if (engine === 'postgres') {
    return rds.DatabaseInstanceEngine.postgres({
      version: rds.PostgresEngineVersion.of(version, parts[0]),
    });
  }
  return rds.DatabaseInstanceEngine.mysql({
    version: rds.MysqlEngineVersion.of(version, `${parts[0]}.${parts[1]}`),
  });
}

function nonEmpty(ids: string[]): string[] | undefined {
  return ids.length > 0 ? ids : undefined;
}

function pascal(name: string): string {
  return name
    .toLowerCase()
    .split(/[-_]/)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}
