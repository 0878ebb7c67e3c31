/**
 * Assembles lines as UTF-8 bytes in one reused, growing buffer: fixed parts, ranges copied from other
 * buffers and text, without building an intermediate string. A line built by concatenating strings is
 * flattened into a new string when it is encoded; at millions of lines (the graph's node and edge lines)
 * that garbage was several gigabytes, most of the graph's collection work.
 *
 * `bytes()` is a view of the assembler's own buffer: hand it to something that copies it at once
 * (BufferedWriter.writeBytes does) before the next `reset()`.
 */

import { copyBytes } from './copy-bytes.ts';

/** UTF-8 needs at most 3 bytes per UTF-16 code unit (a surrogate pair: 4 bytes for 2 units). */
const MAX_UTF8_BYTES_PER_UNIT = 3;


export class ByteAssembler {
  #buffer: Buffer;
  #length = 0;

  constructor(initialBytes = 1 << 12) {
    this.#buffer = Buffer.allocUnsafe(initialBytes);
  }

  get length(): number {
    return this.#length;
  }

  /** Empties the assembler (its buffer is kept). */
  reset(): void {
    this.#length = 0;
  }

  /** The bytes assembled so far: a view, valid until the next reset or append. */
  bytes(): Buffer {
    return this.#buffer.subarray(0, this.#length);
  }

  /** Appends bytes, e.g. a fixed part of a line encoded once. */
  append(bytes: Buffer): void {
    this.appendRange(bytes, 0, bytes.length);
  }

  /** Appends `source[start..end)`. */
  appendRange(source: Buffer, start: number, end: number): void {
    this.#ensure(end - start);
    this.#length += copyBytes(source, start, end, this.#buffer, this.#length);
  }

  /** Appends text as UTF-8. */
  appendText(text: string): void {
    this.#ensure(text.length * MAX_UTF8_BYTES_PER_UNIT);
    this.#length += this.#buffer.write(text, this.#length, 'utf8');
  }

  #ensure(extra: number): void {
    const needed = this.#length + extra;
    if (needed <= this.#buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(needed, this.#buffer.length * 2));
    this.#buffer.copy(grown, 0, 0, this.#length);
    this.#buffer = grown;
  }
}
