import { App, Stack } from 'aws-cdk-lib';
import { Network } from '../lib';

/**
 * A placeholder app until the full blueprints land: one stack with the Network construct, so the
 * CDK app, the compliance gates and the benchmark run on something real.
 */
export function addNetworkExample(app: App): void {
  const stack = new Stack(app, 'NetworkExample', {
    env: {
      account: app.node.tryGetContext('account') ?? '123456789012',
      region: app.node.tryGetContext('region') ?? 'eu-west-1',
    },
    description: 'cdk-scaling-blueprints example: the Network construct with its defaults',
  });
  new Network(stack, 'Network');
}
