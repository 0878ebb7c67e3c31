/** Container Engine for Kubernetes (oci-containerengine ContainerEngineClient, host `containerengine`). */
import { ContainerEngineClient } from 'oci-containerengine';
import { declare, type Model, type ServiceClient } from '../declaration.ts';

const containerEngine: ServiceClient<ContainerEngineClient> = { ctor: ContainerEngineClient, hostPrefix: 'containerengine' };

/** Every page of a cluster's node pools, trimmed to identity, size and placement, in id order. */
async function nodePoolsOf(client: ContainerEngineClient, compartmentId: string, clusterId: string): Promise<Model[]> {
  const items: Model[] = [];
  let page: string | undefined;
  do {
    const response = await client.listNodePools({ compartmentId, clusterId, limit: 1000, ...(page ? { page } : {}) });
    for (const pool of response.items) {
      items.push({
        id: pool.id,
        name: pool.name,
        lifecycleState: pool.lifecycleState,
        kubernetesVersion: pool.kubernetesVersion,
        nodeShape: pool.nodeShape,
        size: pool.nodeConfigDetails?.size,
        placementConfigs: (pool.nodeConfigDetails?.placementConfigs ?? []).map((placement) => ({
          availabilityDomain: placement.availabilityDomain,
          subnetId: placement.subnetId,
        })),
      });
    }
    page = response.opcNextPage;
  } while (page);
  return items.sort((a, b) => (String(a.id) < String(b.id) ? -1 : 1));
}

export const CONTAINER_ENGINE = [
  declare({
    resourceType: 'ClustersCluster',
    service: containerEngine,
    get: async (client, summary) => (await client.getCluster({ clusterId: summary.identifier })).cluster as never,
    lists: { nodePools: (client, model) => nodePoolsOf(client, String(model.compartmentId), String(model.id)) },
    details: ['vcnId', 'kubernetesVersion', 'type', 'endpointConfig', 'endpoints', 'options', 'kmsKeyId', 'clusterPodNetworkOptions'],
    relations: [
      ['in_vcn', 'vcnId'],
      ['in_subnet', 'endpointConfig.subnetId'],
      ['in_security_group', 'endpointConfig.nsgIds[]'],
      ['in_subnet', 'options.serviceLbSubnetIds[]'],
      ['in_subnet', 'nodePools[].placementConfigs[].subnetId'],
      ['encrypted_by', 'kmsKeyId'],
    ],
  }),
];
