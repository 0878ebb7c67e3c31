import type { DataReadScope, DataServiceReads } from '../reads/data-services/index.ts';
import { getResource, GetRouteModule, scopeWithBaseUrl } from '../reads/get-routes.ts';

/** Streaming (`streaming` host, API 20180418): StreamAdminClient GetStream and GetStreamPool. */
export function streamingService(reads: DataServiceReads): GetRouteModule<DataReadScope> {
  return new GetRouteModule('streaming', [
    getResource(reads.read.bind(reads), 'GetStream', /^\/20180418\/streams\/([^/]+)$/, 'Stream'),
    getResource(reads.read.bind(reads), 'GetStreamPool', /^\/20180418\/streampools\/([^/]+)$/, 'StreamPool'),
  ], scopeWithBaseUrl);
}
