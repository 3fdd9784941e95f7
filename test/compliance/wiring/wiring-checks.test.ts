import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import { ComplianceGates, WiringChecks, WiringRuleIds } from '../../../lib';
import { unreachableStore } from '../../../lib/compliance/wiring/rules/unreachable-store';
import { ENV, summarize, wiringApp, wiringStack } from './support';

/** A database whose security group admits no one: one Wiring-UnreachableStore finding. */
function closedDatabase(stack: Stack): rds.DatabaseInstance {
  return new rds.DatabaseInstance(stack, 'Database', {
    engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 }),
    vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 }),
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
  });
}

describe('WiringChecks', () => {
  test('rule ids and the acknowledgement id format are public contract', () => {
    expect(WiringRuleIds.all()).toEqual([
      'Wiring-OriginListener',
      'Wiring-OriginBypass',
      'Wiring-VpcOriginGateway',
      'Wiring-TargetPort',
      'Wiring-UnreachableStore',
      'Wiring-SecondaryWriterEndpoint',
      'Wiring-SecretArn',
      'Wiring-RotatedSecretInjected',
      'Wiring-CapacityProviderOrder',
      'Wiring-ExitingContainer',
      'Wiring-EgressPath',
      'Wiring-HealthCheckTarget',
      'Wiring-DuplicateSecurityGroupRule',
    ]);
    expect(new WiringChecks().name).toBe('WiringChecks');
    expect(WiringChecks.acknowledgementId(WiringRuleIds.UNREACHABLE_STORE)).toBe(
      'WiringChecks::Wiring-UnreachableStore',
    );
    expect(new WiringChecks().ruleIds).toEqual(WiringRuleIds.all());
  });

  test('an acknowledged finding is left out of the failures and listed as acknowledged, with its reason', () => {
    const app = wiringApp();
    const stack = wiringStack(app, 'Data');
    const database = closedDatabase(stack);
    Validations.of(database).acknowledge({
      id: WiringChecks.acknowledgementId(WiringRuleIds.UNREACHABLE_STORE),
      reason: 'clients outside this app are admitted by a security group managed elsewhere',
    });
    expect(() => app.synth()).not.toThrow();
    const report = ComplianceGates.synthesizeWithFindings(app);
    expect(report.findings).toEqual([]);
    expect(report.acknowledged).toEqual([
      expect.objectContaining({
        gate: 'WiringChecks',
        ruleId: 'Wiring-UnreachableStore',
        constructPath: 'Data/Database/Resource',
        acknowledgedReason: 'clients outside this app are admitted by a security group managed elsewhere',
      }),
    ]);
    const onDatabase = ComplianceGates.listAcknowledgements(app).filter(
      (a) => a.constructPath === 'Data/Database',
    );
    expect(onDatabase.map((a) => a.id)).toEqual(['WiringChecks::Wiring-UnreachableStore']);
  });

  test('the bare rule id does not acknowledge: CDK records it as an annotation id', () => {
    const app = wiringApp();
    const database = closedDatabase(wiringStack(app, 'Data'));
    Validations.of(database).acknowledge({ id: 'Wiring-UnreachableStore', reason: 'wrong id format' });
    expect(summarize(ComplianceGates.synthesizeWithFindings(app).findings)).toEqual([
      'Wiring-UnreachableStore Data/Database/Resource',
    ]);
    const onDatabase = ComplianceGates.listAcknowledgements(app).filter(
      (a) => a.constructPath === 'Data/Database',
    );
    expect(onDatabase.map((a) => a.id)).toEqual(['Annotation::Wiring-UnreachableStore']);
  });

  test('the synth error tells the user the id to acknowledge with', () => {
    const app = wiringApp();
    closedDatabase(wiringStack(app, 'Data'));
    expect(() => app.synth()).toThrow(/Acknowledge with 'WiringChecks::Wiring-UnreachableStore'/);
  });

  test('disabledRules turns a rule off for the app', () => {
    const app = new App({ builtinCloudFormationValidation: false });
    Validations.of(app).addPlugins(new WiringChecks({ disabledRules: [WiringRuleIds.UNREACHABLE_STORE] }));
    closedDatabase(new Stack(app, 'Data', { env: ENV }));
    expect(ComplianceGates.synthesizeWithFindings(app).findings).toEqual([]);
  });

  test('a rule that throws reports nothing and leaves a note; the synth does not fail', () => {
    const spy = jest.spyOn(unreachableStore, 'check').mockImplementation(() => {
      throw new Error('a template this rule does not understand');
    });
    try {
      const app = wiringApp();
      closedDatabase(wiringStack(app, 'Data'));
      const assembly = app.synth();
      const templates = assembly.stacks.map((s) => path.join(assembly.directory, s.templateFile));
      const report = new WiringChecks().validate({ templatePaths: templates, appConstruct: app });
      expect(report).toEqual({
        success: true,
        violations: [],
        metadata: { notes: 'Wiring-UnreachableStore skipped: a template this rule does not understand' },
      });
    } finally {
      spy.mockRestore();
    }
  });

  test('templates it cannot read are a note, not a failure', () => {
    const report = new WiringChecks().validate({
      templatePaths: [path.join(fs.mkdtempSync('/tmp/wiring-'), 'missing.template.json')],
      appConstruct: new App(),
    });
    expect(report.success).toBe(true);
    expect(report.metadata?.notes).toMatch(/templates not read/);
  });

  test('applyComplianceGates registers it by default; wiring: false leaves it out', () => {
    const withWiring = new App({ builtinCloudFormationValidation: false });
    ComplianceGates.apply(withWiring, { strict: false });
    closedDatabase(new Stack(withWiring, 'Data', { env: ENV }));
    const gates = ComplianceGates.synthesizeWithFindings(withWiring).findings.filter(
      (f) => f.gate === 'WiringChecks',
    );
    expect(summarize(gates)).toEqual(['Wiring-UnreachableStore Data/Database/Resource']);

    const without = new App({ builtinCloudFormationValidation: false });
    ComplianceGates.apply(without, { strict: false, wiring: false });
    closedDatabase(new Stack(without, 'Data', { env: ENV }));
    expect(
      ComplianceGates.synthesizeWithFindings(without).findings.filter((f) => f.gate === 'WiringChecks'),
    ).toEqual([]);
  });
});
