import { Annotations, CfnOutput, Duration, Stack, StackProps, Tags, TimeZone } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as targets from 'aws-cdk-lib/aws-route53-targets';
import { Construct } from 'constructs';
import { CacheCluster, CacheUsage, GlobalDatastoreRole } from '../../lib/cache/cache-cluster';
import { DatabaseEngine, GlobalClusterRole, ReplicatedDatabase } from '../../lib/data/replicated-database';
import { Network } from '../../lib/network/network';
import { Observability } from '../../lib/observability/observability';
import { QueueWorker } from '../../lib/queue/queue-worker';
import { PeakSchedule, WebService } from '../../lib/service/web-service';
import { MultiRegionNames } from './names';
import { MULTI_REGION_SAAS, MultiRegionSaasSettings, RegionSettings } from './settings';
import { noRecipientsMessage, reportWithoutRecipients } from '../notifications';
import { serviceLevelObjectives } from '../settings';
import { addWorkerTier, WORKER_PROP_SETTINGS } from '../worker-tier';
import { blueprintImage, usePullThroughCache } from '../container-image';
import { givenAvailabilityZones } from '../regions';
import { PropSettings, SettingNames } from '../setting-names';

/** The suffix of the sessions Global Datastore's id (AWS prefixes it per region). */
export const SESSIONS_GLOBAL_DATASTORE_SUFFIX = 'saas-sessions';

/**
 * The setting behind each construct prop of the region at `index` of `regions`, so that an error of
 * a construct names the setting (see {@link SettingNames}).
 */
export function regionalPropSettings(index: number): PropSettings {
  const region = `regions[${index}]`;
  return {
    Network: { natGateways: 'network.natGateways', maxAzs: `${region}.availabilityZones` },
    Web: {
      image: 'web.image',
      containerPort: 'web.containerPort',
      healthCheckPath: 'web.healthCheckPath',
      cpu: 'web.cpu',
      memoryLimitMiB: 'web.memoryLimitMiB',
      minCapacity: `${region}.minCapacity`,
      maxCapacity: `${region}.maxCapacity`,
      targetRequestsPerTask: 'web.targetRequestsPerTask',
      peakSchedules: `${region}.peaks`,
      latencyP95AlarmThreshold: 'slo.latencyP95Ms',
      latencyP99AlarmThreshold: 'slo.latencyP99Ms',
      errorRateAlarmThresholdPercent: 'slo.errorRatePercent',
      cloudFrontPrefixListId: `${region}.cloudFrontPrefixListId`,
      env: `${region}.region`,
    },
    Database: {
      readReplicas: 'database.readReplicas',
      instanceType: 'database.instanceType',
      maxConnections: 'database.instanceType',
      globalCluster: 'database.globalClusterIdentifier',
      'globalCluster.globalClusterIdentifier': 'database.globalClusterIdentifier',
      'globalCluster.secretReplicaRegions': 'regions',
    },
    Sessions: {
      globalDatastore: 'cache.globalDatastore',
      'globalDatastore.globalReplicationGroupIdSuffix': 'cache.globalDatastore',
    },
    ...WORKER_PROP_SETTINGS,
    Observability: {
      alarmEmails: 'alarmEmails',
      'slo.availabilityPercent': 'slo.availabilityPercent',
      'slo.errorRatePercent': 'slo.errorRatePercent',
      'slo.maxMessageAge': 'slo.maxMessageAgeSeconds',
    },
  };
}

/** Properties of a {@link MultiRegionSaasRegionalStack}. */
export interface MultiRegionSaasRegionalStackProps extends StackProps {
  /** The validated settings. */
  readonly settings: MultiRegionSaasSettings;
  /** This stack's region and its capacity. */
  readonly regionSettings: RegionSettings;
}

/**
 * One region of MultiRegionSaas, all regions alike except the database's role:
 *
 *   <region>.origin.<domain> (alias) → ALB (HTTPS, CloudFront addresses only) → Fargate web tier
 *     (min ≥ 2 over 3 AZs, CPU + request tracking, local-time peak floors, circuit breaker + alarm rollback)
 *   Aurora PostgreSQL in the global database: the writer in the home region (RDS Proxy, rotated
 *     secret replicated to the other regions); elsewhere a read-only secondary with its own KMS key,
 *     no credentials and write forwarding
 *   Valkey session store (regional, or the Global Datastore when sessions follow users)
 *   SQS + worker scaling on backlog; Observability with the region's SLO alarms and dashboard
 */
export class MultiRegionSaasRegionalStack extends Stack {
  public readonly isHome: boolean;
  public readonly network: Network;
  public readonly certificate: acm.Certificate;
  public readonly web: WebService;
  public readonly originRecord: route53.ARecord;
  public readonly database: ReplicatedDatabase;
  public readonly cache: CacheCluster;
  public readonly worker?: QueueWorker;
  public readonly observability: Observability;
  /** `regions[].availabilityZones`: the zones of a region this library does not list, given instead of a lookup. */
  private readonly givenAvailabilityZones?: string[];

  public override get availabilityZones(): string[] {
    return givenAvailabilityZones(this, this.givenAvailabilityZones) ?? super.availabilityZones;
  }

  constructor(scope: Construct, id: string, props: MultiRegionSaasRegionalStackProps) {
    super(scope, id, props);
    const { settings, regionSettings } = props;
    const region = regionSettings.region;
    this.givenAvailabilityZones = regionSettings.availabilityZones;
    const names = new MultiRegionNames(settings);
    const otherRegions = settings.regions.map((r) => r.region).filter((r) => r !== settings.homeRegion);
    this.isHome = region === settings.homeRegion;
    Tags.of(this).add('blueprint', MULTI_REGION_SAAS);
    Tags.of(this).add('region-role', this.isHome ? 'home' : 'secondary');
    const settingNames = new SettingNames(
      this,
      MULTI_REGION_SAAS,
      settings,
      regionalPropSettings(settings.regions.indexOf(regionSettings)),
    );
    try {
      this.network = new Network(this, 'Network', { maxAzs: 3, natGateways: settings.network.natGateways });

      const zone = route53.HostedZone.fromHostedZoneAttributes(this, 'Zone', {
        hostedZoneId: settings.hostedZoneId,
        zoneName: settings.domainName,
      });
      // CloudFront reaches this region as origin.<domain>, failover.origin.<domain> or <region>.origin.<domain>.
      this.certificate = new acm.Certificate(this, 'Certificate', {
        domainName: names.regionalOrigin(region),
        subjectAlternativeNames: [names.latencyOrigin, names.failoverOrigin],
        validation: acm.CertificateValidation.fromDns(zone),
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
        minCapacity: regionSettings.minCapacity,
        maxCapacity: regionSettings.maxCapacity,
        targetRequestsPerTask: settings.web.targetRequestsPerTask,
        peakSchedules: regionSettings.peaks.map((peak) => peakSchedule(peak, regionSettings.timeZone)),
        certificate: this.certificate,
        originDomainName: names.regionalOrigin(region),
        // Behind CloudFront, which reaches each region by a latency-routed DNS name (a VPC origin
        // targets one load balancer, so it cannot do that): an internet-facing ALB that admits only
        // CloudFront's origin-facing addresses over HTTPS, and forwards only requests carrying the
        // origin-verify header whose secret the global stack replicates to this region.
        allowOnlyCloudFront: true,
        publicLoadBalancer: true,
        cloudFrontPrefixListId: regionSettings.cloudFrontPrefixListId,
        originVerifySecret: secretsmanager.Secret.fromSecretNameV2(
          this,
          'OriginVerifySecret',
          names.originVerifySecretName,
        ),
        latencyP95AlarmThreshold: Duration.millis(settings.slo.latencyP95Ms),
        latencyP99AlarmThreshold: Duration.millis(settings.slo.latencyP99Ms),
        errorRateAlarmThresholdPercent: settings.slo.errorRatePercent,
        environment: { APP_REGION: region, APP_HOME_REGION: settings.homeRegion },
      });
      usePullThroughCache(webImage, this.web.service);

      this.originRecord = new route53.ARecord(this, 'OriginRecord', {
        zone,
        recordName: names.regionalOrigin(region),
        target: route53.RecordTarget.fromAlias(new targets.LoadBalancerTarget(this.web.loadBalancer)),
      });

      this.database = new ReplicatedDatabase(this, 'Database', {
        vpc: this.network.vpc,
        engine: DatabaseEngine.AURORA_POSTGRESQL,
        instanceType: new ec2.InstanceType(settings.database.instanceType),
        readReplicas: settings.database.readReplicas,
        globalCluster: this.isHome
          ? {
              role: GlobalClusterRole.PRIMARY,
              globalClusterIdentifier: settings.database.globalClusterIdentifier,
              secretReplicaRegions: otherRegions,
            }
          : {
              role: GlobalClusterRole.SECONDARY,
              globalClusterIdentifier: settings.database.globalClusterIdentifier,
              enableWriteForwarding: settings.database.writeForwarding,
            },
      });
      settingNames.run(
        () =>
          this.database.connectFrom(this.web, {
            poolSize: settings.web.dbPoolSize,
          }),
        {
          Database: {
            poolSize: 'web.dbPoolSize',
            maxCapacity: `regions[${settings.regions.indexOf(regionSettings)}].maxCapacity`,
          },
        },
      );

      this.cache = new CacheCluster(this, 'Sessions', {
        vpc: this.network.vpc,
        usage: CacheUsage.SESSION_STORE,
        globalDatastore: this.cacheGlobalDatastore(settings, otherRegions),
      });
      this.cache.connectFrom(this.web);
      if (this.isHome && this.cache.globalReplicationGroupId && this.cache.secret) {
        // What the other regions need once this one is deployed (see the deploy order in the docs).
        new CfnOutput(this, 'SessionsGlobalReplicationGroupId', {
          description: 'Set as cache.globalReplicationGroupId for the other regions',
          value: this.cache.globalReplicationGroupId,
        });
        new CfnOutput(this, 'SessionsAuthSecretArn', {
          description:
            'Set as cache.authSecretArn for the other regions (replicated there under the same name)',
          value: this.cache.secret.secretArn,
        });
      }

      this.worker = addWorkerTier(this, {
        worker: settings.worker,
        slo: settings.slo,
        web: this.web,
        database: this.database,
        internetEgress,
        settingNames,
      });

      reportWithoutRecipients(this, noRecipientsMessage(MULTI_REGION_SAAS, settings.alarmEmails));
      this.observability = new Observability(this, 'Observability', {
        blueprint: MULTI_REGION_SAAS,
        alarmEmails: settings.alarmEmails,
        dashboardName: `${id}`,
        slo: serviceLevelObjectives(settings.slo),
      });
      this.observability.observe(this.web, this.database, this.cache, ...(this.worker ? [this.worker] : []));
    } catch (error) {
      throw settingNames.translate(error);
    }
  }

  private cacheGlobalDatastore(settings: MultiRegionSaasSettings, otherRegions: string[]) {
    if (!settings.cache.globalDatastore) return undefined;
    if (this.isHome) {
      return {
        role: GlobalDatastoreRole.PRIMARY,
        globalReplicationGroupIdSuffix: SESSIONS_GLOBAL_DATASTORE_SUFFIX,
        secretReplicaRegions: otherRegions,
      };
    }
    const { globalReplicationGroupId, authSecretArn } = settings.cache;
    if (globalReplicationGroupId === undefined || authSecretArn === undefined) {
      Annotations.of(this).addInfo(
        'cache.globalDatastore is on but cache.globalReplicationGroupId is not set yet: this region keeps a ' +
          'regional session store until it is (deploy the home region, then set it)',
      );
      return undefined;
    }
    return {
      role: GlobalDatastoreRole.SECONDARY,
      globalReplicationGroupId,
      // The replica in this region: the home secret's complete ARN with this region in it (a replica
      // keeps the name and suffix), as ECS resolves only complete ARNs at task start.
      authSecret: secretsmanager.Secret.fromSecretCompleteArn(
        this,
        'SessionsAuthSecret',
        replicaArn(authSecretArn, this.region),
      ),
    };
  }
}

/** The ARN of a secret's replica in `region`: same partition, account, name and suffix. */
function replicaArn(arn: string, region: string): string {
  const parts = arn.split(':');
  parts[3] = region;
  return parts.join(':');
}

/** A local-time daily peak as a WebService peak schedule (cron in the region's time zone). */
function peakSchedule(peak: RegionSettings['peaks'][number], timeZone: string): PeakSchedule {
  const [startHour, startMinute] = peak.start.split(':');
  const [endHour, endMinute] = peak.end.split(':');
  return {
    start: appscaling.Schedule.cron({
      hour: `${Number(startHour)}`,
      minute: `${Number(startMinute)}`,
      weekDay: peak.weekDays,
    }),
    end: appscaling.Schedule.cron({
      hour: `${Number(endHour)}`,
      minute: `${Number(endMinute)}`,
      weekDay: peak.weekDays,
    }),
    minCapacity: peak.minCapacity,
    timeZone: TimeZone.of(timeZone),
  };
}
