import type { NetworkServicesReads } from '../reads/network-services/index.ts';
import { getRoute, RouteTable } from '../reads/network-services/routes.ts';
import type { RequestContext, ServiceModule } from '../server/service-module.ts';

/**
 * Load Balancing (LoadBalancerClient, `iaas` host, API version 20170115): `GetLoadBalancer`. Composed with
 * core networking on the `iaas` host; only paths under /20170115 are claimed here.
 */
export class LoadBalancerService implements ServiceModule {
  readonly service = 'iaas';
  readonly #routes: RouteTable;

  constructor(reads: NetworkServicesReads) {
    this.#routes = new RouteTable([getRoute(reads, 'GetLoadBalancer', '20170115', 'loadBalancers', 'LoadBalancer')]);
  }

  operationOf(method: string, path: string): string | undefined {
    return this.#routes.operationOf(method, path);
  }

  handle(context: RequestContext, operation: string): Promise<void> {
    return this.#routes.handle(context, operation);
  }
}
