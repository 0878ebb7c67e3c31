/**
 * Parquet: the same rows and the same 15 columns as the JSONL (RECORD_KEYS order, all Utf8; object/array
 * fields as canonical JSON text; nulls as nulls), Snappy-compressed (see parquet-encoder.ts), streamed.
 *
 * Rows go straight into an ArrowBatchBuilder as they arrive (arrow-batch.ts: each value's UTF-8 bytes
 * copied into its column, no object per row). Every `rowsPerBatch` rows the batch is encoded by
 * parquet-encoder.ts, by default on an encoder thread (parquet-thread.ts, parquet-worker.ts): the batch
 * crosses as one Arrow IPC stream in a transferred buffer, and the thread runs the wasm encoder and its
 * compression, the larger part of the Parquet work, beside the thread that merges and writes JSONL and
 * CSV. The encoder sends the file's bytes back, so this thread still writes (and hashes) every byte
 * through the sink in order. At most two batches are in flight; `write` waits beyond that (backpressure).
 * The bytes are identical whichever thread encodes: the batches are the same.
 *
 * The builder lends its buffers to each batch and reuses them for the next (see arrow-batch.ts): both
 * ways of encoding are done with a batch before `send` first awaits (its IPC stream is written at once,
 * and the encoder here copies that into wasm memory), so one set of buffers serves every batch instead
 * of each batch leaving its buffers as garbage. Rows are not held: their bytes are copied when written.
 *
 * Memory (measured at 1M emulator records, merge of 8 shards): the encoder's wasm memory never shrinks and
 * grows with the batch (its IPC copy and decoded arrays, and the fragmentation they leave) and with the row
 * group (held until complete): 10_000-row batches and 50_000-row groups took ~90 MB of wasm memory,
 * 1_000 and 10_000 take ~35 MB. The file is ~1% larger (more row groups and pages); CPU is about the same.
 *
 * `thread` (default 'auto'): 'auto' starts the encoder thread only once a first full batch exists (a small
 * export never pays for starting it and is encoded here) and only where a worker entry can be resolved:
 * from the TypeScript or JavaScript sources, not from a single-file bundle (functions/*: esbuild CJS
 * output has no import.meta.url), which encodes on its own thread. 'main' never starts a worker, 'worker'
 * always does.
 */
import { UsageError } from '../errors.ts';
import { BufferedWriter, type ByteSink } from '../io/buffered-writer.ts';
import { ArrowBatchBuilder } from './arrow-batch.ts';
import { ArrowIpcStreamWriter } from './arrow-ipc.ts';
import type { FormatWriter } from './format-writer.ts';
import { createParquetEncoder, type ParquetEncoder } from './parquet-encoder.ts';
import { ParquetEncoderThread, parquetWorkerEntry } from './parquet-thread.ts';

export { parquetWriterProperties } from './parquet-encoder.ts';

export type ParquetThread = 'auto' | 'main' | 'worker';

export interface ParquetWriterOptions {
  /** Rows per Arrow batch handed to the encoder. Default 1_000 (see the module comment). */
  rowsPerBatch?: number;
  /**
   * Maximum rows per Parquet row group. Default 10_000: the encoder holds a whole row group in wasm memory,
   * which never shrinks (see the module comment; 100_000 once peaked at 724 MB RSS).
   */
  rowsPerRowGroup?: number;
  /** Where to encode (see the module comment). Default 'auto'. */
  thread?: ParquetThread;
}

export const PARQUET_DEFAULTS = { rowsPerBatch: 1_000, rowsPerRowGroup: 10_000, thread: 'auto' } as const;

export function createParquetWriter(sink: ByteSink, options: ParquetWriterOptions = {}): FormatWriter {
  const rowsPerBatch = positiveInteger('rowsPerBatch', options.rowsPerBatch ?? PARQUET_DEFAULTS.rowsPerBatch);
  const rowsPerRowGroup = positiveInteger('rowsPerRowGroup', options.rowsPerRowGroup ?? PARQUET_DEFAULTS.rowsPerRowGroup);
  const thread = options.thread ?? PARQUET_DEFAULTS.thread;
  if (thread !== 'auto' && thread !== 'main' && thread !== 'worker') {
    throw new UsageError(`Parquet writer option thread must be 'auto', 'main' or 'worker', got ${JSON.stringify(thread)}.`);
  }
  if (thread === 'worker' && parquetWorkerEntry() === undefined) {
    throw new UsageError("Parquet writer option thread 'worker' is not available here (no worker entry in a single-file bundle).");
  }

  const out = new BufferedWriter(sink);
  // Output bytes arrive as events (from the encoder thread) or calls (on this thread): written in order.
  let writing: Promise<void> = Promise.resolve();
  const onBytes = (chunk: Uint8Array): Promise<void> => {
    writing = writing.then(() => out.writeBytes(chunk));
    return writing;
  };

  const builder = new ArrowBatchBuilder();
  let batchesSent = 0;
  /** Whichever encodes, once the first batch chose it: this thread's encoder or the encoder thread. */
  let encoder: ParquetEncoder | undefined;
  let ipc: ArrowIpcStreamWriter | undefined;
  let encoderThread: ParquetEncoderThread | undefined;
  const encodeHere = (final: boolean): boolean => {
    if (encoder !== undefined) return true;
    if (encoderThread !== undefined || thread === 'worker') return false;
    // 'main'; or 'auto' in a bundle, or with a first batch that is also the last (a small export).
    return thread === 'main' || parquetWorkerEntry() === undefined || final;
  };

  async function sendBatch(final: boolean): Promise<void> {
    batchesSent++;
    const batch = builder.buildColumns({ lend: true });
    if (encodeHere(final)) {
      encoder ??= createParquetEncoder({ rowsPerRowGroup, onBytes });
      ipc ??= new ArrowIpcStreamWriter();
      await encoder.send(ipc.write(batch));
    } else {
      encoderThread ??= new ParquetEncoderThread(rowsPerRowGroup, onBytes);
      await encoderThread.send(batch);
    }
  }

  return {
    write(row) {
      builder.add(row);
      return builder.length >= rowsPerBatch ? sendBatch(false) : undefined;
    },
    async end() {
      // A file with no rows still gets one (empty) batch: it carries the schema (see parquet-encoder.ts).
      if (builder.length > 0 || batchesSent === 0) await sendBatch(true);
      await (encoderThread ?? (encoder as ParquetEncoder)).end();
      await writing;
      await out.flush();
    },
    async abort(reason) {
      await (encoderThread ?? encoder)?.abort(reason);
      await writing.catch(() => undefined);
    },
  };
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new UsageError(`Parquet writer option ${name} must be a positive integer, got ${String(value)}.`);
  return value;
}
