import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { summarize, taskDefinition, wiringApp, wiringStack } from '../support';
import { ComplianceGates } from '../../../../lib';

describe('Wiring-EgressPath', () => {
  test('one app: isolated tasks need an endpoint per AWS service and an ECR image; public subnets need a public IP', () => {
    const app = wiringApp();

    // Fails: isolated subnets, a Docker Hub image, awslogs and an SQS queue, and no endpoint at all.
    const bare = wiringStack(app, 'Bare');
    const bareVpc = new ec2.Vpc(bare, 'Vpc', {
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });
    const bareTask = taskDefinition(bare, 'Task', { image: ecs.ContainerImage.fromRegistry('nginx:stable') });
    new sqs.Queue(bare, 'Queue').grantSendMessages(bareTask.taskRole);
    new ecs.FargateService(bare, 'Service', {
      cluster: new ecs.Cluster(bare, 'Cluster', { vpc: bareVpc }),
      taskDefinition: bareTask,
    });

    // Passes: the same with an ECR image and every endpoint it needs.
    const ready = wiringStack(app, 'Ready');
    const readyVpc = new ec2.Vpc(ready, 'Vpc', {
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });
    readyVpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3 });
    for (const [id, service] of [
      ['EcrApi', ec2.InterfaceVpcEndpointAwsService.ECR],
      ['EcrDocker', ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER],
      ['Logs', ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS],
      ['Sqs', ec2.InterfaceVpcEndpointAwsService.SQS],
    ] as const) {
      readyVpc.addInterfaceEndpoint(id, { service });
    }
    const readyTask = taskDefinition(ready, 'Task', {
      image: ecs.ContainerImage.fromEcrRepository(
        ecr.Repository.fromRepositoryName(ready, 'Repo', 'app'),
        'v1',
      ),
    });
    new sqs.Queue(ready, 'Queue').grantSendMessages(readyTask.taskRole);
    new ecs.FargateService(ready, 'Service', {
      cluster: new ecs.Cluster(ready, 'Cluster', { vpc: readyVpc }),
      taskDefinition: readyTask,
    });

    // Fails: public subnets (an internet gateway) but no public IP, so no way out.
    const publicNoIp = wiringStack(app, 'PublicNoIp');
    const publicVpc = new ec2.Vpc(publicNoIp, 'Vpc', {
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [{ name: 'public', subnetType: ec2.SubnetType.PUBLIC }],
    });
    new ecs.FargateService(publicNoIp, 'Service', {
      cluster: new ecs.Cluster(publicNoIp, 'Cluster', { vpc: publicVpc }),
      taskDefinition: taskDefinition(publicNoIp, 'Task'),
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      assignPublicIp: false,
    });
    // Passes: the same with a public IP.
    new ecs.FargateService(publicNoIp, 'WithIp', {
      cluster: new ecs.Cluster(publicNoIp, 'WithIpCluster', { vpc: publicVpc }),
      taskDefinition: taskDefinition(publicNoIp, 'WithIpTask'),
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      assignPublicIp: true,
    });

    const { findings } = ComplianceGates.synthesizeWithFindings(app);
    expect(summarize(findings)).toEqual([
      'Wiring-EgressPath Bare/Service/Service',
      'Wiring-EgressPath PublicNoIp/Service/Service',
    ]);
    const bareMessage = findings.find((f) => f.constructPath === 'Bare/Service/Service')?.description;
    expect(bareMessage).toMatch(
      /no endpoint for logs \(the awslogs log driver\) and sqs \(the SQS calls its task role allows\)/,
    );
    expect(bareMessage).toMatch(/it pulls nginx:stable from a public registry/);
  });
});
