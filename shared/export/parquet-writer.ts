/**
 * Parquet: the same rows and the same 15 columns as the JSONL (RECORD_KEYS order, all Utf8; object/array
 * fields as canonical JSON text; nulls as nulls), Snappy-compressed (see parquet-encoder.ts), streamed.
 *
 * Rows are grouped into batches of `rowsPerBatch` rows, turned into Arrow column buffers (arrow-batch.ts:
 * each value's UTF-8 bytes copied into its column) and encoded by parquet-encoder.ts. By default both
 * happen on an encoder thread (parquet-worker.ts), which takes the column building, compression, Arrow IPC and the
 * wasm encoder (about half the CPU of a three-format export) off the thread that merges and writes JSONL
 * and CSV. This thread only collects a batch's rows and packs them into one buffer (row-batch.ts: one copy
 * of each row's bytes, no object per row), which is transferred, not copied; the thread hands the buffer
 * back once its encoder has taken the batch, and the next batch is packed into it. The encoder sends the
 * file's bytes back, so this thread still writes (and hashes) every byte through the sink in order. At
 * most two batches are in flight; `write` waits beyond that (backpressure). The bytes are identical
 * whichever thread encodes: the rows, and so the batches, are the same.
 *
 * A collected row is the caller's own ExportRow (never modified), held until its batch is packed: a view
 * of the buffer its source read it into (a run file's read, a spill's batch), which the source holds for
 * the rows around it anyway, so a batch of 1_000 rows keeps little alive beyond what the merge does.
 *
 * When encoding on this thread, rows go straight into an ArrowBatchBuilder as they arrive, and the encoder
 * copies each batch into wasm memory before `send` returns, so the builder lends its buffers and reuses
 * them for the next batch instead of leaving them as garbage. The encoder thread does the same with its
 * own builder.
 *
 * Memory (measured at 1M emulator records, merge of 8 shards): the encoder's wasm memory never shrinks and
 * grows with the batch (its IPC copy and decoded arrays, and the fragmentation they leave) and with the row
 * group (held until complete): 10_000-row batches and 50_000-row groups took ~90 MB of wasm memory,
 * 1_000 and 10_000 take ~35 MB. The file is ~1% larger (more row groups and pages); CPU is about the same.
 *
 * `thread` (default 'auto'): 'auto' starts the encoder thread only once a first full batch exists (a small
 * export never pays for starting it; until then the rows are only collected) and only where a worker entry
 * can be resolved: from the TypeScript or JavaScript sources, not from a single-file bundle (functions/*:
 * esbuild CJS output has no import.meta.url), which encodes on its own thread. 'main' never starts a
 * worker, 'worker' always does.
 */
import { UsageError } from '../errors.ts';
import { BufferedWriter, type ByteSink } from '../io/buffered-writer.ts';
import { ArrowBatchBuilder } from './arrow-batch.ts';
import type { ExportRow } from './export-row.ts';
import type { FormatWriter } from './format-writer.ts';
import { createParquetEncoder, type ParquetEncoder } from './parquet-encoder.ts';
import { exportThreadEntry, startExportThread } from './export-thread.ts';
import { PARQUET_WORKER_KIND, type ParquetWorkerData, type ParquetWorkerReply, type ParquetWorkerRequest } from './parquet-worker.ts';
import { packRows } from './row-batch.ts';

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

  const out = new BufferedWriter(sink);
  // Output bytes arrive as events (from the encoder thread) or calls (on this thread): written in order.
  let writing: Promise<void> = Promise.resolve();
  const onBytes = (chunk: Uint8Array): Promise<void> => {
    writing = writing.then(() => out.writeBytes(chunk));
    return writing;
  };
  let batchesSent = 0;

  /** Set once it is known that this thread encodes: rows then go straight into it (see the module comment). */
  let builder: ArrowBatchBuilder | undefined;
  let encoder: ParquetEncoder | undefined;
  /**
   * Rows for the encoder thread, or ('auto') rows before it is known which thread encodes them: one array,
   * emptied by every batch. The thread itself starts with the first batch.
   */
  const pending: ExportRow[] = [];
  let encoderThread: EncoderThread | undefined;

  const encodeHere = (): ArrowBatchBuilder => {
    builder = new ArrowBatchBuilder();
    for (const row of pending) builder.add(row);
    pending.length = 0;
    return builder;
  };
  // Without a worker entry 'auto' can only encode here: no need to collect rows first.
  if (thread === 'main' || (thread === 'auto' && parquetWorkerEntry() === undefined)) encodeHere();

  async function sendHere(batchBuilder: ArrowBatchBuilder): Promise<void> {
    encoder ??= createParquetEncoder({ rowsPerRowGroup, onBytes });
    batchesSent++;
    await encoder.send(batchBuilder.buildColumns({ lend: true }));
  }

  async function sendPending(final: boolean): Promise<void> {
    // 'auto' and a first batch that is also the last: a small export, encoded here without a thread.
    if (thread === 'auto' && encoderThread === undefined && final) return sendHere(encodeHere());
    encoderThread ??= startEncoderThread(rowsPerRowGroup, onBytes);
    batchesSent++;
    // `send` packs the rows before it returns: the array is free for the next batch at once.
    const sent = encoderThread.send(pending);
    pending.length = 0;
    await sent;
  }

  return {
    write(row) {
      if (builder !== undefined) {
        builder.add(row);
        return builder.length >= rowsPerBatch ? sendHere(builder) : undefined;
      }
      pending.push(row);
      return pending.length >= rowsPerBatch ? sendPending(false) : undefined;
    },
    async end() {
      // A file with no rows still gets one (empty) batch: it carries the schema (see parquet-encoder.ts).
      if (builder !== undefined) {
        if (builder.length > 0 || batchesSent === 0) await sendHere(builder);
      } else if (pending.length > 0 || batchesSent === 0) {
        await sendPending(true);
      }
      await (encoderThread ?? (encoder as ParquetEncoder)).end();
      await writing;
      await out.flush();
    },
    async abort(reason) {
      pending.length = 0;
      await (encoderThread ?? encoder)?.abort(reason);
      await writing.catch(() => undefined);
    },
  };
}

/** The encoder thread's entry (parquet-worker next to this file), or undefined inside a single-file bundle. */
export function parquetWorkerEntry(): URL | undefined {
  return exportThreadEntry('parquet-worker');
}

/** The writer's side of the encoder thread: rows in, the file's bytes out through `onBytes`. */
interface EncoderThread {
  /**
   * Packs `rows` into one buffer before it returns (the caller may refill the array at once) and posts it;
   * resolves when fewer than MAX_BATCHES_IN_FLIGHT batches wait for the encoder, rejects if the thread failed.
   */
  send(rows: readonly ExportRow[]): Promise<void>;
  /** No more rows: resolves once every byte went through `onBytes`, then stops the thread. */
  end(): Promise<void>;
  /** Stops the thread after a failure elsewhere; never throws. */
  abort(reason: unknown): Promise<void>;
}

function startEncoderThread(rowsPerRowGroup: number, onBytes: (chunk: Uint8Array) => Promise<void>): EncoderThread {
  const entry = parquetWorkerEntry() as URL;
  const workerData: ParquetWorkerData = { kind: PARQUET_WORKER_KIND, rowsPerRowGroup };
  const worker = startExportThread(entry, workerData);
  let failure: { error: unknown } | undefined;
  // A function, not an inline test: TypeScript cannot see that awaits above may have set `failure`.
  const throwIfFailed = (): void => {
    if (failure !== undefined) throw failure.error;
  };
  let inFlight = 0;
  /**
   * Packed buffers the thread handed back, to pack later batches into instead of allocating ~1 MB per
   * batch: at most one per batch in flight.
   */
  const spare: ArrayBuffer[] = [];
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
        if (spare.length < MAX_BATCHES_IN_FLIGHT) spare.push(reply.buffer);
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
    async send(rows) {
      if (failure !== undefined) throw failure.error;
      // Before the first await: the caller refills `rows` once this returns.
      const packed = packRows(rows, spare.pop());
      inFlight++;
      post({ type: 'rows', packed }, [packed.buffer as ArrayBuffer]);
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
