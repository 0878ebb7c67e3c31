import type { DataServiceReads } from '../reads/data-services/index.ts';
import { getResource, GetRouteService } from '../reads/data-services/route-table.ts';

/** Streaming (`streaming` host, API 20180418): StreamAdminClient GetStream and GetStreamPool. */
export function streamingService(reads: DataServiceReads): GetRouteService {
  return new GetRouteService('streaming', [
    getResource(reads, 'GetStream', /^\/20180418\/streams\/([^/]+)$/, 'Stream'),
    getResource(reads, 'GetStreamPool', /^\/20180418\/streampools\/([^/]+)$/, 'StreamPool'),
  ]);
}
