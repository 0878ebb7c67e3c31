import { access, mkdir, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { listCompartmentTree } from '../discovery/compartments.ts';
import { listSubscribedRegions } from '../discovery/regions.ts';
import { diffInventories } from '../diff/diff-inventories.ts';
import { loadDefaultRegistry } from '../enrich/default-registry.ts';
import type { EnricherRegistry } from '../enrich/registry.ts';
import { AuthError, UsageError } from '../errors.ts';
import { ExternalRecordSorter } from '../export/external-sort.ts';
import { writeExports } from '../export/write-exports.ts';
import { writeFileAtomically } from '../io/atomic-file.ts';
import type { Logger, ProgressReporter } from '../log/index.ts';
import type { ResolvedAuth } from '../oci/auth.ts';
import type { OciClientFactory } from '../oci/client-factory.ts';
import type { Settings } from '../settings/index.ts';
import { TOOL_VERSION } from '../version.ts';
import { collectRegions, preferRegion } from './collect-regions.ts';
import { createRunDirectory } from './run-id.ts';
import { CoverageCounter, type RunSummary } from './run-summary.ts';

export interface RunInventoryOptions {
  settings: Pick<Settings, 'query' | 'regions' | 'workersRegion' | 'workersEnrich' | 'outdir' | 'prev' | 'formats'>;
  auth: ResolvedAuth;
  factory: OciClientFactory;
  logger: Logger;
  progress?: ProgressReporter;
  registry?: EnricherRegistry;
  clock?: () => Date;
  /** Records held in memory before the sorter spills a sorted run to disk. */
  maxRecordsInMemory?: number;
}

export interface RunResult {
  runId: string;
  runDir: string;
  summary: RunSummary;
}

export async function runInventory(options: RunInventoryOptions): Promise<RunResult> {
  const { settings, auth, factory, logger } = options;
  const clock = options.clock ?? (() => new Date());
  const registry = options.registry ?? (await loadDefaultRegistry());
  if (settings.prev !== null && !settings.formats.includes('jsonl')) {
    throw new UsageError('--prev needs the jsonl format (the diff compares inventory.jsonl files); add jsonl to --formats');
  }
  if (settings.prev !== null) {
    // Fail before the inventory runs, not after: the previous inventory must be readable.
    await access(settings.prev).catch((error: unknown) => {
      throw new UsageError(`Cannot read --prev ${settings.prev}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`, { cause: error });
    });
  }
  const callRegion = auth.region;
  if (!callRegion) {
    throw new UsageError('No region to call Identity in: set "region" in the OCI config profile (or OCI_RESOURCE_PRINCIPAL_REGION)');
  }

  const startedAt = clock();
  const { runId, runDir } = await createRunDirectory(settings.outdir, startedAt);
  const workDir = join(runDir, '.work');
  const log = logger.child({ runId });
  log.info('run started', { runDir, query: settings.query });

  const summary: RunSummary = {
    runId,
    status: 'failed',
    startedAt: startedAt.toISOString(),
    finishedAt: startedAt.toISOString(),
    query: settings.query,
    toolVersion: TOOL_VERSION,
    tenancyId: auth.tenancyId,
    total_discovered: 0,
    enriched_ok: 0,
    not_implemented: 0,
    not_found: 0,
    errors: 0,
    counts_by_resource_type: {},
    counts_by_enrich_status: { OK: 0, NOT_IMPLEMENTED: 0, NOT_FOUND: 0, ERROR: 0 },
    coverage_by_resource_type: {},
    types_without_enricher: [],
    graph: null,
    compartments: 0,
    regions: [],
    files: [],
    diff: null,
    error: null,
  };

  try {
    const regions = await listSubscribedRegions(factory, { tenancyId: auth.tenancyId, callRegion, wanted: settings.regions });
    const homeRegion = regions.find((region) => region.isHomeRegion)?.name ?? null;
    const identityRegion = homeRegion ?? callRegion;
    summary.compartments = (await listCompartmentTree(factory, { tenancyId: auth.tenancyId, callRegion: identityRegion })).length;

    // The sorter spills sorted runs here, the enrichment queues their overflow, the graph its temporary files.
    await mkdir(workDir, { recursive: true });
    const sorter = new ExternalRecordSorter({
      tmpDir: workDir,
      resolveDuplicate: preferRegion(homeRegion),
      ...(options.maxRecordsInMemory === undefined ? {} : { maxRecordsInMemory: options.maxRecordsInMemory }),
    });
    try {
      summary.regions = await collectRegions({ ...options, registry, regions, sorter, clock, spillDir: workDir });
      const failed = summary.regions.filter((region) => region.status === 'failed');
      if (failed.length === summary.regions.length && failed.some((region) => region.error?.startsWith('401 '))) {
        throw new AuthError(`Every region rejected the credentials: ${failed[0]?.error}`);
      }

      const coverage = new CoverageCounter();
      const exported = await writeExports(coverage.countChunks(sorter.sortedChunks()), { dir: runDir, formats: settings.formats, graph: { tmpDir: workDir } });
      summary.files = [
        ...exported.files.map((file) => ({ name: basename(file.path), bytes: file.bytes, sha256: file.sha256 })),
        ...(exported.graph?.files ?? []).map((file) => ({ name: file.name, bytes: file.bytes, sha256: file.sha256 })),
      ];
      if (exported.graph) summary.graph = { nodes: exported.graph.nodes, edges: exported.graph.edges, external_targets: exported.graph.externalTargets };
      Object.assign(summary, coverage.summaryFields());
    } finally {
      await sorter.dispose();
    }

    if (settings.prev !== null) {
      const diff = await diffInventories({ prevPath: settings.prev, currPath: join(runDir, 'inventory.jsonl'), outDir: runDir });
      summary.diff = { ...diff };
    }
    const partial = summary.regions.some((region) => region.status === 'failed');
    summary.status = partial ? 'partial' : 'complete';
  } catch (error) {
    summary.status = 'failed';
    summary.error = error instanceof Error ? error.message.split('\n')[0] ?? 'failed' : String(error);
    throw error;
  } finally {
    summary.finishedAt = clock().toISOString();
    await rm(workDir, { recursive: true, force: true });
    // Written last: its presence with status complete or partial is what marks the run as finished.
    await writeFileAtomically(join(runDir, 'run_summary.json'), async (file) => {
      await file.write(Buffer.from(`${JSON.stringify(summary, null, 2)}\n`));
    });
    log.info('run finished', { status: summary.status, records: summary.total_discovered });
  }
  return { runId, runDir, summary };
}
