import { App, ArnFormat, Stack } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import {
  CacheClusterProps,
  CacheCluster,
  CacheEngine,
  CacheUsage,
  GlobalDatastoreRole,
} from '../../lib/cache/cache-cluster';
import { Network } from '../../lib/network/network';
import { clientService, TEST_ENV } from '../support/app';
import type { ComplianceReport } from '../../lib';

type Config = Omit<CacheClusterProps, 'vpc'>;

// The stacks this suite adds to the one app that constructs.compliance.test.ts synthesizes through all
// four gates (built-in validation, cdk-nag, Control Tower guard rules, WiringChecks): one per
// meaningful configuration (each engine, cluster mode, serverless, Global Datastore), each cache with
// a client service.
export function cacheClusterCompliance(app: App): (report: ComplianceReport) => void {
  const configurations: Array<[string, Config, string[]]> = [
    ['defaults (Valkey session store)', {}, []],
    [
      'Redis OSS cache in cluster mode',
      { engine: CacheEngine.REDIS, usage: CacheUsage.CACHE, shards: 3, replicasPerShard: 2 },
      ['elasticache_repl_grp_rbac_auth_enabled_check'],
    ],
    ['Memcached', { engine: CacheEngine.MEMCACHED }, []],
    ['Valkey serverless', { serverless: true }, []],
  ];
  const stackIds = configurations.map(([name, props], index) => {
    const stack = new Stack(app, `Cache${index}`, { env: TEST_ENV, description: name });
    const network = new Network(stack, 'Network');
    const cache = new CacheCluster(stack, 'Cache', { vpc: network.vpc, ...props });
    cache.connectFrom(clientService(stack, network.vpc));
    return stack.node.id;
  });
  // A Global Datastore: the primary in one region, a secondary in another.
  const home = new Stack(app, 'HomeStack', { env: TEST_ENV });
  const homeVpc = new Network(home, 'Network').vpc;
  const primary = new CacheCluster(home, 'Cache', {
    vpc: homeVpc,
    globalDatastore: { role: GlobalDatastoreRole.PRIMARY, secretReplicaRegions: ['eu-central-1'] },
  });
  primary.connectFrom(clientService(home, homeVpc));
  const away = new Stack(app, 'AwayStack', { env: { ...TEST_ENV, region: 'eu-central-1' } });
  const awayVpc = new Network(away, 'Network').vpc;
  const secondary = new CacheCluster(away, 'Cache', {
    vpc: awayVpc,
    globalDatastore: {
      role: GlobalDatastoreRole.SECONDARY,
      globalReplicationGroupId: 'ldgnf-sessions',
      authSecret: secretsmanager.Secret.fromSecretCompleteArn(
        away,
        'AuthSecret',
        away.formatArn({
          service: 'secretsmanager',
          resource: 'secret',
          resourceName: 'sessions-auth-AbCdEf',
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      ),
    },
  });
  secondary.connectFrom(clientService(away, awayVpc));
  return (report) =>
    describe('CacheCluster passes the compliance gates', () => {
      test.each(
        configurations.map(([name, , expected], index) => [name, stackIds[index], expected] as const),
      )('%s', (_name, stackId, expectedAcknowledged) => {
        expect(report.findings.filter((f) => f.constructPath.startsWith(`${stackId}/`))).toEqual([]);
        const ours = report.acknowledged.filter((f) => f.constructPath.startsWith(`${stackId}/Cache/`));
        // The report lists acknowledged guard findings (cdk-nag leaves its acknowledged ones out; the unit
        // tests check those). Alarms have no actions until Observability adds the alarm topic.
        expect([...new Set(ours.map((f) => f.ruleId))].sort()).toEqual(
          ['cloudwatch_alarm_action_check', ...expectedAcknowledged].sort(),
        );
      });

      test('Global Datastore primary and secondary', () => {
        expect(primary.globalReplicationGroup).toBeDefined();
        const inDatastore = (f: { constructPath: string }) =>
          /^(HomeStack|AwayStack)\//.test(f.constructPath);
        expect(report.findings.filter(inDatastore)).toEqual([]);
        const ours = report.acknowledged.filter((f) => f.constructPath.startsWith('AwayStack/Cache/'));
        expect([...new Set(ours.map((f) => f.ruleId))].sort()).toEqual(['cloudwatch_alarm_action_check']);
      });
    });
}
