import { EcsIndex, secretSource, ServiceInfo } from '../ecs';
import { renderText } from '../intrinsics';
import { NetworkIndex, VpcEndpointInfo } from '../network';
import { CfnResource, field } from '../template-model';
import { WiringContext, WiringFinding, WiringRule } from '../wiring-context';
import { listOf, pathOf } from './describe';

export const EGRESS_PATH = 'Wiring-EgressPath';

/**
 * ECS tasks in subnets without a route to the internet (no NAT gateway; an internet gateway only
 * helps a task with a public IP) reach every AWS service they use through a VPC endpoint, and pull
 * no image from a public registry.
 *
 * Needed endpoints (https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html,
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/vpc-endpoints.html): `ecr.api`,
 * `ecr.dkr` and the `s3` gateway for an ECR image; `logs` for the `awslogs` driver;
 * `secretsmanager` and `ssm` for the secrets the task is given; `sqs` when the task role may call
 * SQS. Docker Hub, `public.ecr.aws` and other public registries have no VPC endpoint: their images
 * need internet access (or an ECR pull-through cache).
 */
export const egressPath: WiringRule = {
  id: EGRESS_PATH,
  summary:
    'tasks without a route to the internet have a VPC endpoint for every AWS service they use and pull no public image',
  check(context) {
    const network = NetworkIndex.of(context);
    const findings: WiringFinding[] = [];
    for (const service of EcsIndex.of(context).services) {
      const isolated = service.subnets.filter(
        (s) => network.subnetEgress(s, service.assignPublicIp) === 'none',
      );
      if (isolated.length === 0) continue;
      const vpcs = new Set(
        isolated
          .map((s) => (s.kind === 'ref' ? network.vpcOfSubnet(s.resource) : undefined))
          .filter((v): v is string => v !== undefined),
      );
      if (vpcs.size !== 1) continue;
      const endpoints = network.endpointsIn([...vpcs][0]);
      const problems = missingEndpoints(context, service, endpoints);
      if (problems.length === 0) continue;
      findings.push({
        resource: service.resource,
        locations: ['Properties/NetworkConfiguration'],
        message:
          `ECS service ${pathOf(service.resource)} runs tasks in subnets with no route to a NAT gateway or (with a public ` +
          `IP) an internet gateway, but ${problems.join('; ')}. Its tasks fail to start or cannot reach the service. ` +
          'Fix: add the VPC endpoints (or a NAT gateway), and copy public images to ECR (or use an ECR pull-through cache).',
      });
    }
    return findings;
  },
};

function missingEndpoints(
  context: WiringContext,
  service: ServiceInfo,
  endpoints: readonly VpcEndpointInfo[],
): string[] {
  const taskDefinition = service.taskDefinition;
  if (!taskDefinition) return [];
  const has = (suffix: string): boolean =>
    endpoints.some((e) => e.serviceName.toLowerCase().endsWith(`.${suffix}`));
  const needed = new Map<string, string>(); // endpoint -> why
  const publicImages: string[] = [];
  for (const container of taskDefinition.containers) {
    const image = renderText(container.image);
    if (image !== undefined && !image.startsWith('«')) {
      if (/\.dkr\.ecr\./.test(image)) {
        for (const name of ['ecr.api', 'ecr.dkr', 's3']) needed.set(name, 'ECR images');
      } else {
        publicImages.push(image);
      }
    }
    if (container.logDriver === 'awslogs') needed.set('logs', 'the awslogs log driver');
    for (const secret of container.secrets) {
      const source = secretSource(secret.valueFrom);
      if (source === 'secretsmanager') needed.set('secretsmanager', 'secrets from Secrets Manager');
      if (source === 'ssm') needed.set('ssm', 'parameters from SSM Parameter Store');
    }
  }
  if (taskDefinition.taskRole && grantsSqs(context, taskDefinition.taskRole))
    needed.set('sqs', 'the SQS calls its task role allows');
  const problems: string[] = [];
  const missing = [...needed.entries()].filter(([name]) => !has(name));
  if (missing.length > 0) {
    problems.push(`the VPC has no endpoint for ${listOf(missing.map(([name, why]) => `${name} (${why})`))}`);
  }
  if (publicImages.length > 0) problems.push(`it pulls ${listOf(publicImages)} from a public registry`);
  return problems;
}

/** Whether a role's policies in the app allow any `sqs:` action. */
function grantsSqs(context: WiringContext, role: CfnResource): boolean {
  const { model, resolver } = context;
  const documents: Array<{ document: unknown; owner: CfnResource }> = [];
  for (const inline of resolver.objects(role.properties.Policies, role.template)) {
    documents.push({ document: inline.value.PolicyDocument, owner: role });
  }
  for (const policy of model.ofType('AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy')) {
    const roles = resolver.items(policy.properties.Roles, policy.template) ?? [];
    if (roles.some((r) => r.kind === 'ref' && r.resource.uid === role.uid))
      documents.push({ document: policy.properties.PolicyDocument, owner: policy });
  }
  return documents.some(({ document, owner }) =>
    resolver.objects(field(document, 'Statement'), owner.template).some((statement) => {
      const effect = resolver.string(statement.value.Effect, statement.template);
      if (effect !== 'Allow') return false;
      const actions = resolver.items(statement.value.Action, statement.template) ?? [
        resolver.resolve(statement.value.Action, statement.template),
      ];
      return actions.some(
        (a) => a.kind === 'literal' && typeof a.value === 'string' && /^(sqs:|\*$)/i.test(a.value),
      );
    }),
  );
}
