import { CfnOutput, Duration, Stack, StackProps, Tags, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { CacheCluster, CacheUsage } from '../../lib/cache/cache-cluster';
import { MonthlyBudget } from '../../lib/cost/monthly-budget';
import { DatabaseEngine, ReplicatedDatabase } from '../../lib/data/replicated-database';
import { CdnFront } from '../../lib/edge/cdn-front';
import { Network } from '../../lib/network/network';
import { AUDIT_MANIFEST_PARAMETER_OUTPUT } from '../../lib/observability/audit-manifest';
import { Observability } from '../../lib/observability/observability';
import { QueueWorker } from '../../lib/queue/queue-worker';
import { addWorkerTier, WORKER_PROP_SETTINGS } from '../worker-tier';
import { WebService } from '../../lib/service/web-service';
import { blueprintImage, usePullThroughCache } from '../container-image';
import { noRecipientsMessage, reportWithoutRecipients } from '../notifications';
import { givenAvailabilityZones } from '../regions';
import { PropSettings, SettingNames } from '../setting-names';
import { serviceLevelObjectives } from '../settings';
import { BUDGET_STARTUP, BudgetStartupSettings } from './settings';

/** Properties of the {@link BudgetStartupStack}. */
export interface BudgetStartupStackProps extends StackProps {
  /**
   * The validated settings: `budgetStartupSettings({ ... })` applies the defaults to the ones you
   * give and validates them.
   */
  readonly settings: BudgetStartupSettings;
}

/**
 * The setting behind each construct prop, so that an error of a construct names the setting (see
 * {@link SettingNames}).
 */
export const BUDGET_STARTUP_PROP_SETTINGS: PropSettings = {
  Network: {
    maxAzs: 'network.maxAzs',
    natGateways: 'network.natGateways',
    natInstanceType: 'network.natInstanceType',
  },
  Web: {
    env: 'environment.region',
    image: 'web.image',
    containerPort: 'web.containerPort',
    healthCheckPath: 'web.healthCheckPath',
    cpu: 'web.cpu',
    memoryLimitMiB: 'web.memoryLimitMiB',
    minCapacity: 'web.minCapacity',
    maxCapacity: 'web.maxCapacity',
    spotPercentage: 'web.spotPercentage',
    onDemandBaseTasks: 'web.onDemandBaseTasks',
    latencyP95AlarmThreshold: 'slo.latencyP95Ms',
    latencyP99AlarmThreshold: 'slo.latencyP99Ms',
    errorRateAlarmThresholdPercent: 'slo.errorRatePercent',
    cloudFrontPrefixListId: 'environment.cloudFrontPrefixListId',
  },
  Database: {
    serverlessMinCapacity: 'database.minCapacityAcu',
    serverlessMaxCapacity: 'database.maxCapacityAcu',
    readReplicas: 'database.readReplicas',
    proxy: 'database.proxy',
    // An Aurora Serverless v2 writer's max_connections follows its maximum capacity.
    instanceType: 'database.maxCapacityAcu',
    maxConnections: 'database.maxCapacityAcu',
  },
  Cache: { serverlessMaxDataStorageGB: 'cache.maxDataStorageGb' },
  ...WORKER_PROP_SETTINGS,
  Cdn: {
    webAclArn: 'cdn.webAclArn',
    rateLimitPerFiveMinutes: 'cdn.rateLimitPerFiveMinutes',
    domainNames: 'cdn.domainNames',
    certificate: 'cdn.certificateArn',
  },
  Observability: {
    alarmEmails: 'alarmEmails',
    'slo.availabilityPercent': 'slo.availabilityPercent',
    'slo.errorRatePercent': 'slo.errorRatePercent',
    'slo.maxMessageAge': 'slo.maxMessageAgeSeconds',
  },
  Budget: { limitUsd: 'budget.monthlyLimitUsd', alertEmails: 'budget.alertEmails' },
};

/**
 * The budget blueprint: one stack, one region, 2 AZs, the cheapest sound choice at each tier.
 *
 *   CloudFront (PriceClass_100, WAF) → ALB → Fargate 2..6 tasks (70 % Spot above 1 on-demand)
 *     → Aurora Serverless v2 PostgreSQL (0–4 ACU: pauses when idle)
 *     → ElastiCache Serverless Valkey (cache)
 *   SQS + Fargate worker scaling 0..4 on backlog per task
 *   SLO alarms + dashboard + monthly AWS Budgets alerts
 */
export class BudgetStartupStack extends Stack {
  public readonly network: Network;
  public readonly web: WebService;
  public readonly database: ReplicatedDatabase;
  public readonly cache: CacheCluster;
  public readonly cdn: CdnFront;
  /** The queue and its workers; absent when `worker.enabled` is false. */
  public readonly worker?: QueueWorker;
  public readonly observability: Observability;
  /** The monthly AWS Budgets limit; absent when `budget.enabled` is false. */
  public readonly budget?: MonthlyBudget;
  /** `environment.availabilityZones`: the zones of a region this library does not list, given instead of a lookup. */
  private readonly givenAvailabilityZones?: string[];

  public override get availabilityZones(): string[] {
    return givenAvailabilityZones(this, this.givenAvailabilityZones) ?? super.availabilityZones;
  }

  constructor(scope: Construct, id: string, props: BudgetStartupStackProps) {
    const { settings } = props;
    super(scope, id, {
      description: 'cdk-scaling-blueprints: budget-startup (one region, cheapest sound choice at each tier)',
      ...props,
      env: props.env ?? { account: settings.environment.account, region: settings.environment.region },
    });
    this.givenAvailabilityZones = settings.environment.availabilityZones;
    Tags.of(this).add('blueprint', BUDGET_STARTUP);
    const names = new SettingNames(this, BUDGET_STARTUP, settings, BUDGET_STARTUP_PROP_SETTINGS);
    try {
      this.network = new Network(this, 'Network', {
        maxAzs: settings.network.maxAzs,
        natGateways: settings.network.natGateways,
        natInstanceType:
          settings.network.natGateways > 0 && settings.network.natInstanceType
            ? new ec2.InstanceType(settings.network.natInstanceType)
            : undefined,
      });

      const internetEgress = settings.network.natGateways > 0;
      const webImage = blueprintImage(this, 'WebImageRepository', settings.web.image, internetEgress);
      this.web = new WebService(this, 'Web', {
        vpc: this.network.vpc,
        image: webImage.image,
        containerPort: settings.web.containerPort,
        healthCheckPath: settings.web.healthCheckPath,
        cpu: settings.web.cpu,
        memoryLimitMiB: settings.web.memoryLimitMiB,
        minCapacity: settings.web.minCapacity,
        maxCapacity: settings.web.maxCapacity,
        spotPercentage: settings.web.spotPercentage,
        onDemandBaseTasks: settings.web.onDemandBaseTasks,
        latencyP95AlarmThreshold: Duration.millis(settings.slo.latencyP95Ms),
        latencyP99AlarmThreshold: Duration.millis(settings.slo.latencyP99Ms),
        errorRateAlarmThresholdPercent: settings.slo.errorRatePercent,
        // Behind CloudFront: an internal ALB that CloudFront reaches through a VPC origin, admitting
        // only CloudFront's origin-facing addresses (an internet-facing one with the origin-verify
        // header where VPC origins are not offered).
        allowOnlyCloudFront: true,
        // Known regions: the library's table; another region: the id given in the settings.
        cloudFrontPrefixListId: settings.environment.cloudFrontPrefixListId,
      });
      usePullThroughCache(webImage, this.web.service);

      if (settings.web.minCapacity < 2) {
        Validations.of(this.web).acknowledge({
          id: 'WebService:minCapacity',
          reason:
            'Budget blueprint: one task at idle halves the compute bill; a failed task is replaced in about a minute ' +
            'and the step scale-out adds tasks on the first busy minute. Set web.minCapacity to 2 for no gap.',
        });
      }

      this.database = new ReplicatedDatabase(this, 'Database', {
        vpc: this.network.vpc,
        engine: DatabaseEngine.AURORA_POSTGRESQL,
        serverlessMinCapacity: settings.database.minCapacityAcu,
        serverlessMaxCapacity: settings.database.maxCapacityAcu,
        readReplicas: settings.database.readReplicas,
        proxy: settings.database.proxy,
      });
      if (settings.database.readReplicas === 0) {
        Validations.of(this.database).acknowledge({
          id: 'ReplicatedDatabase:readReplicas',
          reason:
            'Budget blueprint: a reader doubles the database bill. Aurora keeps six copies of the data over three AZs ' +
            'and replaces a failed writer in about ten minutes; set database.readReplicas to 1 for a fast failover.',
        });
      }
      names.run(
        () =>
          this.database.connectFrom(this.web, {
            poolSize: settings.web.dbPoolSize,
          }),
        { Database: { poolSize: 'web.dbPoolSize', maxCapacity: 'web.maxCapacity' } },
      );

      this.cache = new CacheCluster(this, 'Cache', {
        vpc: this.network.vpc,
        usage: CacheUsage.CACHE,
        serverless: true,
        serverlessMaxDataStorageGB: settings.cache.maxDataStorageGb,
      });
      this.cache.connectFrom(this.web);

      this.worker = addWorkerTier(this, {
        worker: settings.worker,
        slo: settings.slo,
        web: this.web,
        database: this.database,
        // Background work tolerates interruptions: every worker task on Spot.
        spotPercentage: 100,
        onDemandBaseTasks: 0,
        internetEgress,
        settingNames: names,
      });

      const { cdn } = settings;
      this.cdn = new CdnFront(this, 'Cdn', {
        loadBalancerOrigin: this.web,
        priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
        webAclArn: cdn.webAclArn,
        rateLimitPerFiveMinutes: cdn.rateLimitPerFiveMinutes,
        blockLargeRequestBodies: cdn.blockLargeRequestBodies,
        domainNames: cdn.domainNames.length > 0 ? cdn.domainNames : undefined,
        certificate: cdn.certificateArn
          ? acm.Certificate.fromCertificateArn(this, 'SiteCertificate', cdn.certificateArn)
          : undefined,
      });
      if (this.region !== 'us-east-1') {
        Validations.of(this.cdn).acknowledge({
          id: 'Annotation::CdnFront:NoAlarmsOutsideUsEast1',
          reason:
            'The blueprint runs in one region and CloudFront publishes its metrics in us-east-1 only: the SLO alarms ' +
            'watch the load balancer, and the dashboard shows the CloudFront metrics from us-east-1',
        });
      }

      this.observability = new Observability(this, 'Observability', {
        blueprint: BUDGET_STARTUP,
        alarmEmails: settings.alarmEmails,
        slo: serviceLevelObjectives(settings.slo),
      });
      this.observability.observe(this.cdn, this.web, this.database, this.cache);
      if (this.worker) this.observability.observe(this.worker);

      // Budget alerts go where the alarms go (the alarm topic), and to any extra addresses.
      if (settings.budget.enabled) {
        this.budget = new MonthlyBudget(this, 'Budget', {
          limitUsd: settings.budget.monthlyLimitUsd,
          alertEmails: settings.budget.alertEmails,
          alertTopic: this.observability.alarmTopic,
        });
      }
      reportWithoutRecipients(
        this,
        noRecipientsMessage(BUDGET_STARTUP, settings.alarmEmails, settings.budget.alertEmails),
      );

      new CfnOutput(this, 'SiteUrl', {
        description: 'The URL of the site',
        value: `https://${cdn.domainNames[0] ?? this.cdn.distribution.distributionDomainName}`,
      });
      new CfnOutput(this, 'DashboardName', { value: this.observability.dashboard.dashboardName });
      if (this.observability.auditManifestParameter) {
        new CfnOutput(this, AUDIT_MANIFEST_PARAMETER_OUTPUT, {
          description: 'SSM parameter holding the audit manifest read by `scaling-blueprints audit`',
          value: this.observability.auditManifestParameter.parameterName,
        });
      }
    } catch (error) {
      throw names.translate(error);
    }
  }
}
