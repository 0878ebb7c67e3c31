/**
 * The Parquet encoding itself: batches as Arrow IPC streams in (arrow-ipc.ts), Parquet bytes out, through
 * parquet-wasm 0.8. Runs on whichever thread owns it: the encoder thread (parquet-worker.ts) or, where
 * workers are unavailable or not worth starting (a small export, thread 'main'), the writer's own thread
 * (parquet-writer.ts), which builds the batches (arrow-batch.ts) and writes their streams. Taking streams,
 * not batches, keeps apache-arrow out of the encoder thread (its modules took ~300 ms of the thread's
 * ~500 ms start, during which the writer waited).
 *
 * parquet-wasm 0.8 has no incremental writer class, so each batch's IPC stream is copied into wasm memory
 * (`Table.fromIPCStream`) and fed through a ReadableStream to `transformParquetStream`, whose output
 * stream of bytes goes to `onBytes`. The stream is copied before `send` first awaits, so its buffer is
 * free again then. The input stream holds one batch: `send` resolves once the
 * encoder has taken it (backpressure). Wasm memory never shrinks, which is why batches are small and row
 * groups bounded (the encoder buffers a whole row group before writing it; see parquet-writer.ts).
 *
 * parquet-wasm traps handled here (measured with 0.8.0):
 * - A WriterProperties is consumed by the call that uses it (a reused one silently writes UNCOMPRESSED):
 *   a fresh one is built per file.
 * - A stream with no batch at all fails ("Dyn casting error"): the caller sends one 0-row batch for an
 *   empty export so the file still carries the schema.
 * - When the input stream is errored, the output stream still ends normally: a writer that was aborted
 *   must never be published (write-exports.ts discards it).
 */
import {
  Compression,
  EnabledStatistics,
  Table as WasmTable,
  WriterPropertiesBuilder,
  transformParquetStream,
  type RecordBatch as WasmRecordBatch,
  type WriterProperties,
} from 'parquet-wasm/esm';
import type { RECORD_KEYS } from '../model/record.ts';
import { initParquetWasm } from './parquet-wasm.ts';

/**
 * The columns whose values many records share (types, compartments, regions, states, the run's time, the
 * enrichment outcome): dictionary-encoded. The other columns hold mostly one value per resource (OCIDs,
 * names, creation times, tags, details, relationships): a dictionary there only fills up (to its 1 MB page
 * limit, per column and row group, in wasm memory) before the encoder falls back to plain encoding, and
 * the file came out no smaller (measured at 1M emulator records in 20_000-row groups: 131.9 MB this way,
 * 132.4 MB with every column dictionary-encoded, 134.1 MB with none; wasm memory ~10 MB lower).
 */
export const PARQUET_DICTIONARY_COLUMNS: readonly (typeof RECORD_KEYS)[number][] = [
  'resourceType',
  'compartmentId',
  'region',
  'availabilityDomain',
  'lifecycleState',
  'collectedAt',
  'enrichStatus',
  'enrichError',
];

/**
 * The compression codec: Snappy, the default of Spark, pyarrow and DuckDB, which every Parquet reader
 * supports. ZSTD made files about half the size but cost more than twice the encoding CPU, most of a
 * core at a million records (measured in this encoder on 100k emulator records: ZSTD 12.5 us per record
 * and 14.6 MB, Snappy 5.5 us and 30.6 MB, LZ4_RAW 4.7 us and 28.1 MB but newer and less widely read).
 * The encoder thread was the export's bottleneck with ZSTD; the JSONL, ten times larger, dominates the
 * artifacts' size either way.
 */
export const PARQUET_COMPRESSION = Compression.SNAPPY;

/**
 * Statistics (min/max, null count) per column chunk, i.e. per row group: what query engines use to skip row
 * groups. Per-page statistics, parquet-rs's default, cost about a quarter of the encoder's time (measured on
 * 100k emulator records in 1_000-row batches: ~4.1 against ~5.6 us per row, medians of five; same file size)
 * for finer pruning inside a 10_000-row group, which an inventory's readers do not need.
 */
export const PARQUET_STATISTICS = EnabledStatistics.Chunk;

/** Builds the writer properties for one file; never reuse the result (see the module comment). */
export function parquetWriterProperties(rowsPerRowGroup: number): WriterProperties {
  let builder = new WriterPropertiesBuilder()
    .setCompression(PARQUET_COMPRESSION)
    .setMaxRowGroupSize(rowsPerRowGroup)
    .setStatisticsEnabled(PARQUET_STATISTICS)
    .setDictionaryEnabled(false);
  for (const column of PARQUET_DICTIONARY_COLUMNS) builder = builder.setColumnDictionaryEnabled(column, true);
  return builder.build();
}

export interface ParquetEncoder {
  /**
   * Hands one batch, written as an Arrow IPC stream of EXPORT_ARROW_SCHEMA (arrow-ipc.ts), to the encoder;
   * resolves when it was taken, rejects if the encoder failed. The stream is copied into wasm memory before
   * this first awaits: its buffer is free again then.
   */
  send(stream: Uint8Array): Promise<void>;
  /** No more batches: resolves once every byte went through `onBytes`. */
  end(): Promise<void>;
  /** Stops after a failure elsewhere; never throws. */
  abort(reason: unknown): Promise<void>;
}

/**
 * An encoder on the current thread. `onBytes` receives the file's bytes in order; the encoder awaits it
 * before reading more output. `wasmBytes` is the parquet-wasm module for a bundle (see parquet-wasm.ts).
 */
export function createParquetEncoder(options: {
  rowsPerRowGroup: number;
  onBytes: (chunk: Uint8Array) => Promise<void> | void;
  wasmBytes?: Uint8Array;
}): ParquetEncoder {
  initParquetWasm(options.wasmBytes);
  let failure: { error: unknown } | undefined;
  // A function, not an inline test: TypeScript cannot see that awaits above may have set `failure`.
  const throwIfFailed = (): void => {
    if (failure !== undefined) throw failure.error;
  };
  let wakeProducer: (() => void) | undefined;
  const wake = (): void => {
    const resolve = wakeProducer;
    wakeProducer = undefined;
    resolve?.();
  };

  let input!: ReadableStreamDefaultController<WasmRecordBatch>;
  const batches = new ReadableStream<WasmRecordBatch>(
    {
      start: (controller) => {
        input = controller;
      },
      pull: wake,
      cancel: () => {
        failure ??= { error: new Error('The Parquet encoder stopped reading its input.') };
        wake();
      },
    },
    { highWaterMark: 1 },
  );

  const finished = (async () => {
    const parquet = (await transformParquetStream(batches, parquetWriterProperties(options.rowsPerRowGroup))) as ReadableStream<Uint8Array>;
    const reader = parquet.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      await options.onBytes(value);
    }
  })();
  finished.catch((error: unknown) => {
    failure ??= { error };
    wake();
  });

  const send = async (stream: Uint8Array): Promise<void> => {
    if (failure !== undefined) throw failure.error;
    // Copied into wasm memory here: the stream's buffer (and the batch's) are free again once this returns.
    const table = WasmTable.fromIPCStream(stream);
    try {
      for (const wasmBatch of table.recordBatches()) input.enqueue(wasmBatch);
    } finally {
      table.free();
    }
    // Wait until the encoder has taken the batch (the queue is below its high-water mark again).
    while (failure === undefined && (input.desiredSize ?? 0) <= 0) {
      await new Promise<void>((resolve) => {
        wakeProducer = resolve;
      });
    }
    throwIfFailed();
  };

  return {
    send,
    async end() {
      if (failure !== undefined) throw failure.error;
      input.close();
      await finished;
    },
    async abort(reason) {
      failure ??= { error: reason };
      try {
        input.error(reason);
      } catch {
        // already closed or errored
      }
      wake();
      await finished.catch(() => undefined);
    },
  };
}
