import { refsOfText, renderText, Resolved, Resolver } from '../../../lib/compliance/wiring/intrinsics';
import { AppModel, StackTemplate } from '../../../lib/compliance/wiring/template-model';

/** A model of two in-memory templates: `Producer` exports, `Consumer` imports. */
function model(): AppModel {
  return AppModel.fromTemplates([
    {
      stackName: 'Producer',
      region: 'eu-west-1',
      account: '123456789012',
      template: {
        Parameters: { ImageTag: { Type: 'String', Default: 'latest' } },
        Mappings: { Ports: { 'eu-west-1': { web: 8080 } } },
        Resources: {
          Alb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: {} },
          Secret: {
            Type: 'AWS::SecretsManager::Secret',
            Metadata: { 'aws:cdk:path': 'Producer/Secret/Resource' },
          },
        },
        Outputs: {
          AlbDns: { Value: { 'Fn::GetAtt': ['Alb', 'DNSName'] }, Export: { Name: 'Producer:AlbDns' } },
          SecretArn: { Value: { Ref: 'Secret' } },
          Loop: { Value: { 'Fn::ImportValue': 'Loop' }, Export: { Name: 'Loop' } },
        },
      },
    },
    { stackName: 'Consumer', template: { Resources: { Queue: { Type: 'AWS::SQS::Queue' } } } },
  ]);
}

describe('Resolver', () => {
  const app = model();
  const resolver = new Resolver(app);
  const [producer, consumer] = app.templates as [StackTemplate, StackTemplate];
  const resolve = (value: unknown, template = producer): Resolved => resolver.resolve(value, template);
  const refOf = (value: Resolved): string =>
    value.kind === 'ref'
      ? `${value.resource.logicalId}${value.attribute ? `.${value.attribute}` : ''}`
      : value.kind;

  test('literals stay literals, lists of literals become literal lists', () => {
    expect(resolve('x')).toEqual({ kind: 'literal', value: 'x' });
    expect(resolve(['a', 1])).toEqual({ kind: 'literal', value: ['a', 1] });
  });

  test('Ref and Fn::GetAtt (both forms) give the resource and attribute', () => {
    expect(refOf(resolve({ Ref: 'Alb' }))).toBe('Alb');
    expect(refOf(resolve({ 'Fn::GetAtt': ['Alb', 'DNSName'] }))).toBe('Alb.DNSName');
    expect(refOf(resolve({ 'Fn::GetAtt': 'Alb.DNSName' }))).toBe('Alb.DNSName');
    expect(resolve({ Ref: 'Missing' }).kind).toBe('unknown');
  });

  test('pseudo parameters: region, account and stack name from the manifest; the partition stays unknown', () => {
    expect(resolve({ Ref: 'AWS::Region' })).toEqual({ kind: 'literal', value: 'eu-west-1' });
    expect(resolve({ Ref: 'AWS::AccountId' })).toEqual({ kind: 'literal', value: '123456789012' });
    expect(resolve({ Ref: 'AWS::StackName' })).toEqual({ kind: 'literal', value: 'Producer' });
    expect(resolve({ Ref: 'AWS::Partition' })).toEqual({ kind: 'unknown', reason: 'AWS::Partition' });
    expect(resolver.resolve({ Ref: 'AWS::Region' }, consumer).kind).toBe('unknown');
  });

  test('template parameters are deploy-time values, whatever their default', () => {
    expect(resolve({ Ref: 'ImageTag' })).toEqual({ kind: 'unknown', reason: 'parameter ImageTag' });
  });

  test('Fn::Join of known strings is a string; with references it is text', () => {
    expect(resolve({ 'Fn::Join': ['-', ['a', 'b']] })).toEqual({ kind: 'literal', value: 'a-b' });
    const text = resolve({ 'Fn::Join': ['', ['dualstack.', { 'Fn::GetAtt': ['Alb', 'DNSName'] }]] });
    expect(text.kind).toBe('text');
    expect(renderText(text)).toBe('dualstack.«Alb.DNSName»');
    expect(refsOfText(text).map(refOf)).toEqual(['Alb.DNSName']);
  });

  test('a Join of a single reference is the reference itself', () => {
    expect(refOf(resolve({ 'Fn::Join': ['', [{ Ref: 'Secret' }]] }))).toBe('Secret');
  });

  test('Fn::Select and Fn::Split of known strings; a split of a deploy-time value is unknown', () => {
    expect(resolve({ 'Fn::Select': [1, { 'Fn::Split': [':', 'a:b:c'] }] })).toEqual({
      kind: 'literal',
      value: 'b',
    });
    expect(refOf(resolve({ 'Fn::Select': [0, [{ Ref: 'Alb' }, 'x']] }))).toBe('Alb');
    expect(resolve({ 'Fn::Split': [':', { Ref: 'Secret' }] }).kind).toBe('unknown');
    expect(resolve({ 'Fn::Select': [5, ['a']] }).kind).toBe('unknown');
  });

  test('Fn::Sub: variables, pseudo parameters, resource attributes and escapes', () => {
    const sub = resolve({
      'Fn::Sub': [
        '${AWS::AccountId}.dkr.ecr.${AWS::Region}.${AWS::URLSuffix}/${Repo}:${!tag} ${Alb.DNSName}',
        { Repo: 'app' },
      ],
    });
    expect(renderText(sub)).toBe('123456789012.dkr.ecr.eu-west-1.«?»/app:${tag} «Alb.DNSName»');
  });

  test('Fn::FindInMap with known keys', () => {
    expect(resolve({ 'Fn::FindInMap': ['Ports', { Ref: 'AWS::Region' }, 'web'] })).toEqual({
      kind: 'literal',
      value: 8080,
    });
    expect(resolver.number({ 'Fn::FindInMap': ['Ports', 'eu-west-1', 'web'] }, producer)).toBe(8080);
  });

  test('Fn::ImportValue follows the export into the template that defines it', () => {
    const imported = resolver.resolve({ 'Fn::ImportValue': 'Producer:AlbDns' }, consumer);
    expect(refOf(imported)).toBe('Alb.DNSName');
    expect(imported.kind === 'ref' && imported.resource.template.stackName).toBe('Producer');
    expect(resolver.resolve({ 'Fn::ImportValue': 'Elsewhere:Thing' }, consumer)).toEqual({
      kind: 'unknown',
      reason: 'export Elsewhere:Thing (not in this app)',
    });
  });

  test('Fn::GetStackOutput (weak cross-stack references) follows the output by stack name', () => {
    const output = resolver.resolve(
      { 'Fn::GetStackOutput': { StackName: 'Producer', OutputName: 'SecretArn' } },
      consumer,
    );
    expect(refOf(output)).toBe('Secret');
  });

  test('a cycle of imports ends as unknown instead of looping', () => {
    expect(resolver.resolve({ 'Fn::ImportValue': 'Loop' }, consumer).kind).toBe('unknown');
  });

  test('functions it does not evaluate are unknown, never an exception', () => {
    for (const value of [
      { 'Fn::If': ['Cond', 'a', 'b'] },
      { 'Fn::GetAZs': '' },
      { 'Fn::Join': 'malformed' },
      { 'Fn::Select': ['x', 'y'] },
      { 'Fn::GetAtt': 42 },
      { Ref: 42 },
    ]) {
      expect(resolve(value).kind).toBe('unknown');
    }
  });

  test('refsIn finds references inside objects and lists', () => {
    const refs = resolver.refsIn(
      { A: [{ Ref: 'Alb' }], B: { C: { 'Fn::Join': ['', ['x', { Ref: 'Secret' }]] } } },
      producer,
    );
    expect(refs.map(refOf).sort()).toEqual(['Alb', 'Secret']);
  });

  test('plain objects are resolved field by field', () => {
    const objects = resolver.objects([{ Name: { Ref: 'AWS::Region' } }, 'not an object'], producer);
    expect(objects).toHaveLength(1);
    expect(resolver.string(objects[0].value.Name, objects[0].template)).toBe('eu-west-1');
  });
});
