/**
 * Entry of the Parquet encoder thread (parquet-thread.ts starts it for parquet-writer.ts): receives each
 * batch as an Arrow IPC stream (arrow-ipc.ts), encodes it with parquet-encoder.ts, exactly as the writer's
 * own thread does when it encodes, and sends the file's bytes back in order. The bytes are the same
 * whichever thread encodes (test/export-parallel.test.ts and test/export-parquet-thread.test.ts pin that).
 *
 * The writer's thread builds the columns (arrow-batch.ts) and writes the stream; this thread only copies
 * it into wasm memory and encodes, which is most of the Parquet work (the wasm encoder and its Snappy
 * compression). Measured at 1M emulator records: with the columns built here as well (rows crossed,
 * packed), this thread was busy for the whole write phase (~15 s) while the writer's thread, merging and
 * writing JSONL and CSV, was idle for about two thirds of it.
 *
 * Messages in:  { type: 'ipc', stream } (its buffer transferred), { type: 'end' }.
 * Messages out: { type: 'taken', buffer } per batch once the encoder has taken it, handing the stream's
 *               buffer back (transferred) for the writer to write a later batch into; { type: 'bytes',
 *               chunk } in file order; { type: 'done' } after the last byte; or { type: 'error', message,
 *               stack } once, after which nothing else is sent.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createParquetEncoder } from './parquet-encoder.ts';

export const PARQUET_WORKER_KIND = 'oci-inventory-parquet-encoder';

export interface ParquetWorkerData {
  kind: typeof PARQUET_WORKER_KIND;
  rowsPerRowGroup: number;
}

export type ParquetWorkerRequest = { type: 'ipc'; stream: Uint8Array } | { type: 'end' };
export type ParquetWorkerReply =
  | { type: 'taken'; buffer: ArrayBuffer }
  | { type: 'bytes'; chunk: Uint8Array }
  | { type: 'done' }
  | { type: 'error'; message: string; stack: string | undefined };

function serve(port: NonNullable<typeof parentPort>, data: ParquetWorkerData): void {
  const post = (reply: ParquetWorkerReply, transfer: ArrayBuffer[] = []) => port.postMessage(reply, transfer);
  const encoder = createParquetEncoder({
    rowsPerRowGroup: data.rowsPerRowGroup,
    onBytes: (chunk) => {
      // A copy: the chunk may be a view of wasm memory, which must never be transferred away.
      const copy = chunk.slice();
      post({ type: 'bytes', chunk: copy }, [copy.buffer as ArrayBuffer]);
    },
  });
  let failed = false;
  let queue = Promise.resolve();
  port.on('message', (request: ParquetWorkerRequest) => {
    queue = queue
      .then(async () => {
        if (failed) return;
        if (request.type === 'ipc') {
          await encoder.send(request.stream);
          const buffer = request.stream.buffer as ArrayBuffer;
          post({ type: 'taken', buffer }, [buffer]);
        } else {
          await encoder.end();
          post({ type: 'done' });
          port.close();
        }
      })
      .catch(async (error: unknown) => {
        if (failed) return;
        failed = true;
        await encoder.abort(error);
        post({ type: 'error', message: error instanceof Error ? error.message : String(error), stack: error instanceof Error ? error.stack : undefined });
        port.close();
      });
  });
}

const data = workerData as Partial<ParquetWorkerData> | null;
if (parentPort !== null && data?.kind === PARQUET_WORKER_KIND) serve(parentPort, data as ParquetWorkerData);
