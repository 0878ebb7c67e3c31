import type { NetworkServicesReads } from '../reads/network-services/index.ts';
import { getRoute, RouteTable } from '../reads/network-services/routes.ts';
import type { RequestContext, ServiceModule } from '../server/service-module.ts';

/** Network Load Balancer (NetworkLoadBalancerClient, `network-load-balancer-api` host, 20200501): `GetNetworkLoadBalancer`. */
export class NetworkLoadBalancerService implements ServiceModule {
  readonly service = 'network-load-balancer-api';
  readonly #routes: RouteTable;

  constructor(reads: NetworkServicesReads) {
    this.#routes = new RouteTable([
      getRoute(reads, 'GetNetworkLoadBalancer', '20200501', 'networkLoadBalancers', 'NetworkLoadBalancer'),
    ]);
  }

  operationOf(method: string, path: string): string | undefined {
    return this.#routes.operationOf(method, path);
  }

  handle(context: RequestContext, operation: string): Promise<void> {
    return this.#routes.handle(context, operation);
  }
}
