import { GLOBAL_REGION, MultiRegionSaasSettings } from './settings';

/**
 * Every name the stacks share, derived from the settings alone: the stacks refer to each other
 * through these (DNS names, the global cluster identifier, stack names), never through
 * CloudFormation exports, so any region can be added, removed or updated on its own.
 */
export class MultiRegionNames {
  constructor(private readonly settings: MultiRegionSaasSettings) {}

  /** The viewer host name, served by CloudFront. */
  get appDomain(): string {
    return `${this.settings.appSubdomain}.${this.settings.domainName}`;
  }

  /** CloudFront's origin: Route 53 latency records over the healthy regions. */
  get latencyOrigin(): string {
    return `origin.${this.settings.domainName}`;
  }

  /** CloudFront's failover origin: Route 53 failover records, home region first. */
  get failoverOrigin(): string {
    return `failover.origin.${this.settings.domainName}`;
  }

  /** One region's ALB (an alias record the regional stack owns). */
  regionalOrigin(region: string): string {
    return `${region}.origin.${this.settings.domainName}`;
  }

  /** The CloudFront path that reaches one region's readiness path (and nothing else of it). */
  regionHealthPath(region: string): string {
    const readiness = this.settings.web.readinessPath;
    return `/_region/${region}${readiness === '/' ? '/' : readiness}`;
  }

  /** PascalCase construct-id fragment of a region: `eu-west-1` → `EuWest1`. */
  regionId(region: string): string {
    return region
      .split('-')
      .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
      .join('');
  }

  /**
   * Name of the secret whose value CloudFront sends in the origin-verify header to every region's
   * load balancer. The global stack creates it and replicates it to each region, where the listener
   * rules resolve it by this name.
   */
  get originVerifySecretName(): string {
    return `${this.settings.stackPrefix}/cloudfront/origin-verify`;
  }

  /** Name (and id) of the global stack. */
  get globalStackName(): string {
    return `${this.settings.stackPrefix}-Global`;
  }

  /** Name (and id) of a region's stack: the region is in the name. */
  regionalStackName(region: string): string {
    return `${this.settings.stackPrefix}-${region}`;
  }

  /** The global stack's region. */
  get globalRegion(): string {
    return GLOBAL_REGION;
  }
}
