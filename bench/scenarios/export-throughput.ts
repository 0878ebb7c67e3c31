/**
 * Scenario "export": what a CLI run does after collection, at a million records.
 *
 * Measured work (shared/run/run-inventory.ts after collectRegions): every record is added to an
 * ExternalRecordSorter (in the interleaved order regions deliver them, global IAM resources once per
 * region, duplicates resolved by preferRegion(home)), then `writeExports(sorter.sortedChunks())` writes
 * inventory.jsonl, inventory.csv and inventory.parquet. A second pass does the same with the graph files
 * on (`graph: { tmpDir }`), as the CLI run does; it has no target and is reported for honesty.
 *
 * Input: the records a CLI run would build, `recordFromSummary(summary, region, enrichment, clock())`, for
 * every Search hit of the emulator's deterministic lazy tenancy (`query all resources`, so
 * additionalDetails is `{}`), enriched without HTTP: the GET body is the emulator's own model
 * (emulator/reads, the builders its GET routes serve), passed through JSON as on the wire, then the real
 * enricher declaration (shared/enrich/catalog.ts DECLARATIONS) picks `details` and derives relationships
 * with declarativeEnricher's own enrichmentFromModel. Approximation: declared extra list calls (VNIC attachments, node
 * pools, exports, routes) are left empty, so those few types' details are a little smaller than in a real
 * run. Types without a declaration are NOT_IMPLEMENTED with the Search summary as details, as in a run.
 *
 * Input generation is NOT part of the export figures. The records are generated once per size (in a
 * child process, so the emulator's indexes never count towards this process's RSS) into a cached file,
 * bench/tmp/export-input/<seed>-<size>-v<N>.jsonl, one JSON record per line in delivery order. A pass
 * reads it in chunks of CHUNK records: reading and JSON.parse of a chunk are timed as input (wall) and
 * subtracted, and so is the CPU time of an input-only pass over the same file (inputCost); adding the
 * chunk's records to the sorter and everything after is the export.
 * Export records/s = records / (wall - input wall); export CPU = all threads' CPU - input CPU. All input
 * is read before the exports start (a sort needs every record first); only a spill's file writes (thread
 * pool) can overlap the input timing, so the wall figure may flatter the export by a little on a loaded
 * machine; the CPU figure does not (compare CPU when the machine is busy).
 */
import { rm, mkdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTenancy, type Tenancy } from '../../emulator/tenancy/index.ts';
import type { ResourceSummary as EmulatorSummary } from '../../emulator/tenancy/index.ts';
import { TenancyReads } from '../../emulator/reads/index.ts';
import { ComputeReads } from '../../emulator/reads/compute/index.ts';
import { DataServiceReads } from '../../emulator/reads/data-services/index.ts';
import { NetworkServicesReads } from '../../emulator/reads/network-services/index.ts';
import type { Model } from '../../emulator/reads/model-fields.ts';
import type { ResourceSummary } from '../../shared/discovery/search-pages.ts';
import { DECLARATIONS } from '../../shared/enrich/catalog.ts';
import { enrichmentFromModel, type TypeDeclaration } from '../../shared/enrich/declaration.ts';
import type { EnrichmentResult } from '../../shared/enrich/enricher.ts';
import { searchSummaryDetails } from '../../shared/enrich/search-summary.ts';
import { ExternalRecordSorter } from '../../shared/export/external-sort.ts';
import { writeExports, type ExportResult } from '../../shared/export/write-exports.ts';
import type { InventoryRecord } from '../../shared/model/record.ts';
import { recordFromSummary } from '../../shared/normalize/record-from-summary.ts';
import { preferRegion } from '../../shared/run/collect-regions.ts';
import { writeFileAtomically } from '../../shared/io/atomic-file.ts';
import { BufferedWriter } from '../../shared/io/buffered-writer.ts';
import { readLines } from '../../shared/io/line-reader.ts';
import { runPhase } from '../support/run-phase.ts';
import { figure, type ScenarioOptions, type ScenarioResult } from '../support/figures.ts';

const SEED = 'bench-export';
const FULL_RECORDS = 1_000_000;
const QUICK_RECORDS = 50_000;
/**
 * Records parsed ahead of the sorter. Small, because a run hands each record to the sorter as soon as its
 * enrichment completes: thousands of parsed records kept alive across scavenges would make the benchmark
 * pay garbage-collection work (promotion to the old generation) that a run does not.
 */
const CHUNK = 100;
/** Records generated per step when writing the input file (does not change what is generated). */
const GENERATE_CHUNK = 2_000;
const TARGET_RECORDS_PER_SECOND = 40_000;
const TARGET_RSS_MB = 600;

/** Deterministic PRNG (mulberry32) for the region interleaving. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type ReadModel = (searchType: string, ocid: string, region: string) => Model;

/** Emulator GET bodies by Search type, through the same model builders the emulator's GET routes serve. */
class EmulatorGets {
  readonly #readers: readonly ReadModel[];
  readonly #byType = new Map<string, ReadModel | null>();

  constructor(tenancy: Tenancy) {
    const reads = new TenancyReads(tenancy);
    const compute = new ComputeReads(reads);
    const data = new DataServiceReads(reads);
    const services = new NetworkServicesReads(reads.reader);
    const scope = (region: string) => ({ region, tenancyId: tenancy.id, baseUrl: 'http://127.0.0.1:1' });
    this.#readers = [
      (type, ocid, region) => compute.model(type, ocid, scope(region)),
      (type, ocid, region) => services.model(type, ocid, scope(region)),
      (type, ocid, region) => data.read(type, ocid, scope(region)),
      (type, ocid, region) => reads.network(type, ocid, scope(region)),
      (type, ocid, region) => reads.identity(type, ocid, scope(region)),
    ];
    this.bucket = (name, region) => reads.buckets.get(region, name, { approximate: false }) as unknown as Model | undefined;
  }

  readonly bucket: (name: string, region: string) => Model | undefined;

  /** The GET body as the SDK hands it over (through JSON, as on the wire), or undefined. */
  get(summary: EmulatorSummary, region: string): Model | undefined {
    const type = summary.resourceType;
    if (type === 'Bucket') {
      const model = this.bucket(summary.displayName, region);
      return model === undefined ? undefined : (JSON.parse(JSON.stringify(model)) as Model);
    }
    let reader = this.#byType.get(type);
    if (reader === undefined) {
      reader = null;
      for (const candidate of this.#readers) {
        try {
          candidate(type, summary.identifier, region);
          reader = candidate;
          break;
        } catch {
          // not this service's type
        }
      }
      this.#byType.set(type, reader);
    }
    if (reader === null) return undefined;
    return JSON.parse(JSON.stringify(reader(type, summary.identifier, region))) as Model;
  }
}

/**
 * The records a run of `query all resources` would hand the sorter, region by region interleaved the way
 * concurrent regions deliver them (random page-sized runs per region, shuffled within a small window as
 * enrichment completes out of order). Deterministic for a seed.
 */
export class TenancyRecordSource {
  readonly tenancy: Tenancy;
  readonly homeRegion: string;
  readonly #gets: EmulatorGets;
  readonly #declarations: ReadonlyMap<string, TypeDeclaration>;
  readonly #regions: { name: string; items: Iterator<EmulatorSummary> }[];
  readonly #random = prng(20251126);
  readonly #collectedAt = new Date(Date.UTC(2025, 10, 26, 2, 0, 0));
  #window: InventoryRecord[] = [];
  /** Records handed out so far (duplicates of global resources included). */
  produced = 0;

  constructor(size: number) {
    this.tenancy = createTenancy({ size, seed: SEED });
    this.homeRegion = this.tenancy.homeRegion;
    this.#gets = new EmulatorGets(this.tenancy);
    this.#declarations = new Map(DECLARATIONS.map((declaration) => [declaration.resourceType, declaration]));
    this.#regions = this.tenancy.regions.map((region) => ({ name: region.name, items: this.tenancy.iterate(region.name) }));
  }

  /** Up to `count` records; an empty array at the end. */
  next(count: number): InventoryRecord[] {
    const out: InventoryRecord[] = [];
    while (out.length < count && (this.#regions.length > 0 || this.#window.length > 0)) {
      if (this.#window.length < 64 && this.#regions.length > 0) {
        const pick = Math.floor(this.#random() * this.#regions.length);
        const region = this.#regions[pick]!;
        const run = 1 + Math.floor(this.#random() * 100);
        for (let index = 0; index < run; index++) {
          const next = region.items.next();
          if (next.done) {
            this.#regions.splice(pick, 1);
            break;
          }
          this.#window.push(this.#record(next.value, region.name));
        }
        continue;
      }
      const at = Math.floor(this.#random() * this.#window.length);
      const last = this.#window.pop()!;
      if (at < this.#window.length) {
        out.push(this.#window[at]!);
        this.#window[at] = last;
      } else {
        out.push(last);
      }
    }
    this.produced += out.length;
    return out;
  }

  #record(hit: EmulatorSummary, region: string): InventoryRecord {
    // The SDK's ResourceSummary is what Search's JSON deserialises to.
    const summary = JSON.parse(JSON.stringify(hit)) as ResourceSummary;
    const declaration = this.#declarations.get(hit.resourceType);
    let enrichment: EnrichmentResult;
    if (declaration === undefined) {
      enrichment = { status: 'NOT_IMPLEMENTED', details: searchSummaryDetails(summary), relationships: [], error: null };
    } else {
      const model = this.#gets.get(hit, region);
      enrichment = model === undefined
        ? { status: 'NOT_FOUND', details: searchSummaryDetails(summary), relationships: [], error: '404 NotAuthorizedOrNotFound' }
        : enrichmentFromModel(declaration, summary, model, {});
    }
    return recordFromSummary(summary, region, enrichment, this.#collectedAt);
  }
}

interface PassOutcome {
  result: ExportResult;
  added: number;
  wallMs: number;
  /** Reading and parsing the pre-generated input (excluded from the export figures). */
  inputMs: number;
  cpuMs: number;
  inputCpuMs: number;
  /** From the start to the last add (input included): the rest of the wall time is sorting's merge and the writes. */
  addPhaseMs: number;
}

function cpuMsNow(): number {
  const usage = process.resourceUsage();
  return (usage.userCPUTime + usage.systemCPUTime) / 1000;
}

/** Bump when the generator changes what it produces: cached input files are keyed by it. */
const GENERATOR_VERSION = 3;
const CACHE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'tmp', 'export-input');

/**
 * Writes the input of `size` to `path` (one JSON record per line, in delivery order). Runs in its own
 * process (runPhase), so the emulator's indexes never count towards the export's peak RSS.
 */
export async function generateInputFile(args: { size: number; path: string }): Promise<{ records: number; ms: number }> {
  const started = performance.now();
  const source = new TenancyRecordSource(args.size);
  await writeFileAtomically(args.path, async (file) => {
    const out = new BufferedWriter(file);
    for (let chunk = source.next(GENERATE_CHUNK); chunk.length > 0; chunk = source.next(GENERATE_CHUNK)) {
      for (const record of chunk) {
        const wait = out.writeString(`${JSON.stringify(record)}\n`);
        if (wait !== undefined) await wait;
      }
    }
    await out.flush();
  });
  return { records: source.produced, ms: Math.round(performance.now() - started) };
}

/** The cached input file of `size` records (deterministic), generated in a child process when missing. */
export async function inputFile(size: number): Promise<{ path: string; generatedNow: boolean }> {
  const path = join(CACHE_DIR, `${SEED}-${size}-v${GENERATOR_VERSION}.jsonl`);
  const exists = await stat(path).then(() => true, () => false);
  if (exists) return { path, generatedNow: false };
  await mkdir(CACHE_DIR, { recursive: true });
  await runPhase(fileURLToPath(import.meta.url), 'generateInputFile', { size, path });
  return { path, generatedNow: true };
}

/** Reads and parses the whole input and nothing else; the CPU time it took (see inputCost). */
export async function measureInputCost(args: { path: string }): Promise<{ cpuMs: number }> {
  const startedCpu = cpuMsNow();
  for await (const line of readLines(args.path, { maxLineBytes: Infinity })) JSON.parse(line);
  return { cpuMs: cpuMsNow() - startedCpu };
}

const inputCosts = new Map<string, Promise<{ cpuMs: number }>>();

/**
 * The CPU time of reading and parsing the input alone, measured once per file by a pass that does only
 * that, in its own process (so it adds nothing to the export's peak RSS): the export pass subtracts it.
 * (Measuring CPU around every chunk of the export pass itself cost a getrusage call per chunk, which is
 * not free at 10,000 chunks; wall time per chunk is cheap and kept.)
 */
function inputCost(input: string): Promise<{ cpuMs: number }> {
  let cost = inputCosts.get(input);
  if (cost === undefined) {
    cost = runPhase<{ cpuMs: number }>(fileURLToPath(import.meta.url), 'measureInputCost', { path: input }).then((phase) => phase.result);
    inputCosts.set(input, cost);
  }
  return cost;
}

/** One export pass: records from the input file into the sorter (reading timed apart), then the exports. */
export async function exportPass(input: string, dir: string, withGraph: boolean, homeRegion: string): Promise<PassOutcome> {
  await mkdir(dir, { recursive: true });
  const workDir = join(dir, '.work');
  await mkdir(workDir, { recursive: true });
  const inputCpuMs = (await inputCost(input)).cpuMs;
  const started = performance.now();
  const startedCpu = cpuMsNow();
  let inputMs = 0;
  let added = 0;
  const sorter = new ExternalRecordSorter({ tmpDir: workDir, resolveDuplicate: preferRegion(homeRegion) });
  const lines = readLines(input, { maxLineBytes: Infinity });
  try {
    for (let done = false; !done; ) {
      const t0 = performance.now();
      const chunk: InventoryRecord[] = [];
      while (chunk.length < CHUNK) {
        const next = await lines.next();
        if (next.done) {
          done = true;
          break;
        }
        chunk.push(JSON.parse(next.value) as InventoryRecord);
      }
      inputMs += performance.now() - t0;
      for (const record of chunk) {
        const wait = sorter.add(record);
        if (wait !== undefined) await wait;
      }
      added += chunk.length;
    }
    const addPhaseMs = performance.now() - started;
    const result = await writeExports(sorter.sortedChunks(), {
      dir,
      formats: ['jsonl', 'csv', 'parquet'],
      ...(withGraph ? { graph: { tmpDir: workDir } } : {}),
    });
    return { result, added, wallMs: performance.now() - started, inputMs, cpuMs: cpuMsNow() - startedCpu, inputCpuMs, addPhaseMs };
  } finally {
    await lines.return();
    await sorter.dispose();
    await rm(workDir, { recursive: true, force: true });
  }
}

const mb = (kb: number) => Math.round((kb / 1024) * 10) / 10;
const seconds = (ms: number) => Math.round(ms / 10) / 100;

export async function run(options: ScenarioOptions): Promise<ScenarioResult> {
  const size = options.quick ? QUICK_RECORDS : FULL_RECORDS;
  const { path, generatedNow } = await inputFile(size);
  const homeRegion = createTenancy({ size, seed: SEED }).homeRegion;
  const baseRssKb = process.resourceUsage().maxRSS;

  const plain = await exportPass(path, join(options.workDir, 'plain'), false, homeRegion);
  const plainRssKb = process.resourceUsage().maxRSS;
  const sizes: Record<string, number> = {};
  for (const file of plain.result.files) sizes[`bytes_${file.format}`] = file.bytes;
  await rm(join(options.workDir, 'plain'), { recursive: true, force: true });

  const graph = await exportPass(path, join(options.workDir, 'graph'), true, homeRegion);
  const graphRssKb = process.resourceUsage().maxRSS;

  const exportMs = (pass: PassOutcome) => pass.wallMs - pass.inputMs;
  const records = plain.result.records;
  // The tenancy has `size` distinct resources (global ones repeat per region and collapse to one): an export
  // of any other count, or a graph pass that exported something else, measured the wrong work.
  if (records !== size || graph.result.records !== size) {
    throw new Error(`the export wrote ${records} records (graph pass ${graph.result.records}), expected the tenancy's ${size}`);
  }
  return {
    figures: [
      figure('records_per_s', 'export records/s (jsonl+csv+parquet)', 'rec/s', Math.round(records / (exportMs(plain) / 1000)), { op: '>=', value: TARGET_RECORDS_PER_SECOND }),
      figure('export_wall_s', 'export wall time', 's', seconds(exportMs(plain))),
      figure('add_phase_s', 'of which adding to the sorter (spills included)', 's', seconds(plain.addPhaseMs - plain.inputMs)),
      figure('write_phase_s', 'of which merging and writing the files', 's', seconds(plain.wallMs - plain.addPhaseMs)),
      figure('export_cpu_s', 'export CPU time (all threads)', 's', seconds(plain.cpuMs - plain.inputCpuMs)),
      figure('peak_rss_mb', 'peak RSS (process, export pass)', 'MB', mb(plainRssKb), { op: '<=', value: TARGET_RSS_MB }),
      figure('input_s', 'input read + JSON.parse (excluded)', 's', seconds(plain.inputMs)),
      figure('graph_records_per_s', 'export records/s with graph files', 'rec/s', Math.round(graph.result.records / (exportMs(graph) / 1000))),
      figure('graph_cpu_s', 'export CPU time with graph files', 's', seconds(graph.cpuMs - graph.inputCpuMs)),
      figure('graph_peak_rss_mb', 'peak RSS after the graph pass', 'MB', mb(graphRssKb)),
    ],
    facts: {
      records,
      records_added: plain.added,
      ...sizes,
      jsonl_bytes_per_record: Math.round((sizes['bytes_jsonl'] ?? 0) / Math.max(1, records)),
      graph_nodes: graph.result.graph?.nodes ?? 0,
      graph_edges: graph.result.graph?.edges ?? 0,
      jsonl_sha256: plain.result.files.find((file) => file.format === 'jsonl')?.sha256 ?? '',
      rss_before_export_mb: mb(baseRssKb),
      input_generated_now: generatedNow,
    },
  };
}
