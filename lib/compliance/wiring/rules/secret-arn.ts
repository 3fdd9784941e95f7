import { EcsIndex } from '../ecs';
import { refsOfText, renderText } from '../intrinsics';
import { WiringFinding, WiringRule } from '../wiring-context';
import { listOf, pathOf } from './describe';

export const SECRET_ARN = 'Wiring-SecretArn';

/**
 * An ECS container secret from Secrets Manager names the secret by its complete ARN, with the
 * 6-character suffix Secrets Manager appends to the name, or by a reference to a secret of the app
 * (`Ref` of an `AWS::SecretsManager::Secret` returns the complete ARN).
 *
 * ECS resolves `valueFrom` when a task starts; with a partial ARN (the name without its suffix, as
 * `Secret.fromSecretNameV2` or `fromSecretAttributes({ secretPartialArn })` produce) the task fails
 * to start with AccessDenied / ResourceNotFound, because the execution role's policy and the lookup
 * need the full ARN. See aws-cdk issues #18555 and #20744
 * (https://github.com/aws/aws-cdk/issues/18555, https://github.com/aws/aws-cdk/issues/20744) and
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html.
 */
export const secretArn: WiringRule = {
  id: SECRET_ARN,
  summary: 'container secrets from Secrets Manager use the complete ARN or a secret of the app',
  check(context) {
    const findings: WiringFinding[] = [];
    for (const taskDefinition of EcsIndex.of(context).taskDefinitions) {
      const partial: string[] = [];
      for (const container of taskDefinition.containers) {
        for (const secret of container.secrets) {
          // A reference to a secret (or its attachment) of the app: CloudFormation fills in the full ARN.
          if (
            refsOfText(secret.valueFrom).some((ref) => ref.resource.type.startsWith('AWS::SecretsManager::'))
          )
            continue;
          const text = renderText(secret.valueFrom);
          if (text === undefined) continue;
          const match = /^arn:[^:]+:secretsmanager:[^:]*:[^:]*:secret:([^:]*)/.exec(text);
          if (!match) continue;
          const name = match[1];
          // The name is known only when it holds no deploy-time piece.
          if (name.includes('«')) continue;
          if (!/-[A-Za-z0-9]{6}$/.test(name))
            partial.push(`${container.name ?? '?'}/${secret.name ?? '?'} (secret ${name})`);
        }
      }
      if (partial.length > 0) {
        findings.push({
          resource: taskDefinition.resource,
          locations: ['Properties/ContainerDefinitions'],
          message:
            `Task definition ${pathOf(taskDefinition.resource)} takes ${listOf(partial)} from Secrets Manager by a partial ` +
            'ARN (the name without the 6-character suffix Secrets Manager appends), which ECS cannot resolve: tasks ' +
            'fail to start. Fix: pass the complete ARN (`Secret.fromSecretCompleteArn`), or a secret defined in the app.',
        });
      }
    }
    return findings;
  },
};
