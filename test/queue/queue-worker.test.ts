import { CfnResource, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { BlueprintValidationError } from '../../lib/errors';
import { Network } from '../../lib/network/network';
import { QueueWorker, QueueWorkerProps } from '../../lib/queue/queue-worker';
import { WebService } from '../../lib/service/web-service';
import { testStack } from '../support/app';
import { tmpWritableProblems } from '../support/task-definition';
import {
  acknowledgeWarnings,
  InvalidValue,
  mutationOf,
  propertyStack,
  runMutations,
  wiringFindings,
} from '../support/property';
import { ComplianceGates } from '../../lib';

type Config = Omit<QueueWorkerProps, 'vpc' | 'image'>;

const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/busybox:stable');

function build(config: Config = {}): { stack: Stack; worker: QueueWorker; template: Template } {
  const stack = testStack();
  const network = new Network(stack, 'Network');
  const worker = new QueueWorker(stack, 'Worker', { vpc: network.vpc, image, ...config });
  return { stack, worker, template: Template.fromStack(stack) };
}

interface MetricQuery {
  readonly Id: string;
  readonly Expression?: string;
  readonly MetricStat?: { readonly Metric: { readonly Dimensions?: unknown } & Record<string, unknown> };
}
interface BacklogPolicy {
  readonly TargetTrackingScalingPolicyConfiguration: {
    readonly TargetValue: number;
    readonly CustomizedMetricSpecification: { readonly Metrics: MetricQuery[] };
  };
}

function backlogPolicy(template: Template): BacklogPolicy {
  const policies = template.findResources('AWS::ApplicationAutoScaling::ScalingPolicy', {
    Properties: { PolicyType: 'TargetTrackingScaling' },
  });
  const values = Object.values(policies);
  expect(values).toHaveLength(1);
  return values[0].Properties;
}

describe('QueueWorker', () => {
  describe('with defaults', () => {
    const { stack, worker, template } = build();

    test('the queue is encrypted with SSE-SQS, TLS-only, with a 60 s visibility timeout and a DLQ after 5 receives', () => {
      template.hasResource('AWS::SQS::Queue', {
        Properties: {
          SqsManagedSseEnabled: true,
          VisibilityTimeout: 60,
          MessageRetentionPeriod: 345600,
          RedrivePolicy: {
            deadLetterTargetArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('WorkerDeadLetterQueue'), 'Arn'] },
            maxReceiveCount: 5,
          },
        },
        DeletionPolicy: 'Retain',
      });
      template.resourcePropertiesCountIs(
        'AWS::SQS::QueuePolicy',
        {
          PolicyDocument: {
            Statement: [
              Match.objectLike({
                Effect: 'Deny',
                Action: 'sqs:*',
                Condition: { Bool: { 'aws:SecureTransport': 'false' } },
              }),
            ],
          },
        },
        2,
      );
    });

    test('the DLQ keeps messages 14 days and only the source queue may redrive into it', () => {
      const queueName = (worker.queue.node.defaultChild as sqs.CfnQueue).queueName;
      template.hasResource('AWS::SQS::Queue', {
        Properties: {
          SqsManagedSseEnabled: true,
          MessageRetentionPeriod: 1209600,
          RedriveAllowPolicy: {
            redrivePermission: 'byQueue',
            sourceQueueArns: [Stack.of(worker).resolve(`arn:aws:sqs:eu-west-1:123456789012:${queueName}`)],
          },
        },
        DeletionPolicy: 'Retain',
      });
      // The construct's deadLetterQueue is the queue the template redrives into.
      const [source] = Object.values(
        template.findResources('AWS::SQS::Queue', { Properties: { RedrivePolicy: Match.anyValue() } }),
      );
      expect(source.Properties.RedrivePolicy.deadLetterTargetArn).toEqual(
        Stack.of(worker).resolve(worker.deadLetterQueue!.queueArn),
      );
    });

    test("the queue's name carries the stack instance's suffix: a queue retained by a deleted stack does not block the next", () => {
      const queueName = Stack.of(worker).resolve((worker.queue.node.defaultChild as sqs.CfnQueue).queueName);
      expect(JSON.stringify(queueName)).toContain('AWS::StackId');
    });

    test('the worker runs hardened in private subnets, with the queue URL and consume permissions', () => {
      template.hasResourceProperties('AWS::ECS::TaskDefinition', {
        ContainerDefinitions: [
          Match.objectLike({
            User: '1000:1000',
            ReadonlyRootFilesystem: true,
            StopTimeout: 120,
            Environment: [{ Name: 'QUEUE_URL', Value: { Ref: Match.stringLikeRegexp('WorkerQueue') } }],
            PortMappings: Match.absent(),
          }),
          Match.objectLike({ Name: 'TmpInit', Essential: false }),
        ],
      });
      const [taskDefinition] = Object.values(template.findResources('AWS::ECS::TaskDefinition'));
      expect(tmpWritableProblems(taskDefinition.Properties)).toEqual([]);
      template.hasResourceProperties('AWS::ECS::Service', {
        LaunchType: 'FARGATE',
        LoadBalancers: [],
        HealthCheckGracePeriodSeconds: Match.absent(),
        DeploymentConfiguration: Match.objectLike({
          DeploymentCircuitBreaker: { Enable: true, Rollback: true },
          MinimumHealthyPercent: 100,
        }),
        NetworkConfiguration: { AwsvpcConfiguration: Match.objectLike({ AssignPublicIp: 'DISABLED' }) },
      });
      template.hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: [
            Match.objectLike({
              Action: Match.arrayWith([
                'sqs:ChangeMessageVisibility',
                'sqs:DeleteMessage',
                'sqs:ReceiveMessage',
              ]),
            }),
          ],
        },
      });
    });

    test('scales 1 to 10 on backlog per task with metric math: visible messages ÷ running tasks, target 30', () => {
      template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
        MinCapacity: 1,
        MaxCapacity: 10,
      });
      const policy = backlogPolicy(template);
      const config = policy.TargetTrackingScalingPolicyConfiguration;
      expect(config.TargetValue).toBe(30);
      const metrics = config.CustomizedMetricSpecification.Metrics;
      expect(metrics.map((m) => m.Id)).toEqual(['visible', 'tasks', 'backlogPerTask']);
      expect(metrics[0].MetricStat?.Metric).toMatchObject({
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
      });
      expect(metrics[1].MetricStat?.Metric).toMatchObject({
        Namespace: 'ECS/ContainerInsights',
        MetricName: 'RunningTaskCount',
      });
      expect(metrics[2]).toEqual({
        Id: 'backlogPerTask',
        Label: 'Backlog per task',
        Expression: 'visible / IF(tasks > 0, tasks, 1)',
        ReturnData: true,
      });
      expect(worker.acceptableBacklogPerTask).toBe(30);
      // No wake-from-zero step policy at minCapacity 1.
      template.resourcePropertiesCountIs(
        'AWS::ApplicationAutoScaling::ScalingPolicy',
        { PolicyType: 'StepScaling' },
        0,
      );
    });

    test('alarms: age of oldest message above targetLatency, DLQ not empty, workers at maxCapacity', () => {
      expect(worker.alarms.map((a) => a.node.id)).toEqual([
        'OldestMessageAgeAlarm',
        'DeadLetterQueueAlarm',
        'AtMaxCapacityAlarm',
      ]);
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'ApproximateAgeOfOldestMessage',
        Threshold: 300,
        ComparisonOperator: 'GreaterThanThreshold',
        AlarmActions: Match.absent(),
        AlarmDescription: Match.stringLikeRegexp('oldest message has waited more than 5 minutes'),
      });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [
          {
            Name: 'QueueName',
            Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('WorkerDeadLetterQueue'), 'QueueName'] },
          },
        ],
        Threshold: 0,
        EvaluationPeriods: 1,
        ComparisonOperator: 'GreaterThanThreshold',
      });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'RunningTaskCount',
        Threshold: 10,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
    });

    test('metrics', () => {
      expect(worker.metricApproximateNumberOfMessagesVisible().metricName).toBe(
        'ApproximateNumberOfMessagesVisible',
      );
      expect(worker.metricApproximateAgeOfOldestMessage().statistic).toBe('Maximum');
      expect(worker.metricDeadLetterQueueMessagesVisible().dimensions).toEqual({
        QueueName: worker.deadLetterQueue!.queueName,
      });
      expect(worker.metricRunningTasks().namespace).toBe('ECS/ContainerInsights');
      expect(worker.metricCpuUtilization().metricName).toBe('CPUUtilization');
      const backlog = worker.metricBacklogPerTask().toMetricConfig().mathExpression;
      expect(backlog?.expression).toBe('visible / IF(tasks > 0, tasks, 1)');
    });

    test('exposes its L2s and capacities', () => {
      expect(worker.service).toBeInstanceOf(ecs.FargateService);
      expect(worker.queue).toBeInstanceOf(sqs.Queue);
      // The exposed scaling and backlog policy are the template's scalable target and step policy.
      const stack = Stack.of(worker);
      const [targetId] = Object.keys(template.findResources('AWS::ApplicationAutoScaling::ScalableTarget'));
      const [targetResource] = worker.scaling.node.findAll().filter((c) => CfnResource.isCfnResource(c));
      expect(stack.getLogicalId(targetResource as CfnResource)).toBe(targetId);
      expect(
        template.toJSON().Resources[stack.getLogicalId(worker.backlogScalingPolicy)].Properties,
      ).toMatchObject({
        ScalingTargetId: { Ref: targetId },
      });
      expect(worker.minCapacity).toBe(1);
      expect(worker.maxCapacity).toBe(10);
    });

    test('cdk-nag AwsSolutions finds nothing', () => {
      expect(ComplianceGates.nagFindings(stack)).toEqual([]);
    });
  });

  test('minCapacity 0 wakes from zero with a step policy on visible messages and no running task', () => {
    const { template } = build({ minCapacity: 0 });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 0 });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      PolicyType: 'StepScaling',
      StepScalingPolicyConfiguration: {
        AdjustmentType: 'ChangeInCapacity',
        Cooldown: 120,
        StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 1 }],
      },
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Metrics: Match.arrayWith([
        Match.objectLike({ Expression: 'IF(FILL(visible, 0) > 0 AND FILL(tasks, 0) < 1, 1, 0)' }),
        Match.objectLike({ Id: 'visible', MetricStat: Match.objectLike({ Period: 60 }) }),
      ]),
    });
  });

  test('messageProcessingTime and targetLatency set the backlog target and the visibility timeout', () => {
    const { template, worker } = build({
      messageProcessingTime: Duration.seconds(2),
      targetLatency: Duration.minutes(1),
    });
    expect(worker.acceptableBacklogPerTask).toBe(30);
    template.hasResourceProperties('AWS::SQS::Queue', { VisibilityTimeout: 12 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateAgeOfOldestMessage',
      Threshold: 60,
    });
    const { template: slow, worker: slowWorker } = build({
      messageProcessingTime: Duration.minutes(2),
      targetLatency: Duration.minutes(5),
    });
    expect(slowWorker.acceptableBacklogPerTask).toBe(2);
    slow.hasResourceProperties('AWS::SQS::Queue', { VisibilityTimeout: 720 });
  });

  test('acceptableBacklogPerTask, visibilityTimeout, retention, maxReceiveCount and capacities can be set', () => {
    const { template } = build({
      acceptableBacklogPerTask: 100,
      visibilityTimeout: Duration.minutes(5),
      retentionPeriod: Duration.days(7),
      maxReceiveCount: 3,
      minCapacity: 2,
      maxCapacity: 50,
      removalPolicy: RemovalPolicy.DESTROY,
      queueUrlEnvironmentVariable: 'JOBS_QUEUE_URL',
    });
    expect(backlogPolicy(template).TargetTrackingScalingPolicyConfiguration.TargetValue).toBe(100);
    template.hasResource('AWS::SQS::Queue', {
      Properties: {
        VisibilityTimeout: 300,
        MessageRetentionPeriod: 604800,
        RedrivePolicy: Match.objectLike({ maxReceiveCount: 3 }),
      },
      DeletionPolicy: 'Delete',
    });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      MinCapacity: 2,
      MaxCapacity: 50,
    });
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [
        Match.objectLike({ Environment: [Match.objectLike({ Name: 'JOBS_QUEUE_URL' })] }),
        Match.objectLike({ Name: 'TmpInit' }),
      ],
    });
  });

  test('fifo creates FIFO queue and DLQ', () => {
    const { template, worker } = build({ fifo: true });
    template.resourcePropertiesCountIs('AWS::SQS::Queue', { FifoQueue: true }, 2);
    expect((worker.queue.node.defaultChild as sqs.CfnQueue).queueName).toMatch(/\.fifo$/);
  });

  test('encryption KMS creates a rotating key for both queues; a given key is used', () => {
    const { template, worker } = build({ encryption: sqs.QueueEncryption.KMS });
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      Description: 'Encrypts the queues of TestStack/Worker',
    });
    template.resourcePropertiesCountIs(
      'AWS::SQS::Queue',
      { KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('WorkerKey'), 'Arn'] } },
      2,
    );
    const [keyId] = Object.keys(
      template.findResources('AWS::KMS::Key', {
        Properties: { Description: 'Encrypts the queues of TestStack/Worker' },
      }),
    );
    expect(Stack.of(worker).resolve(worker.encryptionKey!.keyArn)).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });

    const stack = testStack();
    const key = new kms.Key(stack, 'MyKey', { enableKeyRotation: true });
    new QueueWorker(stack, 'Worker', {
      vpc: new Network(stack, 'Network').vpc,
      image,
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: key,
    });
    Template.fromStack(stack).resourcePropertiesCountIs(
      'AWS::SQS::Queue',
      { KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('MyKey'), 'Arn'] } },
      2,
    );
  });

  test('grantSendMessages gives send rights and only the KMS actions a producer needs', () => {
    const { stack, worker } = (() => {
      const s = testStack();
      return {
        stack: s,
        worker: new QueueWorker(s, 'Worker', {
          vpc: new Network(s, 'Network').vpc,
          image,
          encryption: sqs.QueueEncryption.KMS,
        }),
      };
    })();
    const role = new iam.Role(stack, 'Producer', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });
    worker.grantSendMessages(role);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('Producer') }],
      PolicyDocument: {
        Statement: [
          Match.objectLike({ Action: ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'] }),
          Match.objectLike({ Action: ['kms:Decrypt', 'kms:GenerateDataKey'] }),
        ],
      },
    });
    expect(
      ComplianceGates.nagFindings(stack).filter((f) => f.constructPath.startsWith('TestStack/Producer')),
    ).toEqual([]);
  });

  test('addProducer injects the queue URL into a WebService and lets it send', () => {
    const stack = testStack();
    const network = new Network(stack, 'Network');
    const worker = new QueueWorker(stack, 'Worker', { vpc: network.vpc, image });
    const web = new WebService(stack, 'Web', { vpc: network.vpc, image });
    worker.addProducer(web, { environmentVariable: 'JOBS_URL' });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [
        Match.objectLike({
          PortMappings: Match.anyValue(),
          Environment: [{ Name: 'JOBS_URL', Value: { Ref: Match.stringLikeRegexp('WorkerQueue') } }],
        }),
        Match.objectLike({ Name: 'TmpInit' }),
      ],
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('WebTaskDefinitionTaskRole') }],
      PolicyDocument: { Statement: [Match.objectLike({ Action: Match.arrayWith(['sqs:SendMessage']) })] },
    });
    expect(ComplianceGates.nagFindings(stack)).toEqual([]);
    expect(() => worker.addProducer(web, { environmentVariable: 'QUEUE_TOKEN' })).toThrow(
      /`environmentVariable` must not name a secret/,
    );
  });

  test('an existing queue: nothing else created for it, no DLQ alarm', () => {
    const stack = testStack();
    const network = new Network(stack, 'Network');
    const queue = sqs.Queue.fromQueueArn(
      stack,
      'Existing',
      stack.formatArn({ service: 'sqs', resource: 'jobs' }),
    );
    const worker = new QueueWorker(stack, 'Worker', { vpc: network.vpc, image, queue });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::SQS::Queue', 0);
    expect(worker.queue).toBe(queue);
    expect(worker.deadLetterQueue).toBeUndefined();
    expect(worker.alarms.map((a) => a.node.id)).toEqual(['OldestMessageAgeAlarm', 'AtMaxCapacityAlarm']);
    expect(() => worker.metricDeadLetterQueueMessagesVisible()).toThrow(/has no dead-letter queue/);
    const metrics =
      backlogPolicy(template).TargetTrackingScalingPolicyConfiguration.CustomizedMetricSpecification.Metrics;
    expect(metrics[0].MetricStat?.Metric.Dimensions).toEqual([{ Name: 'QueueName', Value: 'jobs' }]);
  });

  test('an existing VPC and cluster: no VPC or cluster created', () => {
    const stack = testStack();
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
      vpcId: 'vpc-1',
      availabilityZones: ['eu-west-1a', 'eu-west-1b'],
      privateSubnetIds: ['subnet-1', 'subnet-2'],
      privateSubnetRouteTableIds: ['rtb-1', 'rtb-2'],
    });
    const cluster = ecs.Cluster.fromClusterAttributes(stack, 'Cluster', { clusterName: 'shared', vpc });
    const worker = new QueueWorker(stack, 'Worker', { cluster, image });
    // An imported cluster cannot be inspected: the caller checks Container Insights and says so.
    Validations.of(worker).acknowledge({
      id: 'Annotation::QueueWorker:cluster',
      reason: 'the shared cluster has Container Insights on (checked in its own stack)',
    });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::VPC', 0);
    template.resourceCountIs('AWS::ECS::Cluster', 0);
    template.hasResourceProperties('AWS::ECS::Service', {
      Cluster: 'shared',
      NetworkConfiguration: { AwsvpcConfiguration: Match.objectLike({ Subnets: ['subnet-1', 'subnet-2'] }) },
    });
  });

  describe('a given cluster without what the worker needs is an acknowledgeable warning', () => {
    /** The warnings a strict synth of the stack fails on (the project's context makes warnings fatal). */
    const synthFailure = (stack: Stack): string => {
      try {
        Template.fromStack(stack);
      } catch (error) {
        return (error as Error).message;
      }
      return '';
    };

    test('a cluster of the app without Container Insights, with a Spot share and no FARGATE_SPOT', () => {
      const stack = testStack();
      const network = new Network(stack, 'Network');
      const cluster = new ecs.Cluster(stack, 'Plain', { vpc: network.vpc });
      const worker = new QueueWorker(stack, 'Worker', {
        cluster,
        image,
        spotPercentage: 100,
        onDemandBaseTasks: 0,
      });
      const failure = synthFailure(stack);
      expect(failure).toMatch(/WARNING `cluster` does not turn on Container Insights; .*RunningTaskCount/);
      expect(failure).toContain("Acknowledge with 'Annotation::QueueWorker:cluster'");
      expect(failure).toMatch(
        /WARNING `spotPercentage` is 100 but `cluster` has no FARGATE_SPOT capacity provider/,
      );
      expect(failure).toContain("Acknowledge with 'Annotation::QueueWorker:spotPercentage'");
      Validations.of(worker).acknowledge(
        { id: 'Annotation::QueueWorker:cluster', reason: 'test' },
        { id: 'Annotation::QueueWorker:spotPercentage', reason: 'test' },
      );
      expect(synthFailure(stack)).toBe('');
    });

    test('a cluster with Container Insights and the Fargate capacity providers: no warning', () => {
      const stack = testStack();
      const network = new Network(stack, 'Network');
      const cluster = new ecs.Cluster(stack, 'Ready', {
        vpc: network.vpc,
        containerInsightsV2: ecs.ContainerInsights.ENABLED,
        enableFargateCapacityProviders: true,
      });
      new QueueWorker(stack, 'Worker', { cluster, image, spotPercentage: 100, onDemandBaseTasks: 0 });
      expect(synthFailure(stack)).toBe('');
    });

    test('an imported cluster cannot be inspected: both warnings, to check and acknowledge', () => {
      const stack = testStack();
      const network = new Network(stack, 'Network');
      const cluster = ecs.Cluster.fromClusterAttributes(stack, 'Shared', {
        clusterName: 'shared',
        vpc: network.vpc,
      });
      new QueueWorker(stack, 'Worker', { cluster, image, spotPercentage: 50 });
      const failure = synthFailure(stack);
      expect(failure).toMatch(
        /`cluster` is imported: whether it has Container Insights cannot be seen at synth/,
      );
      expect(failure).toMatch(
        /`spotPercentage` is 50 but `cluster` is imported: whether it has the FARGATE_SPOT/,
      );
    });
  });

  test('turning the DLQ off is an acknowledgeable warning', () => {
    const stack = testStack();
    const network = new Network(stack, 'Network');
    const worker = new QueueWorker(stack, 'Worker', {
      vpc: network.vpc,
      image,
      deadLetterQueueEnabled: false,
    });
    expect(() => Template.fromStack(stack)).toThrow(/`deadLetterQueueEnabled` is false/);
    Validations.of(worker).acknowledge({
      id: 'Annotation::QueueWorker:deadLetterQueueEnabled',
      reason: 'test',
    });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::SQS::Queue', 1);
    template.hasResourceProperties('AWS::SQS::Queue', { RedrivePolicy: Match.absent() });
    expect(worker.alarms.map((a) => a.node.id)).not.toContain('DeadLetterQueueAlarm');
  });

  test('a container health check brings the health check grace period', () => {
    const { template } = build({
      containerHealthCheck: { command: ['CMD', '/app/healthcheck'] },
      healthCheckGracePeriod: Duration.seconds(90),
    });
    template.hasResourceProperties('AWS::ECS::Service', { HealthCheckGracePeriodSeconds: 90 });
  });

  describe('validation', () => {
    const expectError = (config: Config, prop: string, message: RegExp): void => {
      const stack = testStack();
      const vpc = new Network(stack, 'Network').vpc;
      let error: unknown;
      try {
        new QueueWorker(stack, 'Worker', { vpc, image, ...config });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(BlueprintValidationError);
      expect((error as BlueprintValidationError).prop).toBe(prop);
      expect((error as Error).message).toMatch(message);
      expect(stack.node.findChild('Worker').node.children).toHaveLength(0);
    };

    test.each<[string, Config, string, RegExp]>([
      [
        'visibility timeout shorter than 6 × processing time',
        { messageProcessingTime: Duration.seconds(30), visibilityTimeout: Duration.minutes(1) },
        'visibilityTimeout',
        /`visibilityTimeout` must be at least 6 × `messageProcessingTime` \(6 × 30 seconds = 3 minutes\), got: 1 minute/,
      ],
      [
        'visibility timeout above 12 hours',
        { visibilityTimeout: Duration.hours(13) },
        'visibilityTimeout',
        /`visibilityTimeout` must be at most 12 hours \(the SQS limit\), got: 13 hours/,
      ],
      [
        'maxReceiveCount 0',
        { maxReceiveCount: 0 },
        'maxReceiveCount',
        /`maxReceiveCount` must be an integer between 1 and 1000, got: 0/,
      ],
      ['maxReceiveCount 1001', { maxReceiveCount: 1001 }, 'maxReceiveCount', /got: 1001/],
      [
        'maxCapacity below minCapacity',
        { minCapacity: 5, maxCapacity: 2 },
        'maxCapacity',
        /`maxCapacity` must be at least `minCapacity` \(5\), got: 2/,
      ],
      [
        'maxCapacity 0',
        { minCapacity: 0, maxCapacity: 0 },
        'maxCapacity',
        /`maxCapacity` must be an integer between 1 and 1000, got: 0/,
      ],
      [
        'minCapacity negative',
        { minCapacity: -1 },
        'minCapacity',
        /`minCapacity` must be an integer between 0 and 1000, got: -1/,
      ],
      [
        'targetLatency below processing time',
        { messageProcessingTime: Duration.minutes(2), targetLatency: Duration.minutes(1) },
        'targetLatency',
        /`targetLatency` must be at least `messageProcessingTime` \(2 minutes\), got: 1 minute/,
      ],
      [
        'processing time above 2 hours',
        { messageProcessingTime: Duration.hours(3) },
        'messageProcessingTime',
        /`messageProcessingTime` must be at most 2 hours/,
      ],
      [
        'processing time zero',
        { messageProcessingTime: Duration.seconds(0) },
        'messageProcessingTime',
        /`messageProcessingTime` must be a positive duration/,
      ],
      [
        'acceptableBacklogPerTask zero',
        { acceptableBacklogPerTask: 0 },
        'acceptableBacklogPerTask',
        /`acceptableBacklogPerTask` must be a positive number, got: 0/,
      ],
      [
        'retention above 14 days',
        { retentionPeriod: Duration.days(15) },
        'retentionPeriod',
        /`retentionPeriod` must be between 1 minute and 14 days, got: 15 days/,
      ],
      [
        'unencrypted',
        { encryption: sqs.QueueEncryption.UNENCRYPTED },
        'encryption',
        /`encryption` must be SQS_MANAGED, KMS_MANAGED or KMS, got: UNENCRYPTED/,
      ],
      [
        'secret-looking queue URL variable',
        { queueUrlEnvironmentVariable: 'QUEUE_SECRET' },
        'queueUrlEnvironmentVariable',
        /must not name a secret, got: 'QUEUE_SECRET'/,
      ],
      [
        'secret in environment',
        { environment: { SMTP_PASSWORD: 'x' } },
        'environment',
        /got the key 'SMTP_PASSWORD'/,
      ],
      [
        'bad Fargate size',
        { cpu: 256, memoryLimitMiB: 4096 },
        'memoryLimitMiB',
        /between 512 and 2048 in steps of 512 for `cpu` 256/,
      ],
    ])('%s', (_name, config, prop, message) => expectError(config, prop, message));

    test('a key without KMS encryption', () => {
      const stack = testStack();
      const key = new kms.Key(stack, 'Key');
      expect(
        () =>
          new QueueWorker(stack, 'Worker', {
            vpc: new Network(stack, 'Network').vpc,
            image,
            encryptionMasterKey: key,
          }),
      ).toThrow(
        /`encryptionMasterKey` requires `encryption: sqs.QueueEncryption.KMS`, got: SQS_MANAGED \(default\)/,
      );
    });

    test.each<[string, Config]>([
      ['fifo', { fifo: true }],
      ['encryption', { encryption: sqs.QueueEncryption.KMS }],
      ['visibilityTimeout', { visibilityTimeout: Duration.minutes(5) }],
      ['retentionPeriod', { retentionPeriod: Duration.days(1) }],
      ['deadLetterQueueEnabled', { deadLetterQueueEnabled: true }],
      ['maxReceiveCount', { maxReceiveCount: 3 }],
    ])('an existing queue conflicts with %s', (prop, config) => {
      const stack = testStack();
      const queue = sqs.Queue.fromQueueArn(
        stack,
        'Existing',
        stack.formatArn({ service: 'sqs', resource: 'jobs' }),
      );
      expect(
        () =>
          new QueueWorker(stack, 'Worker', {
            vpc: new Network(stack, 'Network').vpc,
            image,
            queue,
            ...config,
          }),
      ).toThrow(new RegExp(`specify either \`queue\` or \`${prop}\`, not both`));
    });

    test('vpc and cluster: exactly one', () => {
      const stack = testStack();
      expect(() => new QueueWorker(stack, 'Worker', { image })).toThrow(/specify either `vpc`/);
    });
  });

  test('property-based: mutations of a valid configuration build consistent scaling, or throw our error naming the invalid prop and value', () => {
    const duration = (d: Duration): InvalidValue => ({ value: d, shown: d.toHumanString() });
    const mutations = [
      mutationOf(
        'messageProcessingTime',
        [Duration.seconds(1), Duration.seconds(5), Duration.seconds(10)],
        [duration(Duration.seconds(0)), duration(Duration.hours(3))],
      ),
      mutationOf(
        'targetLatency',
        [Duration.seconds(30), Duration.seconds(60), Duration.minutes(5)],
        [duration(Duration.seconds(0))],
      ),
      mutationOf(
        'visibilityTimeout',
        [Duration.seconds(60), Duration.minutes(5), Duration.hours(12)],
        [duration(Duration.hours(13))],
      ),
      mutationOf(
        'retentionPeriod',
        [Duration.minutes(1), Duration.days(4), Duration.days(14)],
        [duration(Duration.seconds(59)), duration(Duration.days(15))],
      ),
      mutationOf('minCapacity', [0, 1, 2], [{ value: -1 }, { value: 1.5 }]),
      mutationOf('maxCapacity', [2, 10, 1000], [{ value: 0 }, { value: 1001 }]),
      mutationOf('maxReceiveCount', [1, 5, 1000], [{ value: 0 }, { value: 1001 }]),
      mutationOf('acceptableBacklogPerTask', [1, 2.5, 100], [{ value: 0 }, { value: -1 }]),
      mutationOf(
        'encryption',
        [sqs.QueueEncryption.SQS_MANAGED, sqs.QueueEncryption.KMS_MANAGED, sqs.QueueEncryption.KMS],
        [{ value: sqs.QueueEncryption.UNENCRYPTED, shown: 'UNENCRYPTED' }],
      ),
      mutationOf('deadLetterQueueEnabled', [true, false], []),
    ];
    const stack = propertyStack();
    const vpc = new Network(stack, 'Network').vpc;
    const numRuns = 1000;
    const base: Config = { messageProcessingTime: Duration.seconds(10), targetLatency: Duration.seconds(60) };
    const run = runMutations<Config, QueueWorker>({
      base,
      mutations,
      numRuns,
      build: (props, index) => {
        const worker = new QueueWorker(stack, `Worker${index}`, { vpc, image, ...props });
        // What the scaling was computed from: the latency a message may wait over the time one takes.
        const processing = (props.messageProcessingTime as Duration).toSeconds();
        const expected =
          props.acceptableBacklogPerTask ??
          Math.floor((props.targetLatency as Duration).toSeconds() / processing);
        expect(worker.acceptableBacklogPerTask).toBe(expected);
        return worker;
      },
    });
    for (const { props } of run.samples) {
      // The shared stack holds hundreds of workers: synthesize each sample alone, with a command
      // (bare busybox exits at once: WiringChecks' Wiring-ExitingContainer).
      const sample = testStack();
      const network = new Network(sample, 'Network');
      new QueueWorker(sample, 'Worker', { vpc: network.vpc, image, command: ['/app/worker'], ...props });
      acknowledgeWarnings(sample);
      const template = Template.fromStack(sample);
      const processing = (props.messageProcessingTime as Duration).toSeconds();
      template.hasResourceProperties('AWS::SQS::Queue', {
        VisibilityTimeout: props.visibilityTimeout?.toSeconds() ?? processing * 6,
        ...(props.deadLetterQueueEnabled === false
          ? { RedrivePolicy: Match.absent() }
          : {
              RedrivePolicy: {
                maxReceiveCount: props.maxReceiveCount ?? Match.anyValue(),
                deadLetterTargetArn: Match.anyValue(),
              },
            }),
      });
      template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
        MinCapacity: props.minCapacity ?? 1,
        MaxCapacity: props.maxCapacity ?? 10,
      });
      expect(wiringFindings(sample)).toEqual([]);
    }
  });
});
