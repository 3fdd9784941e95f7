import { EcsIndex } from '../ecs';
import { refsOfText } from '../intrinsics';
import { CfnResource, field } from '../template-model';
import { WiringContext, WiringFinding, WiringRule } from '../wiring-context';
import { listOf, pathOf } from './describe';

export const ROTATED_SECRET_INJECTED = 'Wiring-RotatedSecretInjected';

/**
 * A secret with a rotation schedule is not injected into containers (`Secrets`) unless something
 * refreshes the tasks after a rotation.
 *
 * ECS reads an injected secret once, when the task starts
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html:
 * "your application would need to ... restart ... to get the latest value"); after a single-user
 * rotation the running tasks hold a password the database no longer accepts. What counts as a
 * refresh, conservatively:
 * - the rotation is multi-user (`HostedRotationLambda.RotationType` or the rotation application's
 *   id ends with `MultiUser`): the previous user's password stays valid for one more period;
 * - an `AWS::Events::Rule` whose `EventPattern` mentions `RotationSucceeded` and the secret (its
 *   reference or its name) and has a target, e.g. a function that forces a new deployment.
 * Fetching the secret at connect time or IAM database authentication avoid injecting it at all,
 * and then this rule has nothing to check.
 */
export const rotatedSecretInjected: WiringRule = {
  id: ROTATED_SECRET_INJECTED,
  summary: 'a rotated secret is not injected at task start unless tasks are refreshed after rotation',
  check(context) {
    const rotated = new Map<string, CfnResource>(); // secret uid -> rotation schedule
    const secrets: CfnResource[] = [];
    for (const schedule of context.model.ofType('AWS::SecretsManager::RotationSchedule')) {
      if (isMultiUser(context, schedule)) continue;
      const secret = secretOf(context, schedule.properties.SecretId, schedule);
      if (!secret) continue;
      rotated.set(secret.uid, schedule);
      secrets.push(secret);
    }
    if (rotated.size === 0) return [];
    const refreshed = refreshedSecrets(context, secrets);
    const findings: WiringFinding[] = [];
    for (const taskDefinition of EcsIndex.of(context).taskDefinitions) {
      const injected: string[] = [];
      const schedules = new Set<CfnResource>();
      for (const container of taskDefinition.containers) {
        for (const secret of container.secrets) {
          for (const ref of refsOfText(secret.valueFrom)) {
            const target = secretOf(context, undefined, ref.resource);
            const schedule = target ? rotated.get(target.uid) : undefined;
            if (!target || !schedule || refreshed.has(target.uid)) continue;
            injected.push(`${container.name ?? '?'}/${secret.name ?? '?'}`);
            schedules.add(schedule);
          }
        }
      }
      if (injected.length > 0) {
        findings.push({
          resource: taskDefinition.resource,
          locations: ['Properties/ContainerDefinitions'],
          message:
            `Task definition ${pathOf(taskDefinition.resource)} injects ${listOf([...new Set(injected)])} from a secret that ` +
            `${listOf([...schedules].map(pathOf))} rotates (single-user), and nothing refreshes the tasks after a ` +
            'rotation: ECS reads the value only at task start, so running tasks keep the old password and fail to ' +
            'connect after the next rotation. Fix: fetch the secret at connect time (or use IAM authentication), use ' +
            "multi-user rotation, or restart the service on the secret's RotationSucceeded event.",
        });
      }
    }
    return findings;
  },
};

/** The secret a `SecretId` value (or a resource) stands for: a secret, or the secret of an attachment. */
function secretOf(
  context: WiringContext,
  value: unknown,
  resource: CfnResource | undefined,
): CfnResource | undefined {
  const target =
    value !== undefined && resource
      ? context.resolver.resourceRef(value, resource.template)?.resource
      : resource;
  if (!target) return undefined;
  if (target.type === 'AWS::SecretsManager::Secret') return target;
  if (target.type === 'AWS::SecretsManager::SecretTargetAttachment') {
    return context.resolver.resourceRef(
      target.properties.SecretId,
      target.template,
      'AWS::SecretsManager::Secret',
    )?.resource;
  }
  return undefined;
}

/** Whether a schedule rotates with alternating users. */
function isMultiUser(context: WiringContext, schedule: CfnResource): boolean {
  const { resolver } = context;
  const hosted = resolver.string(
    field(schedule.properties.HostedRotationLambda, 'RotationType'),
    schedule.template,
  );
  if (hosted !== undefined) return hosted.endsWith('MultiUser');
  // CDK's SecretRotation deploys a Serverless Application Repository app named after the rotation kind
  // (SecretsManagerRDSPostgreSQLRotationMultiUser...); its id sits in a partition mapping.
  const lambda = resolver.resourceRef(schedule.properties.RotationLambdaARN, schedule.template);
  if (lambda?.resource.type === 'AWS::Serverless::Application') {
    const location = JSON.stringify(lambda.resource.properties.Location ?? {});
    const mapping = /"Fn::FindInMap":\["([^"]+)"/.exec(location);
    const text = mapping ? JSON.stringify(lambda.resource.template.mappings[mapping[1]] ?? {}) : location;
    return /RotationMultiUser/.test(text);
  }
  return false;
}

/** The rotated secrets an EventBridge rule on `RotationSucceeded` refreshes. */
function refreshedSecrets(context: WiringContext, secrets: readonly CfnResource[]): Set<string> {
  const { model, resolver } = context;
  const out = new Set<string>();
  for (const rule of model.ofType('AWS::Events::Rule')) {
    const targets = resolver.items(rule.properties.Targets, rule.template) ?? [];
    if (targets.length === 0) continue;
    const pattern = rule.properties.EventPattern;
    const raw = typeof pattern === 'string' ? pattern : JSON.stringify(pattern ?? {});
    if (!raw.includes('RotationSucceeded')) continue;
    const mentioned = new Set(
      resolver.refsIn(pattern, rule.template).map((ref) => secretOf(context, undefined, ref.resource)?.uid),
    );
    for (const secret of secrets) {
      const name = resolver.string(secret.properties.Name, secret.template);
      if (mentioned.has(secret.uid) || (name !== undefined && raw.includes(name))) out.add(secret.uid);
    }
  }
  return out;
}
