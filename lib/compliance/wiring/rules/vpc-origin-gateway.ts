import { cloudFrontOrigins } from '../cloudfront';
import { NetworkIndex } from '../network';
import { WiringFinding, WiringRule } from '../wiring-context';
import { originLabel, pathOf } from './describe';

export const VPC_ORIGIN_GATEWAY = 'Wiring-VpcOriginGateway';

/**
 * The VPC of a VPC origin's load balancer has an internet gateway attached: CloudFront VPC origins
 * require one, even though the load balancer itself stays private
 * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-vpc-origins.html).
 * Load balancers in VPCs the app does not define are skipped.
 */
export const vpcOriginGateway: WiringRule = {
  id: VPC_ORIGIN_GATEWAY,
  summary: "a VPC origin's load balancer sits in a VPC with an internet gateway attached",
  check(context) {
    const { resolver } = context;
    const network = NetworkIndex.of(context);
    const findings: WiringFinding[] = [];
    const seen = new Set<string>();
    for (const origin of cloudFrontOrigins(context)) {
      if (!origin.vpcOrigin) continue;
      for (const endpoint of origin.endpoints) {
        if (endpoint.kind !== 'loadBalancer') continue;
        const lb = endpoint.loadBalancer.resource;
        const subnets = (resolver.items(lb.properties.Subnets, lb.template) ?? [])
          .map((s) => (s.kind === 'ref' && s.resource.type === 'AWS::EC2::Subnet' ? s.resource : undefined))
          .filter((s) => s !== undefined);
        const vpc = subnets.length > 0 ? network.vpcOfSubnet(subnets[0]) : undefined;
        if (!vpc || !vpc.startsWith('r:') || network.internetGatewaysOf(vpc).length > 0) continue;
        if (seen.has(`${origin.vpcOrigin.uid}:${lb.uid}`)) continue;
        seen.add(`${origin.vpcOrigin.uid}:${lb.uid}`);
        findings.push({
          resource: origin.vpcOrigin,
          locations: ['Properties/VpcOriginEndpointConfig'],
          message:
            `${originLabel(origin)} uses VPC origin ${pathOf(origin.vpcOrigin)} to load balancer ${pathOf(lb)}, whose VPC ` +
            'has no internet gateway attached: CloudFront cannot create the VPC origin (or reach it). Fix: attach an ' +
            'internet gateway to the VPC (the load balancer stays internal).',
        });
      }
    }
    return findings;
  },
};
