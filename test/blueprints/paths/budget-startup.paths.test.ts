// Every request path of budget-startup, walked through the synthesized templates, each with a broken
// twin that must fail. The walks follow references the way CloudFormation and the services do at
// deploy and run time; the wiring gate's rules (WiringChecks) judge the same templates.
import { addBudgetStartup } from '../../../blueprints/budget-startup';
import { testApp } from '../../support/app';
import {
  admits,
  allows,
  broken,
  containerSettings,
  Json,
  resource,
  resources,
  target,
  templatesOf,
  wiringFindings,
  wiringRules,
  taskProblems,
  withoutTmpInit,
} from './support';

function synthesize(settings: Record<string, unknown> = {}) {
  const app = testApp({ context: { 'budget-startup': settings } });
  addBudgetStartup(app);
  return templatesOf(app);
}

const templates = synthesize();
const template = templates[0].template as Json;

/** The web service, its task definition and security group, and the load balancer's. */
function webTier(t: Json) {
  const [serviceId, service] = resource(t, 'AWS::ECS::Service', 'WebService');
  const taskDefinition = t.Resources[target(service.Properties.TaskDefinition)!];
  const serviceGroup = target(service.Properties.NetworkConfiguration.AwsvpcConfiguration.SecurityGroups[0])!;
  const [loadBalancerId, loadBalancer] = resource(
    t,
    'AWS::ElasticLoadBalancingV2::LoadBalancer',
    'WebLoadBalancer',
  );
  const loadBalancerGroup = target(loadBalancer.Properties.SecurityGroups[0])!;
  return {
    serviceId,
    service,
    taskDefinition,
    serviceGroup,
    loadBalancerId,
    loadBalancer,
    loadBalancerGroup,
  };
}

describe('budget-startup: every path holds', () => {
  test('every task: its non-root user can write /tmp (opened by TmpInit first), and its containers fit the task', () => {
    expect(templates.length).toBeGreaterThan(0);
    expect(taskProblems(templates)).toEqual([]);
    // The broken twin: without the init container, /tmp is root-owned 0755 for a non-root app.
    expect(taskProblems(withoutTmpInit(templates)).join('\n')).toMatch(/no container opens it first/);
  });

  test('the wiring gate finds nothing in the default template', () => {
    expect(wiringFindings(templates)).toEqual([]);
  });

  test('viewer → CloudFront → VPC origin → internal ALB, HTTP:80 → target group → container port 8080, security groups both ways', () => {
    const [, distribution] = resource(template, 'AWS::CloudFront::Distribution');
    const origin = distribution.Properties.DistributionConfig.Origins.find((o: Json) => o.VpcOriginConfig);
    const vpcOrigin = template.Resources[target(origin.VpcOriginConfig.VpcOriginId)!];
    const endpoint = vpcOrigin.Properties.VpcOriginEndpointConfig;
    const web = webTier(template);
    // CloudFront reaches the load balancer inside the VPC, on the protocol and port of its listener.
    expect(target(endpoint.Arn)).toBe(web.loadBalancerId);
    expect(web.loadBalancer.Properties.Scheme).toBe('internal');
    expect([endpoint.OriginProtocolPolicy, endpoint.HTTPPort]).toEqual(['http-only', 80]);
    const [, listener] = resource(template, 'AWS::ElasticLoadBalancingV2::Listener');
    expect(target(listener.Properties.LoadBalancerArn)).toBe(web.loadBalancerId);
    expect([listener.Properties.Protocol, listener.Properties.Port]).toEqual(['HTTP', 80]);
    // The listener forwards to the target group the service registers its tasks in, on the container port.
    const forwardedTo = target(listener.Properties.DefaultActions[0].TargetGroupArn);
    const [registration] = web.service.Properties.LoadBalancers;
    expect(target(registration.TargetGroupArn)).toBe(forwardedTo);
    const targetGroup = template.Resources[forwardedTo!].Properties;
    const container = web.taskDefinition.Properties.ContainerDefinitions[0];
    expect([targetGroup.Port, registration.ContainerPort, container.PortMappings[0].ContainerPort]).toEqual([
      8080, 8080, 8080,
    ]);
    // Security groups: CloudFront's origin-facing prefix list into the ALB on 80, the ALB into the tasks on 8080.
    const fromCloudFront = resources(template, 'AWS::EC2::SecurityGroupIngress').some(
      ([, r]) =>
        target(r.Properties.GroupId) === web.loadBalancerGroup &&
        r.Properties.SourcePrefixListId === 'pl-3b927c52' &&
        r.Properties.FromPort === 80,
    );
    expect(fromCloudFront).toBe(true);
    expect(admits(template, web.serviceGroup, web.loadBalancerGroup, 8080)).toBe(true);
  });

  test('task → database: IAM tokens as the app user on the writer, its port admitted, no password injected', () => {
    const web = webTier(template);
    const [clusterId, cluster] = resource(template, 'AWS::RDS::DBCluster');
    const databaseGroup = target(cluster.Properties.VpcSecurityGroupIds[0])!;
    expect(cluster.Properties.EnableIAMDatabaseAuthentication).toBe(true);
    expect(admits(template, databaseGroup, web.serviceGroup, cluster.Properties.Port)).toBe(true);
    const taskRole = target(web.taskDefinition.Properties.TaskRoleArn)!;
    expect(allows(template, taskRole, 'rds-db:connect', clusterId, 'DBClusterResourceId', '/app')).toBe(true);
    const { environment, secrets } = containerSettings(web.taskDefinition);
    expect(target(environment.DATABASE_HOST)).toBe(clusterId);
    expect(environment).toMatchObject({
      DATABASE_USER: 'app',
      DATABASE_IAM_AUTH: 'true',
      DATABASE_POOL_MIN: '0',
    });
    expect(Object.keys(secrets).filter((name) => name.startsWith('DATABASE_'))).toEqual([]);
  });

  test('deploy order: the app user is created after the writer; services after the capacity providers', () => {
    const [userId, user] = resource(template, 'Custom::AWS', 'DatabaseDatabaseUser');
    const [writerId] = resource(template, 'AWS::RDS::DBInstance', 'DatabaseClusterWriter');
    expect(user.DependsOn).toContain(writerId);
    expect(userId).toBeDefined();
    const [associationsId] = resource(template, 'AWS::ECS::ClusterCapacityProviderAssociations');
    for (const [, service] of resources(template, 'AWS::ECS::Service')) {
      expect(service.DependsOn).toContain(associationsId);
    }
  });

  test('task → cache: TLS port range admitted, the AUTH token by the complete ARN of a secret in the stack', () => {
    const web = webTier(template);
    const [, cache] = resource(template, 'AWS::ElastiCache::ServerlessCache');
    const cacheGroup = target(cache.Properties.SecurityGroupIds[0])!;
    expect(admits(template, cacheGroup, web.serviceGroup, 6379)).toBe(true);
    expect(admits(template, cacheGroup, web.serviceGroup, 6380)).toBe(true);
    const { environment, secrets } = containerSettings(web.taskDefinition);
    expect(environment.CACHE_TLS).toBe('true');
    // A Ref of a secret in the same template is its complete ARN (with the 6-character suffix).
    expect(template.Resources[target(secrets.CACHE_AUTH_TOKEN)!].Type).toBe('AWS::SecretsManager::Secret');
  });

  test('task → queue → worker: the web tier may send, the worker may receive and delete, the URL in both', () => {
    const [queueId] = resource(template, 'AWS::SQS::Queue', 'WorkerQueue');
    const web = webTier(template);
    const [, worker] = resource(template, 'AWS::ECS::Service', 'WorkerService');
    const workerTask = template.Resources[target(worker.Properties.TaskDefinition)!];
    expect(
      allows(template, target(web.taskDefinition.Properties.TaskRoleArn)!, 'sqs:SendMessage', queueId),
    ).toBe(true);
    const workerRole = target(workerTask.Properties.TaskRoleArn)!;
    expect(allows(template, workerRole, 'sqs:ReceiveMessage', queueId)).toBe(true);
    expect(allows(template, workerRole, 'sqs:DeleteMessage', queueId)).toBe(true);
    expect(target(containerSettings(web.taskDefinition).environment.QUEUE_URL)).toBe(queueId);
    expect(target(containerSettings(workerTask).environment.QUEUE_URL)).toBe(queueId);
    // The worker runs until it is stopped, and starts at zero tasks.
    expect(workerTask.Properties.ContainerDefinitions[0].Command).toBeDefined();
    expect(worker.Properties.DesiredCount).toBe(0);
  });
});

describe('budget-startup: each broken twin fails the walk', () => {
  test.each<[string, (t: Json) => void, string]>([
    [
      'CloudFront https-only to a listener that speaks HTTP',
      (t) => {
        const [, vpcOrigin] = resource(t, 'AWS::CloudFront::VpcOrigin');
        vpcOrigin.Properties.VpcOriginEndpointConfig.OriginProtocolPolicy = 'https-only';
      },
      'Wiring-OriginListener',
    ],
    [
      'a target group on another port than the container',
      (t) => {
        const [, group] = resource(t, 'AWS::ElasticLoadBalancingV2::TargetGroup');
        group.Properties.Port = 9090;
      },
      'Wiring-TargetPort',
    ],
    [
      'the load balancer no longer admitted into the tasks',
      (t) => {
        const web = webTier(t);
        for (const [id, r] of resources(t, 'AWS::EC2::SecurityGroupIngress')) {
          if (target(r.Properties.GroupId) === web.serviceGroup) delete t.Resources[id];
        }
      },
      'Wiring-TargetPort',
    ],
    [
      'the database admitting no one',
      (t) => {
        const [, cluster] = resource(t, 'AWS::RDS::DBCluster');
        const group = target(cluster.Properties.VpcSecurityGroupIds[0]);
        for (const [id, r] of resources(t, 'AWS::EC2::SecurityGroupIngress')) {
          if (target(r.Properties.GroupId) === group) delete t.Resources[id];
        }
      },
      'Wiring-UnreachableStore',
    ],
    [
      'the cache AUTH token by a partial ARN (no 6-character suffix)',
      (t) => {
        const web = webTier(t);
        const secret = web.taskDefinition.Properties.ContainerDefinitions[0].Secrets.find(
          (s: Json) => s.Name === 'CACHE_AUTH_TOKEN',
        );
        secret.ValueFrom = `arn:${'aws'}:secretsmanager:us-east-1:123456789012:secret:cache-auth`;
      },
      'Wiring-SecretArn',
    ],
    [
      'a Spot service created before the capacity providers',
      (t) => {
        const [, service] = resource(t, 'AWS::ECS::Service', 'WebService');
        const [associationsId] = resource(t, 'AWS::ECS::ClusterCapacityProviderAssociations');
        service.DependsOn = (service.DependsOn as string[]).filter((id) => id !== associationsId);
      },
      'Wiring-CapacityProviderOrder',
    ],
    [
      'the placeholder worker without its command (busybox exits at once)',
      (t) => {
        const [, worker] = resource(t, 'AWS::ECS::Service', 'WorkerService');
        delete t.Resources[target(worker.Properties.TaskDefinition)!].Properties.ContainerDefinitions[0]
          .Command;
      },
      'Wiring-ExitingContainer',
    ],
  ])('%s', (_name, change, rule) => {
    expect(wiringRules(broken(templates, ([t]) => change(t)))).toContain(rule);
  });

  test('the IAM walk fails without the rds-db:connect grant', () => {
    const [copy] = broken(templates, ([t]) => {
      for (const [, policy] of resources(t, 'AWS::IAM::Policy')) {
        policy.Properties.PolicyDocument.Statement = (
          policy.Properties.PolicyDocument.Statement as Json[]
        ).filter((s) => s.Action !== 'rds-db:connect');
      }
    });
    const t = copy.template as Json;
    const web = webTier(t);
    const [clusterId] = resource(t, 'AWS::RDS::DBCluster');
    expect(allows(t, target(web.taskDefinition.Properties.TaskRoleArn)!, 'rds-db:connect', clusterId)).toBe(
      false,
    );
  });
});

describe('budget-startup without NAT (network.natGateways 0): every AWS service through an endpoint', () => {
  const isolated = synthesize({ network: { natGateways: 0 } });
  const t = isolated[0].template as Json;

  test('the wiring gate finds nothing: ECR (through a pull-through cache), Logs, Secrets Manager and SQS endpoints', () => {
    expect(wiringFindings(isolated)).toEqual([]);
    const services = resources(t, 'AWS::EC2::VPCEndpoint').map(([, e]) =>
      JSON.stringify(e.Properties.ServiceName),
    );
    for (const service of ['ecr.api', 'ecr.dkr', 'logs', 'secretsmanager', 'sqs', 's3']) {
      expect(services.some((s) => s.includes(service))).toBe(true);
    }
    const web = webTier(t);
    expect(JSON.stringify(web.taskDefinition.Properties.ContainerDefinitions[0].Image)).toContain(
      'ecr-public/',
    );
    resource(t, 'AWS::ECR::PullThroughCacheRule');
  });

  test.each<[string, (copy: Json) => void]>([
    [
      'without the CloudWatch Logs endpoint',
      (copy) => {
        for (const [id, e] of resources(copy, 'AWS::EC2::VPCEndpoint')) {
          if (JSON.stringify(e.Properties.ServiceName).includes('.logs')) delete copy.Resources[id];
        }
      },
    ],
    [
      'with an image from Docker Hub',
      (copy) => {
        const web = webTier(copy);
        web.taskDefinition.Properties.ContainerDefinitions[0].Image =
          'nginxinc/nginx-unprivileged:stable-alpine';
      },
    ],
  ])('broken: %s', (_name, change) => {
    expect(wiringRules(broken(isolated, ([copy]) => change(copy)))).toContain('Wiring-EgressPath');
  });
});
