import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PQueue from 'p-queue';
import type { SubscribedRegion } from '../discovery/regions.ts';
import { searchPages, type ResourceSummary } from '../discovery/search-pages.ts';
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
import { SpillQueue } from './spill-queue.ts';

/**
 * A global resource (IAM) is returned by every region's Search. The home region's copy wins; without
 * one (home region not inventoried or down), the copy from the first region by name. The rule reads
 * only the records, never arrival order, so the output is the same whatever the concurrency.
 */
export function preferRegion(homeRegion: string | null) {
  const rank = (region: string | null) => (region === homeRegion ? '' : (region ?? '\uffff'));
  return (a: InventoryRecord, b: InventoryRecord): InventoryRecord => (rank(a.region) <= rank(b.region) ? a : b);
}

/** Summaries a service's queue keeps in memory (per region); more wait on disk (see SpillQueue). */
const QUEUED_IN_MEMORY_PER_WORKER = 16;
const MIN_QUEUED_IN_MEMORY = 256;

export interface CollectRegionsOptions {
  settings: Pick<Settings, 'query' | 'workersRegion' | 'workersEnrich'>;
  auth: Pick<ResolvedAuth, 'tenancyId'>;
  factory: OciClientFactory;
  logger: Logger;
  progress?: ProgressReporter;
  /** Where queued summaries may spill; a temporary folder (removed afterwards) when absent. */
  spillDir?: string;
}

/** The enrichment work of one service in one region: its queue and the workers draining it. */
interface ServiceLane {
  queue: SpillQueue<ResourceSummary>;
  running: number;
}

/**
 * Discovery and enrichment of the given regions into the sorter: Search pages per region (regions in
 * parallel); each hit is queued by the service that enriches it and enriched by that service's workers
 * (`workersEnrich` per region and service, paced by the client factory's adaptive rate per endpoint),
 * then normalised. Services never wait for each other, whatever order Search returns types in, so a
 * region takes as long as its busiest service. A region that fails is reported, not thrown: the run goes
 * on with the others.
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
  // The sorter takes one record at a time; a failed add (a record that cannot be exported) fails the run.
  const sorterQueue = new PQueue({ concurrency: 1 });
  let sorterFailure: unknown;
  const spillDir = options.spillDir ?? (await mkdtemp(join(tmpdir(), 'oci-inventory-queue-')));
  const memoryLimit = Math.max(MIN_QUEUED_IN_MEMORY, settings.workersEnrich * QUEUED_IN_MEMORY_PER_WORKER);

  const collectRegion = async (region: SubscribedRegion): Promise<RegionSummary> => {
    const started = Date.now();
    const result: RegionSummary = {
      name: region.name, status: 'complete', resources: 0, pages: 0,
      api_calls: 0, retries: 0, throttled: 0, duration_ms: 0, error: null,
    };
    progress?.update(region.name, { pages: 0, resources: 0, status: 'running' });
    const context = { region: region.name, tenancyId: auth.tenancyId, factory };
    const lanes = new Map<string, ServiceLane>();
    const workers: Promise<void>[] = [];

    const drain = async (lane: ServiceLane): Promise<void> => {
      try {
        for (let summary = await lane.queue.shift(); summary !== undefined; summary = await lane.queue.shift()) {
          const enrichment = await registry.enrich(summary, context);
          const record = recordFromSummary(summary, region.name, enrichment, clock());
          await sorterQueue.add(async () => sorter.add(record)).catch((error: unknown) => {
            sorterFailure ??= error;
          });
        }
      } finally {
        lane.running -= 1;
      }
    };
    const offer = (summary: ResourceSummary): void => {
      const service = registry.serviceOf(String(summary.resourceType)) ?? '-';
      let lane = lanes.get(service);
      if (!lane) {
        lane = { queue: new SpillQueue({ dir: spillDir, name: `${region.name}-${service === '-' ? 'none' : service}`, memoryLimit }), running: 0 };
        lanes.set(service, lane);
      }
      lane.queue.push(summary);
      if (lane.running < settings.workersEnrich) {
        lane.running += 1;
        workers.push(drain(lane));
      }
    };

    try {
      for await (const page of searchPages(factory, { region: region.name, query: settings.query, tenancyId: auth.tenancyId })) {
        result.pages += 1;
        for (const summary of page) {
          result.resources += 1;
          offer(summary);
        }
        progress?.update(region.name, { pages: result.pages, resources: result.resources, status: 'running' });
      }
    } catch (error) {
      result.status = 'failed';
      result.error = describeOciFailure(error);
      // OCI failures are reported by the progress reporter and run_summary.json; anything else is a bug.
      if (failureInfoOf(error) === undefined) logger.error('region failed unexpectedly', { region: region.name, err: error as Error });
    }
    try {
      // What was found before a failure is still enriched and kept.
      await Promise.all(workers);
    } finally {
      await Promise.all([...lanes.values()].map((lane) => lane.queue.dispose()));
    }
    const counters = factory.stats.region(region.name);
    Object.assign(result, { api_calls: counters.apiCalls, retries: counters.retries, throttled: counters.throttled, duration_ms: Date.now() - started });
    progress?.update(region.name, { pages: result.pages, resources: result.resources, status: result.status === 'complete' ? 'done' : 'failed' });
    return result;
  };

  let regions: RegionSummary[];
  try {
    regions = await Promise.all(options.regions.map((region) => regionQueue.add(() => collectRegion(region)) as Promise<RegionSummary>));
    await sorterQueue.onIdle();
  } finally {
    if (options.spillDir === undefined) await rm(spillDir, { recursive: true, force: true });
  }
  progress?.done();
  if (sorterFailure !== undefined) throw sorterFailure;
  return regions.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
