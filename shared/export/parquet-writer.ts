/**
 * Parquet: the same rows and the same 15 columns as the JSONL (RECORD_KEYS order, all Utf8; object/array
 * fields as canonical JSON text; nulls as nulls), ZSTD-compressed, streamed.
 *
 * parquet-wasm 0.8 has no incremental writer class, so rows are grouped into Arrow record batches of
 * `rowsPerBatch` rows (arrow-batch.ts), moved into wasm memory through Arrow IPC, and fed through a
 * ReadableStream to `transformParquetStream`, whose output stream of bytes goes to the sink. The input
 * stream holds one batch: the writer waits until the encoder has taken it (backpressure), so at most
 * about two batches are in JS memory. Wasm memory never shrinks, which is why batches stay ~10k rows and
 * row groups are bounded (`rowsPerRowGroup`; the encoder buffers a whole row group before writing it).
 *
 * parquet-wasm traps handled here (measured with 0.8.0):
 * - A WriterProperties is consumed by the call that uses it (a reused one silently writes UNCOMPRESSED):
 *   a fresh one is built per file.
 * - A stream with no batch at all fails ("Dyn casting error"): an empty export sends one 0-row batch so
 *   the file still carries the schema.
 * - When the input stream is errored, the output stream still ends normally: a writer that was aborted
 *   must never be published (write-exports.ts discards it).
 */
import { Table as ArrowTable, tableToIPC } from 'apache-arrow';
import {
  Compression,
  Table as WasmTable,
  WriterPropertiesBuilder,
  transformParquetStream,
  type RecordBatch as WasmRecordBatch,
  type WriterProperties,
} from 'parquet-wasm/esm';
import { UsageError } from '../errors.ts';
import { BufferedWriter, type ByteSink } from '../io/buffered-writer.ts';
import { ArrowBatchBuilder } from './arrow-batch.ts';
import type { FormatWriter } from './format-writer.ts';
import { initParquetWasm } from './parquet-wasm.ts';

export interface ParquetWriterOptions {
  /** Rows per Arrow batch handed to the encoder. Default 10_000. */
  rowsPerBatch?: number;
  /** Maximum rows per Parquet row group. Default 100_000. */
  rowsPerRowGroup?: number;
}

export const PARQUET_DEFAULTS = { rowsPerBatch: 10_000, rowsPerRowGroup: 100_000 } as const;

/** Builds the writer properties for one file; never reuse the result (see the module comment). */
export function parquetWriterProperties(rowsPerRowGroup: number = PARQUET_DEFAULTS.rowsPerRowGroup): WriterProperties {
  return new WriterPropertiesBuilder().setCompression(Compression.ZSTD).setMaxRowGroupSize(rowsPerRowGroup).build();
}

export function createParquetWriter(sink: ByteSink, options: ParquetWriterOptions = {}): FormatWriter {
  const rowsPerBatch = positiveInteger('rowsPerBatch', options.rowsPerBatch ?? PARQUET_DEFAULTS.rowsPerBatch);
  const rowsPerRowGroup = positiveInteger('rowsPerRowGroup', options.rowsPerRowGroup ?? PARQUET_DEFAULTS.rowsPerRowGroup);
  initParquetWasm();

  const builder = new ArrowBatchBuilder();
  let batchesSent = 0;
  let failure: { error: unknown } | undefined;
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

  const out = new BufferedWriter(sink);
  const finished = (async () => {
    const parquet = (await transformParquetStream(batches, parquetWriterProperties(rowsPerRowGroup))) as ReadableStream<Uint8Array>;
    const reader = parquet.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const wait = out.writeBytes(value);
      if (wait !== undefined) await wait;
    }
    await out.flush();
  })();
  finished.catch((error: unknown) => {
    failure ??= { error };
    wake();
  });

  async function sendBatch(): Promise<void> {
    const ipc = tableToIPC(new ArrowTable(builder.build()), 'stream');
    const table = WasmTable.fromIPCStream(ipc);
    try {
      for (const batch of table.recordBatches()) input.enqueue(batch);
    } finally {
      table.free();
    }
    batchesSent++;
    // Wait until the encoder has taken the batch (the queue is below its high-water mark again).
    while (failure === undefined && (input.desiredSize ?? 0) <= 0) {
      await new Promise<void>((resolve) => {
        wakeProducer = resolve;
      });
    }
    if (failure !== undefined) throw failure.error;
  }

  return {
    write(row) {
      if (failure !== undefined) return Promise.reject(failure.error);
      builder.add(row);
      return builder.length >= rowsPerBatch ? sendBatch() : undefined;
    },
    async end() {
      if (builder.length > 0 || batchesSent === 0) await sendBatch();
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

function positiveInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new UsageError(`Parquet writer option ${name} must be a positive integer, got ${String(value)}.`);
  return value;
}
