/**
 * Sorts any number of records by compareRecordKeys in bounded memory: an external merge sort.
 *
 * `add` canonicalises each record into its JSONL line (one JSON.stringify for a record already in
 * canonical form, see canonicalLineIfReady) and appends the line's UTF-8 bytes to the batch filling up
 * (line-batch.ts). When `maxRecordsInMemory` records are batched, the batch is spilled: turned into rows
 * (ExportRow.fromLineBatch locates each value in the bytes), sorted, each row's CSV line formatted, and
 * written as a "run" file in a private folder under `tmpDir` (spill-worker.ts). `sorted()` merges the runs
 * and the last batch, sorted in memory, with a binary heap (k-way-merge.ts; beyond `maxRunsPerMerge` runs,
 * groups of runs are merged into longer runs first) and collapses duplicate keys (duplicate-keys.ts).
 * At most two batches are in memory: the one being spilled and the one filling up (`add` waits for a
 * running spill only once the next batch is full too).
 *
 * Spills run on a helper thread where one can be started (`spillThread`, spill-thread.ts), on the second
 * core while this thread goes on canonicalising records; elsewhere (a single-file bundle) on this thread,
 * through the same code. The batch crosses as one transferred buffer and comes back to be refilled. The
 * rows read back are the same either way: the same stable sort of the same batch in the same order.
 *
 * A run file holds the rows in their binary form with their CSV lines (row-codec.ts): it reads back
 * without any JSON parsing, and the writers take the line, the values and the CSV line as bytes.
 *
 * `add` may be called concurrently (many workers). Run files are removed when `sorted()` finishes, fails
 * or is abandoned, and by `dispose()`; call `dispose()` in a `finally` to cover failures before sorting.
 */
import { mkdir, mkdtemp, open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { compareRecordKeys, type InventoryRecord } from '../model/record.ts';
import { UsageError } from '../errors.ts';
import { collapseDuplicateKeyChunks, type ResolveDuplicate } from './duplicate-keys.ts';
import { ExportRow } from './export-row.ts';
import { mergeSortedChunks } from './k-way-merge.ts';
import { readRowChunks, RowFileWriter } from './row-codec.ts';
import { SpillThread, spillThreadAvailable } from './spill-thread.ts';
import { writeSortedRun } from './spill-worker.ts';
import { canonicalLine, canonicalLineIfReady } from './canonical-json.ts';
import { CsvRowFormatter } from './csv-writer.ts';
import { LineBatchBuilder } from './line-batch.ts';
import { readAhead } from '../io/read-ahead.ts';

export type { ResolveDuplicate } from './duplicate-keys.ts';

export interface ExternalRecordSorterOptions {
  /** Folder for run files; a private sub-folder is created there on the first spill. Required. */
  tmpDir: string;
  /**
   * Records batched before a spill. Default 20_000; up to two batches are held at once (see above). Smaller
   * batches keep peak RSS down (V8 lets garbage pile up in proportion to what is live; measured at 200k
   * emulator records, 50_000 peaked ~150 MB higher); the extra runs cost little (1M records: 50 runs).
   */
  maxRecordsInMemory?: number;
  /** How to choose between records with the same key. Default: none, a duplicate key is an error. */
  resolveDuplicate?: ResolveDuplicate;
  /**
   * Most run files read at once. With more runs, groups of runs are first merged into longer runs, so
   * open files and read buffers stay bounded whatever the record count. Default 64 (at least 2).
   */
  maxRunsPerMerge?: number;
  /**
   * Where spills are sorted and written. 'worker': on a helper thread, which also formats the rows' CSV
   * lines ahead (see the module comment); 'auto' (default): the same where the thread's entry can be
   * resolved (not inside a single-file bundle), else 'main'; 'main': on the calling thread.
   */
  spillThread?: SpillThreadChoice;
}

export type SpillThreadChoice = 'auto' | 'main' | 'worker';

export const SORTER_DEFAULTS = { maxRecordsInMemory: 20_000, maxRunsPerMerge: 64, spillThread: 'auto' } as const;

const KNOWN_OPTIONS: ReadonlySet<string> = new Set(['tmpDir', 'maxRecordsInMemory', 'resolveDuplicate', 'maxRunsPerMerge', 'spillThread']);

type State = 'adding' | 'sorting' | 'disposed';

export class ExternalRecordSorter {
  readonly #tmpDir: string;
  readonly #maxRecordsInMemory: number;
  readonly #resolveDuplicate: ResolveDuplicate | undefined;
  readonly #maxRunsPerMerge: number;
  readonly #spillOnThread: boolean;
  #spillThread: SpillThread | undefined;
  #csvFormatter: CsvRowFormatter | undefined;
  #state: State = 'adding';
  /** The batch filling up: canonical lines, not yet sorted (line-batch.ts). */
  #batch = new LineBatchBuilder();
  /** A spilled batch's buffer, free again: the next batch fills it. */
  #spareBuffer: ArrayBuffer | undefined;
  #spilling: Promise<void> | undefined;
  #failure: unknown;
  #runDir: Promise<string> | undefined;
  /** Run files not yet merged, oldest first. */
  readonly #runs: string[] = [];
  #runFiles = 0;
  #spills = 0;
  #added = 0;

  constructor(options: ExternalRecordSorterOptions) {
    for (const key of Object.keys(options)) {
      if (!KNOWN_OPTIONS.has(key)) {
        throw new UsageError(`Unknown ExternalRecordSorter option "${key}"; expected one of ${[...KNOWN_OPTIONS].join(', ')}.`);
      }
    }
    if (typeof options.tmpDir !== 'string' || options.tmpDir === '') {
      throw new UsageError(`ExternalRecordSorter option tmpDir must be a folder path, got ${JSON.stringify(options.tmpDir)}.`);
    }
    const max = options.maxRecordsInMemory ?? SORTER_DEFAULTS.maxRecordsInMemory;
    if (!Number.isSafeInteger(max) || max < 1) {
      throw new UsageError(`ExternalRecordSorter option maxRecordsInMemory must be a positive integer, got ${String(max)}.`);
    }
    const maxRunsPerMerge = options.maxRunsPerMerge ?? SORTER_DEFAULTS.maxRunsPerMerge;
    if (!Number.isSafeInteger(maxRunsPerMerge) || maxRunsPerMerge < 2) {
      throw new UsageError(`ExternalRecordSorter option maxRunsPerMerge must be an integer of at least 2, got ${String(maxRunsPerMerge)}.`);
    }
    if (options.resolveDuplicate !== undefined && typeof options.resolveDuplicate !== 'function') {
      throw new UsageError('ExternalRecordSorter option resolveDuplicate must be a function (a, b) => winner.');
    }
    const spillThread = options.spillThread === undefined ? SORTER_DEFAULTS.spillThread : options.spillThread;
    if (spillThread !== 'auto' && spillThread !== 'main' && spillThread !== 'worker') {
      throw new UsageError(`ExternalRecordSorter option spillThread must be 'auto', 'main' or 'worker', got ${JSON.stringify(spillThread)}.`);
    }
    if (spillThread === 'worker' && !spillThreadAvailable()) {
      throw new UsageError("ExternalRecordSorter option spillThread 'worker' is not available here (no thread entry in a single-file bundle).");
    }
    this.#spillOnThread = spillThread === 'worker' || (spillThread === 'auto' && spillThreadAvailable());
    this.#tmpDir = options.tmpDir;
    this.#maxRecordsInMemory = max;
    this.#resolveDuplicate = options.resolveDuplicate;
    this.#maxRunsPerMerge = maxRunsPerMerge;
  }

  /** Records accepted so far (duplicates included). */
  get recordsAdded(): number {
    return this.#added;
  }

  /** Sorted runs spilled to disk so far (not counting runs made by merging runs). */
  get spilledRuns(): number {
    return this.#spills;
  }

  /**
   * Accepts one record. Canonicalises it now (throws RecordSerializationError for a record that cannot be
   * exported) and resolves once it is buffered; waits while a spill is running and the buffer is full.
   * Returns undefined when the record was buffered at once (the usual case: no promise, no microtask per
   * record), else a promise to await before the next add; `await sorter.add(record)` works either way.
   * Never throws: a record that cannot be exported, or an add after sorting began, is a rejected promise.
   */
  add(record: InventoryRecord): Promise<void> | undefined {
    let line: string;
    try {
      this.#assertAdding('add');
      // One JSON.stringify for a record built in canonical order (recordFromSummary's), else the checked path.
      line = canonicalLineIfReady(record) ?? canonicalLine(record);
    } catch (error) {
      return Promise.reject(error);
    }
    if (this.#batch.count >= this.#maxRecordsInMemory) {
      // A full batch starts spilling and a new one fills meanwhile; only a second full batch waits.
      if (this.#spilling !== undefined) return this.#addAfterSpill(line);
      this.#spillBatch();
    }
    this.#batch.add(line);
    this.#added++;
    return undefined;
  }

  async #addAfterSpill(line: string): Promise<void> {
    while (this.#batch.count >= this.#maxRecordsInMemory) {
      if (this.#spilling !== undefined) await this.#spilling.catch(() => undefined);
      this.#assertAdding('add');
      if (this.#batch.count >= this.#maxRecordsInMemory && this.#spilling === undefined) this.#spillBatch();
    }
    this.#batch.add(line);
    this.#added++;
  }

  /**
   * The records in compareRecordKeys order with duplicate keys collapsed, as ExportRows (ready for
   * writeExports; `row.toRecord()` gives the record). Call once, after the last `add` has resolved.
   */
  sorted(): AsyncGenerator<ExportRow> {
    return flatten(this.sortedChunks());
  }

  /**
   * What `sorted()` yields, in arrays of rows (up to about a thousand): one asynchronous step per array
   * instead of per row, which at a million rows saved seconds of promise and generator work. writeExports
   * takes these arrays as they are. Call once (instead of `sorted()`), after the last `add` has resolved.
   */
  sortedChunks(): AsyncGenerator<ExportRow[]> {
    this.#assertAdding('sort');
    this.#state = 'sorting';
    return this.#mergeAndDispose();
  }

  /** Removes run files and drops buffered rows. Idempotent; safe after a failure. */
  async dispose(): Promise<void> {
    this.#state = 'disposed';
    this.#batch = new LineBatchBuilder(new ArrayBuffer(0));
    this.#spareBuffer = undefined;
    await this.#spilling?.catch(() => undefined);
    await this.#closeSpillThread();
    const runDir = await this.#runDir?.catch(() => undefined);
    this.#runDir = undefined;
    if (runDir !== undefined) await rm(runDir, { recursive: true, force: true });
  }

  async *#mergeAndDispose(): AsyncGenerator<ExportRow[]> {
    try {
      await this.#spilling;
      // A spill that failed earlier lost its rows: never merge without them.
      if (this.#failure !== undefined) throw this.#failure;
      // No more spills: the thread and the spare batch buffer would only hold memory while the exports
      // are written (the merge's peak).
      await this.#closeSpillThread();
      this.#spareBuffer = undefined;
      // Keep one slot for the in-memory batch in the final merge.
      while (this.#runs.length > this.#maxRunsPerMerge - 1) await this.#mergeOldestRuns(this.#maxRunsPerMerge);
      // The last batch is sorted here, in memory (a sort that never spilled never touches the disk).
      const lastBatch = ExportRow.fromLineBatch(this.#batch.take(new ArrayBuffer(0)));
      lastBatch.sort(compareRecordKeys);
      // Each run's next read starts while the merge works on its current chunk (read-ahead.ts).
      const sources: AsyncIterable<readonly ExportRow[]>[] = this.#runs.map((path) => readAhead(readRowChunks(path)));
      sources.push(inChunks(lastBatch));
      const merged = sources.length === 1 ? (sources[0] as AsyncIterable<readonly ExportRow[]>) : mergeSortedChunks(sources, compareRecordKeys);
      yield* collapseDuplicateKeyChunks(merged, this.#resolveDuplicate);
    } finally {
      await this.dispose();
    }
  }

  /**
   * Starts spilling the full batch (no spill may be running). Nobody has to await it: a failure is kept
   * and reported by the next `add` or by the sort.
   */
  #spillBatch(): void {
    const batch = this.#batch.take(this.#spareBuffer);
    this.#spareBuffer = undefined;
    const spilling = this.#spill(batch)
      .catch((error: unknown) => {
        this.#failure ??= error;
        throw error;
      })
      .finally(() => {
        this.#spilling = undefined;
      });
    spilling.catch(() => undefined); // kept in #failure: not an unhandled rejection
    this.#spilling = spilling;
  }

  /** Sorts a batch and writes it as a run file, on the spill thread or here (the same code: spill-worker.ts). */
  async #spill(batch: Uint8Array): Promise<void> {
    const path = await this.#newRunPath();
    if (this.#spillOnThread) {
      // Started on the first spill: a sorter that never spills never pays for a thread.
      this.#spillThread ??= new SpillThread();
      this.#spareBuffer = await this.#spillThread.spill(path, batch);
    } else {
      this.#csvFormatter ??= new CsvRowFormatter();
      await writeSortedRun(path, batch, this.#csvFormatter);
      this.#spareBuffer = batch.buffer as ArrayBuffer;
    }
    this.#runs.push(path);
    this.#spills++;
  }

  /** Replaces the `count` oldest runs by one run holding their merge (duplicates are kept for later). */
  async #mergeOldestRuns(count: number): Promise<void> {
    const inputs = this.#runs.splice(0, count);
    this.#runs.push(await this.#writeRun(mergeSortedChunks(inputs.map((path) => readAhead(readRowChunks(path))), compareRecordKeys)));
    await Promise.all(inputs.map((path) => rm(path, { force: true })));
  }

  /**
   * Writes sorted arrays of rows (with their CSV lines) to a new run file (row-codec.ts) and returns its
   * path. Spills write theirs in spill-worker.ts; this is for runs merged from runs.
   */
  async #writeRun(chunks: AsyncIterable<readonly ExportRow[]>): Promise<string> {
    const path = await this.#newRunPath();
    const handle = await open(path, 'wx');
    try {
      const out = new RowFileWriter(handle);
      for await (const rows of chunks) {
        for (const row of rows) {
          const wait = out.write(row);
          if (wait !== undefined) await wait;
        }
      }
      await out.flush();
    } finally {
      await handle.close();
    }
    return path;
  }

  async #closeSpillThread(): Promise<void> {
    const thread = this.#spillThread;
    this.#spillThread = undefined;
    await thread?.close();
  }

  /** The path of the next run file (not created yet). */
  async #newRunPath(): Promise<string> {
    // tmpDir may not exist yet (a run's work folder): the first spill creates it.
    this.#runDir ??= mkdir(this.#tmpDir, { recursive: true }).then(() => mkdtemp(join(this.#tmpDir, 'oci-inventory-sort-')));
    const name = `run-${String(this.#runFiles++).padStart(6, '0')}.rows`;
    return join(await this.#runDir, name);
  }

  #assertAdding(action: string): void {
    if (this.#failure !== undefined) throw this.#failure;
    if (this.#state !== 'adding') throw new Error(`Cannot ${action}: the sorter is ${this.#state === 'sorting' ? 'already sorting' : 'disposed'}.`);
  }
}

/** The in-memory batch as arrays of the size a run file read gives. */
async function* inChunks<T>(items: readonly T[]): AsyncGenerator<readonly T[]> {
  for (let start = 0; start < items.length; start += IN_MEMORY_CHUNK) yield items.slice(start, start + IN_MEMORY_CHUNK);
}

const IN_MEMORY_CHUNK = 1024;

async function* flatten<T>(chunks: AsyncIterable<readonly T[]>): AsyncGenerator<T> {
  for await (const chunk of chunks) yield* chunk;
}
