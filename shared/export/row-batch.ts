/**
 * A batch of export rows packed into one buffer, to hand rows to another thread: one transfer instead of
 * a structured clone per row, and the receiving side gets views of the buffer (no copy per row).
 *
 *   batch := ( u32 byteLength (little-endian) , row.bytes )*
 *
 * Used for the Parquet encoder thread (parquet-writer.ts). Run files frame rows the same way plus each row's
 * CSV line (row-codec.ts); the sorter's batches leave room for the header instead (line-batch.ts). The
 * buffer is an ArrayBuffer of its own (never the shared Buffer pool), so it can be transferred.
 */
import { ExportRow } from './export-row.ts';

/**
 * Copies the rows' bytes into one buffer: into `reuse` when it is large enough (a buffer handed back by
 * the thread that took an earlier batch), else into a new one with a quarter to spare, so the next batch
 * of a similar size fits it. Returns a view of the packed bytes; its `.buffer` is what to transfer.
 */
export function packRows(rows: readonly ExportRow[], reuse?: ArrayBuffer): Uint8Array {
  let total = 0;
  for (const row of rows) total += 4 + row.bytes.length;
  const buffer = reuse !== undefined && reuse.byteLength >= total ? reuse : new ArrayBuffer(reuse === undefined ? total : Math.ceil(total * 1.25));
  const packed = Buffer.from(buffer, 0, total);
  let at = 0;
  for (const row of rows) {
    packed.writeUInt32LE(row.bytes.length, at);
    packed.set(row.bytes, at + 4);
    at += 4 + row.bytes.length;
  }
  return new Uint8Array(buffer, 0, total);
}

/** The rows of a packed batch, as views of it (ExportRow.fromBytes checks each row's header). */
export function unpackRows(packed: Uint8Array): ExportRow[] {
  const bytes = Buffer.from(packed.buffer, packed.byteOffset, packed.byteLength);
  const rows: ExportRow[] = [];
  let at = 0;
  while (at < bytes.length) {
    if (bytes.length - at < 4) throw new Error(`Packed row batch ends inside a length prefix at byte ${at} of ${bytes.length}.`);
    const end = at + 4 + bytes.readUInt32LE(at);
    if (end > bytes.length) throw new Error(`Packed row batch ends inside a row at byte ${at} of ${bytes.length}.`);
    rows.push(ExportRow.fromBytes(bytes.subarray(at + 4, end)));
    at = end;
  }
  return rows;
}
