// Keys, secrets, parameters, queues, DNS, log buckets and budgets.
import { monthlyTotal } from '../model';
import { mean } from '../profiles';
import { Charge, charge, nothing, num, plural, Pricer } from '../pricing';
import {
  approximateString,
  isRecord,
  listOf,
  literalBoolean,
  literalNumber,
  literalString,
  referencedId,
  referencedIds,
} from '../template';

/** KMS: 1 USD a month per key (the first two yearly rotations add 1 USD each), and its requests. */
export const priceKmsKey: Pricer = (key, ctx) => {
  const rotation = literalBoolean(key.properties.EnableKeyRotation) === true;
  const requests = ctx.assumptions.kmsRequestsPerKey;
  return {
    charges: [
      charge(
        ctx,
        'KMS key',
        1,
        `1 key${rotation ? ' (yearly rotation: + 1 USD a month after the first rotation, + 2 USD after the second, not counted)' : ''}`,
        'kms.keyMonth',
        { per: 'key-month' },
      ),
      charge(
        ctx,
        'KMS requests',
        requests,
        `${num(requests)} requests a month (assumed: data-key refreshes of the services using it)`,
        'kms.requests10k',
        { divisor: 10_000, per: '10,000 requests' },
      ),
    ],
  };
};

/** Secrets Manager: per secret and per replica. */
export const priceSecret: Pricer = (secret, ctx) => {
  const replicas = listOf(secret.properties.ReplicaRegions).length;
  return {
    charges: [
      charge(
        ctx,
        'secret',
        1 + replicas,
        `1 secret${replicas > 0 ? ` + ${replicas} replica${replicas === 1 ? '' : 's'} in other regions` : ''}`,
        'secretsmanager.secretMonth',
        { per: 'secret-month' },
      ),
    ],
  };
};

/** Parameter Store: standard parameters are free; advanced (or intelligent tiering above 4 KB) are not. */
export const priceSsmParameter: Pricer = (parameter, ctx) => {
  const tier = literalString(parameter.properties.Tier) ?? 'Standard';
  // An unresolved token (an ARN, a name) is about 60 characters.
  const size = Buffer.byteLength(approximateString(parameter.properties.Value, 'x'.repeat(60)) ?? '', 'utf8');
  const advanced = tier === 'Advanced' || (tier === 'Intelligent-Tiering' && size > 4096);
  if (!advanced) return { free: `a standard parameter (${tier}, about ${num(size)} bytes) has no charge` };
  return {
    charges: [
      charge(
        ctx,
        'advanced parameter',
        1,
        `1 parameter (${tier}${tier === 'Intelligent-Tiering' ? `: about ${num(size)} bytes, over the 4 KB of a standard parameter` : ''})`,
        'ssm.advancedParameterMonth',
        { per: 'parameter-month' },
      ),
    ],
  };
};

/** SQS: send + receive + delete per message, and the long polls of the workers that drain it. */
export const priceQueue: Pricer = (queue, ctx) => {
  const hours = ctx.hoursPerMonth;
  const fifo = literalBoolean(queue.properties.FifoQueue) === true;
  const key = fifo ? 'sqs.fifoRequestsMillion' : 'sqs.standardRequestsMillion';
  const rate = ctx.model.queueMessages.get(queue.logicalId);
  if (rate === undefined) {
    const isDeadLetter = ctx.model.index
      .ofType('AWS::SQS::Queue')
      .some(
        (q) =>
          isRecord(q.properties.RedrivePolicy) &&
          referencedId(q.properties.RedrivePolicy.deadLetterTargetArn) === queue.logicalId,
      );
    return {
      charges: [
        nothing(
          'SQS requests',
          isDeadLetter
            ? 'a dead-letter queue: only failed messages, assumed none'
            : 'no messages in the traffic model',
        ),
      ],
    };
  }
  const messages = monthlyTotal(rate, hours);
  let pollingTasks = 0;
  for (const load of ctx.model.services.values()) {
    if (load.scaling.backlogQueueId === queue.logicalId) pollingTasks += mean(load.tasks);
  }
  const polls = pollingTasks * 3 * 60 * hours;
  const requests = messages * 3 + polls;
  return {
    charges: [
      requests === 0
        ? nothing('SQS requests', '0 requests: no messages, no worker polling')
        : charge(
            ctx,
            'SQS requests',
            requests,
            `${num(messages)} messages a month × 3 (send, receive, delete) + ${num(polls)} long polls (${plural(pollingTasks, 'worker task')} × 3 a minute)`,
            key,
            { divisor: 1e6, per: 'million requests' },
          ),
    ],
  };
};

/** Route 53 health check: basic price (AWS or other endpoint) + 1 (or 2) USD per optional feature. */
export const priceHealthCheck: Pricer = (check, ctx) => {
  const config = isRecord(check.properties.HealthCheckConfig) ? check.properties.HealthCheckConfig : {};
  const type = literalString(config.Type) ?? 'HTTP';
  if (type === 'CALCULATED' || type === 'CLOUDWATCH_METRIC' || type === 'RECOVERY_CONTROL') {
    return {
      charges: [
        charge(ctx, 'health check', 1, `1 ${type} health check`, 'route53.healthCheckAwsMonth', {
          per: 'health check-month',
        }),
      ],
    };
  }
  const fqdn = literalString(config.FullyQualifiedDomainName)?.toLowerCase().replace(/\.$/, '');
  const aws = fqdn !== undefined && ctx.app.awsAliasNames.has(fqdn);
  const options: string[] = [];
  if (type.startsWith('HTTPS')) options.push('HTTPS');
  if (type.endsWith('STR_MATCH')) options.push('string matching');
  if ((literalNumber(config.RequestInterval) ?? 30) === 10) options.push('fast interval (10 s)');
  if (literalBoolean(config.MeasureLatency) === true) options.push('latency measurement');
  const endpoint = aws
    ? `${fqdn}: an alias of an AWS resource in these templates`
    : `${fqdn ?? String(config.IPAddress ?? 'an endpoint')}: not an alias of an AWS resource in these templates, priced as a non-AWS endpoint`;
  const charges: Charge[] = [
    charge(
      ctx,
      'health check',
      1,
      `1 health check of ${endpoint}`,
      aws ? 'route53.healthCheckAwsMonth' : 'route53.healthCheckNonAwsMonth',
      { per: 'health check-month' },
    ),
  ];
  if (options.length > 0) {
    charges.push(
      charge(
        ctx,
        'health check options',
        options.length,
        `${options.length} optional features (${options.join(', ')})`,
        aws ? 'route53.healthCheckOptionAwsMonth' : 'route53.healthCheckOptionNonAwsMonth',
        { per: 'feature-month' },
      ),
    );
  }
  return { charges };
};

/**
 * Route 53 records: free to keep (10,000 per zone); non-alias latency, failover and weighted records
 * are queried by resolvers once per TTL — for an origin name, by the CloudFront edge locations that
 * resolve it (30 assumed) while anything reaches the distribution. Alias queries to AWS resources are free.
 */
export const priceRecordSet: Pricer = (record, ctx) => {
  const p = record.properties;
  if (p.AliasTarget !== undefined)
    return { free: 'an alias record: no charge, and alias queries to AWS resources are free' };
  const routed =
    p.Region !== undefined ||
    p.Failover !== undefined ||
    p.Weight !== undefined ||
    p.GeoLocation !== undefined;
  if (!routed)
    return {
      free: 'a simple record: no charge to keep; its queries depend on who resolves it (not in the traffic model)',
    };
  const name = String(p.Name ?? '');
  const siblings = ctx.model.index
    .ofType('AWS::Route53::RecordSet')
    .filter((r) => r.properties.Name === name && r.properties.AliasTarget === undefined);
  if (siblings[0]?.logicalId !== record.logicalId) {
    return { free: `queries of ${name} are priced once, on ${siblings[0]?.logicalId}` };
  }
  const ttl = literalNumber(p.TTL) ?? 300;
  const resolvers = 30;
  const queries = resolvers * ((ctx.hoursPerMonth * 3600) / ttl);
  const key =
    p.Region !== undefined
      ? 'route53.latencyQueriesMillion'
      : p.GeoLocation !== undefined
        ? 'route53.geoQueriesMillion'
        : 'route53.standardQueriesMillion';
  return {
    charges: [
      charge(
        ctx,
        'DNS queries',
        queries,
        `${num(queries)} queries a month of ${name} (${resolvers} resolvers, once per ${ttl} s TTL; assumed)`,
        key,
        { divisor: 1e6, per: 'million queries' },
      ),
    ],
  };
};

export const priceHostedZone: Pricer = (_zone, ctx) => ({
  charges: [
    charge(ctx, 'hosted zone', 1, '1 hosted zone', 'route53.hostedZoneMonth', { per: 'hosted zone-month' }),
  ],
});

/** S3: the access logs a load balancer or distribution writes to the bucket, kept for its lifecycle. */
export const priceBucket: Pricer = (bucket, ctx) => {
  const a = ctx.assumptions;
  const hours = ctx.hoursPerMonth;
  let requests = 0;
  let puts = 0;
  const writers: string[] = [];
  for (const lb of ctx.model.index.ofType('AWS::ElasticLoadBalancingV2::LoadBalancer')) {
    const attributes = listOf(lb.properties.LoadBalancerAttributes).filter(isRecord);
    const target = attributes.find((x) => x.Key === 'access_logs.s3.bucket');
    if (target === undefined || referencedId(target.Value) !== bucket.logicalId) continue;
    requests += monthlyTotal(ctx.model.loadBalancerRps.get(lb.logicalId) ?? [0], hours);
    const nodes = Math.max(1, listOf(lb.properties.Subnets).length);
    puts += nodes * 12 * hours;
    writers.push(`${lb.logicalId} access logs (a file per AZ every 5 minutes)`);
  }
  for (const distribution of ctx.model.index.ofType('AWS::CloudFront::Distribution')) {
    const config = isRecord(distribution.properties.DistributionConfig)
      ? distribution.properties.DistributionConfig
      : {};
    const logging = isRecord(config.Logging) ? config.Logging : undefined;
    if (logging === undefined || !referencedIds(logging.Bucket).has(bucket.logicalId)) continue;
    requests += monthlyTotal(ctx.model.viewerRps.get(distribution.logicalId) ?? [0], hours);
    writers.push(`${distribution.logicalId} standard logs`);
  }
  if (writers.length === 0) {
    return {
      charges: [
        nothing(
          'S3 storage',
          'nothing in these templates writes to it: storage of what you put in it is not estimated',
        ),
      ],
    };
  }
  const rules = isRecord(bucket.properties.LifecycleConfiguration)
    ? listOf(bucket.properties.LifecycleConfiguration.Rules).filter(isRecord)
    : [];
  const expiration = rules.map((r) => literalNumber(r.ExpirationInDays)).find((d) => d !== undefined);
  const months =
    expiration === undefined ? a.logHorizonMonths : Math.min(expiration / (hours / 24), a.logHorizonMonths);
  const monthlyGb = (requests * a.accessLogBytesPerRequest) / 1024 ** 3;
  const stored = monthlyGb * months;
  const charges: Charge[] = [
    charge(
      ctx,
      'S3 storage of access logs',
      stored,
      `${num(requests)} log lines a month × ${a.accessLogBytesPerRequest} B compressed × ${num(months)} months kept (${expiration === undefined ? 'no expiration' : `expire after ${expiration} days`}) = ${num(stored)} GB; writers: ${writers.join(', ')}`,
      's3.standardGbMonth',
      { per: 'GB-month' },
    ),
  ];
  if (puts > 0)
    charges.push(
      charge(ctx, 'S3 PUT requests', puts, `${num(puts)} log files a month`, 's3.putRequests1k', {
        divisor: 1000,
        per: '1,000 requests',
      }),
    );
  return { charges };
};

/** AWS Budgets: 0.02 USD a day, except the account's first two budgets (stated, not applied). */
export const priceBudget: Pricer = (_budget, ctx) => {
  const days = ctx.hoursPerMonth / 24;
  return {
    charges: [
      charge(
        ctx,
        'budget',
        days,
        `${num(days)} days (free if it is one of the account's first two budgets: not applied)`,
        'budgets.budgetDay',
        { per: 'budget-day' },
      ),
    ],
  };
};
