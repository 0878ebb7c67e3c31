import type { NetworkServicesReads } from '../reads/network-services/index.ts';
import { getRoute, RouteTable } from '../reads/network-services/routes.ts';
import type { RequestContext, ServiceModule } from '../server/service-module.ts';

/**
 * Functions management (FunctionsManagementClient, `functions` host, 20181201): `GetApplication`,
 * `GetFunction`. Composed with the invoke module on the `functions` host: only GETs of exactly
 * `/applications/{id}` and `/functions/{id}` are claimed, never `POST /functions/{id}/actions/invoke`.
 */
export class FunctionsManagementService implements ServiceModule {
  readonly service = 'functions';
  readonly #routes: RouteTable;

  constructor(reads: NetworkServicesReads) {
    this.#routes = new RouteTable([
      getRoute(reads, 'GetApplication', '20181201', 'applications', 'FunctionsApplication'),
      getRoute(reads, 'GetFunction', '20181201', 'functions', 'FunctionsFunction'),
    ]);
  }

  operationOf(method: string, path: string): string | undefined {
    return this.#routes.operationOf(method, path);
  }

  handle(context: RequestContext, operation: string): Promise<void> {
    return this.#routes.handle(context, operation);
  }
}
