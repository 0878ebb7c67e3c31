import type { NetworkServicesReads } from '../reads/network-services/index.ts';
import { getResource, GetRouteModule, idPath } from '../reads/get-routes.ts';

/**
 * Functions management (FunctionsManagementClient, `functions` host, 20181201): `GetApplication`,
 * `GetFunction`. Composed with the invoke module on the `functions` host: only GETs of exactly
 * `/applications/{id}` and `/functions/{id}` are claimed, never `POST /functions/{id}/actions/invoke`.
 */
export class FunctionsManagementService extends GetRouteModule {
  constructor(reads: NetworkServicesReads) {
    const read = reads.model.bind(reads);
    super('functions', [
      getResource(read, 'GetApplication', idPath('20181201', 'applications'), 'FunctionsApplication'),
      getResource(read, 'GetFunction', idPath('20181201', 'functions'), 'FunctionsFunction'),
    ]);
  }
}
