import { ResourceSearchClient, models as searchModels } from 'oci-resourcesearch';
import type { OciClientFactory } from '../oci/client-factory.ts';

export type ResourceSummary = searchModels.ResourceSummary;

/** Search's largest page: fewer round trips, and pages are what the region's latency chain is made of. */
export const SEARCH_PAGE_LIMIT = 1000;

/**
 * Every page of a Structured Search in one region, following `opc-next-page` to the end. Each page
 * is one call under the retry policy; a page that still fails ends the region with that error.
 */
export async function* searchPages(
  factory: OciClientFactory,
  options: { region: string; query: string; tenancyId: string },
): AsyncGenerator<ResourceSummary[]> {
  const client = factory.forRegion(ResourceSearchClient, 'query', options.region);
  let page: string | undefined;
  do {
    const response = await factory.call(options.region, () =>
      client.searchResources({
        searchDetails: { type: 'Structured', query: options.query, matchingContextType: undefined } as searchModels.StructuredSearchDetails,
        limit: SEARCH_PAGE_LIMIT,
        ...(page === undefined ? {} : { page }),
      }),
    );
    yield response.resourceSummaryCollection.items ?? [];
    page = response.opcNextPage;
  } while (page);
}
