import { EcsIndex, refsThroughParameters } from '../ecs';
import { CfnResource } from '../template-model';
import { WiringFinding, WiringRule } from '../wiring-context';
import { listOf, pathOf } from './describe';

export const SECONDARY_WRITER_ENDPOINT = 'Wiring-SecondaryWriterEndpoint';

/**
 * Clients of a secondary cluster of an Aurora global database are not given its cluster (writer)
 * endpoint: a secondary cluster has no writer instance, so that endpoint leads to no writer. Give them the reader endpoint with write forwarding turned on, or the global writer
 * endpoint (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-global-database-connecting.html,
 * https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-global-database-write-forwarding.html).
 *
 * A secondary cluster is an `AWS::RDS::DBCluster` that joins a `GlobalClusterIdentifier` without
 * credentials, a snapshot or a source cluster of its own.
 */
export const secondaryWriterEndpoint: WiringRule = {
  id: SECONDARY_WRITER_ENDPOINT,
  summary:
    "clients of a secondary Aurora global-database cluster are not given the cluster's writer endpoint",
  check(context) {
    const secondaries = new Set(
      context.model
        .ofType('AWS::RDS::DBCluster')
        .filter((c) => isSecondary(c))
        .map((c) => c.uid),
    );
    if (secondaries.size === 0) return [];
    const findings: WiringFinding[] = [];
    for (const taskDefinition of EcsIndex.of(context).taskDefinitions) {
      const given: string[] = [];
      const clusters = new Set<CfnResource>();
      for (const container of taskDefinition.containers) {
        const values = [
          ...container.environment.map((e) => ({ name: e.name, value: e.value })),
          ...container.secrets.map((s) => ({ name: s.name, value: s.valueFrom })),
        ];
        for (const { name, value } of values) {
          for (const ref of refsThroughParameters(context, value)) {
            if (secondaries.has(ref.resource.uid) && ref.attribute === 'Endpoint.Address') {
              given.push(`${container.name ?? '?'}/${name ?? '?'}`);
              clusters.add(ref.resource);
            }
          }
        }
      }
      if (given.length > 0) {
        findings.push({
          resource: taskDefinition.resource,
          locations: ['Properties/ContainerDefinitions'],
          message:
            `Task definition ${pathOf(taskDefinition.resource)} gives ${listOf(given)} the cluster (writer) endpoint of ` +
            `${listOf([...clusters].map(pathOf))}, a secondary cluster of an Aurora global database that has no writer: ` +
            'writes fail. Fix: give clients the reader endpoint (ReadEndpoint.Address) with write forwarding, or ' +
            "the global database's writer endpoint.",
        });
      }
    }
    return findings;
  },
};

function isSecondary(cluster: CfnResource): boolean {
  const p = cluster.properties;
  return (
    p.GlobalClusterIdentifier !== undefined &&
    p.MasterUsername === undefined &&
    p.ManageMasterUserPassword === undefined &&
    p.SnapshotIdentifier === undefined &&
    p.SourceDBClusterIdentifier === undefined
  );
}
