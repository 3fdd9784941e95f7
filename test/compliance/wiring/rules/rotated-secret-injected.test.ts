import { Duration } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { findingsOf, taskDefinition, vpcWithNat, wiringApp, wiringStack } from '../support';

describe('Wiring-RotatedSecretInjected', () => {
  test('one app: single-user rotation of an injected secret fails; multi-user rotation and a refresh on rotation pass', () => {
    const app = wiringApp();
    const stack = wiringStack(app, 'Rotation');
    const vpc = vpcWithNat(stack);
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
    const inject = (id: string, secret: secretsmanager.ISecret) =>
      new ecs.FargateService(stack, id, {
        cluster,
        taskDefinition: taskDefinition(stack, `${id}Task`, {
          secrets: { PASSWORD: ecs.Secret.fromSecretsManager(secret, 'password') },
        }),
      });

    // Fails: rotated (single user) every 30 days, read by the tasks only when they start.
    const single = new secretsmanager.Secret(stack, 'SingleUser');
    single.addRotationSchedule('Rotation', {
      hostedRotation: secretsmanager.HostedRotation.postgreSqlSingleUser({ vpc }),
      automaticallyAfter: Duration.days(30),
    });
    inject('Single', single);

    // Passes: multi-user rotation keeps the previous user's password valid for one more period.
    const master = new secretsmanager.Secret(stack, 'Master');
    const multi = new secretsmanager.Secret(stack, 'MultiUser');
    multi.addRotationSchedule('Rotation', {
      hostedRotation: secretsmanager.HostedRotation.postgreSqlMultiUser({ vpc, masterSecret: master }),
    });
    inject('Multi', multi);

    // Passes: an EventBridge rule on the secret's RotationSucceeded event refreshes the tasks.
    const refreshed = new secretsmanager.Secret(stack, 'Refreshed');
    refreshed.addRotationSchedule('Rotation', {
      hostedRotation: secretsmanager.HostedRotation.postgreSqlSingleUser({ vpc }),
    });
    inject('RefreshedService', refreshed);
    new events.Rule(stack, 'OnRotation', {
      eventPattern: {
        source: ['aws.secretsmanager'],
        detailType: ['AWS Service Event via CloudTrail'],
        detail: {
          eventName: ['RotationSucceeded'],
          additionalEventData: { SecretId: [refreshed.secretArn] },
        },
      },
      targets: [new eventTargets.SqsQueue(new sqs.Queue(stack, 'Restarts'))],
    });

    expect(findingsOf(app)).toEqual(['Wiring-RotatedSecretInjected Rotation/SingleTask/Resource']);
  });

  test('one app: RDS single-user rotation (a Serverless Application Repository app) fails, multi-user passes', () => {
    const app = wiringApp();
    const stack = wiringStack(app, 'Rds');
    const vpc = vpcWithNat(stack);
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
    const database = (id: string) =>
      new rds.DatabaseInstance(stack, id, {
        engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 }),
        vpc,
        vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      });
    const inject = (id: string, secret: secretsmanager.ISecret, db: rds.DatabaseInstance) => {
      const service = new ecs.FargateService(stack, id, {
        cluster,
        taskDefinition: taskDefinition(stack, `${id}Task`, {
          secrets: { PASSWORD: ecs.Secret.fromSecretsManager(secret, 'password') },
        }),
      });
      db.connections.allowDefaultPortFrom(service);
    };
    const single = database('Single');
    single.addRotationSingleUser();
    inject('SingleService', single.secret!, single);

    const multi = database('Multi');
    const appUser = new rds.DatabaseSecret(stack, 'AppUser', { username: 'app', masterSecret: multi.secret });
    const attached = appUser.attach(multi);
    multi.addRotationMultiUser('AppUserRotation', { secret: attached });
    inject('MultiService', attached, multi);

    expect(findingsOf(app)).toEqual(['Wiring-RotatedSecretInjected Rds/SingleServiceTask/Resource']);
  });
});
