// Network: NAT gateways (hours + the data the tasks send through them), Elastic IPs and other
// public IPv4 addresses, VPC endpoints, load balancers (hours, LCUs, public addresses).
import { monthlyTotal, StackModel } from '../model';
import { mean } from '../profiles';
import { Charge, charge, nothing, NotPricedError, num, Pricer } from '../pricing';
import { approximateString, listOf, literalString, referencedId, referencedIds } from '../template';

const GB = 1024 ** 3;

/** Where the bytes the tasks send to AWS services and the internet go, GB a month. */
export interface Egress {
  /** GB a month through each NAT gateway. */
  readonly natGb: number;
  /** GB a month through each interface endpoint, by logical id. */
  readonly endpointGb: ReadonlyMap<string, number>;
  /** What the NAT traffic is made of. */
  readonly natDetail: string;
}

/** The interface endpoints of a stack by the service they reach (`logs`, `sqs`, `ecr.dkr`, ...). */
function interfaceEndpoints(model: StackModel): Map<string, string> {
  const byService = new Map<string, string>();
  for (const endpoint of model.index.ofType('AWS::EC2::VPCEndpoint')) {
    if (endpoint.properties.VpcEndpointType !== 'Interface') continue;
    // com.amazonaws.<region>.<service>
    const name = approximateString(endpoint.properties.ServiceName, 'region') ?? '';
    byService.set(name.split('.').slice(3).join('.'), endpoint.logicalId);
  }
  return byService;
}

/**
 * What the tasks in private subnets send out: their application logs (CloudWatch Logs), queue
 * messages (SQS), image pulls at task start (from a public registry: the internet; from ECR: its
 * endpoints), and the assumed third-party traffic per request. Each goes through the interface
 * endpoint of its service when the stack has one, else through the NAT gateways (split evenly).
 */
export function egressOf(model: StackModel, hoursPerMonth: number): Egress {
  const endpoints = interfaceEndpoints(model);
  const endpointFor = (service: string): string | undefined => endpoints.get(service);
  const nats = model.index.ofType('AWS::EC2::NatGateway').length;
  const endpointGb = new Map<string, number>();
  const parts: Record<string, number> = {};
  let natTotal = 0;
  const route = (service: string, gb: number, label: string): void => {
    if (gb <= 0) return;
    const endpoint = endpointFor(service);
    if (endpoint !== undefined) endpointGb.set(endpoint, (endpointGb.get(endpoint) ?? 0) + gb);
    else if (nats > 0) {
      natTotal += gb;
      parts[label] = (parts[label] ?? 0) + gb;
    }
  };
  const a = model.profile.assumptions;
  const weeksPerMonth = hoursPerMonth / 168;
  for (const load of model.services.values()) {
    if (load.publicIp) continue;
    let logsGb = 0;
    for (const group of new Set(load.logGroupIds)) logsGb += model.logIngest.get(group)?.gbPerMonth ?? 0;
    route('logs', logsGb, 'application logs to CloudWatch Logs');
    const starts = load.taskStartsPerWeek * weeksPerMonth;
    for (const image of load.images) {
      const gb = (starts * a.imagePullMiB) / 1024;
      route(
        image.includes('.dkr.ecr.') ? 'ecr.dkr' : 'internet',
        gb,
        `image pulls at task starts (${a.imagePullMiB} MiB each)`,
      );
    }
    route(
      'internet',
      (monthlyTotal(load.work, hoursPerMonth) * a.egressKiBPerRequest * 1024) / GB,
      'third-party calls',
    );
  }
  for (const rate of model.queueMessages.values()) {
    // send + receive + delete, about 1 KB each.
    route('sqs', (monthlyTotal(rate, hoursPerMonth) * 3 * 1024) / GB, 'queue messages');
  }
  const detail = Object.entries(parts)
    .map(([label, gb]) => `${label} ${num(gb)} GB`)
    .join(' + ');
  return { natGb: nats === 0 ? 0 : natTotal / nats, endpointGb, natDetail: detail || 'nothing estimated' };
}

export const priceNatGateway: Pricer = (_nat, ctx) => {
  const hours = ctx.hoursPerMonth;
  const egress = egressOf(ctx.model, hours);
  const gateways = ctx.model.index.ofType('AWS::EC2::NatGateway').length;
  return {
    charges: [
      charge(ctx, 'NAT gateway hours', hours, `${hours} h`, 'nat.hour', { per: 'hour' }),
      charge(
        ctx,
        'NAT gateway data processed',
        egress.natGb,
        `${num(egress.natGb)} GB (${egress.natDetail}${gateways > 1 ? `, split over ${gateways} gateways` : ''})`,
        'nat.gb',
        { per: 'GB' },
      ),
    ],
  };
};

export const priceElasticIp: Pricer = (eip, ctx) => {
  const user = ctx.model.index.resources.find((r) => referencedIds(r.properties).has(eip.logicalId));
  const hours = ctx.hoursPerMonth;
  return {
    charges: [
      charge(
        ctx,
        'public IPv4 address',
        hours,
        `${hours} h${user ? ` (used by ${user.logicalId})` : ''}`,
        'ipv4.hour',
        { per: 'address-hour' },
      ),
    ],
  };
};

export const priceVpcEndpoint: Pricer = (endpoint, ctx) => {
  const type = literalString(endpoint.properties.VpcEndpointType) ?? 'Gateway';
  if (type === 'Gateway') return { free: 'gateway endpoints (S3, DynamoDB) have no charge' };
  const zones = Math.max(1, listOf(endpoint.properties.SubnetIds).length);
  const hours = ctx.hoursPerMonth;
  const gb = egressOf(ctx.model, hours).endpointGb.get(endpoint.logicalId) ?? 0;
  return {
    charges: [
      charge(
        ctx,
        'interface endpoint hours',
        zones * hours,
        `${zones} AZs × ${hours} h`,
        'vpce.interfaceAzHour',
        { per: 'AZ-hour' },
      ),
      charge(
        ctx,
        'interface endpoint data',
        gb,
        `${num(gb)} GB (the tasks' traffic to this service)`,
        'vpce.gb',
        { per: 'GB' },
      ),
    ],
  };
};

/**
 * Load balancer hours, capacity units and public addresses. LCUs per half-hour: the largest of new
 * connections ÷ 25/s (CloudFront reuses connections: 1 new per 10 requests assumed), bytes ÷ 1 GB/h
 * (response + 1 KiB of request) and rule evaluations beyond the 10 free ÷ 1,000/s; averaged over the week.
 */
export const priceLoadBalancer: Pricer = (lb, ctx) => {
  const type = literalString(lb.properties.Type) ?? 'application';
  if (type !== 'application' && type !== 'network') {
    throw new NotPricedError(`${type} load balancers are not in the price table`);
  }
  const prefix = type === 'application' ? 'alb' : 'nlb';
  const hours = ctx.hoursPerMonth;
  const rps = ctx.model.loadBalancerRps.get(lb.logicalId) ?? [0];
  const kib = ctx.model.profile.traffic?.averageResponseKiB ?? 0;
  const rules = ctx.model.index.ofType('AWS::ElasticLoadBalancingV2::ListenerRule').filter((r) => {
    const listener = ctx.model.index.get(referencedId(r.properties.ListenerArn));
    return referencedId(listener?.properties.LoadBalancerArn) === lb.logicalId;
  }).length;
  const lcus = rps.map((r) => {
    const gbPerHour = (r * 3600 * (kib + 1) * 1024) / GB;
    const newConnections = (r * 0.1) / 25;
    const ruleEvaluations = (r * Math.max(0, rules - 10)) / 1000;
    return Math.max(gbPerHour, newConnections, ruleEvaluations);
  });
  const averageLcu = mean(lcus);
  const charges: Charge[] = [
    charge(ctx, `${type === 'application' ? 'ALB' : 'NLB'} hours`, hours, `${hours} h`, `${prefix}.hour`, {
      per: 'hour',
    }),
    averageLcu === 0
      ? nothing('capacity units', '0 LCU: no request reaches it in this profile')
      : charge(
          ctx,
          'capacity units',
          averageLcu * hours,
          `${num(averageLcu)} ${prefix === 'alb' ? 'LCU' : 'NLCU'} on average (${num(mean(rps))} requests/s × ${num(kib + 1)} KiB: processed bytes dominate) × ${hours} h`,
          prefix === 'alb' ? 'alb.lcuHour' : 'nlb.nlcuHour',
          { per: prefix === 'alb' ? 'LCU-hour' : 'NLCU-hour' },
        ),
  ];
  const scheme = literalString(lb.properties.Scheme) ?? 'internet-facing';
  if (scheme === 'internet-facing') {
    const zones = Math.max(
      listOf(lb.properties.Subnets).length,
      listOf(lb.properties.SubnetMappings).length,
      1,
    );
    charges.push(
      charge(
        ctx,
        'public IPv4 addresses',
        zones * hours,
        `${zones} addresses (internet-facing: one per AZ) × ${hours} h`,
        'ipv4.hour',
        { per: 'address-hour' },
      ),
    );
  }
  return { charges };
};
