import { ArnFormat } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { summarize, taskDefinition, vpcWithNat, wiringApp, wiringStack } from '../support';
import { ComplianceGates } from '../../../../lib';

describe('Wiring-SecretArn', () => {
  test('one app: a partial ARN fails, the complete ARN and a secret of the app pass', () => {
    const app = wiringApp();
    const stack = wiringStack(app, 'Secrets');
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc: vpcWithNat(stack) });
    const run = (id: string, secret: secretsmanager.ISecret) =>
      new ecs.FargateService(stack, id, {
        cluster,
        taskDefinition: taskDefinition(stack, `${id}Task`, {
          secrets: { PASSWORD: ecs.Secret.fromSecretsManager(secret, 'password') },
        }),
      });
    // Fails: fromSecretNameV2 gives a partial ARN (no 6-character suffix): ECS cannot resolve it.
    run('ByName', secretsmanager.Secret.fromSecretNameV2(stack, 'ByNameSecret', 'app/database'));
    // Passes: the complete ARN, suffix included.
    run(
      'ByCompleteArn',
      secretsmanager.Secret.fromSecretCompleteArn(
        stack,
        'CompleteSecret',
        stack.formatArn({
          service: 'secretsmanager',
          resource: 'secret',
          resourceName: 'app/database-AbCdEf',
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      ),
    );
    // Passes: a secret of the app (its Ref is the complete ARN).
    run('Owned', new secretsmanager.Secret(stack, 'OwnedSecret'));

    expect(() => app.synth()).toThrow(/Wiring-SecretArn/);
    const { findings } = ComplianceGates.synthesizeWithFindings(app);
    expect(summarize(findings)).toEqual(['Wiring-SecretArn Secrets/ByNameTask/Resource']);
    expect(findings[0].description).toMatch(/App\/PASSWORD \(secret app\/database\)/);
  });
});
