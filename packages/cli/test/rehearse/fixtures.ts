// Small hand-written templates in the shapes CDK synthesizes, for hand-computed rehearsal cases.
import { CfnResourceDefinition, CfnTemplate } from '../../src/diagram/assembly-reader';

const serviceName = { 'Fn::GetAtt': ['Service', 'Name'] };
const resourceId = { 'Fn::Join': ['', ['service/', { Ref: 'Cluster' }, '/', serviceName]] };

function resource(Type: string, Properties: Record<string, unknown>): CfnResourceDefinition {
  return { Type, Properties };
}

/** A web service: 1 vCPU tasks behind an ALB (health check every 15 s), one scalable target. */
export function webTemplate(options: {
  minCapacity: number;
  maxCapacity: number;
  policies: Record<string, CfnResourceDefinition>;
  alarms?: Record<string, CfnResourceDefinition>;
}): CfnTemplate {
  return {
    Resources: {
      Cluster: resource('AWS::ECS::Cluster', {}),
      TaskDefinition: resource('AWS::ECS::TaskDefinition', {
        Cpu: '1024',
        Memory: '2048',
        ContainerDefinitions: [{ Essential: true, Image: 'example/web:1' }],
      }),
      LoadBalancer: resource('AWS::ElasticLoadBalancingV2::LoadBalancer', {}),
      Listener: resource('AWS::ElasticLoadBalancingV2::Listener', {
        LoadBalancerArn: { Ref: 'LoadBalancer' },
        DefaultActions: [{ Type: 'forward', TargetGroupArn: { Ref: 'TargetGroup' } }],
      }),
      TargetGroup: resource('AWS::ElasticLoadBalancingV2::TargetGroup', {
        HealthCheckIntervalSeconds: 15,
        HealthyThresholdCount: 2,
        TargetGroupAttributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '30' }],
      }),
      Service: resource('AWS::ECS::Service', {
        Cluster: { Ref: 'Cluster' },
        TaskDefinition: { Ref: 'TaskDefinition' },
        LoadBalancers: [
          { ContainerName: 'App', ContainerPort: 8080, TargetGroupArn: { Ref: 'TargetGroup' } },
        ],
      }),
      Target: resource('AWS::ApplicationAutoScaling::ScalableTarget', {
        ServiceNamespace: 'ecs',
        ScalableDimension: 'ecs:service:DesiredCount',
        ResourceId: resourceId,
        MinCapacity: options.minCapacity,
        MaxCapacity: options.maxCapacity,
      }),
      ...options.policies,
      ...options.alarms,
    },
  };
}

/** A step policy that doubles the tasks, invoked by a CPU alarm. */
export function cpuStepPolicy(alarm: {
  threshold: number;
  evaluationPeriods: number;
  datapointsToAlarm: number;
}): {
  policies: Record<string, CfnResourceDefinition>;
  alarms: Record<string, CfnResourceDefinition>;
} {
  return {
    policies: {
      StepPolicy: resource('AWS::ApplicationAutoScaling::ScalingPolicy', {
        PolicyType: 'StepScaling',
        ScalingTargetId: { Ref: 'Target' },
        StepScalingPolicyConfiguration: {
          AdjustmentType: 'PercentChangeInCapacity',
          Cooldown: 60,
          MetricAggregationType: 'Maximum',
          MinAdjustmentMagnitude: 1,
          StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 100 }],
        },
      }),
    },
    alarms: {
      StepAlarm: resource('AWS::CloudWatch::Alarm', {
        AlarmActions: [{ Ref: 'StepPolicy' }],
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        Namespace: 'AWS/ECS',
        MetricName: 'CPUUtilization',
        Dimensions: [
          { Name: 'ClusterName', Value: { Ref: 'Cluster' } },
          { Name: 'ServiceName', Value: serviceName },
        ],
        Statistic: 'Average',
        Period: 60,
        Threshold: alarm.threshold,
        EvaluationPeriods: alarm.evaluationPeriods,
        DatapointsToAlarm: alarm.datapointsToAlarm,
      }),
    },
  };
}

/** CPU target tracking. */
export function cpuTargetTracking(target: number): Record<string, CfnResourceDefinition> {
  return {
    CpuTracking: resource('AWS::ApplicationAutoScaling::ScalingPolicy', {
      PolicyType: 'TargetTrackingScaling',
      ScalingTargetId: { Ref: 'Target' },
      TargetTrackingScalingPolicyConfiguration: {
        PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' },
        TargetValue: target,
        ScaleOutCooldown: 60,
        ScaleInCooldown: 300,
      },
    }),
  };
}

const queueName = { 'Fn::GetAtt': ['Queue', 'QueueName'] };
const visible = {
  Id: 'visible',
  MetricStat: {
    Metric: {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: queueName }],
    },
    Period: 60,
    Stat: 'Maximum',
  },
  ReturnData: false,
};
const tasks = {
  Id: 'tasks',
  MetricStat: {
    Metric: {
      Namespace: 'ECS/ContainerInsights',
      MetricName: 'RunningTaskCount',
      Dimensions: [
        { Name: 'ClusterName', Value: { Ref: 'Cluster' } },
        { Name: 'ServiceName', Value: serviceName },
      ],
    },
    Period: 60,
    Stat: 'Maximum',
  },
  ReturnData: false,
};

/** A QueueWorker as the construct synthesizes it with `minCapacity: 0`: backlog per task and wake from zero. */
export function workerTemplate(options: {
  acceptableBacklogPerTask: number;
  visibilityTimeout: number;
}): CfnTemplate {
  return {
    Resources: {
      Cluster: resource('AWS::ECS::Cluster', {}),
      Queue: resource('AWS::SQS::Queue', { VisibilityTimeout: options.visibilityTimeout }),
      TaskDefinition: resource('AWS::ECS::TaskDefinition', {
        Cpu: '512',
        Memory: '1024',
        ContainerDefinitions: [
          {
            Essential: true,
            Image: 'example/worker:1',
            Environment: [{ Name: 'QUEUE_URL', Value: { Ref: 'Queue' } }],
          },
        ],
      }),
      Service: resource('AWS::ECS::Service', {
        Cluster: { Ref: 'Cluster' },
        TaskDefinition: { Ref: 'TaskDefinition' },
      }),
      Target: resource('AWS::ApplicationAutoScaling::ScalableTarget', {
        ServiceNamespace: 'ecs',
        ScalableDimension: 'ecs:service:DesiredCount',
        ResourceId: resourceId,
        MinCapacity: 0,
        MaxCapacity: 4,
      }),
      BacklogPerTask: resource('AWS::ApplicationAutoScaling::ScalingPolicy', {
        PolicyType: 'TargetTrackingScaling',
        ScalingTargetId: { Ref: 'Target' },
        TargetTrackingScalingPolicyConfiguration: {
          CustomizedMetricSpecification: {
            Metrics: [
              { ...visible, MetricStat: { ...visible.MetricStat, Stat: 'Average' } },
              { ...tasks, MetricStat: { ...tasks.MetricStat, Stat: 'Average' } },
              { Id: 'backlogPerTask', Expression: 'visible / IF(tasks > 0, tasks, 1)', ReturnData: true },
            ],
          },
          TargetValue: options.acceptableBacklogPerTask,
          ScaleOutCooldown: 60,
          ScaleInCooldown: 120,
        },
      }),
      WakePolicy: resource('AWS::ApplicationAutoScaling::ScalingPolicy', {
        PolicyType: 'StepScaling',
        ScalingTargetId: { Ref: 'Target' },
        StepScalingPolicyConfiguration: {
          AdjustmentType: 'ChangeInCapacity',
          Cooldown: 120,
          StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 1 }],
        },
      }),
      WakeAlarm: resource('AWS::CloudWatch::Alarm', {
        AlarmActions: [{ Ref: 'WakePolicy' }],
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        EvaluationPeriods: 1,
        DatapointsToAlarm: 1,
        Threshold: 1,
        Metrics: [
          {
            Id: 'expr_1',
            Expression: 'IF(FILL(visible, 0) > 0 AND FILL(tasks, 0) < 1, 1, 0)',
            ReturnData: true,
          },
          visible,
          tasks,
        ],
      }),
    },
  };
}
