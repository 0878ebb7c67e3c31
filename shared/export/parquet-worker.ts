/**
 * Entry of the Parquet encoder thread (parquet-writer.ts starts it): receives ColumnBatches, encodes them
 * with parquet-encoder.ts exactly as the writer's own thread would, and sends the file's bytes back in
 * order. The bytes are the same whichever thread encodes (test/export-parallel.test.ts pins that).
 *
 * Messages in:  { type: 'batch', batch } (buffers transferred), { type: 'end' }.
 * Messages out: { type: 'taken' } per batch, { type: 'bytes', chunk } in file order, { type: 'done' } after
 *               the last byte, or { type: 'error', message, stack } once, after which nothing else is sent.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ColumnBatch } from './arrow-batch.ts';
import { createParquetEncoder } from './parquet-encoder.ts';

export const PARQUET_WORKER_KIND = 'oci-inventory-parquet-encoder';

export interface ParquetWorkerData {
  kind: typeof PARQUET_WORKER_KIND;
  rowsPerRowGroup: number;
}

export type ParquetWorkerRequest = { type: 'batch'; batch: ColumnBatch } | { type: 'end' };
export type ParquetWorkerReply =
  | { type: 'taken' }
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
        if (request.type === 'batch') {
          await encoder.send(request.batch);
          post({ type: 'taken' });
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
