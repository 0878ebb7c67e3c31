/**
 * Scenario "merge-diff": the serverless merge of 8 region shards into one inventory, then the diff of
 * that inventory against the previous run's.
 *
 * Setup (not measured), from the emulator's deterministic lazy tenancy (1,000,000 resources; quick:
 * 50,000) in 8 regions, cached under bench/tmp/merge-diff-input/ (keyed by seed, size and INPUT_VERSION:
 * at 1M it writes ~9M lines and takes minutes; the phases only read these files):
 * - One shard per region, written as the region function writes it: every Search hit of the region
 *   (global IAM types in every region, as Search returns them) made into a record by recordFromSummary,
 *   sorted by ExternalRecordSorter and written as canonical JSONL by writeExports.
 * - previous.jsonl: the run before, one record per resource (the home region's copy of a global one),
 *   `collectedAt` a day earlier on every record (so the diff's fast path sees what it sees nightly), and
 *   1% of the records different, chosen by a hash of the OCID: 0.98% changed (the previous record had
 *   another displayName, lifecycleState, free-form tag, defined tag or details field, in turn), 0.01%
 *   added (absent from previous.jsonl) and 0.01% removed (a previous-only copy of a record under an OCID
 *   the tenancy does not have, as if terminated since).
 *
 * Measured, each phase in its own fresh process (peak RSS of that phase alone):
 * - merge: mergeShardFiles (the merge function's core: k-way merge, duplicate resolution, coverage
 *   counts, inventory.jsonl + .csv + .parquet + graph files in one pass), run as the merge function runs
 *   it: from a bundle built like the function's (merge-function-phase.ts), not under tsx. The difference
 *   matters: under tsx the Parquet writer encodes on a worker thread (a second V8 isolate plus tsx's loader,
 *   ~80 MB of RSS), which the function's single-file bundle never starts; and tsx itself adds ~20 MB. It
 *   also runs with the V8 heap limit the local Fn agent gives the function (heapArgs of the deployment's
 *   memory): left to size its heap from this host's 24 GiB, V8 let the merge peak at 300-365 MB instead of
 *   ~250 MB (measured alternately, same bundle).
 * - diff: diffInventories(previous.jsonl, merged inventory.jsonl) writing diff.json and diff_summary.json
 *   (under tsx).
 * The scenario then checks that the merge wrote one record per resource and that the diff found exactly
 * the injected differences (counts and the keys of every added, removed and changed record).
 */
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTenancy, RESOURCE_TYPES, type ResourceSummary } from '../../emulator/tenancy/index.ts';
import type { ResourceSummary as SdkResourceSummary } from '../../shared/discovery/search-pages.ts';
import { diffInventories } from '../../shared/diff/diff-inventories.ts';
import { ExternalRecordSorter } from '../../shared/export/external-sort.ts';
import { writeExports } from '../../shared/export/write-exports.ts';
import type { InventoryRecord, JsonObject, JsonValue, Relationship } from '../../shared/model/record.ts';
import { recordFromSummary } from '../../shared/normalize/record-from-summary.ts';
import { preferRegion } from '../../shared/run/collect-regions.ts';
import { FUNCTION_MEMORY_MB } from '../../emulator/deployment/local-deployment.ts';
import { heapArgs } from '../../emulator/fn-agent/container-env.ts';
import { bundle } from '../../scripts/bundle.mjs';
import { figure, type ScenarioOptions, type ScenarioResult } from '../support/figures.ts';
import { runPhase, type PhaseOutcome } from '../support/run-phase.ts';
import { runProcess } from '../support/run-process.ts';

const THIS_MODULE = fileURLToPath(import.meta.url);
const SEED = 'bench-merge-diff';
const REGION_COUNT = 8;
const FULL_RECORDS = 1_000_000;
const QUICK_RECORDS = 50_000;
const TARGETS = { mergeRssMb: 300, diffSeconds: 20, diffRssMb: 300 } as const;
const CURRENT_RUN_AT = new Date(Date.UTC(2025, 10, 26, 2, 0, 0));
const PREVIOUS_RUN_AT = new Date(Date.UTC(2025, 10, 25, 2, 0, 0));
/** Out of 10,000 (by OCID hash): buckets below CHANGED_BELOW changed, then one added and one removed. */
const CHANGED_BELOW = 98;
const ADDED_BUCKET = 98;
const REMOVED_BUCKET = 99;
const MB = 1024 * 1024;

const GLOBAL_TYPES: ReadonlySet<string> = new Set(RESOURCE_TYPES.filter((spec) => spec.scope === 'global').map((spec) => spec.searchType));

interface Injected {
  added: string[];
  removed: string[];
  changed: string[];
}

interface Inputs {
  shardPaths: string[];
  previousPath: string;
  homeRegion: string;
  /** Records of the merged inventory: one per resource. */
  records: number;
  shardLines: number;
  injected: Injected;
}

export async function run(options: ScenarioOptions): Promise<ScenarioResult> {
  const size = options.quick ? QUICK_RECORDS : FULL_RECORDS;
  const inputs = await cachedInputs(size);

  const mergeDir = join(options.workDir, 'merged');
  await mkdir(mergeDir);
  const merge = await runMergeFunctionPhase(options.workDir, {
    shardPaths: inputs.shardPaths,
    outDir: mergeDir,
    tmpDir: join(options.workDir, 'merge-tmp'),
    homeRegion: inputs.homeRegion,
  });
  if (merge.result.records !== inputs.records || merge.result.coverageTotal !== inputs.records) {
    throw new Error(`merge-diff: the merge wrote ${merge.result.records} records (coverage ${merge.result.coverageTotal}); expected ${inputs.records}`);
  }

  const diffDir = join(options.workDir, 'diff');
  const diff = await runPhase<DiffPhaseResult>(THIS_MODULE, 'diffPhase', {
    prevPath: inputs.previousPath,
    currPath: join(mergeDir, 'inventory.jsonl'),
    outDir: diffDir,
  } satisfies DiffPhaseArgs);
  await checkDiff(diffDir, diff.result, inputs);

  const { injected } = inputs;
  return {
    figures: [
      figure('merge_s', 'merge wall time', 's', merge.wallMs / 1000),
      figure('merge_cpu_s', 'merge CPU time', 's', merge.cpuMs / 1000),
      figure('merge_rss_mb', 'merge peak RSS', 'MB', merge.maxRssBytes / MB, { op: '<=', value: TARGETS.mergeRssMb }),
      figure('diff_s', 'diff wall time', 's', diff.wallMs / 1000, { op: '<=', value: TARGETS.diffSeconds }),
      figure('diff_cpu_s', 'diff CPU time', 's', diff.cpuMs / 1000),
      figure('diff_rss_mb', 'diff peak RSS', 'MB', diff.maxRssBytes / MB, { op: '<=', value: TARGETS.diffRssMb }),
    ],
    facts: {
      records: inputs.records,
      shards: inputs.shardPaths.length,
      shard_lines: inputs.shardLines,
      inventory_jsonl_bytes: merge.result.jsonlBytes,
      bytes_per_record: Math.round(merge.result.jsonlBytes / inputs.records),
      changes_found: diff.result.added + diff.result.removed + diff.result.changed,
      changed: injected.changed.length,
      added: injected.added.length,
      removed: injected.removed.length,
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// Phases (each runs in its own process through runPhase)

export interface MergePhaseArgs {
  shardPaths: string[];
  outDir: string;
  tmpDir: string;
  homeRegion: string;
}

export interface MergePhaseResult {
  records: number;
  coverageTotal: number;
  jsonlBytes: number;
}

/** Bundles merge-function-phase.ts like the function (not measured), then runs the merge from it in a fresh process. */
async function runMergeFunctionPhase(workDir: string, args: MergePhaseArgs): Promise<PhaseOutcome<MergePhaseResult>> {
  const { outfile } = await bundle({ entry: join(dirname(THIS_MODULE), 'merge-function-phase.ts'), outfile: join(workDir, 'merge-function-phase.cjs') });
  const resultPath = join(workDir, 'merge-phase-result.json');
  // The V8 heap limit the local Fn agent gives a function of the local deployment's memory, as the merge
  // function runs under it (a real function's V8 sizes its heap from its container's memory alike).
  const outcome = await runProcess(process.execPath, [...heapArgs(FUNCTION_MEMORY_MB), outfile, JSON.stringify(args), resultPath]);
  if (outcome.code !== 0) throw new Error(`merge-diff: the merge phase exited with ${outcome.code}:\n${outcome.stdout.slice(-8_000)}${outcome.stderrTail}`);
  return JSON.parse(await readFile(resultPath, 'utf8')) as PhaseOutcome<MergePhaseResult>;
}

export interface DiffPhaseArgs {
  prevPath: string;
  currPath: string;
  outDir: string;
}

export interface DiffPhaseResult {
  added: number;
  removed: number;
  changed: number;
  unchanged: number;
  prev_total: number;
  curr_total: number;
}

export async function diffPhase(args: DiffPhaseArgs): Promise<DiffPhaseResult> {
  return diffInventories(args);
}

// ---------------------------------------------------------------------------------------------------
// Checks

async function checkDiff(diffDir: string, summary: DiffPhaseResult, inputs: Inputs): Promise<void> {
  const { injected, records } = inputs;
  const expected: DiffPhaseResult = {
    added: injected.added.length,
    removed: injected.removed.length,
    changed: injected.changed.length,
    unchanged: records - injected.added.length - injected.changed.length,
    prev_total: records - injected.added.length + injected.removed.length,
    curr_total: records,
  };
  for (const key of Object.keys(expected) as (keyof DiffPhaseResult)[]) {
    if (summary[key] !== expected[key]) {
      throw new Error(`merge-diff: the diff found ${key} = ${summary[key]}, but ${expected[key]} were injected (${JSON.stringify(summary)})`);
    }
  }
  const document = JSON.parse(await readFile(join(diffDir, 'diff.json'), 'utf8')) as {
    added: { ocid: string }[];
    removed: { ocid: string }[];
    changed: { ocid: string; changes: unknown[] }[];
  };
  for (const section of ['added', 'removed', 'changed'] as const) {
    const found = document[section].map((entry) => entry.ocid).sort();
    const wanted = [...injected[section]].sort();
    if (found.length !== wanted.length || found.some((ocid, index) => ocid !== wanted[index])) {
      throw new Error(`merge-diff: diff.json's "${section}" does not list exactly the injected records`);
    }
  }
  if (document.changed.some((entry) => entry.changes.length !== 1)) {
    throw new Error('merge-diff: every injected change touches one field, but diff.json reports another number of field changes');
  }
}

// ---------------------------------------------------------------------------------------------------
// Inputs

/** Bump when what buildInputs writes changes (tenancy, record shape, shard format): cached inputs are keyed by it. */
const INPUT_VERSION = 1;
const CACHE_DIR = join(dirname(THIS_MODULE), '..', 'tmp', 'merge-diff-input');

/** What inputs.json holds: Inputs with paths relative to the cache folder. */
interface CachedInputs extends Omit<Inputs, 'shardPaths' | 'previousPath'> {
  shardNames: string[];
}

/**
 * The inputs of `size` records from the cache, built there first when missing. Built in a scratch folder
 * and renamed into place, so an interrupted build is never taken for a cached one.
 */
async function cachedInputs(size: number): Promise<Inputs> {
  const dir = join(CACHE_DIR, `${SEED}-${size}-v${INPUT_VERSION}`);
  const manifest = join(dir, 'inputs.json');
  if (!(await stat(manifest).then(() => true, () => false))) {
    const scratch = `${dir}.tmp-${process.pid}`;
    await rm(scratch, { recursive: true, force: true });
    await mkdir(scratch, { recursive: true });
    try {
      const built = await buildInputs(scratch, size);
      await rm(join(scratch, 'sort'), { recursive: true, force: true });
      const { shardPaths, previousPath, ...rest } = built;
      const cached: CachedInputs = { ...rest, shardNames: shardPaths.map((path) => path.slice(scratch.length + 1)) };
      await writeFile(join(scratch, 'inputs.json'), JSON.stringify(cached));
      // Another benchmark may have cached the same inputs meanwhile: theirs are as good.
      await rename(scratch, dir).catch(async (error: unknown) => {
        if (!(await stat(manifest).then(() => true, () => false))) throw error;
      });
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }
  const { shardNames, ...rest } = JSON.parse(await readFile(manifest, 'utf8')) as CachedInputs;
  return { ...rest, shardPaths: shardNames.map((name) => join(dir, name)), previousPath: join(dir, 'previous.jsonl') };
}

async function buildInputs(workDir: string, size: number): Promise<Inputs> {
  const tenancy = createTenancy({ size, seed: SEED, regionCount: REGION_COUNT });
  const homeRegion = tenancy.homeRegion;
  const shardDir = join(workDir, 'shards');
  const sortDir = join(workDir, 'sort');
  await mkdir(shardDir, { recursive: true });
  await mkdir(sortDir, { recursive: true });

  const previous = new ExternalRecordSorter({ tmpDir: sortDir });
  const injected: Injected = { added: [], removed: [], changed: [] };
  const shardPaths: string[] = [];
  let records = 0;
  let shardLines = 0;
  try {
    for (const region of tenancy.regions) {
      const shard = new ExternalRecordSorter({ tmpDir: sortDir, resolveDuplicate: preferRegion(homeRegion) });
      try {
        for (const summary of tenancy.iterate(region.name, { withDetails: true })) {
          const record = realisticRecord(summary, region.name, CURRENT_RUN_AT);
          await shard.add(record);
          // One record per resource in the merged run: the home region's copy of a global one.
          if (region.name !== homeRegion && GLOBAL_TYPES.has(record.resourceType)) continue;
          records += 1;
          await addPrevious(previous, record, injected);
        }
        const written = await writeExports(shard.sorted(), { dir: shardDir, formats: ['jsonl'], baseName: region.name });
        shardLines += written.records;
        shardPaths.push(join(shardDir, `${region.name}.jsonl`));
      } finally {
        await shard.dispose();
      }
    }
    await writeExports(previous.sorted(), { dir: workDir, formats: ['jsonl'], baseName: 'previous' });
  } finally {
    await previous.dispose();
  }
  if (records !== size) throw new Error(`merge-diff: the tenancy has ${records} distinct resources, expected ${size}`);
  return { shardPaths, previousPath: join(workDir, 'previous.jsonl'), homeRegion, records, shardLines, injected };
}

/** The previous run's version of `current` (and, for the "removed" bucket, a record only that run had). */
async function addPrevious(previous: ExternalRecordSorter, current: InventoryRecord, injected: Injected): Promise<void> {
  const bucket = fnv1a(current.ocid) % 10_000;
  const before: InventoryRecord = { ...current, collectedAt: PREVIOUS_RUN_AT.toISOString() };
  if (bucket === ADDED_BUCKET) {
    injected.added.push(current.ocid);
    return;
  }
  if (bucket === REMOVED_BUCKET) {
    // Base32 OCIDs never contain '0': this OCID is not one of the tenancy's.
    const gone = { ...before, ocid: `${current.ocid.slice(0, -8)}00000000`, lifecycleState: 'TERMINATED' };
    injected.removed.push(gone.ocid);
    await previous.add(gone);
  }
  if (bucket < CHANGED_BELOW) {
    injected.changed.push(current.ocid);
    await previous.add(changedBefore(before, Math.floor(bucket / 2) % 5));
    return;
  }
  await previous.add(before);
}

/** The record as it was before one field changed (exactly one changed leaf, so diff.json has one change). */
function changedBefore(record: InventoryRecord, kind: number): InventoryRecord {
  switch (kind) {
    case 0:
      return { ...record, displayName: `${record.displayName ?? 'unnamed'}-old` };
    case 1:
      return { ...record, lifecycleState: record.lifecycleState === 'UPDATING' ? 'AVAILABLE' : 'UPDATING' };
    case 2:
      return { ...record, freeformTags: { ...record.freeformTags, 'decommission-candidate': 'yes' } };
    case 3:
      return { ...record, definedTags: { ...record.definedTags, Audit: { ReviewedBy: 'bench' } } };
    default:
      return { ...record, details: { ...record.details, benchPreviousRevision: 41 } };
  }
}

/**
 * A record as the region function makes it: the Search summary plus enrichment, with the summary's
 * additional details as `details` (what the emulator's GET calls add) and relationships to the
 * compartment and to every OCID those details name.
 */
function realisticRecord(summary: ResourceSummary, region: string, collectedAt: Date): InventoryRecord {
  const details: JsonObject = { ...(summary.additionalDetails as JsonObject) };
  const relationships: Relationship[] = [{ relation: 'in_compartment', target: summary.compartmentId }];
  for (const [field, value] of Object.entries(details)) {
    if (typeof value === 'string' && value.startsWith('ocid1.') && field.endsWith('Id')) {
      relationships.push({ relation: `uses_${snakeCase(field.slice(0, -2))}`, target: value });
    }
  }
  // As the SDK hands it over: timeCreated parsed into a Date.
  const sdkSummary: SdkResourceSummary = {
    ...summary,
    timeCreated: new Date(summary.timeCreated),
    availabilityDomain: summary.availabilityDomain ?? undefined,
    searchContext: undefined,
  };
  return recordFromSummary(sdkSummary, region, { status: 'OK', error: null, details: details as Record<string, JsonValue>, relationships }, collectedAt);
}

function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/** 32-bit FNV-1a of a string's UTF-16 code units: a cheap, stable choice of records. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
