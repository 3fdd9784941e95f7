// Small templates of the resources the pricers read, shaped as CDK synthesizes them.

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown> }>;

/** A Fargate service behind an internet-facing ALB in 2 AZs, scaling 1–6 on CPU (60 %), 1 on-demand base then 70 % Spot. */
export function webTier(
  options: { min?: number; max?: number; environment?: Record<string, string>; secrets?: unknown[] } = {},
): Resources {
  return {
    Cluster: { Type: 'AWS::ECS::Cluster', Properties: {} },
    TaskDefinition: {
      Type: 'AWS::ECS::TaskDefinition',
      Properties: {
        Cpu: '256',
        Memory: '512',
        RuntimePlatform: { CpuArchitecture: 'X86_64', OperatingSystemFamily: 'LINUX' },
        ContainerDefinitions: [
          {
            Name: 'App',
            Image: 'nginxinc/nginx-unprivileged:stable-alpine',
            Environment: Object.entries(options.environment ?? {}).map(([Name, Value]) => ({ Name, Value })),
            Secrets: options.secrets ?? [],
            LogConfiguration: { LogDriver: 'awslogs', Options: { 'awslogs-group': { Ref: 'WebLogs' } } },
          },
        ],
      },
    },
    WebLogs: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 30 } },
    Service: {
      Type: 'AWS::ECS::Service',
      Properties: {
        Cluster: { Ref: 'Cluster' },
        TaskDefinition: { Ref: 'TaskDefinition' },
        CapacityProviderStrategy: [
          { Base: 1, CapacityProvider: 'FARGATE', Weight: 30 },
          { CapacityProvider: 'FARGATE_SPOT', Weight: 70 },
        ],
        LoadBalancers: [
          { ContainerName: 'App', ContainerPort: 8080, TargetGroupArn: { Ref: 'TargetGroup' } },
        ],
        NetworkConfiguration: { AwsvpcConfiguration: { AssignPublicIp: 'DISABLED' } },
      },
    },
    ScalableTarget: {
      Type: 'AWS::ApplicationAutoScaling::ScalableTarget',
      Properties: {
        MinCapacity: options.min ?? 1,
        MaxCapacity: options.max ?? 6,
        ScalableDimension: 'ecs:service:DesiredCount',
        ServiceNamespace: 'ecs',
        ResourceId: {
          'Fn::Join': ['', ['service/', { Ref: 'Cluster' }, '/', { 'Fn::GetAtt': ['Service', 'Name'] }]],
        },
      },
    },
    CpuScaling: {
      Type: 'AWS::ApplicationAutoScaling::ScalingPolicy',
      Properties: {
        PolicyType: 'TargetTrackingScaling',
        ScalingTargetId: { Ref: 'ScalableTarget' },
        TargetTrackingScalingPolicyConfiguration: {
          PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' },
          TargetValue: 60,
        },
      },
    },
    LoadBalancer: {
      Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
      Properties: { Scheme: 'internet-facing', Type: 'application', Subnets: ['subnet-1', 'subnet-2'] },
    },
    Listener: {
      Type: 'AWS::ElasticLoadBalancingV2::Listener',
      Properties: {
        LoadBalancerArn: { Ref: 'LoadBalancer' },
        DefaultActions: [{ Type: 'forward', TargetGroupArn: { Ref: 'TargetGroup' } }],
      },
    },
    TargetGroup: {
      Type: 'AWS::ElasticLoadBalancingV2::TargetGroup',
      Properties: { HealthCheckIntervalSeconds: 15 },
    },
  };
}

/** A queue with a DLQ, drained by a Spot worker (0.5 vCPU, 1 GB) scaling 0–4 on backlog per task. */
export function workerTier(options: { min?: number } = {}): Resources {
  return {
    DeadLetterQueue: { Type: 'AWS::SQS::Queue', Properties: {} },
    Queue: {
      Type: 'AWS::SQS::Queue',
      Properties: {
        VisibilityTimeout: 12,
        RedrivePolicy: {
          deadLetterTargetArn: { 'Fn::GetAtt': ['DeadLetterQueue', 'Arn'] },
          maxReceiveCount: 5,
        },
      },
    },
    WorkerTaskDefinition: {
      Type: 'AWS::ECS::TaskDefinition',
      Properties: {
        Cpu: '512',
        Memory: '1024',
        ContainerDefinitions: [{ Name: 'App', Image: 'public.ecr.aws/docker/library/busybox:stable' }],
      },
    },
    Worker: {
      Type: 'AWS::ECS::Service',
      Properties: {
        TaskDefinition: { Ref: 'WorkerTaskDefinition' },
        CapacityProviderStrategy: [
          { Base: 0, CapacityProvider: 'FARGATE', Weight: 0 },
          { CapacityProvider: 'FARGATE_SPOT', Weight: 100 },
        ],
        LoadBalancers: [],
      },
    },
    WorkerTarget: {
      Type: 'AWS::ApplicationAutoScaling::ScalableTarget',
      Properties: {
        MinCapacity: options.min ?? 0,
        MaxCapacity: 4,
        ScalableDimension: 'ecs:service:DesiredCount',
        ResourceId: { 'Fn::Join': ['', ['service/c/', { 'Fn::GetAtt': ['Worker', 'Name'] }]] },
      },
    },
    BacklogScaling: {
      Type: 'AWS::ApplicationAutoScaling::ScalingPolicy',
      Properties: {
        PolicyType: 'TargetTrackingScaling',
        ScalingTargetId: { Ref: 'WorkerTarget' },
        TargetTrackingScalingPolicyConfiguration: {
          TargetValue: 150,
          CustomizedMetricSpecification: {
            Metrics: [
              {
                Id: 'visible',
                MetricStat: {
                  Metric: {
                    Namespace: 'AWS/SQS',
                    MetricName: 'ApproximateNumberOfMessagesVisible',
                    Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': ['Queue', 'QueueName'] } }],
                  },
                  Stat: 'Average',
                },
                ReturnData: false,
              },
              {
                Id: 'tasks',
                MetricStat: {
                  Metric: { Namespace: 'ECS/ContainerInsights', MetricName: 'RunningTaskCount' },
                  Stat: 'Average',
                },
                ReturnData: false,
              },
              { Id: 'backlogPerTask', Expression: 'visible / IF(tasks > 0, tasks, 1)', ReturnData: true },
            ],
          },
        },
      },
    },
  };
}

/** An Aurora Serverless v2 PostgreSQL cluster (0–4 ACU), its writer, secret and the SSM parameter of its endpoint. */
export function serverlessDatabase(options: { min?: number; global?: string } = {}): Resources {
  return {
    DatabaseSecret: { Type: 'AWS::SecretsManager::Secret', Properties: {} },
    DatabaseSecretAttachment: {
      Type: 'AWS::SecretsManager::SecretTargetAttachment',
      Properties: {
        SecretId: { Ref: 'DatabaseSecret' },
        TargetId: { Ref: 'Database' },
        TargetType: 'AWS::RDS::DBCluster',
      },
    },
    Database: {
      Type: 'AWS::RDS::DBCluster',
      Properties: {
        Engine: 'aurora-postgresql',
        MasterUsername: 'admin',
        ServerlessV2ScalingConfiguration: { MinCapacity: options.min ?? 0, MaxCapacity: 4 },
        BackupRetentionPeriod: 7,
        ...(options.global ? { GlobalClusterIdentifier: options.global } : {}),
      },
    },
    Writer: {
      Type: 'AWS::RDS::DBInstance',
      Properties: {
        DBClusterIdentifier: { Ref: 'Database' },
        DBInstanceClass: 'db.serverless',
        Engine: 'aurora-postgresql',
      },
    },
    DatabaseHost: {
      Type: 'AWS::SSM::Parameter',
      Properties: { Type: 'String', Value: { 'Fn::GetAtt': ['Database', 'Endpoint.Address'] } },
    },
  };
}

/** The container secret that points a task at the database (as ReplicatedDatabase.connectFrom injects it). */
export const DATABASE_SECRET = [
  { Name: 'DATABASE_HOST', ValueFrom: { 'Fn::Join': ['', ['parameter/', { Ref: 'DatabaseHost' }]] } },
];
