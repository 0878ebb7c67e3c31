import type { NetworkServicesReads } from '../reads/network-services/index.ts';
import { getResource, GetRouteModule, idPath } from '../reads/get-routes.ts';

/**
 * Load Balancing (LoadBalancerClient, `iaas` host, API version 20170115): `GetLoadBalancer`. Composed with
 * core networking on the `iaas` host; only paths under /20170115 are claimed here.
 */
export class LoadBalancerService extends GetRouteModule {
  constructor(reads: NetworkServicesReads) {
    super('iaas', [getResource(reads.model.bind(reads), 'GetLoadBalancer', idPath('20170115', 'loadBalancers'), 'LoadBalancer')]);
  }
}
