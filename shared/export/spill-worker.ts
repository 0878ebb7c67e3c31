/**
 * Entry of the sorter's spill thread (external-sort.ts starts it through spill-thread.ts), and the spill
 * itself (writeSortedRun), which the sorter runs on its own thread where there is no spill thread.
 *
 * A spill turns a line batch into rows (locating each value in the bytes), sorts them, formats each row's
 * CSV line and writes them as a run file. On this thread that is the second core's work while the main
 * thread goes on canonicalising records; and the CSV lines formatted here are later copied by the CSV
 * writer instead of formatted on the main thread while the exports are written.
 *
 * Messages in:  { type: 'spill', path, batch } (batch: line-batch.ts, transferred). One at a time.
 * Messages out: { type: 'spilled', path, buffer } once the file is written and closed, handing the batch's
 *               buffer back (transferred) for the next batch to fill: one buffer serves every spill
 *               instead of each leaving 30-odd MB for this thread's garbage collector to notice;
 *               or { type: 'error', message, stack } for that spill (the thread then takes no more work).
 */
import { open } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { compareRecordKeys } from '../model/record.ts';
import { CsvRowFormatter } from './csv-writer.ts';
import { ExportRow } from './export-row.ts';
import { RowFileWriter } from './row-codec.ts';

export const SPILL_WORKER_KIND = 'oci-inventory-sort-spill';

export interface SpillWorkerData {
  kind: typeof SPILL_WORKER_KIND;
}

export type SpillWorkerRequest = { type: 'spill'; path: string; batch: Uint8Array };
export type SpillWorkerReply = { type: 'spilled'; path: string; buffer: ArrayBuffer } | { type: 'error'; message: string; stack: string | undefined };

/**
 * Turns a line batch (line-batch.ts) into rows, sorts them and writes them with their CSV lines as a new
 * run file at `path`. Runs here on the spill thread, or on the sorter's own thread where there is none.
 */
export async function writeSortedRun(path: string, batch: Uint8Array, formatter: CsvRowFormatter): Promise<void> {
  const rows = ExportRow.fromLineBatch(batch);
  rows.sort(compareRecordKeys);
  const handle = await open(path, 'wx');
  try {
    const out = new RowFileWriter(handle);
    for (const row of rows) {
      const wait = out.write(row, formatter.format(row));
      if (wait !== undefined) await wait;
    }
    await out.flush();
  } finally {
    await handle.close();
  }
}

function serve(port: NonNullable<typeof parentPort>): void {
  const formatter = new CsvRowFormatter();
  let failed = false;
  port.on('message', (request: SpillWorkerRequest) => {
    if (failed) return;
    writeSortedRun(request.path, request.batch, formatter).then(
      () => {
        // The rows were views of this buffer and are garbage now: it can go back.
        const buffer = request.batch.buffer as ArrayBuffer;
        port.postMessage({ type: 'spilled', path: request.path, buffer } satisfies SpillWorkerReply, [buffer]);
      },
      (error: unknown) => {
        failed = true;
        port.postMessage({
          type: 'error',
          message: error instanceof Error ? error.message : String(error),
          stack: error instanceof Error ? error.stack : undefined,
        } satisfies SpillWorkerReply);
      },
    );
  });
}

const data = workerData as Partial<SpillWorkerData> | null;
if (parentPort !== null && data?.kind === SPILL_WORKER_KIND) serve(parentPort);
