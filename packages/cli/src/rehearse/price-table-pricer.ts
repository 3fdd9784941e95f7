// The rehearsal's usage priced with the `cost` command's dated price table: Fargate vCPU- and
// GB-hours on demand and on Spot (the table's Spot discount), Aurora Serverless v2 ACU-hours. What
// the table lacks for a region is left out and named in the source line, never counted as zero.
import { PriceLookup, PriceTable } from '../cost/price-table';
import { PricedLine, PricedUsage, StackUsage, UsagePricer } from './usage';

export class PriceTablePricer implements UsagePricer {
  constructor(
    private readonly table: PriceTable,
    /** The region of environment-agnostic stacks. */
    private readonly defaultRegion = 'us-east-1',
  ) {}

  public price(usage: readonly StackUsage[]): PricedUsage {
    const lines: PricedLine[] = [];
    const missing = new Set<string>();
    for (const stack of usage) {
      const prices = new PriceLookup(this.table, stack.region ?? this.defaultRegion);
      const price = (key: string): number | undefined => {
        if (prices.has(key)) return prices.get(key).value;
        missing.add(`${key} (${prices.region})`);
        return undefined;
      };
      const spotShare = 1 - (price('fargate.spotDiscount') ?? 0);
      for (const service of stack.services) {
        const arch = service.architecture.toUpperCase().startsWith('ARM') ? 'arm' : 'x86';
        const vcpu = price(`fargate.${arch}.vcpuHour`);
        const gb = price(`fargate.${arch}.gbHour`);
        if (vcpu === undefined || gb === undefined) continue;
        const onDemand = service.onDemand.vcpuHours * vcpu + service.onDemand.gbHours * gb;
        const spot = (service.spot.vcpuHours * vcpu + service.spot.gbHours * gb) * spotShare;
        lines.push({
          stackName: stack.stackName,
          item: `${service.service}: Fargate tasks (on demand ${round(service.onDemand.taskHours)} h, Spot ${round(service.spot.taskHours)} h)`,
          quantity: round(service.onDemand.taskHours + service.spot.taskHours),
          unit: 'task-hours',
          usd: round(onDemand + spot),
        });
      }
      for (const database of stack.databases) {
        if (database.acuHours === 0) continue;
        const acu = price('aurora.acuHour');
        if (acu === undefined) continue;
        lines.push({
          stackName: stack.stackName,
          item: `${database.database}: Aurora Serverless v2 capacity`,
          quantity: round(database.acuHours),
          unit: 'ACU-hours',
          usd: round(database.acuHours * acu),
        });
      }
    }
    const gaps = missing.size > 0 ? `; not priced (missing in the table): ${[...missing].join(', ')}` : '';
    return {
      source: `the cost command's price table of ${this.table.date} (on-demand list prices, Spot at the table's discount)${gaps}`,
      lines,
      totalUsd: round(lines.reduce((sum, line) => sum + line.usd, 0)),
    };
  }
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
