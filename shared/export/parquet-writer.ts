/**
 * Parquet: the same rows and the same 15 columns as the JSONL (RECORD_KEYS order, all Utf8; object/array
 * fields as canonical JSON text; nulls as nulls), ZSTD-compressed, streamed.
 *
 * Rows are grouped into batches of `rowsPerBatch` rows, turned into Arrow column buffers on this thread
 * (arrow-batch.ts: the UTF-8 encoding of the values) and encoded by parquet-encoder.ts, by default on an
 * encoder thread (parquet-worker.ts), which takes ZSTD, Arrow IPC and the wasm encoder (about half the CPU
 * of a three-format export) off the thread that merges and writes JSONL and CSV. The column buffers are
 * transferred, not copied, and the encoder sends the file's bytes back, so this thread still writes (and
 * hashes) every byte through the sink in order. At most two batches are in flight; `write` waits beyond
 * that (backpressure). The bytes are identical whichever thread encodes: the batches are the same.
 * An encoder on this thread copies each batch into wasm memory before `send` returns, so there the
 * builder lends its buffers and reuses them for the next batch instead of leaving them as garbage.
 *
 * Memory (measured at 1M emulator records, merge of 8 shards): the encoder's wasm memory never shrinks and
 * grows with the batch (its IPC copy and decoded arrays, and the fragmentation they leave) and with the row
 * group (held until complete): 10_000-row batches and 50_000-row groups took ~90 MB of wasm memory,
 * 1_000 and 10_000 take ~35 MB. The file is ~1% larger (more row groups and pages); CPU is about the same.
 *
 * `thread` (default 'auto'): 'auto' starts the encoder thread only once a first full batch exists (a small
 * export never pays for starting it) and only where a worker entry can be resolved: from the TypeScript
 * or JavaScript sources, not from a single-file bundle (functions/*: esbuild CJS output has no
 * import.meta.url), which encodes on its own thread. 'main' never starts a worker, 'worker' always does.
 */
import { UsageError } from '../errors.ts';
import { BufferedWriter, type ByteSink } from '../io/buffered-writer.ts';
import { ArrowBatchBuilder, transferablesOf, type ColumnBatch } from './arrow-batch.ts';
import type { FormatWriter } from './format-writer.ts';
import { createParquetEncoder, type ParquetEncoder } from './parquet-encoder.ts';
import { exportThreadEntry, startExportThread } from './export-thread.ts';
import { PARQUET_WORKER_KIND, type ParquetWorkerData, type ParquetWorkerReply, type ParquetWorkerRequest } from './parquet-worker.ts';

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

/** Batches posted to the encoder thread and not yet taken by its encoder, before `write` waits. */
const MAX_BATCHES_IN_FLIGHT = 2;

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

  const builder = new ArrowBatchBuilder();
  const out = new BufferedWriter(sink);
  // Output bytes arrive as events (from the encoder thread) or calls (on this thread): written in order.
  let writing: Promise<void> = Promise.resolve();
  const onBytes = (chunk: Uint8Array): Promise<void> => {
    writing = writing.then(() => out.writeBytes(chunk));
    return writing;
  };
  let encoder: ParquetEncoder | undefined;
  /** Whether `encoder` runs on this thread: it copies each batch before `send` returns, so the builder may lend its buffers. */
  let encodesHere = false;
  let batchesSent = 0;

  const encoderFor = (final: boolean): ParquetEncoder => {
    if (encoder === undefined) {
      // 'auto' and a first batch that is also the last: a small export, encoded here without a thread.
      const useWorker = thread === 'worker' || (thread === 'auto' && !final && parquetWorkerEntry() !== undefined);
      encodesHere = !useWorker;
      encoder = useWorker ? workerEncoder(rowsPerRowGroup, onBytes) : createParquetEncoder({ rowsPerRowGroup, onBytes });
    }
    return encoder;
  };

  async function sendBatch(final: boolean): Promise<void> {
    const target = encoderFor(final);
    batchesSent++;
    await target.send(builder.buildColumns({ lend: encodesHere }));
  }

  return {
    write(row) {
      builder.add(row);
      return builder.length >= rowsPerBatch ? sendBatch(false) : undefined;
    },
    async end() {
      if (builder.length > 0 || batchesSent === 0) await sendBatch(true);
      await encoderFor(true).end();
      await writing;
      await out.flush();
    },
    async abort(reason) {
      await encoder?.abort(reason);
      await writing.catch(() => undefined);
    },
  };
}

/** The encoder thread's entry (parquet-worker next to this file), or undefined inside a single-file bundle. */
export function parquetWorkerEntry(): URL | undefined {
  return exportThreadEntry('parquet-worker');
}

/** An encoder on a worker thread, with the same contract as createParquetEncoder. */
function workerEncoder(rowsPerRowGroup: number, onBytes: (chunk: Uint8Array) => Promise<void>): ParquetEncoder {
  const entry = parquetWorkerEntry() as URL;
  const workerData: ParquetWorkerData = { kind: PARQUET_WORKER_KIND, rowsPerRowGroup };
  const worker = startExportThread(entry, workerData);
  let failure: { error: unknown } | undefined;
  // A function, not an inline test: TypeScript cannot see that awaits above may have set `failure`.
  const throwIfFailed = (): void => {
    if (failure !== undefined) throw failure.error;
  };
  let inFlight = 0;
  let waiter: (() => void) | undefined;
  let finished: { resolve: () => void; reject: (error: unknown) => void } | undefined;
  const finishedPromise = new Promise<void>((resolve, reject) => {
    finished = { resolve, reject };
  });
  finishedPromise.catch(() => undefined);
  const wake = () => {
    const resolve = waiter;
    waiter = undefined;
    resolve?.();
  };
  const fail = (error: unknown) => {
    failure ??= { error };
    finished?.reject(failure.error);
    wake();
  };

  worker.on('message', (reply: ParquetWorkerReply) => {
    switch (reply.type) {
      case 'taken':
        inFlight--;
        wake();
        break;
      case 'bytes':
        onBytes(reply.chunk).catch(fail);
        break;
      case 'done':
        finished?.resolve();
        break;
      case 'error': {
        const error = new Error(`Parquet encoder thread failed: ${reply.message}`);
        if (reply.stack !== undefined) error.stack = `${error.message}\n-- in the encoder thread --\n${reply.stack}`;
        fail(error);
        break;
      }
    }
  });
  worker.on('error', (error) => fail(new Error(`Parquet encoder thread failed: ${error.message}`, { cause: error })));
  worker.on('exit', (code) => {
    if (failure === undefined) fail(new Error(`The Parquet encoder thread exited (code ${code}) before finishing.`));
  });
  const post = (request: ParquetWorkerRequest, transfer: ArrayBuffer[] = []) => worker.postMessage(request, transfer);

  return {
    async send(batch: ColumnBatch) {
      if (failure !== undefined) throw failure.error;
      inFlight++;
      post({ type: 'batch', batch }, transferablesOf(batch));
      while (failure === undefined && inFlight >= MAX_BATCHES_IN_FLIGHT) {
        await new Promise<void>((resolve) => {
          waiter = resolve;
        });
      }
      throwIfFailed();
    },
    async end() {
      if (failure !== undefined) throw failure.error;
      post({ type: 'end' });
      try {
        await finishedPromise;
      } finally {
        failure ??= { error: new Error('The Parquet encoder thread has finished.') };
        await worker.terminate();
      }
    },
    async abort(reason) {
      failure ??= { error: reason };
      wake();
      await worker.terminate();
    },
  };
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new UsageError(`Parquet writer option ${name} must be a positive integer, got ${String(value)}.`);
  return value;
}
