/**
 * The Parquet writer's side of its encoder thread (parquet-worker.ts): batches in, the file's bytes out.
 *
 * Each batch crosses as one Arrow IPC stream (arrow-ipc.ts) in a transferred buffer: the writer's thread
 * builds the columns and writes the stream, the encoder thread only copies it into wasm memory and
 * encodes. The thread hands each stream's buffer back once its encoder has taken the batch, and a later
 * batch is written into it (at most one spare per batch in flight) instead of allocating ~1.5 MB per batch.
 * At most MAX_BATCHES_IN_FLIGHT batches wait for the encoder; `send` waits beyond that (backpressure).
 */
import type { Worker } from 'node:worker_threads';
import type { ColumnBatch } from './arrow-batch.ts';
import { transferableIpcStream } from './arrow-ipc.ts';
import { exportThreadEntry, startExportThread } from './export-thread.ts';
import { PARQUET_WORKER_KIND, type ParquetWorkerData, type ParquetWorkerReply, type ParquetWorkerRequest } from './parquet-worker.ts';

/** Batches posted to the encoder thread and not yet taken by its encoder, before `send` waits. */
const MAX_BATCHES_IN_FLIGHT = 2;

/** The encoder thread's entry (parquet-worker next to this file), or undefined inside a single-file bundle. */
export function parquetWorkerEntry(): URL | undefined {
  return exportThreadEntry('parquet-worker');
}

export class ParquetEncoderThread {
  readonly #worker: Worker;
  readonly #onBytes: (chunk: Uint8Array) => Promise<void>;
  #failure: { error: unknown } | undefined;
  #inFlight = 0;
  /** Stream buffers the thread handed back, to write later batches into. */
  readonly #spare: ArrayBuffer[] = [];
  #waiter: (() => void) | undefined;
  readonly #finished: Promise<void>;
  #finish!: { resolve: () => void; reject: (error: unknown) => void };

  /**
   * Starts the thread (the caller checked parquetWorkerEntry()). `onBytes` receives the file's bytes in
   * order; a rejection fails the thread's work like an encoder failure.
   */
  constructor(rowsPerRowGroup: number, onBytes: (chunk: Uint8Array) => Promise<void>) {
    const entry = parquetWorkerEntry();
    if (entry === undefined) throw new Error('No Parquet encoder thread entry here (a single-file bundle): encode on the calling thread.');
    this.#onBytes = onBytes;
    this.#finished = new Promise<void>((resolve, reject) => {
      this.#finish = { resolve, reject };
    });
    this.#finished.catch(() => undefined);
    const workerData: ParquetWorkerData = { kind: PARQUET_WORKER_KIND, rowsPerRowGroup };
    this.#worker = startExportThread(entry, workerData);
    this.#worker.on('message', (reply: ParquetWorkerReply) => this.#receive(reply));
    this.#worker.on('error', (error) => this.#fail(new Error(`Parquet encoder thread failed: ${error.message}`, { cause: error })));
    this.#worker.on('exit', (code) => {
      if (this.#failure === undefined) this.#fail(new Error(`The Parquet encoder thread exited (code ${code}) before finishing.`));
    });
  }

  /**
   * Writes `batch` as an IPC stream before it returns (the caller may reuse the batch's buffers at once)
   * and posts it; resolves when fewer than MAX_BATCHES_IN_FLIGHT batches wait for the encoder, rejects if
   * the thread failed.
   */
  async send(batch: ColumnBatch): Promise<void> {
    this.#throwIfFailed();
    this.sendIpcStream(transferableIpcStream(batch, this.#spare.pop()));
    while (this.#failure === undefined && this.#inFlight >= MAX_BATCHES_IN_FLIGHT) {
      await new Promise<void>((resolve) => {
        this.#waiter = resolve;
      });
    }
    this.#throwIfFailed();
  }

  /**
   * Posts a batch already written as an IPC stream, transferring its buffer (unusable here afterwards).
   * `send` uses it; on its own it lets a test hand the thread a stream its encoder rejects.
   */
  sendIpcStream(stream: Uint8Array): void {
    this.#throwIfFailed();
    this.#inFlight++;
    this.#post({ type: 'ipc', stream }, [stream.buffer as ArrayBuffer]);
  }

  /** No more batches: resolves once every byte went through `onBytes`, then stops the thread. */
  async end(): Promise<void> {
    this.#throwIfFailed();
    this.#post({ type: 'end' });
    try {
      await this.#finished;
    } finally {
      this.#failure ??= { error: new Error('The Parquet encoder thread has finished.') };
      await this.#worker.terminate();
    }
  }

  /** Stops the thread after a failure elsewhere; never throws. */
  async abort(reason: unknown): Promise<void> {
    this.#failure ??= { error: reason };
    this.#wake();
    await this.#worker.terminate();
  }

  #receive(reply: ParquetWorkerReply): void {
    switch (reply.type) {
      case 'taken':
        this.#inFlight--;
        if (this.#spare.length < MAX_BATCHES_IN_FLIGHT) this.#spare.push(reply.buffer);
        this.#wake();
        break;
      case 'bytes':
        this.#onBytes(reply.chunk).catch((error: unknown) => this.#fail(error));
        break;
      case 'done':
        this.#finish.resolve();
        break;
      case 'error': {
        const error = new Error(`Parquet encoder thread failed: ${reply.message}`);
        if (reply.stack !== undefined) error.stack = `${error.message}\n-- in the encoder thread --\n${reply.stack}`;
        this.#fail(error);
        break;
      }
    }
  }

  #post(request: ParquetWorkerRequest, transfer: ArrayBuffer[] = []): void {
    this.#worker.postMessage(request, transfer);
  }

  // A method, not an inline test: TypeScript cannot see that awaits may have set #failure.
  #throwIfFailed(): void {
    if (this.#failure !== undefined) throw this.#failure.error;
  }

  #fail(error: unknown): void {
    this.#failure ??= { error };
    this.#finish.reject(this.#failure.error);
    this.#wake();
  }

  #wake(): void {
    const resolve = this.#waiter;
    this.#waiter = undefined;
    resolve?.();
  }
}
