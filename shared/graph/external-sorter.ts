/**
 * A small external merge sort in bounded memory: the caller hands over batches, each batch is sorted and
 * written as a run file (one encoded item per line) in the caller's private folder, in the background
 * while the caller fills the next batch. `addBatch` returns a promise only when the previous spill is still
 * running: await it before building more, and at most two batches are in memory. `sorted()` merges the
 * runs and a last in-memory batch with a binary heap (items that compare equal come out in a fixed but
 * unspecified order: callers must not depend on it); beyond `maxRunsPerMerge` runs, the oldest runs are first merged into longer ones, so open files stay
 * bounded whatever the item count. The merge yields arrays of items: at millions of items, one await per
 * item per layer shows.
 *
 * Unlike export/external-sort.ts (records, duplicate keys) this sorts anything with a line codec. The
 * caller owns the folder and removes it with the runs still in it.
 */
import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { MinHeap } from '../export/min-heap.ts';
import { BufferedWriter, fileHandleSink } from '../io/buffered-writer.ts';
import { readLines } from '../io/line-reader.ts';

/** Turns an item into one line of text (no LF inside) and back. */
export interface LineCodec<T> {
  encode(item: T): string;
  decode(line: string): T;
}

export interface ExternalSorterOptions<T> {
  /** An existing folder owned by the caller, for run files. */
  runDir: string;
  /** Run file name prefix, so several sorters can share a folder. */
  name: string;
  compare: (a: T, b: T) => number;
  codec: LineCodec<T>;
  /** Most run files read at once (at least 2). */
  maxRunsPerMerge: number;
}

/**
 * The write buffer of a run and the read buffer of each merged run. The I/O defaults (1 MiB write buffers,
 * two per writer; 256 KiB reads) were made for the exports' few long-lived files; here every spill made a
 * new writer, so a million records' graph (~150 runs) left ~300 MB of large buffers as garbage, collected
 * late and leaving the allocator's heap fragmented; and a merge of 64 runs read into 16 MB of buffers.
 */
const RUN_IO_BYTES = 64 * 1024;

/** Items per array yielded by `sorted()`. */
const YIELD_BATCH = 512;

interface Head<T> {
  item: T;
  readonly source: number;
}

export class ExternalSorter<T> {
  readonly #options: ExternalSorterOptions<T>;
  #spilling: Promise<void> | undefined;
  #failure: unknown;
  readonly #runs: string[] = [];
  #runFiles = 0;
  #spills = 0;
  #sorting = false;

  constructor(options: ExternalSorterOptions<T>) {
    this.#options = options;
  }

  /** Batches spilled to disk so far (not counting runs made by merging runs). */
  get spilledRuns(): number {
    return this.#spills;
  }

  /**
   * Sorts `batch` (in place) and writes it as a run in the background. The sorter owns the array from now
   * on. Returns a promise when an earlier spill is still running: the batch is taken once it has ended.
   */
  addBatch(batch: T[]): Promise<void> | undefined {
    this.#assertAdding();
    if (this.#spilling !== undefined) return this.#spilling.then(() => this.addBatch(batch));
    this.#spilling = this.#spill(batch)
      .catch((error: unknown) => {
        this.#failure ??= error;
      })
      .finally(() => {
        this.#spilling = undefined;
      });
    return undefined;
  }

  /**
   * Every item of the runs and of `lastBatch` (sorted here, in place) in `compare` order, in arrays of up
   * to 512. Call once, after the last addBatch has returned or resolved.
   */
  async sorted(lastBatch: T[]): Promise<AsyncGenerator<T[]>> {
    this.#assertAdding();
    this.#sorting = true;
    await this.#spilling;
    // A failed spill lost its batch: never merge without it.
    if (this.#failure !== undefined) throw this.#failure;
    // Keep one slot of the final merge for the in-memory batch.
    const { maxRunsPerMerge } = this.#options;
    while (this.#runs.length > maxRunsPerMerge - 1) await this.#mergeOldestRuns(maxRunsPerMerge);
    lastBatch.sort(this.#options.compare);
    return this.#merge([...this.#runs], lastBatch);
  }

  /** Waits for a running spill (ignoring its failure) so the caller can remove the folder. */
  async settle(): Promise<void> {
    await this.#spilling;
  }

  async #spill(batch: T[]): Promise<void> {
    batch.sort(this.#options.compare);
    // The slot is taken before writing so runs stay in spill order.
    const path = this.#nextRunPath();
    this.#runs.push(path);
    await this.#writeRun(path, [batch]);
    this.#spills++;
  }

  async #mergeOldestRuns(count: number): Promise<void> {
    const inputs = this.#runs.splice(0, count);
    // Queued behind the other runs, so repeated passes rewrite each item about log(runs) times, not once per pass.
    const path = this.#nextRunPath();
    this.#runs.push(path);
    await this.#writeRun(path, this.#merge(inputs, []));
    await Promise.all(inputs.map((input) => rm(input, { force: true })));
  }

  #nextRunPath(): string {
    return join(this.#options.runDir, `${this.#options.name}-${String(this.#runFiles++).padStart(6, '0')}.run`);
  }

  async #writeRun(path: string, batches: Iterable<readonly T[]> | AsyncIterable<readonly T[]>): Promise<void> {
    const { encode } = this.#options.codec;
    const handle = await open(path, 'wx');
    try {
      const out = new BufferedWriter(fileHandleSink(handle), RUN_IO_BYTES);
      for await (const batch of batches) {
        for (const item of batch) {
          const wait = out.writeString(`${encode(item)}\n`);
          if (wait !== undefined) await wait;
        }
      }
      await out.flush();
    } finally {
      await handle.close();
    }
  }

  /** A k-way merge of run files (decoded as they are read) and one sorted in-memory batch. */
  async *#merge(paths: readonly string[], batch: readonly T[]): AsyncGenerator<T[]> {
    const { compare, codec } = this.#options;
    const heap = new MinHeap<Head<T>>((a, b) => compare(a.item, b.item) || a.source - b.source);
    const readers = paths.map((path) => readLines(path, { maxLineBytes: Infinity, chunkBytes: RUN_IO_BYTES }));
    const batchSource = readers.length;
    let batchNext = 0;
    try {
      for (let source = 0; source < readers.length; source++) {
        const first = await (readers[source] as AsyncGenerator<string>).next();
        if (!first.done) heap.push({ item: codec.decode(first.value), source });
      }
      if (batch.length > 0) heap.push({ item: batch[batchNext++] as T, source: batchSource });
      let out: T[] = [];
      for (let head = heap.peek(); head !== undefined; head = heap.peek()) {
        out.push(head.item);
        if (out.length === YIELD_BATCH) {
          yield out;
          out = [];
        }
        if (head.source === batchSource) {
          if (batchNext < batch.length) {
            head.item = batch[batchNext++] as T;
            heap.replaceTop(head);
          } else {
            heap.pop();
          }
        } else {
          const next = await (readers[head.source] as AsyncGenerator<string>).next();
          if (next.done) {
            heap.pop();
          } else {
            head.item = codec.decode(next.value);
            heap.replaceTop(head);
          }
        }
      }
      if (out.length > 0) yield out;
    } finally {
      // Stopped early (consumer broke off or a read failed): let every reader close its file.
      await Promise.allSettled(readers.map((reader) => reader.return(undefined)));
    }
  }

  #assertAdding(): void {
    if (this.#failure !== undefined) throw this.#failure;
    if (this.#sorting) throw new Error('ExternalSorter: no batch can be added once sorted() was called.');
  }
}
