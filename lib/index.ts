// The package's public API: constructs and helpers only. The CLI lives in its own package
// (packages/cli, `cdk-scaling-blueprints-cli`), so importing a construct never loads the AWS SDK.
export * from './errors';
export * from './compliance/compliance-gates';
export * from './compliance/scoped-guard-validator';
export * from './compliance/synthesize-with-findings';
export * from './compliance/wiring/wiring-checks';
export * from './network/network';
export * from './testing/architecture-summary';
export * from './compliance/acknowledgements';
export * from './cache/cache-cluster';
export * from './cost/monthly-budget';
export * from './service/fargate-task-options';
export * from './service/web-service';
export * from './service/service-client';
export * from './data/replicated-database';
export * from './edge/cdn-front';
export * from './edge/load-balancer-origin';
export * from './observability/observability';
export * from './observability/observable';
// The types an IObservable offers its signals with. The audit manifest itself (its format, schema,
// validator and writer) is the `cdk-scaling-blueprints/audit-manifest` entry point's.
export {
  AuditTierKind,
  SignalConcern,
  SignalKind,
  SignalThreshold,
  SloObjective,
  ThresholdComparison,
} from './observability/audit-manifest-format';
export * from './queue/queue-worker';
export * from './data/global-database';
export * from './edge/static-assets-deployment';
export * from './edge/load-balancer-origin';
