import { AppModel } from '../../../lib/compliance/wiring/template-model';

function model(): AppModel {
  return AppModel.fromTemplates([
    {
      stackName: 'Producer',
      template: {
        Resources: {
          Alb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: {} },
          Secret: {
            Type: 'AWS::SecretsManager::Secret',
            Metadata: { 'aws:cdk:path': 'Producer/Secret/Resource' },
          },
        },
      },
    },
    {
      stackName: 'Consumer',
      template: { Resources: { Queue: { Type: 'AWS::SQS::Queue', DependsOn: 'Other' } } },
    },
  ]);
}

describe('AppModel', () => {
  test('indexes resources by type across templates and finds stacks by name', () => {
    const app = model();
    expect(app.ofType('AWS::SecretsManager::Secret').map((r) => r.uid)).toEqual(['0/Secret']);
    expect(
      app.ofType('AWS::SQS::Queue', 'AWS::ElasticLoadBalancingV2::LoadBalancer').map((r) => r.logicalId),
    ).toEqual(['Queue', 'Alb']);
    expect(app.stack('Consumer')?.index).toBe(1);
  });

  test('construct paths come from aws:cdk:path metadata, else stack name and logical id', () => {
    const app = model();
    expect(app.ofType('AWS::SecretsManager::Secret')[0].constructPath).toBe('Producer/Secret/Resource');
    expect(app.ofType('AWS::SQS::Queue')[0].constructPath).toBe('Consumer/Queue');
  });

  test('DependsOn is read as a list', () => {
    expect(model().ofType('AWS::SQS::Queue')[0].dependsOn).toEqual(['Other']);
  });

  test('memo builds an index once per model', () => {
    const app = model();
    let builds = 0;
    const build = () => ++builds;
    expect([app.memo('k', build), app.memo('k', build)]).toEqual([1, 1]);
  });

  test('a template that is not a template yields no resources, not an error', () => {
    const app = AppModel.fromTemplates([
      { template: 'nonsense' },
      { template: { Resources: { Bad: 1, NoType: {} } } },
    ]);
    expect(app.templates.map((t) => t.resources.size)).toEqual([0, 0]);
  });
});
