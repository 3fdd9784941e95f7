import { Stack } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { synthesizeWithFindings } from '../../lib';
import {
  CacheClusterProps,
  CacheCluster,
  CacheEngine,
  CacheUsage,
  GlobalDatastoreRole,
} from '../../lib/cache/cache-cluster';
import { Network } from '../../lib/network/network';
import { gatedApp, TEST_ENV } from '../support/app';

type Config = Omit<CacheClusterProps, 'vpc'>;

// One full synth through all three gates (built-in validation, cdk-nag, Control Tower guard rules)
// per meaningful configuration: each engine, cluster mode, serverless, Global Datastore.
describe('CacheCluster passes the three compliance gates', () => {
  test.each<[string, Config, string[]]>([
    ['defaults (Valkey session store)', {}, []],
    [
      'Redis OSS cache in cluster mode',
      { engine: CacheEngine.REDIS, usage: CacheUsage.CACHE, shards: 3, replicasPerShard: 2 },
      ['elasticache_repl_grp_rbac_auth_enabled_check'],
    ],
    ['Memcached', { engine: CacheEngine.MEMCACHED }, []],
    ['Valkey serverless', { serverless: true }, []],
  ])('%s', (_name, props, expectedAcknowledged) => {
    const app = gatedApp();
    const stack = new Stack(app, 'CacheStack', { env: TEST_ENV });
    const network = new Network(stack, 'Network');
    new CacheCluster(stack, 'Cache', { vpc: network.vpc, ...props });
    const report = synthesizeWithFindings(app);
    expect(report.findings).toEqual([]);
    const ours = report.acknowledged.filter((f) => f.constructPath.startsWith('CacheStack/Cache/'));
    // The report lists acknowledged guard findings (cdk-nag leaves its acknowledged ones out; the unit
    // tests check those). Alarms have no actions until Observability adds the alarm topic.
    expect([...new Set(ours.map((f) => f.ruleId))].sort()).toEqual(
      ['cloudwatch_alarm_action_check', ...expectedAcknowledged].sort(),
    );
  });

  test('Global Datastore primary and secondary', () => {
    const app = gatedApp();
    const home = new Stack(app, 'HomeStack', { env: TEST_ENV });
    const primary = new CacheCluster(home, 'Cache', {
      vpc: new Network(home, 'Network').vpc,
      globalDatastore: { role: GlobalDatastoreRole.PRIMARY, secretReplicaRegions: ['eu-central-1'] },
    });
    expect(primary.globalReplicationGroup).toBeDefined();
    const away = new Stack(app, 'AwayStack', { env: { ...TEST_ENV, region: 'eu-central-1' } });
    new CacheCluster(away, 'Cache', {
      vpc: new Network(away, 'Network').vpc,
      globalDatastore: {
        role: GlobalDatastoreRole.SECONDARY,
        globalReplicationGroupId: 'ldgnf-sessions',
        authSecret: secretsmanager.Secret.fromSecretNameV2(away, 'AuthSecret', 'sessions-auth'),
      },
    });
    const report = synthesizeWithFindings(app);
    expect(report.findings).toEqual([]);
    const secondary = report.acknowledged.filter((f) => f.constructPath.startsWith('AwayStack/Cache/'));
    expect([...new Set(secondary.map((f) => f.ruleId))].sort()).toEqual(['cloudwatch_alarm_action_check']);
  });
});
