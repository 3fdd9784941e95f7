import { CfnResource, Duration, Stack, TimeZone, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { BlueprintValidationError } from '../../lib/errors';
import { Network } from '../../lib/network/network';
import { PredictiveScalingMode, WebService, WebServiceProps } from '../../lib/service/web-service';
import { CdnFront } from '../../lib/edge/cdn-front';
import { testApp, testStack, TEST_ENV, testCertificate } from '../support/app';
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

type Config = Omit<WebServiceProps, 'vpc' | 'image'>;

const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx-unprivileged:stable');

function build(config: Config = {}): { stack: Stack; web: WebService; template: Template } {
  const stack = testStack();
  const network = new Network(stack, 'Network');
  const web = new WebService(stack, 'Web', { vpc: network.vpc, image, ...config });
  return { stack, web, template: Template.fromStack(stack) };
}

describe('WebService', () => {
  describe('with defaults', () => {
    const { stack, web, template } = build();

    test('creates a cluster with Container Insights and the Fargate and Fargate Spot capacity providers', () => {
      template.hasResourceProperties('AWS::ECS::Cluster', {
        ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }],
      });
      template.hasResourceProperties('AWS::ECS::ClusterCapacityProviderAssociations', {
        CapacityProviders: ['FARGATE', 'FARGATE_SPOT'],
      });
    });

    test('deploys with the circuit breaker, alarm-based rollback and never below capacity', () => {
      template.hasResourceProperties('AWS::ECS::Service', {
        LaunchType: 'FARGATE',
        HealthCheckGracePeriodSeconds: 60,
        DeploymentConfiguration: {
          DeploymentCircuitBreaker: { Enable: true, Rollback: true },
          MinimumHealthyPercent: 100,
          MaximumPercent: 200,
          Alarms: {
            Enable: true,
            Rollback: true,
            // Fixed names, not references: the service does not depend on its own alarms.
            AlarmNames: [
              Match.stringLikeRegexp('^TestStack-Web-[0-9A-F]{8}-5xx-rate$'),
              Match.stringLikeRegexp('-unhealthy-hosts$'),
            ],
          },
        },
        NetworkConfiguration: { AwsvpcConfiguration: { AssignPublicIp: 'DISABLED' } },
      });
      expect(web.deploymentAlarms.map((a) => a.node.id)).toEqual(['ErrorRateAlarm', 'UnhealthyHostsAlarm']);
    });

    test('runs tasks in the private subnets', () => {
      const network = stack.node.findChild('Network') as Network;
      const privateIds = network.vpc.privateSubnets.map((s) => stack.resolve(s.subnetId));
      template.hasResourceProperties('AWS::ECS::Service', {
        NetworkConfiguration: { AwsvpcConfiguration: { Subnets: privateIds } },
      });
    });

    test('the container runs as a non-root user on a read-only root filesystem with a writable /tmp', () => {
      template.hasResourceProperties('AWS::ECS::TaskDefinition', {
        Cpu: '512',
        Memory: '1024',
        RuntimePlatform: { CpuArchitecture: 'X86_64', OperatingSystemFamily: 'LINUX' },
        Volumes: [{ Name: 'tmp' }],
        ContainerDefinitions: [
          Match.objectLike({
            Name: 'App',
            User: '1000:1000',
            ReadonlyRootFilesystem: true,
            Privileged: false,
            Memory: 1024 - 32,
            PortMappings: [{ ContainerPort: 8080, Protocol: 'tcp' }],
            MountPoints: [{ ContainerPath: '/tmp', ReadOnly: false, SourceVolume: 'tmp' }],
            LogConfiguration: Match.objectLike({ LogDriver: 'awslogs' }),
            Environment: Match.absent(),
          }),
          Match.objectLike({ Name: 'TmpInit', Essential: false }),
        ],
      });
    });

    test('the non-root user can write to /tmp: an init container opens it before the app starts', () => {
      const [taskDefinition] = Object.values(template.findResources('AWS::ECS::TaskDefinition'));
      expect(tmpWritableProblems(taskDefinition.Properties)).toEqual([]);
    });

    test('tmpInitContainer: false (an image with VOLUME /tmp of its own) leaves /tmp to the image', () => {
      const own = testStack();
      new WebService(own, 'Web', { vpc: new Network(own, 'Network').vpc, image, tmpInitContainer: false });
      const [taskDefinition] = Object.values(
        Template.fromStack(own).findResources('AWS::ECS::TaskDefinition'),
      );
      expect(taskDefinition.Properties.ContainerDefinitions).toHaveLength(1);
      expect(taskDefinition.Properties.ContainerDefinitions[0].Memory).toBe(1024);
      // The broken twin of the test above: nothing opens the root-owned volume.
      expect(tmpWritableProblems(taskDefinition.Properties)).toEqual([
        "App (user 1000:1000) writes to volume 'tmp' at /tmp, which Fargate creates root-owned 0755, and no container opens it first",
      ]);
    });

    test('logs go to an encrypted log group kept a year and retained', () => {
      template.hasResource('AWS::Logs::LogGroup', {
        Properties: { RetentionInDays: 365, KmsKeyId: Match.anyValue() },
        DeletionPolicy: 'Retain',
      });
    });

    test('behind CloudFront by default: an internal load balancer (a VPC origin), one subnet per AZ', () => {
      const network = stack.node.findChild('Network') as Network;
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
        Scheme: 'internal',
        Subnets: network.vpc.privateSubnets.map((s) => stack.resolve(s.subnetId)),
      });
      expect(web.internetFacing).toBe(false);
      expect([web.originProtocol, web.originPort]).toEqual([elbv2.ApplicationProtocol.HTTP, 80]);
      // No public address to bypass CloudFront with: no origin-verify header needed.
      expect(web.originVerifySecret).toBeUndefined();
      template.resourceCountIs('AWS::SecretsManager::Secret', 0);
    });

    test('the load balancer is hardened, protected and logs to S3', () => {
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
        LoadBalancerAttributes: Match.arrayWith([
          { Key: 'deletion_protection.enabled', Value: 'true' },
          { Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' },
          { Key: 'routing.http.desync_mitigation_mode', Value: 'defensive' },
          { Key: 'access_logs.s3.enabled', Value: 'true' },
        ]),
      });
      template.hasResourceProperties('AWS::S3::Bucket', {
        BucketEncryption: Match.anyValue(),
        PublicAccessBlockConfiguration: Match.objectLike({ BlockPublicAcls: true }),
        LifecycleConfiguration: Match.anyValue(),
      });
    });

    test('without a certificate: one HTTP listener, reachable only from the CloudFront prefix list', () => {
      template.resourceCountIs('AWS::ElasticLoadBalancingV2::Listener', 1);
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
        Protocol: 'HTTP',
        Port: 80,
        DefaultActions: [Match.objectLike({ Type: 'forward' })],
      });
      template.resourcePropertiesCountIs(
        'AWS::EC2::SecurityGroupIngress',
        { SourcePrefixListId: 'pl-4fa04526', FromPort: 80, ToPort: 80 },
        1,
      );
      expect(JSON.stringify(template.toJSON())).not.toContain('0.0.0.0/0"},"FromPort');
      const acknowledged = web.listener.node.metadata.find(
        (m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY,
      );
      expect(JSON.stringify(acknowledged?.data)).toContain('alb_http_to_https_redirection_check');
    });

    test('the target group health-checks / and deregisters in 30 seconds', () => {
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
        TargetType: 'ip',
        Port: 8080,
        HealthCheckPath: '/',
        Matcher: { HttpCode: '200-399' },
        TargetGroupAttributes: Match.arrayWith([
          { Key: 'deregistration_delay.timeout_seconds', Value: '30' },
        ]),
      });
    });

    test('scales between 2 and 10 tasks on CPU at 60 %', () => {
      template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
        MinCapacity: 2,
        MaxCapacity: 10,
        ScalableDimension: 'ecs:service:DesiredCount',
      });
      template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
        PolicyType: 'TargetTrackingScaling',
        TargetTrackingScalingPolicyConfiguration: {
          PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' },
          TargetValue: 60,
          ScaleInCooldown: 300,
          ScaleOutCooldown: 60,
        },
      });
      expect(web.minCapacity).toBe(2);
      expect(web.maxCapacity).toBe(10);
    });

    test('a step scale-out on 1-minute CPU adds tasks in proportion to the overload', () => {
      template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
        PolicyType: 'StepScaling',
        StepScalingPolicyConfiguration: {
          AdjustmentType: 'PercentChangeInCapacity',
          Cooldown: 60,
          MinAdjustmentMagnitude: 1,
          StepAdjustments: [
            { MetricIntervalLowerBound: 0, MetricIntervalUpperBound: 15, ScalingAdjustment: 25 },
            { MetricIntervalLowerBound: 15, MetricIntervalUpperBound: 20, ScalingAdjustment: 50 },
            { MetricIntervalLowerBound: 20, ScalingAdjustment: 100 },
          ],
        },
      });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'CPUUtilization',
        Namespace: 'AWS/ECS',
        Period: 60,
        EvaluationPeriods: 1,
        Threshold: 75,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
      // Only scale-out: scale-in is left to target tracking.
      template.resourcePropertiesCountIs(
        'AWS::ApplicationAutoScaling::ScalingPolicy',
        { PolicyType: 'StepScaling' },
        1,
      );
    });

    test('creates the five default alarms without actions', () => {
      expect(web.alarms.map((a) => a.node.id)).toEqual([
        'LatencyP95Alarm',
        'LatencyP99Alarm',
        'ErrorRateAlarm',
        'UnhealthyHostsAlarm',
        'AtMaxCapacityAlarm',
      ]);
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'TargetResponseTime',
        ExtendedStatistic: 'p95',
        Threshold: 0.5,
        AlarmActions: Match.absent(),
        AlarmDescription: Match.stringLikeRegexp('p95 target response time above 500 millis'),
      });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', { ExtendedStatistic: 'p99', Threshold: 2 });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Threshold: 1,
        Metrics: Match.arrayWith([
          Match.objectLike({ Expression: '100 * (FILL(target5xx, 0) + FILL(elb5xx, 0)) / requests' }),
        ]),
      });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'UnHealthyHostCount',
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
      });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'RunningTaskCount',
        Namespace: 'ECS/ContainerInsights',
        Threshold: 10,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
      // Five alarms of the template (beside the step-scaling one), each described: not a loop over none.
      const alarmIds = web.alarms.map((alarm) => stack.getLogicalId(alarm.node.defaultChild as CfnResource));
      expect(Object.keys(template.findResources('AWS::CloudWatch::Alarm'))).toEqual(
        expect.arrayContaining(alarmIds),
      );
      expect(alarmIds).toHaveLength(5);
      for (const alarm of web.alarms) {
        const description = stack.resolve(
          (alarm.node.defaultChild as never as { alarmDescription: string }).alarmDescription,
        );
        expect(description).toMatch(/^TestStack\/Web: .{40,}/);
      }
    });

    test('metrics are named after the CloudWatch metrics with the documented statistics', () => {
      expect(web.metricTargetResponseTime().statistic).toBe('p95');
      expect(web.metricTargetResponseTime({ statistic: 'p99' }).statistic).toBe('p99');
      expect(web.metricRequestCount().metricName).toBe('RequestCount');
      expect(web.metricRequestCount().statistic).toBe('Sum');
      expect(web.metricRequestCountPerTarget().metricName).toBe('RequestCountPerTarget');
      expect(web.metricHttpCodeTarget5xx().metricName).toBe('HTTPCode_Target_5XX_Count');
      expect(web.metricHttpCodeElb5xx().metricName).toBe('HTTPCode_ELB_5XX_Count');
      expect(web.metricUnhealthyHosts().statistic).toBe('Maximum');
      expect(web.metricCpuUtilization().metricName).toBe('CPUUtilization');
      expect(web.metricMemoryUtilization().metricName).toBe('MemoryUtilization');
      expect(web.metricRunningTasks().namespace).toBe('ECS/ContainerInsights');
      expect(web.metricRunningTasks().period.toMinutes()).toBe(1);
      const rate = web.metricHttp5xxRate().toMetricConfig().mathExpression;
      expect(rate?.expression).toBe('100 * (FILL(target5xx, 0) + FILL(elb5xx, 0)) / requests');
      expect(Object.keys(rate?.usingMetrics ?? {}).sort()).toEqual(['elb5xx', 'requests', 'target5xx']);
    });

    test('exposes its L2s and connections on the container port', () => {
      expect(web.service).toBeInstanceOf(ecs.FargateService);
      expect(web.loadBalancer).toBeInstanceOf(elbv2.ApplicationLoadBalancer);
      expect(web.targetGroup).toBeInstanceOf(elbv2.ApplicationTargetGroup);
      // The exposed scaling is the template's one scalable target.
      expect(Object.keys(template.findResources('AWS::ApplicationAutoScaling::ScalableTarget'))).toEqual([
        stack.getLogicalId(web.scaling.node.findChild('Target').node.defaultChild as CfnResource),
      ]);
      expect(web.redirectListener).toBeUndefined();
      expect(web.connections.defaultPort?.toString()).toBe('8080');
    });

    test('cdk-nag AwsSolutions finds nothing', () => {
      expect(ComplianceGates.nagFindings(stack)).toEqual([]);
    });
  });

  describe('with a certificate', () => {
    test('HTTPS with a modern TLS policy, HTTP redirects to HTTPS, both open to the internet', () => {
      const stack = testStack();
      const network = new Network(stack, 'Network');
      const web = new WebService(stack, 'Web', {
        vpc: network.vpc,
        image,
        certificate: testCertificate(stack),
      });
      const template = Template.fromStack(stack);
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
        Protocol: 'HTTPS',
        Port: 443,
        SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
        Certificates: [{ CertificateArn: Match.anyValue() }],
        DefaultActions: [Match.objectLike({ Type: 'forward' })],
      });
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
        Protocol: 'HTTP',
        Port: 80,
        DefaultActions: [
          { Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } },
        ],
      });
      template.hasResourceProperties('AWS::EC2::SecurityGroup', {
        SecurityGroupIngress: Match.arrayWith([
          Match.objectLike({ CidrIp: '0.0.0.0/0', FromPort: 443 }),
          Match.objectLike({ CidrIp: '0.0.0.0/0', FromPort: 80 }),
        ]),
      });
      // The exposed redirectListener is the template's HTTP:80 redirect.
      const [redirectId] = Object.keys(
        template.findResources('AWS::ElasticLoadBalancingV2::Listener', { Properties: { Port: 80 } }),
      );
      expect(stack.getLogicalId(web.redirectListener!.node.defaultChild as CfnResource)).toBe(redirectId);
      expect(ComplianceGates.nagFindings(stack)).toEqual([]);
    });

    test('behind CloudFront: only HTTPS, only from the prefix list, a given list id and TLS policy', () => {
      const { template, web } = build({
        allowOnlyCloudFront: true,
        cloudFrontPrefixListId: 'pl-12345678',
        sslPolicy: elbv2.SslPolicy.TLS13_13,
        certificate: undefined,
      });
      expect(web.redirectListener).toBeUndefined();
      template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
        SourcePrefixListId: 'pl-12345678',
        FromPort: 80,
      });
      const { template: withCertificate } = (() => {
        const stack = testStack();
        const network = new Network(stack, 'Network');
        new WebService(stack, 'Web', {
          vpc: network.vpc,
          image,
          certificate: testCertificate(stack),
          allowOnlyCloudFront: true,
          sslPolicy: elbv2.SslPolicy.TLS13_13,
        });
        return { template: Template.fromStack(stack) };
      })();
      withCertificate.resourceCountIs('AWS::ElasticLoadBalancingV2::Listener', 1);
      withCertificate.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
        Protocol: 'HTTPS',
        SslPolicy: 'ELBSecurityPolicy-TLS13-1-3-2021-06',
      });
      withCertificate.resourcePropertiesCountIs(
        'AWS::EC2::SecurityGroupIngress',
        { SourcePrefixListId: 'pl-4fa04526', FromPort: 443 },
        1,
      );
    });
  });

  test('an environment-agnostic stack is rejected: access logs and the prefix list need the region', () => {
    const stack = new Stack(testApp(), 'Agnostic');
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
      vpcId: 'vpc-1',
      availabilityZones: ['a', 'b'],
      publicSubnetIds: ['s-1', 's-2'],
      privateSubnetIds: ['s-3', 's-4'],
    });
    expect(() => new WebService(stack, 'Web', { vpc, image })).toThrow(
      /WebService needs a stack with an explicit region/,
    );
  });

  test('a region without a known prefix list needs cloudFrontPrefixListId', () => {
    const stack = new Stack(testApp(), 'Far', { env: { account: TEST_ENV.account, region: 'af-south-1' } });
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
      vpcId: 'vpc-1',
      availabilityZones: ['a', 'b'],
      publicSubnetIds: ['s-1', 's-2'],
      privateSubnetIds: ['s-3', 's-4'],
    });
    expect(() => new WebService(stack, 'Web', { vpc, image })).toThrow(
      /`cloudFrontPrefixListId` is required in af-south-1/,
    );
    new WebService(stack, 'Web2', { vpc, image, cloudFrontPrefixListId: 'pl-0123abcd' });
  });

  describe('an internet-facing load balancer behind CloudFront', () => {
    const { template, web, stack } = build({ publicLoadBalancer: true });
    const [listener] = Object.values(template.findResources('AWS::ElasticLoadBalancingV2::Listener'));
    const rules = Object.values(template.findResources('AWS::ElasticLoadBalancingV2::ListenerRule'));

    test('answers 403 unless the request carries the origin-verify header', () => {
      // Before: the listener forwarded everything, so any CloudFront distribution (the prefix list
      // admits all of them) could reach the service around this one's WAF.
      expect(listener.Properties.DefaultActions).toEqual([
        {
          Type: 'fixed-response',
          FixedResponseConfig: { StatusCode: '403', ContentType: 'text/plain', MessageBody: 'Forbidden' },
        },
      ]);
      expect(rules).toHaveLength(1);
      expect(rules[0].Properties).toMatchObject({
        Priority: 1,
        Conditions: [
          {
            Field: 'http-header',
            // The value of the service's own secret, resolved by CloudFormation.
            HttpHeaderConfig: {
              HttpHeaderName: 'X-Origin-Verify',
              Values: [
                stack.resolve(CdnFront.originVerifyHeaders(web.originVerifySecret!)['X-Origin-Verify']),
              ],
            },
          },
        ],
        Actions: [expect.objectContaining({ Type: 'forward' })],
      });
      expect(JSON.stringify(rules[0].Properties.Conditions)).toContain('resolve:secretsmanager');
    });

    test('publishes the header and secret CloudFront must send', () => {
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
        Scheme: 'internet-facing',
      });
      expect(web.internetFacing).toBe(true);
      expect(web.originVerifyHeaderName).toBe('X-Origin-Verify');
      expect(JSON.stringify(rules[0].Properties.Conditions)).toContain(
        stack.getLogicalId(web.originVerifySecret!.node.defaultChild as never),
      );
    });

    test('a shared secret imported by name is resolved by name (it has no complete ARN)', () => {
      const shared = testStack();
      const network = new Network(shared, 'Network');
      new WebService(shared, 'Web', {
        vpc: network.vpc,
        image,
        publicLoadBalancer: true,
        originVerifySecret: secretsmanager.Secret.fromSecretNameV2(shared, 'Verify', 'shop/origin-verify'),
      });
      const t = Template.fromStack(shared);
      t.resourceCountIs('AWS::SecretsManager::Secret', 0);
      const [rule] = Object.values(t.findResources('AWS::ElasticLoadBalancingV2::ListenerRule'));
      expect(rule.Properties.Conditions[0].HttpHeaderConfig.Values).toEqual([
        '{{resolve:secretsmanager:shop/origin-verify:SecretString:::}}',
      ]);
    });
  });

  test('an internal load balancer without CloudFront accepts HTTP from inside the VPC only', () => {
    const { template, stack } = build({ publicLoadBalancer: false, allowOnlyCloudFront: false });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Scheme: 'internal' });
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupIngress: [
        Match.objectLike({
          CidrIp: { 'Fn::GetAtt': [Match.stringLikeRegexp('NetworkVpc'), 'CidrBlock'] },
          FromPort: 80,
        }),
      ],
    });
    expect(ComplianceGates.nagFindings(stack)).toEqual([]);
  });

  test('plain HTTP open to the internet is an acknowledgeable warning', () => {
    const stack = testStack();
    const network = new Network(stack, 'Network');
    const web = new WebService(stack, 'Web', { vpc: network.vpc, image, allowOnlyCloudFront: false });
    expect(() => Template.fromStack(stack)).toThrow(/no `certificate` and `allowOnlyCloudFront` is false/);
    Validations.of(web).acknowledge({ id: 'Annotation::WebService:certificate', reason: 'test' });
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupIngress: [Match.objectLike({ CidrIp: '0.0.0.0/0', FromPort: 80 })],
    });
  });

  test.each<[string, Config, RegExp]>([
    ['deletionProtection', { deletionProtection: false }, /`deletionProtection` is false/],
    ['minCapacity', { minCapacity: 1 }, /`minCapacity` is 1/],
    ['user', { user: 'root' }, /`user` is 'root'/],
    ['readonlyRootFilesystem', { readonlyRootFilesystem: false }, /`readonlyRootFilesystem` is false/],
  ])('%s: a risky choice is an acknowledgeable warning', (prop, config, message) => {
    const stack = testStack();
    const network = new Network(stack, 'Network');
    const web = new WebService(stack, 'Web', { vpc: network.vpc, image, ...config });
    expect(() => Template.fromStack(stack)).toThrow(message);
    Validations.of(web).acknowledge({ id: `Annotation::WebService:${prop}`, reason: 'test' });
    expect(() => Template.fromStack(stack)).not.toThrow();
  });

  test('targetRequestsPerTask adds request-count tracking and a fast step on requests', () => {
    const { template } = build({ targetRequestsPerTask: 400 });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({
        PredefinedMetricSpecification: Match.objectLike({ PredefinedMetricType: 'ALBRequestCountPerTarget' }),
        TargetValue: 400,
      }),
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'RequestCountPerTarget',
      Statistic: 'Sum',
      Period: 60,
      EvaluationPeriods: 1,
      Threshold: 500,
    });
    template.resourcePropertiesCountIs(
      'AWS::ApplicationAutoScaling::ScalingPolicy',
      { PolicyType: 'StepScaling' },
      2,
    );
  });

  test('a high CPU target keeps only the saturation step', () => {
    const { template } = build({ targetCpuUtilizationPercent: 80 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'CPUUtilization', Threshold: 95 });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      StepScalingPolicyConfiguration: Match.objectLike({
        StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 100 }],
      }),
    });
  });

  test('a CPU target at 95 % or above has no step scale-out (no headroom above it)', () => {
    const { template } = build({ targetCpuUtilizationPercent: 96 });
    template.resourcePropertiesCountIs(
      'AWS::ApplicationAutoScaling::ScalingPolicy',
      { PolicyType: 'StepScaling' },
      0,
    );
  });

  test('peakSchedules raise the floor at the start and restore it at the end', () => {
    const { template } = build({
      minCapacity: 3,
      maxCapacity: 20,
      peakSchedules: [
        {
          start: appscaling.Schedule.cron({ hour: '7', minute: '45' }),
          end: appscaling.Schedule.cron({ hour: '10', minute: '0' }),
          minCapacity: 12,
          timeZone: TimeZone.EUROPE_PARIS,
        },
      ],
    });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      MinCapacity: 3,
      MaxCapacity: 20,
      ScheduledActions: [
        {
          ScheduledActionName: 'PeakSchedule1Start',
          Schedule: 'cron(45 7 * * ? *)',
          ScalableTargetAction: { MinCapacity: 12 },
          Timezone: 'Europe/Paris',
        },
        {
          ScheduledActionName: 'PeakSchedule1End',
          Schedule: 'cron(0 10 * * ? *)',
          ScalableTargetAction: { MinCapacity: 3 },
          Timezone: 'Europe/Paris',
        },
      ],
    });
  });

  describe('predictiveScaling', () => {
    test('is off by default', () => {
      const { web, template } = build();
      template.resourcePropertiesCountIs(
        'AWS::ApplicationAutoScaling::ScalingPolicy',
        { PolicyType: 'PredictiveScaling' },
        0,
      );
      expect(web.predictiveScalingPolicy).toBeUndefined();
    });

    test('forecasts on the CPU pair at the CPU target and scales on the forecast, beside the reactive policies', () => {
      const { stack, web, template } = build({ predictiveScaling: true, targetCpuUtilizationPercent: 50 });
      template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
        PolicyType: 'PredictiveScaling',
        ScalingTargetId: {
          Ref: stack.getLogicalId(web.scaling.node.findChild('Target').node.defaultChild as never),
        },
        PredictiveScalingPolicyConfiguration: {
          Mode: 'ForecastAndScale',
          MetricSpecifications: [
            {
              TargetValue: 50,
              PredefinedMetricPairSpecification: { PredefinedMetricType: 'ECSServiceCPUUtilization' },
            },
          ],
          // maxCapacity stays the connection budget: the default HonorMaxCapacity applies.
          MaxCapacityBreachBehavior: Match.absent(),
        },
      });
      const [predictiveId] = Object.keys(
        template.findResources('AWS::ApplicationAutoScaling::ScalingPolicy', {
          Properties: { PolicyType: 'PredictiveScaling' },
        }),
      );
      expect(stack.getLogicalId(web.predictiveScalingPolicy!)).toBe(predictiveId);
      // Target tracking and the fast step stay: predictive scaling only adds capacity ahead of them.
      template.resourcePropertiesCountIs(
        'AWS::ApplicationAutoScaling::ScalingPolicy',
        { PolicyType: 'TargetTrackingScaling' },
        1,
      );
      template.resourcePropertiesCountIs(
        'AWS::ApplicationAutoScaling::ScalingPolicy',
        { PolicyType: 'StepScaling' },
        1,
      );
    });

    test('with targetRequestsPerTask: forecasts on the ALB request-count pair of its target group', () => {
      const { stack, web, template } = build({
        predictiveScaling: true,
        predictiveScalingMode: PredictiveScalingMode.FORECAST_ONLY,
        targetRequestsPerTask: 400,
      });
      template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
        PolicyType: 'PredictiveScaling',
        PredictiveScalingPolicyConfiguration: {
          Mode: 'ForecastOnly',
          MetricSpecifications: [
            {
              TargetValue: 400,
              PredefinedMetricPairSpecification: {
                PredefinedMetricType: 'ALBRequestCount',
                ResourceLabel: stack.resolve(
                  `${web.targetGroup.firstLoadBalancerFullName}/${web.targetGroup.targetGroupFullName}`,
                ),
              },
            },
          ],
        },
      });
    });

    test('cdk-nag and the wiring rules accept both metric pairs, with nothing acknowledged on the policies', () => {
      const stack = testStack('WebStack');
      const network = new Network(stack, 'Network');
      new WebService(stack, 'Cpu', { vpc: network.vpc, image, predictiveScaling: true });
      new WebService(stack, 'Requests', {
        vpc: network.vpc,
        image,
        predictiveScaling: true,
        targetRequestsPerTask: 500,
        certificate: testCertificate(stack),
      });
      // cdk-nag without a synth; the full gates (built-in validation included) run in test/compliance.
      expect(ComplianceGates.nagFindings(stack)).toEqual([]);
      const policyAcknowledgements = ComplianceGates.listAcknowledgements(stack).filter((a) =>
        a.constructPath.includes('PredictiveScaling'),
      );
      expect(policyAcknowledgements).toEqual([]);
      const template = Template.fromStack(stack);
      const predictive = Object.values(template.findResources('AWS::ApplicationAutoScaling::ScalingPolicy'))
        .filter((p) => p.Properties.PolicyType === 'PredictiveScaling')
        .map((p) => p.Properties.PredictiveScalingPolicyConfiguration.MetricSpecifications[0]);
      // One predictive policy per service: the CPU pair, and the request-count pair.
      expect(predictive.map((m) => m.PredefinedMetricPairSpecification.PredefinedMetricType).sort()).toEqual([
        'ALBRequestCount',
        'ECSServiceCPUUtilization',
      ]);
      expect(wiringFindings(stack)).toEqual([]);
    });
  });

  test('spotPercentage splits tasks between Fargate with an on-demand base and Fargate Spot', () => {
    const { template } = build({ spotPercentage: 70, onDemandBaseTasks: 2 });
    template.hasResourceProperties('AWS::ECS::Service', {
      LaunchType: Match.absent(),
      CapacityProviderStrategy: [
        { CapacityProvider: 'FARGATE', Base: 2, Weight: 30 },
        { CapacityProvider: 'FARGATE_SPOT', Weight: 70 },
      ],
    });
    // Created after the cluster's capacity-provider association, or the create races it and fails.
    const [associations] = Object.keys(
      template.findResources('AWS::ECS::ClusterCapacityProviderAssociations'),
    );
    const [service] = Object.values(template.findResources('AWS::ECS::Service'));
    expect(service.DependsOn).toContain(associations);
    const { template: defaultBase } = build({ spotPercentage: 100 });
    defaultBase.hasResourceProperties('AWS::ECS::Service', {
      CapacityProviderStrategy: [
        { CapacityProvider: 'FARGATE', Base: 1, Weight: 0 },
        { CapacityProvider: 'FARGATE_SPOT', Weight: 100 },
      ],
    });
  });

  test('task settings: size, ARM64, port, health check, environment, secrets, user, log retention', () => {
    const stack = testStack();
    const network = new Network(stack, 'Network');
    const secret = new secretsmanager.Secret(stack, 'Secret');
    new WebService(stack, 'Web', {
      vpc: network.vpc,
      image,
      cpu: 1024,
      memoryLimitMiB: 4096,
      cpuArchitecture: ecs.CpuArchitecture.ARM64,
      containerPort: 3000,
      healthCheckPath: '/healthz',
      healthCheckGracePeriod: Duration.seconds(120),
      deregistrationDelay: Duration.seconds(10),
      environment: { LOG_LEVEL: 'info' },
      secrets: { DATABASE_PASSWORD: ecs.Secret.fromSecretsManager(secret) },
      user: '999',
      containerHealthCheck: { command: ['CMD', '/app/healthcheck'] },
      logRetention: 731,
      scaleInCooldown: Duration.minutes(10),
      latencyP95AlarmThreshold: Duration.millis(300),
      latencyP99AlarmThreshold: Duration.seconds(1),
      errorRateAlarmThresholdPercent: 0.5,
      targetCpuUtilizationPercent: 50,
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      Cpu: '1024',
      Memory: '4096',
      RuntimePlatform: { CpuArchitecture: 'ARM64' },
      ContainerDefinitions: [
        Match.objectLike({
          User: '999',
          PortMappings: [{ ContainerPort: 3000, Protocol: 'tcp' }],
          Environment: [{ Name: 'LOG_LEVEL', Value: 'info' }],
          Secrets: [{ Name: 'DATABASE_PASSWORD', ValueFrom: { Ref: Match.anyValue() } }],
          HealthCheck: Match.objectLike({ Command: ['CMD', '/app/healthcheck'] }),
        }),
        // The init container gets neither the environment nor the secrets.
        Match.objectLike({
          Name: 'TmpInit',
          User: '0',
          Environment: Match.absent(),
          Secrets: Match.absent(),
        }),
      ],
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: Match.arrayWith(['secretsmanager:GetSecretValue']) }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::ECS::Service', { HealthCheckGracePeriodSeconds: 120 });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      Port: 3000,
      HealthCheckPath: '/healthz',
      TargetGroupAttributes: Match.arrayWith([{ Key: 'deregistration_delay.timeout_seconds', Value: '10' }]),
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 731 });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({ TargetValue: 50, ScaleInCooldown: 600 }),
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { ExtendedStatistic: 'p95', Threshold: 0.3 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { ExtendedStatistic: 'p99', Threshold: 1 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { Threshold: 0.5, Metrics: Match.anyValue() });
    // Plain configuration in `environment` is acknowledged for AwsSolutions-ECS2 on the task definition.
    expect(
      ComplianceGates.nagFindings(stack).filter((f) => f.constructPath.startsWith('TestStack/Web/')),
    ).toEqual([]);
  });

  test('a given access-log bucket is used and no bucket is created', () => {
    const stack = testStack();
    const network = new Network(stack, 'Network');
    const bucket = s3.Bucket.fromBucketName(stack, 'Logs', 'my-alb-logs');
    const web = new WebService(stack, 'Web', { vpc: network.vpc, image, accessLogsBucket: bucket });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::S3::Bucket', 0);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      LoadBalancerAttributes: Match.arrayWith([{ Key: 'access_logs.s3.bucket', Value: 'my-alb-logs' }]),
    });
    expect(web.accessLogsBucket).toBe(bucket);
  });

  test('imported into an existing stack: an existing VPC and cluster, nothing else created for them', () => {
    const stack = testStack();
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
      vpcId: 'vpc-0123456789abcdef0',
      vpcCidrBlock: '10.20.0.0/16',
      availabilityZones: ['eu-west-1a', 'eu-west-1b'],
      publicSubnetIds: ['subnet-pub1', 'subnet-pub2'],
      publicSubnetRouteTableIds: ['rtb-pub1', 'rtb-pub2'],
      privateSubnetIds: ['subnet-priv1', 'subnet-priv2'],
      privateSubnetRouteTableIds: ['rtb-priv1', 'rtb-priv2'],
    });
    const cluster = ecs.Cluster.fromClusterAttributes(stack, 'Cluster', {
      clusterName: 'existing',
      vpc,
    });
    const web = new WebService(stack, 'Web', { cluster, image });
    // An imported cluster cannot be inspected: the caller checks Container Insights and says so.
    Validations.of(web).acknowledge({
      id: 'Annotation::WebService:cluster',
      reason: 'the existing cluster has Container Insights on (checked in its own stack)',
    });
    const template = Template.fromStack(stack);
    for (const type of [
      'AWS::EC2::VPC',
      'AWS::EC2::Subnet',
      'AWS::EC2::NatGateway',
      'AWS::ECS::Cluster',
      'AWS::ECS::ClusterCapacityProviderAssociations',
    ]) {
      template.resourceCountIs(type, 0);
    }
    template.hasResourceProperties('AWS::ECS::Service', {
      Cluster: 'existing',
      NetworkConfiguration: { AwsvpcConfiguration: { Subnets: ['subnet-priv1', 'subnet-priv2'] } },
    });
    // Internal (behind CloudFront through a VPC origin): in the private subnets, one per AZ.
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Scheme: 'internal',
      Subnets: ['subnet-priv1', 'subnet-priv2'],
    });
    expect(web.cluster).toBe(cluster);
    const publicOne = testStack();
    const publicVpc = ec2.Vpc.fromVpcAttributes(publicOne, 'Vpc', {
      vpcId: 'vpc-0123456789abcdef0',
      availabilityZones: ['eu-west-1a', 'eu-west-1b'],
      publicSubnetIds: ['subnet-pub1', 'subnet-pub2'],
      publicSubnetRouteTableIds: ['rtb-pub1', 'rtb-pub2'],
      privateSubnetIds: ['subnet-priv1', 'subnet-priv2'],
      privateSubnetRouteTableIds: ['rtb-priv1', 'rtb-priv2'],
    });
    new WebService(publicOne, 'Web', { vpc: publicVpc, image, publicLoadBalancer: true });
    Template.fromStack(publicOne).hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Scheme: 'internet-facing',
      Subnets: ['subnet-pub1', 'subnet-pub2'],
    });
  });

  describe('validation', () => {
    const vpcStack = (): { stack: Stack; vpc: ec2.IVpc } => {
      const stack = testStack();
      return { stack, vpc: new Network(stack, 'Network').vpc };
    };
    const expectError = (config: Config, prop: string, message: RegExp): void => {
      const { stack, vpc } = vpcStack();
      let error: unknown;
      try {
        new WebService(stack, 'Web', { vpc, image, ...config });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(BlueprintValidationError);
      expect((error as BlueprintValidationError).prop).toBe(prop);
      expect((error as Error).message).toMatch(message);
      // Validation runs before any child is created.
      expect(stack.node.findChild('Web').node.children).toHaveLength(0);
    };

    test('vpc and cluster: exactly one', () => {
      const { stack, vpc } = vpcStack();
      const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
      expect(() => new WebService(stack, 'Both', { vpc, cluster, image })).toThrow(
        /specify either `vpc` or `cluster`, not both/,
      );
      expect(() => new WebService(stack, 'Neither', { image })).toThrow(
        /specify either `vpc` \(for example `new Network\(this, "Network"\)\.vpc`\) or an existing `cluster`/,
      );
    });

    test.each<[string, Config, string, RegExp]>([
      [
        'maxCapacity below minCapacity',
        { minCapacity: 4, maxCapacity: 3 },
        'maxCapacity',
        /`maxCapacity` must be at least `minCapacity` \(4\), got: 3/,
      ],
      [
        'maxCapacity 0',
        { maxCapacity: 0, minCapacity: 0 },
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
        'cpu not a Fargate size',
        { cpu: 300 },
        'cpu',
        /`cpu` must be one of 256, 512, 1024, 2048, 4096, 8192, 16384 \(Fargate task sizes\), got: 300/,
      ],
      [
        'memory too small for cpu',
        { cpu: 1024, memoryLimitMiB: 1024 },
        'memoryLimitMiB',
        /`memoryLimitMiB` must be between 2048 and 8192 in steps of 1024 for `cpu` 1024 \(a valid Fargate task size\), got: 1024/,
      ],
      [
        'memory off step',
        { cpu: 8192, memoryLimitMiB: 18432 },
        'memoryLimitMiB',
        /between 16384 and 61440 in steps of 4096 for `cpu` 8192/,
      ],
      [
        'default cpu with too much memory',
        { memoryLimitMiB: 8192 },
        'memoryLimitMiB',
        /between 1024 and 4096 in steps of 1024 for `cpu` 512/,
      ],
      [
        'targetCpuUtilizationPercent 0',
        { targetCpuUtilizationPercent: 0 },
        'targetCpuUtilizationPercent',
        /`targetCpuUtilizationPercent` must be between 1 and 100, got: 0/,
      ],
      [
        'targetCpuUtilizationPercent 101',
        { targetCpuUtilizationPercent: 101 },
        'targetCpuUtilizationPercent',
        /got: 101/,
      ],
      [
        'spotPercentage 120',
        { spotPercentage: 120 },
        'spotPercentage',
        /`spotPercentage` must be an integer between 0 and 100, got: 120/,
      ],
      [
        'onDemandBaseTasks negative',
        { spotPercentage: 50, onDemandBaseTasks: -1 },
        'onDemandBaseTasks',
        /`onDemandBaseTasks` must be an integer between 0/,
      ],
      [
        'targetRequestsPerTask 0',
        { targetRequestsPerTask: 0 },
        'targetRequestsPerTask',
        /`targetRequestsPerTask` must be an integer between 1 and 1000000, got: 0/,
      ],
      [
        'errorRateAlarmThresholdPercent 150',
        { errorRateAlarmThresholdPercent: 150 },
        'errorRateAlarmThresholdPercent',
        /`errorRateAlarmThresholdPercent` must be between 0 and 100, got: 150/,
      ],
      [
        'containerPort 0',
        { containerPort: 0 },
        'containerPort',
        /`containerPort` must be an integer between 1 and 65535, got: 0/,
      ],
      [
        'healthCheckPath relative',
        { healthCheckPath: 'health' },
        'healthCheckPath',
        /`healthCheckPath` must be an absolute path starting with '\/'.*got: 'health'/,
      ],
      [
        'deregistrationDelay too long',
        { deregistrationDelay: Duration.hours(2) },
        'deregistrationDelay',
        /`deregistrationDelay` must be a whole number of seconds between 0 and 3600, got: 2 hours/,
      ],
      [
        'latencyP95AlarmThreshold zero',
        { latencyP95AlarmThreshold: Duration.millis(0) },
        'latencyP95AlarmThreshold',
        /`latencyP95AlarmThreshold` must be a positive duration/,
      ],
      [
        'healthCheckGracePeriod zero',
        { healthCheckGracePeriod: Duration.seconds(0) },
        'healthCheckGracePeriod',
        /`healthCheckGracePeriod` must be a positive duration/,
      ],
      [
        'secret-looking environment key',
        { environment: { DB_PASSWORD: 'hunter2' } },
        'environment',
        /`environment` must not hold secrets, got the key 'DB_PASSWORD': pass it in `secrets`/,
      ],
      [
        'API token in environment',
        { environment: { STRIPE_API_KEY: 'x' } },
        'environment',
        /got the key 'STRIPE_API_KEY'/,
      ],
      [
        'AWS keys in environment',
        { environment: { AWS_SECRET_ACCESS_KEY: 'x' } },
        'environment',
        /got the key 'AWS_SECRET_ACCESS_KEY'/,
      ],
      [
        'cloudFrontPrefixListId without CloudFront',
        { allowOnlyCloudFront: false, cloudFrontPrefixListId: 'pl-1' },
        'cloudFrontPrefixListId',
        /`cloudFrontPrefixListId` only applies with `allowOnlyCloudFront`/,
      ],
      [
        'originVerifySecret without a public ALB behind CloudFront',
        { publicLoadBalancer: false, originVerifySecret: {} as secretsmanager.ISecret },
        'originVerifySecret',
        /`originVerifySecret` only applies to an internet-facing load balancer behind CloudFront/,
      ],
      [
        'originDomainName without a certificate',
        { originDomainName: 'origin.example.com' },
        'originDomainName',
        /`originDomainName` names the host CloudFront connects to over HTTPS, which needs a `certificate`/,
      ],
      [
        'predictiveScalingMode without predictiveScaling',
        { predictiveScalingMode: PredictiveScalingMode.FORECAST_ONLY },
        'predictiveScalingMode',
        /`predictiveScalingMode` only applies with `predictiveScaling`; set `predictiveScaling: true` or remove it/,
      ],
    ])('%s', (_name, config, prop, message) => expectError(config, prop, message));

    test.each([1, 11])('peakSchedules minCapacity %p outside [minCapacity, maxCapacity]', (minCapacity) => {
      expectError(
        {
          peakSchedules: [
            {
              start: appscaling.Schedule.cron({ hour: '8' }),
              end: appscaling.Schedule.cron({ hour: '9' }),
              minCapacity,
            },
          ],
        },
        'peakSchedules[0].minCapacity',
        new RegExp(
          `\`peakSchedules\\[0\\]\\.minCapacity\` must be an integer between 2 and 10, got: ${minCapacity}`,
        ),
      );
    });

    test('keys that merely mention a secret word are allowed', () => {
      const { stack, vpc } = vpcStack();
      expect(
        () =>
          new WebService(stack, 'Web', {
            vpc,
            image,
            environment: { TOKEN_ISSUER_URL: 'x', SECRET_NAME: 'app' },
          }),
      ).not.toThrow();
    });
  });

  test('property-based: mutations of a valid configuration build, or throw our error naming the invalid prop and value', () => {
    const duration = (d: Duration): InvalidValue => ({ value: d, shown: d.toHumanString() });
    const mutations = [
      mutationOf('minCapacity', [0, 1, 2], [{ value: -1 }, { value: 1001 }, { value: 1.5 }]),
      mutationOf('maxCapacity', [2, 10, 1000], [{ value: 0 }, { value: 1001 }, { value: 2.5 }]),
      mutationOf('spotPercentage', [0, 50, 100], [{ value: -1 }, { value: 101 }]),
      mutationOf('targetCpuUtilizationPercent', [1, 50, 100], [{ value: 0 }, { value: 100.5 }]),
      mutationOf(
        'targetRequestsPerTask',
        [1, 500, 1_000_000],
        [{ value: 0 }, { value: 1_000_001 }, { value: 2.5 }],
      ),
      mutationOf('errorRateAlarmThresholdPercent', [0, 5, 100], [{ value: -1 }, { value: 101 }]),
      mutationOf(
        'latencyP95AlarmThreshold',
        [Duration.millis(1), Duration.seconds(1)],
        [duration(Duration.seconds(0))],
      ),
      mutationOf(
        'scaleInCooldown',
        [Duration.seconds(1), Duration.minutes(5)],
        [duration(Duration.seconds(0))],
      ),
      mutationOf(
        'deregistrationDelay',
        [Duration.seconds(0), Duration.seconds(30), Duration.seconds(3600)],
        [duration(Duration.seconds(3601)), duration(Duration.millis(1500))],
      ),
      mutationOf('healthCheckPath', ['/', '/health'], [{ value: 'health' }]),
      mutationOf('containerPort', [1, 8080, 65535], [{ value: 0 }, { value: 65536 }]),
    ];
    const stack = propertyStack();
    const vpc = new Network(stack, 'Network').vpc;
    const numRuns = 1000;
    const run = runMutations<Config, WebService>({
      base: {},
      mutations,
      numRuns,
      build: (props, index) => new WebService(stack, `Web${index}`, { vpc, image, ...props }),
    });
    for (const { props } of run.samples) {
      // The shared stack holds hundreds of services: synthesize each sample alone.
      const sample = testStack();
      const network = new Network(sample, 'Network');
      new WebService(sample, 'Web', { vpc: network.vpc, image, ...props });
      acknowledgeWarnings(sample);
      const template = Template.fromStack(sample);
      template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
        MinCapacity: props.minCapacity ?? 2,
        MaxCapacity: props.maxCapacity ?? 10,
      });
      template.hasResourceProperties('AWS::ECS::TaskDefinition', {
        ContainerDefinitions: Match.arrayWith([
          Match.objectLike({
            PortMappings: [Match.objectLike({ ContainerPort: props.containerPort ?? 8080 })],
          }),
        ]),
      });
      expect(wiringFindings(sample)).toEqual([]);
    }
  });
});
