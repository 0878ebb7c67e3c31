/** Network Load Balancer (oci-networkloadbalancer NetworkLoadBalancerClient, host `network-load-balancer-api`). */
import { NetworkLoadBalancerClient, type models } from 'oci-networkloadbalancer';
import { declare, type Model, type ServiceClient } from '../declaration.ts';

const networkLoadBalancing: ServiceClient<NetworkLoadBalancerClient> = { ctor: NetworkLoadBalancerClient, hostPrefix: 'network-load-balancer-api' };

/**
 * Backend sets are a map by name, and field paths have no step over a map's values: the backends' target
 * OCIDs (instances, private IPs) are gathered under `backendTargetIds` for the relation only (not a detail).
 */
function withBackendTargets(networkLoadBalancer: models.NetworkLoadBalancer): Model {
  const backendTargetIds = Object.values(networkLoadBalancer.backendSets ?? {})
    .flatMap((set) => set.backends ?? [])
    .flatMap((backend) => (typeof backend.targetId === 'string' ? [backend.targetId] : []));
  return { ...networkLoadBalancer, backendTargetIds };
}

export const NETWORK_LOAD_BALANCING = [
  declare({
    resourceType: 'NetworkLoadBalancer',
    service: networkLoadBalancing,
    get: async (client, summary) =>
      withBackendTargets((await client.getNetworkLoadBalancer({ networkLoadBalancerId: summary.identifier })).networkLoadBalancer),
    lists: {},
    details: [
      'subnetId', 'networkSecurityGroupIds', 'isPrivate', 'isPreserveSourceDestination', 'isSymmetricHashEnabled', 'nlbIpVersion',
      'ipAddresses', 'listeners', 'backendSets',
    ],
    relations: [
      ['in_subnet', 'subnetId'],
      ['in_security_group', 'networkSecurityGroupIds[]'],
      ['load_balances', 'backendTargetIds[]'],
    ],
  }),
];
