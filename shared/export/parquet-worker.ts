/**
 * Entry of the Parquet encoder thread (parquet-writer.ts starts it): receives batches of rows packed into
 * one buffer (row-batch.ts), turns each into Arrow column buffers (arrow-batch.ts) and encodes them with
 * parquet-encoder.ts, exactly as the writer's own thread does when it encodes, and sends the file's bytes
 * back in order. Building the columns here rather than on the writer's thread is the point: copying every
 * value into its column (and allocating a batch's column buffers to transfer them) cost the writer's thread
 * more than packing a row, which is one copy of its bytes (measured at 200k emulator records: that
 * thread's CPU in the write phase fell from ~1.6 s to ~1.2 s; the export's total CPU stayed the same).
 * The bytes are the same whichever thread encodes (test/export-parallel.test.ts and
 * test/export-parquet-thread.test.ts pin that): the rows, and so the batches, are the same.
 *
 * Messages in:  { type: 'rows', packed } (its buffer transferred), { type: 'end' }.
 * Messages out: { type: 'taken', buffer } per batch once the encoder has taken it, handing the packed
 *               buffer back (transferred) for the writer to pack a later batch into; { type: 'bytes', chunk }
 *               in file order; { type: 'done' } after the last byte; or { type: 'error', message, stack }
 *               once, after which nothing else is sent.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ArrowBatchBuilder } from './arrow-batch.ts';
import { createParquetEncoder } from './parquet-encoder.ts';
import { unpackRows } from './row-batch.ts';

export const PARQUET_WORKER_KIND = 'oci-inventory-parquet-encoder';

export interface ParquetWorkerData {
  kind: typeof PARQUET_WORKER_KIND;
  rowsPerRowGroup: number;
}

export type ParquetWorkerRequest = { type: 'rows'; packed: Uint8Array } | { type: 'end' };
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
  // Lending is safe: the encoder copies a batch into wasm memory before `send` first awaits, so the
  // builder's buffers are free again before the next batch is built. One set of buffers serves them all.
  const builder = new ArrowBatchBuilder();
  let failed = false;
  let queue = Promise.resolve();
  port.on('message', (request: ParquetWorkerRequest) => {
    queue = queue
      .then(async () => {
        if (failed) return;
        if (request.type === 'rows') {
          // The rows are views of the packed buffer; their bytes are in the builder's columns once added.
          for (const row of unpackRows(request.packed)) builder.add(row);
          await encoder.send(builder.buildColumns({ lend: true }));
          const buffer = request.packed.buffer as ArrayBuffer;
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
