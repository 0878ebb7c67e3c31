/**
 * A batch of canonical lines being collected by the sorter, as UTF-8 in one growing buffer:
 *
 *   batch := ( u32 rowLength (little-endian) , header room , line bytes , '\n' )*
 *
 * rowLength counts the header room (ROW_HEADER_BYTES, left unwritten here), the line and its '\n': the
 * frame's tail is exactly an ExportRow's bytes once ExportRow.fromLineBatch has filled the header in, so
 * the rows are views of the batch and nothing is copied.
 *
 * The sorter keeps records in this form until it spills them, instead of as one row object and one small
 * Buffer per record: encoding a line is one native call, the batch crosses to the spill thread as one
 * transferred buffer, and the thread that serialises records keeps almost nothing on its heap.
 * ExportRow.fromLineBatch turns a batch into rows.
 */

import { ROW_HEADER_BYTES } from './export-row.ts';

/** Bytes a new batch starts with; it grows by doubling (a batch of 20,000 emulator records is ~30 MB). */
const INITIAL_BYTES = 1 << 20;

export class LineBatchBuilder {
  #buffer: Buffer;
  #used = 0;
  #count = 0;

  constructor(buffer?: ArrayBuffer) {
    this.#buffer = Buffer.from(buffer ?? new ArrayBuffer(INITIAL_BYTES));
  }

  /** Lines in the batch. */
  get count(): number {
    return this.#count;
  }

  /** Appends one line (no '\n' in it: canonical JSON has none). */
  add(line: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 code unit; plus the length prefix, the header room and the '\n'.
    const room = 4 + ROW_HEADER_BYTES + line.length * 3 + 1;
    if (this.#used + room > this.#buffer.length) this.#grow(this.#used + room);
    const buffer = this.#buffer;
    const lineStart = this.#used + 4 + ROW_HEADER_BYTES;
    const length = buffer.write(line, lineStart, 'utf8');
    buffer[lineStart + length] = 0x0a;
    buffer.writeUInt32LE(ROW_HEADER_BYTES + length + 1, this.#used);
    this.#used = lineStart + length + 1;
    this.#count++;
  }

  /**
   * The batch so far (a view of its own ArrayBuffer, which may be transferred) and an empty builder again,
   * filling `next` when given (a buffer handed back after an earlier batch), else a new buffer as large as
   * this batch's, so a batch of similar size does not grow again.
   */
  take(next?: ArrayBuffer): Uint8Array {
    const batch = new Uint8Array(this.#buffer.buffer, this.#buffer.byteOffset, this.#used);
    this.#buffer = Buffer.from(next ?? new ArrayBuffer(Math.max(INITIAL_BYTES, this.#buffer.length)));
    this.#used = 0;
    this.#count = 0;
    return batch;
  }

  #grow(needed: number): void {
    const grown = Buffer.from(new ArrayBuffer(Math.max(needed, this.#buffer.length * 2)));
    this.#buffer.copy(grown, 0, 0, this.#used);
    this.#buffer = grown;
  }
}
