import PQueue from 'p-queue';
import type { SubscribedRegion } from '../discovery/regions.ts';
import { searchPages } from '../discovery/search-pages.ts';
import type { EnricherRegistry } from '../enrich/registry.ts';
import type { ExternalRecordSorter } from '../export/external-sort.ts';
import type { Logger, ProgressReporter } from '../log/index.ts';
import type { InventoryRecord } from '../model/record.ts';
import { recordFromSummary } from '../normalize/record-from-summary.ts';
import type { ResolvedAuth } from '../oci/auth.ts';
import type { OciClientFactory } from '../oci/client-factory.ts';
import { failureInfoOf } from '../oci/retry-policy.ts';
import { describeOciFailure } from '../oci/service-errors.ts';
import type { Settings } from '../settings/index.ts';
import type { RegionSummary } from './run-summary.ts';

/**
 * A global resource (IAM) is returned by every region's Search. The home region's copy wins; without
 * one (home region not inventoried or down), the copy from the first region by name. The rule reads
 * only the records, never arrival order, so the output is the same whatever the concurrency.
 */
export function preferRegion(homeRegion: string | null) {
  const rank = (region: string | null) => (region === homeRegion ? '' : (region ?? '\uffff'));
  return (a: InventoryRecord, b: InventoryRecord): InventoryRecord => (rank(a.region) <= rank(b.region) ? a : b);
}

/** How many summaries may wait for enrichment per enrichment worker: bounds memory, keeps workers busy. */
const ENRICH_BACKLOG_PER_WORKER = 8;

export interface CollectRegionsOptions {
  settings: Pick<Settings, 'query' | 'workersRegion' | 'workersEnrich'>;
  auth: Pick<ResolvedAuth, 'tenancyId'>;
  factory: OciClientFactory;
  logger: Logger;
  progress?: ProgressReporter;
}

/**
 * Discovery and enrichment of the given regions into the sorter: Search pages per region (regions in
 * parallel), each hit enriched (bounded concurrency, bounded backlog) and normalised. A region that
 * fails is reported, not thrown: the run goes on with the others.
 */
export async function collectRegions(
  options: CollectRegionsOptions & {
    registry: EnricherRegistry;
    regions: SubscribedRegion[];
    sorter: ExternalRecordSorter;
    clock: () => Date;
  },
): Promise<RegionSummary[]> {
  const { settings, auth, factory, logger, progress, registry, sorter, clock } = options;
  const regionQueue = new PQueue({ concurrency: settings.workersRegion });
  const enrichQueue = new PQueue({ concurrency: settings.workersEnrich });
  // The sorter takes one record at a time; a failed add (a record that cannot be exported) fails the run.
  const sorterQueue = new PQueue({ concurrency: 1 });
  let sorterFailure: unknown;

  const results = options.regions.map((region) =>
    regionQueue.add(async (): Promise<RegionSummary> => {
      const started = Date.now();
      const result: RegionSummary = {
        name: region.name, status: 'complete', resources: 0, pages: 0,
        api_calls: 0, retries: 0, throttled: 0, duration_ms: 0, error: null,
      };
      progress?.update(region.name, { pages: 0, resources: 0, status: 'running' });
      const context = { region: region.name, tenancyId: auth.tenancyId, factory };
      try {
        for await (const page of searchPages(factory, { region: region.name, query: settings.query, tenancyId: auth.tenancyId })) {
          result.pages += 1;
          for (const summary of page) {
            result.resources += 1;
            await enrichQueue.onSizeLessThan(settings.workersEnrich * ENRICH_BACKLOG_PER_WORKER);
            void enrichQueue.add(async () => {
              const enrichment = await registry.enrich(summary, context);
              const record = recordFromSummary(summary, region.name, enrichment, clock());
              void sorterQueue.add(() => sorter.add(record)).catch((error: unknown) => {
                sorterFailure ??= error;
              });
            });
          }
          progress?.update(region.name, { pages: result.pages, resources: result.resources, status: 'running' });
        }
      } catch (error) {
        result.status = 'failed';
        result.error = describeOciFailure(error);
        // OCI failures are reported by the progress reporter and run_summary.json; anything else is a bug.
        if (failureInfoOf(error) === undefined) logger.error('region failed unexpectedly', { region: region.name, err: error as Error });
      }
      const counters = factory.stats.region(region.name);
      Object.assign(result, { api_calls: counters.apiCalls, retries: counters.retries, throttled: counters.throttled, duration_ms: Date.now() - started });
      progress?.update(region.name, { pages: result.pages, resources: result.resources, status: result.status === 'complete' ? 'done' : 'failed' });
      return result;
    }),
  );
  const regions = await Promise.all(results);
  await enrichQueue.onIdle();
  await sorterQueue.onIdle();
  progress?.done();
  if (sorterFailure !== undefined) throw sorterFailure;
  // Enrichment calls are counted after the region's search finished: refresh the call counters.
  for (const region of regions) {
    const counters = factory.stats.region(region.name);
    Object.assign(region, { api_calls: counters.apiCalls, retries: counters.retries, throttled: counters.throttled });
  }
  return regions.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
