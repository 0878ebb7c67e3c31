/**
 * Assembles lines as UTF-8 bytes in one reused, growing buffer: fixed parts, ranges copied from other
 * buffers and text, without building an intermediate string. A line built by concatenating strings is
 * flattened into a new string when it is encoded; at millions of lines (the graph's node and edge lines)
 * that garbage was several gigabytes, most of the graph's collection work.
 *
 * `bytes()` is a view of the assembler's own buffer: hand it to something that copies it at once
 * (BufferedWriter.writeBytes does) before the next `reset()`.
 */

/** UTF-8 needs at most 3 bytes per UTF-16 code unit (a surrogate pair: 4 bytes for 2 units). */
const MAX_UTF8_BYTES_PER_UNIT = 3;

/** Below this many bytes a plain loop beats Buffer#copy, whose argument checks cost ~0.3 us per call. */
const SHORT_COPY_BYTES = 48;

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
  append(bytes: Uint8Array): void {
    this.appendRange(bytes, 0, bytes.length);
  }

  /** Appends `source[start..end)`. */
  appendRange(source: Uint8Array, start: number, end: number): void {
    const length = end - start;
    this.#ensure(length);
    const buffer = this.#buffer;
    const at = this.#length;
    if (length >= SHORT_COPY_BYTES) buffer.set(source.subarray(start, end), at);
    else for (let index = 0; index < length; index++) buffer[at + index] = source[start + index]!;
    this.#length = at + length;
  }

  /** Appends text as UTF-8. */
  appendText(text: string): void {
    this.#ensure(text.length * MAX_UTF8_BYTES_PER_UNIT);
    this.#length += this.#buffer.write(text, this.#length, 'utf8');
  }

  /** Makes room for `extra` more bytes: the buffer it returns can then be written at `length` up to that many bytes. */
  reserve(extra: number): Buffer {
    this.#ensure(extra);
    return this.#buffer;
  }

  /** Counts `count` bytes written straight into the buffer `reserve` returned. */
  advance(count: number): void {
    this.#length += count;
  }

  #ensure(extra: number): void {
    const needed = this.#length + extra;
    if (needed <= this.#buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(needed, this.#buffer.length * 2));
    this.#buffer.copy(grown, 0, 0, this.#length);
    this.#buffer = grown;
  }
}
