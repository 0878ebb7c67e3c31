import type { DataServiceReads } from '../reads/data-services/index.ts';
import { getResource, GetRouteService } from '../reads/data-services/route-table.ts';

/** Bastion (`bastion` host, API 20210331): BastionClient GetBastion. */
export function bastionService(reads: DataServiceReads): GetRouteService {
  return new GetRouteService('bastion', [getResource(reads, 'GetBastion', /^\/20210331\/bastions\/([^/]+)$/, 'Bastion')]);
}
