/** Load Balancing (oci-loadbalancer LoadBalancerClient, host `iaas`, API version 20170115). */
import { LoadBalancerClient } from 'oci-loadbalancer';
import { declare, type ServiceClient } from '../declaration.ts';

const loadBalancing: ServiceClient<LoadBalancerClient> = { ctor: LoadBalancerClient, hostPrefix: 'iaas' };

export const LOAD_BALANCING = [
  declare({
    resourceType: 'LoadBalancer',
    service: loadBalancing,
    get: async (client, summary) => (await client.getLoadBalancer({ loadBalancerId: summary.identifier })).loadBalancer as never,
    lists: {},
    // Backends are addresses (`backendSets.<name>.backends[].ipAddress`), not OCIDs: they stay in details, where
    // they can be matched to PrivateIp records; no path can turn them into edges.
    details: ['shapeName', 'shapeDetails', 'isPrivate', 'ipAddresses', 'subnetIds', 'networkSecurityGroupIds', 'listeners', 'backendSets'],
    relations: [
      ['in_subnet', 'subnetIds[]'],
      ['in_security_group', 'networkSecurityGroupIds[]'],
    ],
  }),
];
