// Compute: Fargate services (tasks from the scaling bounds and the load, on-demand and Spot),
// Container Insights on ECS clusters, EC2 instances, and the Lambda functions a template carries.
import { mean } from '../profiles';
import { Charge, charge, nothing, NotPricedError, num, plural, Pricer, usd } from '../pricing';
import { isRecord, listOf, literalNumber, literalString, referencedId } from '../template';

/** Fargate: average on-demand and Spot tasks × (vCPU × vCPU-hour + GB × GB-hour) × hours. */
export const priceEcsService: Pricer = (service, ctx) => {
  const load = ctx.model.services.get(service.logicalId);
  if (load === undefined) return { charges: [] };
  const arch = load.arm ? 'arm' : 'x86';
  const vcpuPrice = ctx.price(`fargate.${arch}.vcpuHour`).value;
  const gbPrice = ctx.price(`fargate.${arch}.gbHour`).value;
  const perTaskHour = load.vcpu * vcpuPrice + load.memoryGb * gbPrice;
  const hours = ctx.hoursPerMonth;
  const size = `(${num(load.vcpu)} vCPU × ${usd(vcpuPrice)} + ${num(load.memoryGb)} GB × ${usd(gbPrice)}) per task-hour`;
  const onDemand = mean(load.onDemand);
  const spot = mean(load.spot);
  const tasks = mean(load.tasks);
  const how = describeTasks(load.role, load.tasks, load.scaling.floor, load.scaling.maxCapacity);
  const keys = [`fargate.${arch}.vcpuHour`, `fargate.${arch}.gbHour`];
  const charges: Charge[] = [];
  if (tasks === 0) {
    charges.push(nothing('Fargate tasks', `0 tasks: ${how}`));
    return { charges };
  }
  charges.push({
    component: 'Fargate on-demand tasks',
    monthlyUsd: onDemand * perTaskHour * hours,
    basis: `${plural(onDemand, 'on-demand task')} on average (${how}; ${load.strategy.description}) × ${size} × ${hours} h`,
    priceKeys: keys,
  });
  if (spot > 0) {
    const discount = ctx.price('fargate.spotDiscount').value;
    charges.push({
      component: 'Fargate Spot tasks',
      monthlyUsd: spot * perTaskHour * (1 - discount) * hours,
      basis: `${plural(spot, 'Spot task')} on average × ${size} × ${num(1 - discount)} (Spot: ${num(discount * 100)} % below on-demand) × ${hours} h`,
      priceKeys: [...keys, 'fargate.spotDiscount'],
    });
  }
  if (load.ephemeralGb > 20) {
    charges.push(
      charge(
        ctx,
        'Fargate ephemeral storage',
        tasks * (load.ephemeralGb - 20) * hours,
        `${plural(tasks, 'task')} × ${load.ephemeralGb - 20} GB above 20 × ${hours} h`,
        'fargate.ephemeralStorageGbHour',
        { per: 'GB-hour' },
      ),
    );
  }
  if (load.publicIp) {
    charges.push(
      charge(
        ctx,
        'public IPv4 of the tasks',
        tasks * hours,
        `${plural(tasks, 'task')} × ${hours} h`,
        'ipv4.hour',
        { per: 'address-hour' },
      ),
    );
  }
  return { charges };
};

function describeTasks(role: string, tasks: number[], floor: number[], max: number): string {
  const low = Math.min(...tasks);
  const high = Math.max(...tasks);
  const floorLow = Math.min(...floor);
  const floorHigh = Math.max(...floor);
  const bounds =
    floorLow === floorHigh ? `${floorLow}–${max}` : `${floorLow} (${floorHigh} at scheduled peaks)–${max}`;
  const what = role === 'worker' ? 'worker' : role === 'web' ? 'web' : 'fixed';
  return low === high
    ? `${what}: ${low} all week, bounds ${bounds}`
    : `${what}: ${low} to ${high} over the week, bounds ${bounds}`;
}

/** Container Insights (standard): custom metrics per cluster, service and task family, and performance log events. */
export const priceEcsCluster: Pricer = (cluster, ctx) => {
  const setting = listOf(cluster.properties.ClusterSettings).find(
    (s) => isRecord(s) && s.Name === 'containerInsights',
  );
  const value = isRecord(setting) ? literalString(setting.Value) : undefined;
  if (value !== 'enabled' && value !== 'enhanced') {
    return { free: 'an ECS cluster has no charge (Container Insights is off)' };
  }
  if (value === 'enhanced') {
    throw new NotPricedError(
      'Container Insights with enhanced observability is billed per observation: not in the price table',
    );
  }
  const services = ctx.model.index
    .ofType('AWS::ECS::Service')
    .filter((s) => referencedId(s.properties.Cluster) === cluster.logicalId);
  const families = new Set(services.map((s) => referencedId(s.properties.TaskDefinition)));
  const metrics = 10 + 13 * services.length + 9 * families.size;
  let tasks = 0;
  for (const s of services) tasks += mean(ctx.model.services.get(s.logicalId)?.tasks ?? [0]);
  const logGb = (tasks * 60 * ctx.hoursPerMonth * 2048) / 1024 ** 3;
  return {
    charges: [
      charge(
        ctx,
        'Container Insights metrics',
        metrics,
        `${metrics} metrics (10 for the cluster, 13 per service × ${services.length}, 9 per task family × ${families.size})`,
        'cloudwatch.metricMonth',
        { per: 'metric-month' },
      ),
      charge(
        ctx,
        'Container Insights performance logs',
        logGb,
        `${plural(tasks, 'task')} on average × 2 KB a minute = ${num(logGb)} GB`,
        'cloudwatch.logsIngestGb',
        { per: 'GB' },
      ),
    ],
  };
};

/** EC2 instance hours, its root volume, a public address if it asks for one. */
export const priceEc2Instance: Pricer = (instance, ctx) => {
  const type = literalString(instance.properties.InstanceType);
  if (type === undefined) throw new NotPricedError('the instance type is not a literal in the template');
  const hours = ctx.hoursPerMonth;
  const charges = [
    charge(ctx, `EC2 ${type} hours`, hours, `${hours} h`, `ec2.instanceHour/${type}`, { per: 'hour' }),
  ];
  let volumeGb = 8;
  for (const mapping of listOf(instance.properties.BlockDeviceMappings)) {
    if (isRecord(mapping) && isRecord(mapping.Ebs))
      volumeGb = literalNumber(mapping.Ebs.VolumeSize) ?? volumeGb;
  }
  charges.push(
    charge(ctx, 'EBS gp3 root volume', volumeGb, `${volumeGb} GB`, 'ebs.gp3GbMonth', {
      per: 'GB-month',
      note: 'size from BlockDeviceMappings, else the 8 GB of an Amazon Linux image',
    }),
  );
  const publicAddress = listOf(instance.properties.NetworkInterfaces).some(
    (n) => isRecord(n) && n.AssociatePublicIpAddress === true,
  );
  if (publicAddress)
    charges.push(charge(ctx, 'public IPv4', hours, `${hours} h`, 'ipv4.hour', { per: 'address-hour' }));
  return { charges };
};

/** A Lambda function: a custom resource provider runs only on deploys; anything else has no traffic model. */
export const priceLambdaFunction: Pricer = (fn, ctx) => {
  const providers = ctx.model.index.resources.filter(
    (r) =>
      (r.type.startsWith('Custom::') || r.type === 'AWS::CloudFormation::CustomResource') &&
      referencedId(r.properties.ServiceToken) === fn.logicalId,
  );
  if (providers.length > 0) {
    return {
      charges: [
        nothing(
          'Lambda invocations',
          `runs only when ${providers.map((p) => p.logicalId).join(', ')} deploy: a few invocations, well under 0.01 USD`,
        ),
      ],
    };
  }
  throw new NotPricedError('its invocations are not part of the traffic model');
};

/** A rotation Lambda from the Serverless Application Repository: 4 invocations per rotation. */
export const priceServerlessApplication: Pricer = (app, ctx) => {
  const parameters = isRecord(app.properties.Parameters) ? app.properties.Parameters : {};
  const name = String(literalString(parameters.functionName) ?? '');
  const location = JSON.stringify(app.properties.Location ?? '');
  if (!/Rotation/i.test(name) && !/SecretsManager/i.test(location)) {
    throw new NotPricedError(
      'a Serverless Application Repository application other than a Secrets Manager rotation',
    );
  }
  const schedule = ctx.model.index
    .ofType('AWS::SecretsManager::RotationSchedule')
    .find((s) => JSON.stringify(s.properties.RotationLambdaARN ?? '').includes(app.logicalId));
  const rules = isRecord(schedule?.properties.RotationRules) ? schedule.properties.RotationRules : {};
  const days = Number(
    /rate\((\d+) days?\)/.exec(String(rules.ScheduleExpression ?? ''))?.[1] ??
      literalNumber(rules.AutomaticallyAfterDays) ??
      30,
  );
  const invocations = (4 * (ctx.hoursPerMonth / 24)) / days;
  const requests = charge(
    ctx,
    'rotation Lambda',
    invocations,
    `${num(invocations)} invocations a month (4 per rotation every ${days} days)`,
    'lambda.requestsMillion',
    { divisor: 1e6, per: 'million requests' },
  );
  const gbSeconds = invocations * 10 * 0.125;
  const duration = charge(
    ctx,
    'rotation Lambda duration',
    gbSeconds,
    `${num(gbSeconds)} GB-s (10 s × 128 MB each, assumed)`,
    'lambda.x86.gbSecond',
    { per: 'GB-second' },
  );
  return { charges: [requests, duration] };
};
