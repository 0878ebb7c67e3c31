/**
 * The sorter's side of its spill thread (spill-worker.ts): hands it one batch at a time and reports when
 * the run file is written, or why not.
 *
 * The thread holds the process open only while a spill is running: an idle thread is unref'd, so a sorter
 * that was never disposed does not keep a finished CLI run alive.
 */
import type { Worker } from 'node:worker_threads';
import { exportThreadEntry, startExportThread } from './export-thread.ts';
import { SPILL_WORKER_KIND, type SpillWorkerData, type SpillWorkerReply, type SpillWorkerRequest } from './spill-worker.ts';

/** Whether a spill thread can be started here (not inside a single-file bundle). */
export function spillThreadAvailable(): boolean {
  return exportThreadEntry('spill-worker') !== undefined;
}

export class SpillThread {
  readonly #worker: Worker;
  #pending: { resolve: (buffer: ArrayBuffer) => void; reject: (error: unknown) => void } | undefined;
  #failure: Error | undefined;

  constructor() {
    const entry = exportThreadEntry('spill-worker');
    if (entry === undefined) throw new Error('No spill thread entry here (a single-file bundle): spill on the calling thread.');
    const data: SpillWorkerData = { kind: SPILL_WORKER_KIND };
    this.#worker = startExportThread(entry, data);
    this.#worker.unref();
    this.#worker.on('message', (reply: SpillWorkerReply) => {
      if (reply.type === 'spilled') {
        this.#settle(reply.buffer);
        return;
      }
      const error = new Error(`Sort spill thread failed: ${reply.message}`);
      if (reply.stack !== undefined) error.stack = `${error.message}\n-- in the spill thread --\n${reply.stack}`;
      this.#fail(error);
    });
    this.#worker.on('error', (error) => this.#fail(new Error(`Sort spill thread failed: ${error.message}`, { cause: error })));
    this.#worker.on('exit', (code) => this.#fail(new Error(`The sort spill thread exited (code ${code}) before finishing its work.`)));
  }

  /**
   * Sorts the line batch `batch` (line-batch.ts; its buffer is transferred, unusable here until handed
   * back) and writes it as the run file `path`, each row with its CSV line. Resolves with the batch's
   * buffer, free to fill again. One spill at a time: await the previous one first.
   */
  spill(path: string, batch: Uint8Array): Promise<ArrayBuffer> {
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    if (this.#pending !== undefined) return Promise.reject(new Error('A spill is already running on the spill thread.'));
    const done = new Promise<ArrayBuffer>((resolve, reject) => {
      this.#pending = { resolve, reject };
    });
    this.#worker.ref();
    const request: SpillWorkerRequest = { type: 'spill', path, batch };
    this.#worker.postMessage(request, [batch.buffer as ArrayBuffer]);
    return done;
  }

  /** Stops the thread (after any spill it was running has been awaited by the caller). */
  async close(): Promise<void> {
    this.#failure ??= new Error('The sort spill thread was closed.');
    await this.#worker.terminate();
  }

  #settle(buffer: ArrayBuffer): void {
    const pending = this.#pending;
    this.#pending = undefined;
    this.#worker.unref();
    pending?.resolve(buffer);
  }

  #fail(error: Error): void {
    this.#failure ??= error;
    const pending = this.#pending;
    this.#pending = undefined;
    this.#worker.unref();
    pending?.reject(this.#failure);
  }
}
