/**
 * The sorter's run files: rows exactly as ExportRow holds them (`row.bytes`: value offsets, canonical line),
 * each preceded by its length, then the row's CSV line when it was formatted ahead (by a spill,
 * spill-worker.ts), else nothing (length 0: a CSV line is never empty, it ends with CRLF).
 *
 *   row := u32 byteLength (little-endian) , row.bytes , u32 csvLength , csvLine
 *
 * Writing copies bytes, reading slices them: no JSON, no text decoding except each row's key. (The former
 * JSON array form escaped every quote of the nested JSON columns and cost a JSON.parse per row to read
 * back: measured on 200k emulator records, spill write 3.8 s and read 0.9 s of CPU.) Only this process
 * reads what it wrote, so there is no version header; a truncated file is an error, never a short read.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { ExportRow } from './export-row.ts';

/** Bytes per write and per read; a merge holds one read per run (50 runs for 1M records at the default). */
const CHUNK_BYTES = 1 << 18;

/** Writes rows to an open file through one reusable buffer. */
export class RowFileWriter {
  readonly #handle: FileHandle;
  readonly #buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  #used = 0;

  constructor(handle: FileHandle) {
    this.#handle = handle;
  }

  /**
   * Appends one row with its CSV line (default: the row's own `csvLine`, if any); returns a promise (await
   * it before the next call) when the buffer had to be flushed. `csvLine` is copied before this returns.
   */
  write(row: ExportRow, csvLine: Uint8Array | undefined = row.csvLine): Promise<void> | undefined {
    const bytes = row.bytes;
    const csvLength = csvLine === undefined ? 0 : csvLine.length;
    const size = 8 + bytes.length + csvLength;
    if (this.#used + size <= this.#buffer.length) {
      this.#put(bytes, csvLine);
      return undefined;
    }
    return this.#flushThenWrite(bytes, csvLine === undefined ? undefined : Buffer.from(csvLine), size);
  }

  /** Copies one framed row into the buffer (which has room). */
  #put(bytes: Buffer, csvLine: Uint8Array | undefined): void {
    const buffer = this.#buffer;
    let at = this.#used;
    buffer.writeUInt32LE(bytes.length, at);
    buffer.set(bytes, at + 4);
    at += 4 + bytes.length;
    buffer.writeUInt32LE(csvLine === undefined ? 0 : csvLine.length, at);
    at += 4;
    if (csvLine !== undefined) {
      buffer.set(csvLine, at);
      at += csvLine.length;
    }
    this.#used = at;
  }

  async #flushThenWrite(bytes: Buffer, csvLine: Uint8Array | undefined, size: number): Promise<void> {
    await this.flush();
    if (size <= this.#buffer.length) {
      this.#put(bytes, csvLine);
      return;
    }
    // Larger than the buffer: written in pieces.
    const lengths = Buffer.allocUnsafe(8);
    lengths.writeUInt32LE(bytes.length, 0);
    lengths.writeUInt32LE(csvLine === undefined ? 0 : csvLine.length, 4);
    await this.#writeAll(lengths, 4);
    await this.#writeAll(bytes, bytes.length);
    await this.#writeAll(lengths.subarray(4), 4);
    if (csvLine !== undefined) await this.#writeAll(csvLine, csvLine.length);
  }

  async flush(): Promise<void> {
    await this.#writeAll(this.#buffer, this.#used);
    this.#used = 0;
  }

  async #writeAll(bytes: Uint8Array, length: number): Promise<void> {
    let offset = 0;
    while (offset < length) {
      const { bytesWritten } = await this.#handle.write(bytes, offset, length - offset);
      offset += bytesWritten;
    }
  }
}

/**
 * Yields the rows of a file written by RowFileWriter, in order, one array per read (a few hundred rows):
 * a consumer pays one asynchronous step per read, not per row. Each read goes into a fresh buffer and the
 * rows are views of it (no copy per row); the buffer is freed once its rows are.
 */
export async function* readRowChunks(path: string): AsyncGenerator<ExportRow[]> {
  const handle = await open(path, 'r');
  let carry: Buffer = Buffer.alloc(0);
  try {
    for (;;) {
      const needed = framedLength(carry);
      const buffer = Buffer.allocUnsafeSlow(Math.max(CHUNK_BYTES, needed));
      carry.copy(buffer, 0);
      const { bytesRead } = await handle.read(buffer, carry.length, buffer.length - carry.length, null);
      const end = carry.length + bytesRead;
      if (bytesRead === 0) {
        if (carry.length > 0) throw new Error(`Run file ${path} ends inside a row (${carry.length} bytes left): it was truncated.`);
        return;
      }
      const rows: ExportRow[] = [];
      let start = 0;
      while (end - start >= 8) {
        const bytesEnd = start + 4 + buffer.readUInt32LE(start);
        if (bytesEnd + 4 > end) break;
        const csvEnd = bytesEnd + 4 + buffer.readUInt32LE(bytesEnd);
        if (csvEnd > end) break;
        const csvLine = csvEnd > bytesEnd + 4 ? buffer.subarray(bytesEnd + 4, csvEnd) : undefined;
        rows.push(ExportRow.fromBytes(buffer.subarray(start + 4, bytesEnd), csvLine));
        start = csvEnd;
      }
      carry = Buffer.from(buffer.subarray(start, end));
      if (rows.length > 0) yield rows;
    }
  } finally {
    await handle.close();
  }
}

/** The bytes of the framed row `carry` starts with, as far as its lengths are known (0 when none is). */
function framedLength(carry: Buffer): number {
  if (carry.length < 4) return 0;
  const bytesEnd = 4 + carry.readUInt32LE(0);
  if (carry.length < bytesEnd + 4) return bytesEnd + 4;
  return bytesEnd + 4 + carry.readUInt32LE(bytesEnd);
}

/** The rows of a file written by RowFileWriter, one at a time (readRowChunks flattened). */
export async function* readRowFile(path: string): AsyncGenerator<ExportRow> {
  for await (const rows of readRowChunks(path)) yield* rows;
}
