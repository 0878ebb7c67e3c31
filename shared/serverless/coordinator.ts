import { listRunIds } from '../bucket/fetch-run.ts';
import { listCompartmentTree } from '../discovery/compartments.ts';
import { listSubscribedRegions } from '../discovery/regions.ts';
import { TOOL_VERSION } from '../version.ts';
import { runIdFor } from '../run/run-id.ts';
import type { FunctionRuntime } from './function-runtime.ts';
import { invokeDetached } from './invoke-function.ts';
import type { CoordinatorPayload } from './payloads.ts';
import { runObjects, type RunManifest } from './run-objects.ts';

export interface CoordinatorReply {
  runId: string;
  regions: string[];
  status: 'started' | 'resumed' | 'already-complete';
  /** Earlier runs past their deadline that were still unmerged: their merge was started with finalize. */
  finalized: string[];
}

/** How many of the newest earlier runs the coordinator checks for a missing merge. */
const STALE_RUNS_CHECKED = 5;

/**
 * A run whose region function died never gets its last merge call. The next coordinator (the next
 * night at the latest) starts a finalizing merge for recent runs that are past their deadline and
 * have no run_summary.json, so they end as `partial` runs naming the missing regions.
 */
async function finalizeStaleRuns(runtime: FunctionRuntime, currentRunId: string, now: Date, callRegion: string): Promise<string[]> {
  const { bucket, config, factory } = runtime;
  const finalized: string[] = [];
  const earlier = (await listRunIds(bucket)).filter((runId) => runId !== currentRunId).slice(-STALE_RUNS_CHECKED);
  for (const runId of earlier) {
    if (await bucket.head(runObjects.artifact(runId, 'run_summary.json'))) continue;
    const manifest = await bucket.getJson<RunManifest>(runObjects.manifest(runId));
    if (!manifest || Date.parse(manifest.deadline) > now.getTime()) continue;
    await invokeDetached(factory, {
      invokeEndpoint: config.invokeEndpoint ?? '',
      functionId: config.mergeFunctionId ?? '',
      region: callRegion,
      payload: { runId, finalize: true },
    });
    finalized.push(runId);
  }
  return finalized;
}

/**
 * Starts a run: lists the subscribed regions, writes the manifest (once: a conditional create), and
 * starts one region function per region in detached mode. Called again with the same runId it
 * starts only the regions that have no completion marker yet, and nothing once the run is merged.
 */
export async function coordinate(runtime: FunctionRuntime, payload: CoordinatorPayload, now: Date = new Date()): Promise<CoordinatorReply> {
  const { config, auth, factory, bucket, logger } = runtime;
  const callRegion = auth.region ?? config.bucketRegion ?? '';

  let manifest: RunManifest | undefined;
  let status: CoordinatorReply['status'] = 'started';
  if (payload.runId !== undefined) manifest = await bucket.getJson<RunManifest>(runObjects.manifest(payload.runId));

  if (manifest) {
    status = 'resumed';
    if (await bucket.head(runObjects.artifact(manifest.runId, 'run_summary.json'))) {
      return { runId: manifest.runId, regions: manifest.regions, status: 'already-complete', finalized: [] };
    }
  } else {
    const regions = await listSubscribedRegions(factory, { tenancyId: auth.tenancyId, callRegion, wanted: payload.regions ?? config.regions });
    const homeRegion = regions.find((region) => region.isHomeRegion)?.name ?? null;
    // Counted where the CLI counts them (at the start, in the home region), for run_summary.json.
    const compartments = (await listCompartmentTree(factory, { tenancyId: auth.tenancyId, callRegion: homeRegion ?? callRegion })).length;
    const base: Omit<RunManifest, 'runId'> = {
      createdAt: now.toISOString(),
      deadline: new Date(now.getTime() + config.runDeadlineMinutes * 60_000).toISOString(),
      tenancyId: auth.tenancyId,
      homeRegion,
      compartments,
      regions: regions.map((region) => region.name),
      query: payload.query ?? config.query,
      workersEnrich: config.workersEnrich,
      toolVersion: TOOL_VERSION,
    };
    // The manifest's conditional create claims the run id: two schedules firing in the same second get -2, -3...
    const baseId = payload.runId ?? runIdFor(now);
    for (let attempt = 1; !manifest; attempt += 1) {
      const runId = attempt === 1 ? baseId : `${baseId}-${attempt}`;
      const candidate = { runId, ...base };
      if (await bucket.createIfAbsent(runObjects.manifest(runId), candidate)) manifest = candidate;
      else if (payload.runId !== undefined) {
        // Someone created this very run between our read and our write: resume it.
        manifest = (await bucket.getJson<RunManifest>(runObjects.manifest(runId))) ?? candidate;
        status = 'resumed';
      }
      if (attempt > 100) throw new Error(`Could not claim a run id near ${baseId}`);
    }
  }

  const started: string[] = [];
  for (const region of manifest.regions) {
    if (status === 'resumed' && (await bucket.head(runObjects.marker(manifest.runId, region)))) continue;
    await invokeDetached(factory, {
      invokeEndpoint: config.invokeEndpoint ?? '',
      functionId: config.regionFunctionId ?? '',
      region: callRegion,
      payload: { runId: manifest.runId, region },
    });
    started.push(region);
  }
  const finalized = await finalizeStaleRuns(runtime, manifest.runId, now, callRegion);
  logger.info('run started', { runId: manifest.runId, regions: started, finalized });
  return { runId: manifest.runId, regions: manifest.regions, status, finalized };
}
