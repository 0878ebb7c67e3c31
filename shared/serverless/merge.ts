import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PreconditionFailedError } from '../bucket/bucket-errors.ts';
import { compareRunIds, LATEST_POINTER, type LatestPointer } from '../bucket/run-layout.ts';
import { diffInventories } from '../diff/diff-inventories.ts';
import { InventoryError, UsageError } from '../errors.ts';
import type { RegionSummary, RunSummary } from '../run/run-summary.ts';
import type { FunctionRuntime } from './function-runtime.ts';
import { mergeShardFiles } from './merge-shards.ts';
import type { MergePayload } from './payloads.ts';
import type { RegionMarker } from './region-worker.ts';
import { contentTypeOf, runObjects, type RunManifest } from './run-objects.ts';

export interface MergeReply {
  runId: string;
  status: 'waiting' | 'busy' | 'already-merged' | 'complete' | 'partial';
  /** Regions without a completion marker. */
  missing: string[];
  records?: number;
}

/** A merge holds its lock at most this long: past it (the detached limit is 60 min) a crashed merge's lock is taken over. */
const LOCK_LIFETIME_MS = 65 * 60_000;

interface MergeLock {
  runId: string;
  takenAt: string;
  expiresAt: string;
}

/** Takes the run's merge lock with a conditional create; an expired lock (a crashed merge) is replaced. */
async function takeLock(runtime: FunctionRuntime, runId: string, now: Date): Promise<boolean> {
  const { bucket } = runtime;
  const name = runObjects.mergeLock(runId);
  const lock: MergeLock = { runId, takenAt: now.toISOString(), expiresAt: new Date(now.getTime() + LOCK_LIFETIME_MS).toISOString() };
  if (await bucket.createIfAbsent(name, lock)) return true;
  const held = await bucket.getJsonEntry<MergeLock>(name);
  if (!held || Date.parse(held.value.expiresAt) > now.getTime()) return false;
  runtime.logger.warn('replacing an expired merge lock', { runId, takenAt: held.value.takenAt });
  if (!(await bucket.delete(name, { ifMatch: held.etag }))) return false;
  return bucket.createIfAbsent(name, lock);
}

function missingRegionSummary(region: string): RegionSummary {
  return {
    name: region, status: 'failed', resources: 0, pages: 0, api_calls: 0, retries: 0, throttled: 0, duration_ms: 0,
    error: 'the region function did not finish (no completion marker when the run was finalized)',
  };
}

/**
 * Merges a run once every region has finished (or, with `finalize` or after the deadline, with
 * what exists, marking the run partial). Exactly one merge runs (lock); the merged artifacts are
 * written before run_summary.json, and latest.json moves last, only for a complete run.
 */
export async function mergeRun(runtime: FunctionRuntime, payload: MergePayload, now: Date = new Date()): Promise<MergeReply> {
  const { bucket, logger } = runtime;
  const { runId } = payload;
  const manifest = await bucket.getJson<RunManifest>(runObjects.manifest(runId));
  if (!manifest) throw new UsageError(`Run ${runId} has no manifest in ${bucket.describe('')}`);
  if (await bucket.head(runObjects.artifact(runId, 'run_summary.json'))) return { runId, status: 'already-merged', missing: [] };

  const markers = new Map<string, RegionMarker>();
  for (const region of manifest.regions) {
    const marker = await bucket.getJson<RegionMarker>(runObjects.marker(runId, region));
    if (marker) markers.set(region, marker);
  }
  const missing = manifest.regions.filter((region) => !markers.has(region));
  const pastDeadline = now.getTime() > Date.parse(manifest.deadline);
  if (missing.length > 0 && !payload.finalize && !pastDeadline) return { runId, status: 'waiting', missing };
  if (!(await takeLock(runtime, runId, now))) return { runId, status: 'busy', missing };

  const workDir = await mkdtemp(join(tmpdir(), `merge-${runId}-`));
  try {
    const shardPaths: string[] = [];
    for (const region of manifest.regions) {
      const marker = markers.get(region);
      if (!marker) continue;
      // The shard the marker names (and its MD5): a duplicated region attempt writes its own shards elsewhere.
      const shard = marker.shards.find((candidate) => candidate.name.endsWith('.jsonl'));
      if (!shard) throw new InventoryError(`The completion marker of ${region} in run ${runId} names no inventory.jsonl shard`);
      const path = join(workDir, `${region}.jsonl`);
      const downloaded = await bucket.downloadToFile(shard.name, path);
      if (downloaded.md5 !== shard.md5) {
        throw new InventoryError(`${bucket.describe(shard.name)} does not match the completion marker of ${region} (MD5 ${downloaded.md5}, marker ${shard.md5})`);
      }
      shardPaths.push(path);
    }
    const outDir = join(workDir, 'out');
    await mkdir(outDir);
    const { exported, coverage } = await mergeShardFiles({ shardPaths, outDir, tmpDir: workDir, homeRegion: manifest.homeRegion });
    const graphFiles = exported.graph?.files ?? [];

    const latest = await bucket.getJsonEntry<LatestPointer>(LATEST_POINTER);
    let diff: Record<string, number | string> | null = null;
    const previousRunId = latest && compareRunIds(latest.value.runId, runId) < 0 ? latest.value.runId : null;
    if (previousRunId) {
      const prevPath = join(workDir, 'previous.jsonl');
      await bucket.downloadToFile(runObjects.artifact(previousRunId, 'inventory.jsonl'), prevPath);
      diff = { ...(await diffInventories({ prevPath, currPath: join(outDir, 'inventory.jsonl'), outDir })), previous_run: previousRunId };
    }

    const regions = manifest.regions.map((region) => {
      const marker = markers.get(region);
      if (!marker) return missingRegionSummary(region);
      const { name, status, resources, pages, api_calls, retries, throttled, duration_ms, error } = marker;
      return { name, status, resources, pages, api_calls, retries, throttled, duration_ms, error };
    });
    const status = regions.some((region) => region.status === 'failed') ? 'partial' : 'complete';
    const summary: RunSummary = {
      runId,
      status,
      startedAt: manifest.createdAt,
      finishedAt: new Date().toISOString(),
      query: manifest.query,
      toolVersion: manifest.toolVersion,
      tenancyId: manifest.tenancyId,
      ...coverage.summaryFields(),
      compartments: manifest.compartments ?? 0,
      regions,
      files: [
        ...exported.files.map((file) => ({ name: file.path.slice(outDir.length + 1), bytes: file.bytes, sha256: file.sha256 })),
        ...graphFiles.map((file) => ({ name: file.name, bytes: file.bytes, sha256: file.sha256 })),
      ],
      graph: exported.graph ? { nodes: exported.graph.nodes, edges: exported.graph.edges, external_targets: exported.graph.externalTargets } : null,
      diff,
      error: missing.length > 0 ? `finalized without ${missing.join(', ')}` : null,
    };

    const files = [
      ...exported.files.map((file) => file.path.slice(outDir.length + 1)),
      ...graphFiles.map((file) => file.name),
      ...(previousRunId ? ['diff.json', 'diff_summary.json'] : []),
    ];
    for (const file of files) {
      await bucket.putFile(runObjects.artifact(runId, file), join(outDir, file), { contentType: contentTypeOf(file) });
    }
    // run_summary.json marks the run as merged: written after every artifact.
    const summaryPath = join(workDir, 'run_summary.json');
    await writeFile(summaryPath, `${JSON.stringify(summary, null, 2)}\n`);
    await bucket.putFile(runObjects.artifact(runId, 'run_summary.json'), summaryPath, { contentType: 'application/json' });

    if (status === 'complete') await advanceLatest(runtime, runId, summary);
    logger.info('run merged', { runId, status, records: coverage.total, missing });
    return { runId, status, missing, records: coverage.total };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/** Moves latest.json to this run unless a newer complete run is already there (compare-and-swap on the etag). */
async function advanceLatest(runtime: FunctionRuntime, runId: string, summary: RunSummary): Promise<void> {
  const { bucket } = runtime;
  const pointer: LatestPointer = { runId, finishedAt: summary.finishedAt, records: summary.total_discovered };
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const current = await bucket.getJsonEntry<LatestPointer>(LATEST_POINTER);
    if (current && compareRunIds(current.value.runId, runId) >= 0) return;
    try {
      await bucket.putJson(LATEST_POINTER, pointer, current ? { ifMatch: current.etag } : { ifNoneMatch: '*' });
      return;
    } catch (error) {
      if (!(error instanceof PreconditionFailedError)) throw error;
    }
  }
  throw new Error(`Could not move ${LATEST_POINTER} to ${runId}: it kept changing`);
}
