// The audit manifest: what a deployed blueprint publishes so that `scaling-blueprints audit` can find
// its metrics and SLO targets from the stack name alone, as the `cdk-scaling-blueprints/audit-manifest`
// entry point exports it. Construct code imports it, so it stays free of dependencies (no AWS SDK, no
// aws-cdk-lib): the format's types and constants, a JSON Schema, a validator and the compact writer.
export * from './audit-manifest-format';
export * from './audit-manifest-validate';
export * from './audit-manifest-compact';
