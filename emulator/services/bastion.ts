import type { DataReadScope, DataServiceReads } from '../reads/data-services/index.ts';
import { getResource, GetRouteModule, scopeWithBaseUrl } from '../reads/get-routes.ts';

/** Bastion (`bastion` host, API 20210331): BastionClient GetBastion. */
export function bastionService(reads: DataServiceReads): GetRouteModule<DataReadScope> {
  return new GetRouteModule('bastion', [getResource(reads.read.bind(reads), 'GetBastion', /^\/20210331\/bastions\/([^/]+)$/, 'Bastion')], scopeWithBaseUrl);
}
