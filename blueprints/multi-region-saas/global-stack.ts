import { Duration, RemovalPolicy, Stack, StackProps, Tags, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as targets from 'aws-cdk-lib/aws-route53-targets';
import { Construct } from 'constructs';
import { AuroraGlobalCluster } from '../../lib/data/global-database';
import { DatabaseEngine } from '../../lib/data/replicated-database';
import { CdnFront } from '../../lib/edge/cdn-front';
import { Observability } from '../../lib/observability/observability';
import { MultiRegionNames } from './names';
import { MULTI_REGION_SAAS, MultiRegionSaasSettings, multiRegionSaasSettings } from './settings';
import {
  exampleValuesMessage,
  noRecipientsMessage,
  reportExampleValues,
  reportWithoutRecipients,
} from '../notifications';
import { PropSettings, SettingNames } from '../setting-names';
import { serviceLevelObjectives } from '../settings';

/** Properties of the {@link MultiRegionSaasGlobalStack}. */
export interface MultiRegionSaasGlobalStackProps extends StackProps {
  /** The validated settings. */
  readonly settings: MultiRegionSaasSettings;
}

/** The setting behind each construct prop of the global stack (see {@link SettingNames}). */
export const GLOBAL_PROP_SETTINGS: PropSettings = {
  GlobalDatabase: { globalClusterIdentifier: 'database.globalClusterIdentifier' },
  Cdn: {
    rateLimitPerFiveMinutes: 'cdn.rateLimitPerFiveMinutes',
    writePathPatterns: 'cdn.writePathPatterns',
    failoverOriginDomainName: 'cdn.originFailover',
    originDomainName: 'domainName',
    domainNames: 'appSubdomain',
  },
  Observability: {
    alarmEmails: 'alarmEmails',
    'slo.availabilityPercent': 'slo.availabilityPercent',
    'slo.errorRatePercent': 'slo.errorRatePercent',
    'slo.maxMessageAge': 'slo.maxMessageAgeSeconds',
  },
};

/** What the global stack creates for one region: its health check and its routing records. */
export interface RegionRouting {
  readonly region: string;
  readonly healthCheck: route53.HealthCheck;
  readonly latencyRecord: route53.CnameRecord;
  readonly unhealthyAlarm: cloudwatch.Alarm;
  /** `HealthCheckStatus` of the region's health check (1 healthy, 0 unhealthy), 1-minute minimum. */
  readonly healthMetric: cloudwatch.Metric;
}

/**
 * The global part of MultiRegionSaas (us-east-1, where CloudFront's certificate, its WAF and the
 * Route 53 health-check metrics live):
 *
 *   app.<domain> → CloudFront + WAF → origin.<domain> (Route 53 latency records, one per region,
 *     each with a health check) → <region>.origin.<domain> (the region's ALB, a record its stack owns)
 *   CloudFront origin failover → failover.origin.<domain> (Route 53 failover records: home region
 *     primary, the next region secondary)
 *   one health check per region, on its readiness path reached through CloudFront
 *     (/_region/<region><readinessPath>), so it tests the edge, the region's ALB, its tasks and,
 *     with a deep readiness path, their database
 *   the Aurora global cluster (empty: the home region's cluster joins as primary)
 *
 * It refers to the regions only by DNS names derived from the settings: no CloudFormation export
 * crosses a region, and adding a region is a settings change.
 */
export class MultiRegionSaasGlobalStack extends Stack {
  public readonly globalDatabase: AuroraGlobalCluster;
  public readonly cdn: CdnFront;
  public readonly certificate: acm.Certificate;
  public readonly zone: route53.IHostedZone;
  public readonly regionRouting: RegionRouting[] = [];
  public readonly failoverRecords: route53.CnameRecord[] = [];
  public readonly observability: Observability;
  /** The secret of the origin-verify header, replicated to every region. */
  public readonly originVerifySecret: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: MultiRegionSaasGlobalStackProps) {
    super(scope, id, props);
    const { settings } = props;
    const names = new MultiRegionNames(settings);
    Tags.of(this).add('blueprint', MULTI_REGION_SAAS);
    const settingNames = new SettingNames(this, MULTI_REGION_SAAS, settings, GLOBAL_PROP_SETTINGS);
    try {
      this.globalDatabase = new AuroraGlobalCluster(this, 'GlobalDatabase', {
        globalClusterIdentifier: settings.database.globalClusterIdentifier,
        engine: DatabaseEngine.AURORA_POSTGRESQL,
      });

      this.zone = route53.HostedZone.fromHostedZoneAttributes(this, 'Zone', {
        hostedZoneId: settings.hostedZoneId,
        zoneName: settings.domainName,
      });
      this.certificate = new acm.Certificate(this, 'Certificate', {
        domainName: names.appDomain,
        validation: acm.CertificateValidation.fromDns(this.zone),
      });

      // The secret every region's load balancer requires in X-Origin-Verify (they are internet-facing:
      // CloudFront reaches them by latency-routed DNS names). Replicated to each region, where the
      // listener rules resolve it by name; deleted with the stack (it protects nothing once CloudFront
      // is gone, and a fixed name left behind would block the next deployment).
      const replicaRegions = settings.regions.map((r) => r.region).filter((r) => r !== this.region);
      this.originVerifySecret = new secretsmanager.Secret(this, 'OriginVerifySecret', {
        secretName: names.originVerifySecretName,
        description: 'Value of the X-Origin-Verify header CloudFront sends to every region of the app',
        generateSecretString: { excludePunctuation: true, includeSpace: false, passwordLength: 48 },
        replicaRegions: replicaRegions.map((region) => ({ region })),
        removalPolicy: RemovalPolicy.DESTROY,
      });
      Validations.of(this.originVerifySecret).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason:
          "A value shared by the CloudFront origins and the regions' listener rules, not a service credential: both " +
          'must change together, which a deployment of the global stack and then of each region does',
      });

      this.cdn = new CdnFront(this, 'Cdn', {
        originDomainName: names.latencyOrigin,
        originVerifySecret: this.originVerifySecret,
        failoverOriginDomainName: settings.cdn.originFailover ? names.failoverOrigin : undefined,
        writePathPatterns: settings.cdn.originFailover ? settings.cdn.writePathPatterns : undefined,
        domainNames: [names.appDomain],
        certificate: this.certificate,
        rateLimitPerFiveMinutes: settings.cdn.rateLimitPerFiveMinutes,
      });

      // One uncached, read-only route per region to its readiness path: what the health checks request.
      const stripRegionPrefix = new cloudfront.Function(this, 'RegionPathFunction', {
        comment: 'Strips /_region/<region> so a region-pinned health check reaches the app path',
        runtime: cloudfront.FunctionRuntime.JS_2_0,
        code: cloudfront.FunctionCode.fromInline(
          [
            'function handler(event) {',
            '  var request = event.request;',
            "  request.uri = request.uri.replace(/^\\/_region\\/[a-z0-9-]+/, '') || '/';",
            '  return request;',
            '}',
          ].join('\n'),
        ),
      });
      for (const { region } of settings.regions) {
        this.cdn.distribution.addBehavior(
          names.regionHealthPath(region),
          new origins.HttpOrigin(names.regionalOrigin(region), {
            protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
            originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
            // The region's listener refuses requests without it: the health checks would always fail.
            customHeaders: CdnFront.originVerifyHeaders(this.originVerifySecret),
          }),
          {
            viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
            allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
            cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
            responseHeadersPolicy: this.cdn.responseHeadersPolicy,
            functionAssociations: [
              { function: stripRegionPrefix, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST },
            ],
          },
        );
      }

      new route53.ARecord(this, 'AppAlias', {
        zone: this.zone,
        recordName: names.appDomain,
        target: route53.RecordTarget.fromAlias(new targets.CloudFrontTarget(this.cdn.distribution)),
      });
      new route53.AaaaRecord(this, 'AppAliasIpv6', {
        zone: this.zone,
        recordName: names.appDomain,
        target: route53.RecordTarget.fromAlias(new targets.CloudFrontTarget(this.cdn.distribution)),
      });

      reportWithoutRecipients(this, noRecipientsMessage(MULTI_REGION_SAAS, settings.alarmEmails));
      reportExampleValues(
        this,
        exampleValuesMessage(MULTI_REGION_SAAS, settings, multiRegionSaasSettings(), [
          'domainName',
          'hostedZoneId',
        ]),
      );
      this.observability = new Observability(this, 'Observability', {
        blueprint: MULTI_REGION_SAAS,
        alarmEmails: settings.alarmEmails,
        dashboardName: `${id}-global`,
        slo: serviceLevelObjectives(settings.slo),
      });
      this.observability.observe(this.cdn);

      // Latency routing over every region, each answer withdrawn while its health check fails.
      for (const { region } of settings.regions) {
        const regionId = names.regionId(region);
        const healthCheck = new route53.HealthCheck(this, `${regionId}HealthCheck`, {
          type: route53.HealthCheckType.HTTPS,
          fqdn: names.appDomain,
          port: 443,
          resourcePath: names.regionHealthPath(region),
          enableSNI: true,
          requestInterval: Duration.seconds(settings.routing.healthCheckIntervalSeconds),
          failureThreshold: settings.routing.healthCheckFailureThreshold,
          measureLatency: true,
        });
        const latencyRecord = new route53.CnameRecord(this, `${regionId}LatencyRecord`, {
          zone: this.zone,
          recordName: names.latencyOrigin,
          domainName: names.regionalOrigin(region),
          region,
          setIdentifier: region,
          healthCheck,
          ttl: Duration.seconds(60),
        });
        const healthMetric = new cloudwatch.Metric({
          namespace: 'AWS/Route53',
          metricName: 'HealthCheckStatus',
          dimensionsMap: { HealthCheckId: healthCheck.healthCheckId },
          statistic: cloudwatch.Stats.MINIMUM,
          period: Duration.minutes(1),
        });
        const unhealthyAlarm = new cloudwatch.Alarm(this, `${regionId}UnhealthyAlarm`, {
          metric: healthMetric,
          threshold: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
          evaluationPeriods: 2,
          datapointsToAlarm: 2,
          treatMissingData: cloudwatch.TreatMissingData.BREACHING,
          alarmDescription:
            `${region} fails its Route 53 health check (${names.regionHealthPath(region)} through CloudFront): ` +
            `latency routing no longer sends users there. Follow the regional failover runbook (docs/blueprints/multi-region-saas.md)`,
        });
        this.observability.addAlarm(unhealthyAlarm);
        this.regionRouting.push({ region, healthCheck, latencyRecord, unhealthyAlarm, healthMetric });
      }

      // The failover path CloudFront retries on: the home region while healthy, else the next region.
      const home = this.regionRouting.find((r) => r.region === settings.homeRegion)!;
      const standby = this.regionRouting.find((r) => r.region !== settings.homeRegion)!;
      for (const [routing, failover] of [
        [home, route53.Failover.PRIMARY],
        [standby, route53.Failover.SECONDARY],
      ] as const) {
        this.failoverRecords.push(
          new route53.CnameRecord(
            this,
            `Failover${failover === route53.Failover.PRIMARY ? 'Primary' : 'Secondary'}Record`,
            {
              zone: this.zone,
              recordName: names.failoverOrigin,
              domainName: names.regionalOrigin(routing.region),
              failover,
              setIdentifier: `${routing.region}-${failover.toLowerCase()}`,
              healthCheck: routing.healthCheck,
              ttl: Duration.seconds(60),
            },
          ),
        );
      }

      this.observability.dashboard.addWidgets(
        new cloudwatch.GraphWidget({
          title: 'Region health (Route 53 health checks: 1 healthy, 0 unhealthy)',
          width: 24,
          region: this.region,
          left: this.regionRouting.map((r) => r.healthMetric.with({ label: r.region })),
          leftYAxis: { min: 0, max: 1 },
        }),
      );
    } catch (error) {
      throw settingNames.translate(error);
    }
  }
}
