import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDefaultRegistry } from '../enrich/default-registry.ts';
import type { EnricherRegistry } from '../enrich/registry.ts';
import { UsageError } from '../errors.ts';
import { ExternalRecordSorter } from '../export/external-sort.ts';
import { EXPORT_FORMATS, writeExports } from '../export/write-exports.ts';
import { collectRegions, preferRegion } from '../run/collect-regions.ts';
import type { RegionSummary } from '../run/run-summary.ts';
import type { FunctionRuntime } from './function-runtime.ts';
import { invokeDetached } from './invoke-function.ts';
import type { RegionPayload } from './payloads.ts';
import { contentTypeOf, runObjects, type RunManifest } from './run-objects.ts';

/** The completion marker a region writes after its shards: what the merge reads. */
export interface RegionMarker extends RegionSummary {
  runId: string;
  /** Records in the shards (global resources included: every region's Search returns them). */
  records: number;
  shards: { name: string; bytes: number; md5: string }[];
  finishedAt: string;
}

export interface RegionReply {
  runId: string;
  region: string;
  status: 'complete' | 'failed' | 'already-done';
  records: number;
}

/**
 * One region of a run: discovery, enrichment, normalization, sorted shards, then the completion
 * marker (a conditional create, so a duplicated invocation cannot write a second one), then the
 * merge is started. Re-invoked after finishing it only starts the merge again (which is idempotent).
 */
export async function runRegion(runtime: FunctionRuntime, payload: RegionPayload, options: { registry?: EnricherRegistry } = {}): Promise<RegionReply> {
  const { config, auth, factory, bucket, logger } = runtime;
  const manifest = await bucket.getJson<RunManifest>(runObjects.manifest(payload.runId));
  if (!manifest) throw new UsageError(`Run ${payload.runId} has no manifest in ${bucket.describe('')}: start runs with the coordinator`);
  if (!manifest.regions.includes(payload.region)) {
    throw new UsageError(`Region ${payload.region} is not part of run ${payload.runId} (regions: ${manifest.regions.join(', ')})`);
  }
  const startMerge = () =>
    invokeDetached(factory, {
      invokeEndpoint: config.invokeEndpoint ?? '',
      functionId: config.mergeFunctionId ?? '',
      region: auth.region ?? payload.region,
      payload: { runId: payload.runId },
    });

  const existing = await bucket.getJson<RegionMarker>(runObjects.marker(payload.runId, payload.region));
  if (existing) {
    await startMerge();
    return { runId: payload.runId, region: payload.region, status: 'already-done', records: existing.records };
  }

  const workDir = await mkdtemp(join(tmpdir(), `region-${payload.region}-`));
  try {
    // Created here, not left to the sorter: its first spill (past 50,000 records) needs the folder to exist.
    const sortDir = join(workDir, 'sort');
    await mkdir(sortDir);
    const sorter = new ExternalRecordSorter({ tmpDir: sortDir, resolveDuplicate: preferRegion(manifest.homeRegion) });
    let summary: RegionSummary;
    let records = 0;
    try {
      [summary] = (await collectRegions({
        settings: { query: manifest.query, workersRegion: 1, workersEnrich: manifest.workersEnrich },
        auth,
        factory,
        logger,
        registry: options.registry ?? (await loadDefaultRegistry()),
        regions: [{ name: payload.region, key: '', isHomeRegion: payload.region === manifest.homeRegion, status: 'READY' }],
        sorter,
        clock: () => new Date(),
      })) as [RegionSummary];
      const shardDir = join(workDir, 'shards');
      await mkdir(shardDir);
      records = (await writeExports(sorter.sortedChunks(), { dir: shardDir, formats: EXPORT_FORMATS })).records;
      const shards: RegionMarker['shards'] = [];
      const attempt = `${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
      for (const format of EXPORT_FORMATS) {
        const name = runObjects.shard(payload.runId, payload.region, attempt, format);
        const put = await bucket.putFile(name, join(shardDir, `inventory.${format}`), { contentType: contentTypeOf(name) });
        shards.push({ name, bytes: put.bytes, md5: put.md5 });
      }
      const marker: RegionMarker = { ...summary, runId: payload.runId, records, shards, finishedAt: new Date().toISOString() };
      // Written after every shard: its presence means the shards are whole.
      if (!(await bucket.createIfAbsent(runObjects.marker(payload.runId, payload.region), marker))) {
        logger.warn('region finished twice; the first marker stands', { runId: payload.runId, region: payload.region });
        // The first marker names its own attempt's shards: this attempt's are garbage.
        for (const shard of shards) await bucket.delete(shard.name);
      }
    } finally {
      await sorter.dispose();
    }
    logger.info('region finished', { runId: payload.runId, region: payload.region, status: summary.status, records });
    await startMerge();
    return { runId: payload.runId, region: payload.region, status: summary.status, records };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
