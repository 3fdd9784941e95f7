// What `npm run bench` synthesizes. Each target has the library app (from the compiled dist/) and a
// baseline: the same resources written with plain aws-cdk-lib, no library code, so the ratio shows
// what the library's constructs and gates cost on top of CDK itself.
const path = require('node:path');

const dist = path.join(__dirname, '..', '..', 'dist');
const ENV = { account: '123456789012', region: 'eu-west-1' };

function networkBaseline(app) {
  const { Stack, RemovalPolicy } = require('aws-cdk-lib');
  const ec2 = require('aws-cdk-lib/aws-ec2');
  const logs = require('aws-cdk-lib/aws-logs');
  const kms = require('aws-cdk-lib/aws-kms');
  const stack = new Stack(app, 'NetworkBaseline', { env: ENV });
  const key = new kms.Key(stack, 'LogsKey', { enableKeyRotation: true, removalPolicy: RemovalPolicy.RETAIN });
  const logGroup = new logs.LogGroup(stack, 'FlowLogs', {
    encryptionKey: key,
    retention: logs.RetentionDays.ONE_YEAR,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  new ec2.Vpc(stack, 'Vpc', {
    maxAzs: 2,
    natGateways: 1,
    restrictDefaultSecurityGroup: true,
    subnetConfiguration: [
      { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, mapPublicIpOnLaunch: false },
      { name: 'Private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      { name: 'Data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    ],
    gatewayEndpoints: {
      S3: { service: ec2.GatewayVpcEndpointAwsService.S3 },
      DynamoDb: { service: ec2.GatewayVpcEndpointAwsService.DYNAMODB },
    },
    flowLogs: { FlowLog: { destination: ec2.FlowLogDestination.toCloudWatchLogs(logGroup) } },
  });
}

/** Adds a registered blueprint (by context name) from the compiled registry. */
function blueprint(name) {
  return (app) => {
    const { BLUEPRINTS } = require(path.join(dist, 'blueprints'));
    const entry = BLUEPRINTS.find((b) => b.name === name);
    if (!entry) throw new Error(`bench: no blueprint named ${name} in dist/blueprints`);
    entry.addTo(app);
  };
}

module.exports = {
  targets: [{ name: 'network-example', library: blueprint('network-example'), baseline: networkBaseline }],
};
