import type { NetworkServicesReads } from '../reads/network-services/index.ts';
import { getResource, GetRouteModule, idPath } from '../reads/get-routes.ts';

/** Network Load Balancer (NetworkLoadBalancerClient, `network-load-balancer-api` host, 20200501): `GetNetworkLoadBalancer`. */
export class NetworkLoadBalancerService extends GetRouteModule {
  constructor(reads: NetworkServicesReads) {
    super('network-load-balancer-api', [
      getResource(reads.model.bind(reads), 'GetNetworkLoadBalancer', idPath('20200501', 'networkLoadBalancers'), 'NetworkLoadBalancer'),
    ]);
  }
}
