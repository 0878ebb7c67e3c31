/**
 * Collects many small writes (a JSONL line, a CSV row, a Parquet chunk) in a reusable Buffer and hands it
 * to a sink in large pieces: few syscalls, no per-line allocations, no one-big-string. Two buffers take
 * turns, so filling one overlaps the sink's write of the other.
 */
import type { FileHandle } from 'node:fs/promises';

/** Where bytes go. `write` must have consumed `bytes` when its promise resolves (the buffer is reused). */
export interface ByteSink {
  write(bytes: Uint8Array): Promise<void>;
}

export const DEFAULT_BUFFER_BYTES = 1 << 20;

/** UTF-8 needs at most 3 bytes per UTF-16 code unit (a surrogate pair: 4 bytes for 2 units). */
const MAX_UTF8_BYTES_PER_UNIT = 3;

export class BufferedWriter {
  readonly #sink: ByteSink;
  #buffer: Buffer;
  /** The other buffer: filled while the sink writes this one (allocated at the first hand-off). */
  #spare: Buffer | undefined;
  readonly #capacity: number;
  #used = 0;
  #busy = false;
  /** The sink's write of the previous buffer, if any; awaited before the next hand-off (order, reuse). */
  #inFlight: Promise<void> | undefined;

  constructor(sink: ByteSink, capacity: number = DEFAULT_BUFFER_BYTES) {
    this.#sink = sink;
    this.#capacity = capacity;
    this.#buffer = Buffer.allocUnsafe(capacity);
  }

  /**
   * Appends `text` as UTF-8. Returns undefined when the text went into the buffer, or a promise when the
   * buffer had to be handed to the sink first: await it before writing again (this is the backpressure).
   */
  writeString(text: string): Promise<void> | undefined {
    this.#assertIdle();
    if (this.#used + text.length * MAX_UTF8_BYTES_PER_UNIT <= this.#capacity) {
      this.#used += this.#buffer.write(text, this.#used, 'utf8');
      return undefined;
    }
    return this.#whileBusy(async () => {
      await this.#handOff();
      if (text.length * MAX_UTF8_BYTES_PER_UNIT <= this.#capacity) {
        this.#used += this.#buffer.write(text, this.#used, 'utf8');
      } else {
        await this.#drain();
        await this.#sink.write(Buffer.from(text, 'utf8'));
      }
    });
  }

  /** Appends bytes; same contract as writeString. `bytes` may be reused by the caller afterwards. */
  writeBytes(bytes: Uint8Array): Promise<void> | undefined {
    this.#assertIdle();
    if (this.#used + bytes.length <= this.#capacity) {
      this.#buffer.set(bytes, this.#used);
      this.#used += bytes.length;
      return undefined;
    }
    return this.#whileBusy(async () => {
      await this.#handOff();
      if (bytes.length <= this.#capacity) {
        this.#buffer.set(bytes, 0);
        this.#used = bytes.length;
      } else {
        await this.#drain();
        await this.#sink.write(bytes);
      }
    });
  }

  /**
   * Appends `source[start..end)`; same contract as writeBytes, without the caller making a view (a
   * subarray per JSONL line was measurable garbage at a million lines).
   */
  writeRange(source: Buffer, start: number, end: number): Promise<void> | undefined {
    const length = end - start;
    if (length > this.#capacity - this.#used || this.#busy) return this.writeBytes(source.subarray(start, end));
    source.copy(this.#buffer, this.#used, start, end);
    this.#used += length;
    return undefined;
  }

  /** Hands everything buffered to the sink and resolves once the sink has written all of it. */
  flush(): Promise<void> {
    this.#assertIdle();
    return this.#whileBusy(async () => {
      await this.#handOff();
      await this.#drain();
    });
  }

  /**
   * Starts the sink's write of the filled buffer and switches to the spare one, so the caller goes on
   * filling while the sink works (a file write on the thread pool, the hash already done): the writes of
   * a JSONL and a CSV file no longer stop the export for each megabyte. Waits for the previous write
   * first: one write in flight at a time, in order, and a buffer is never refilled before its write ended.
   */
  async #handOff(): Promise<void> {
    if (this.#used === 0) return;
    await this.#drain();
    const filled = this.#buffer.subarray(0, this.#used);
    const writing = this.#sink.write(filled);
    // Observed now so a failure is not reported as unhandled; it is rethrown by the next #drain().
    writing.catch(() => undefined);
    this.#inFlight = writing;
    const next = this.#spare ?? Buffer.allocUnsafe(this.#capacity);
    this.#spare = this.#buffer;
    this.#buffer = next;
    this.#used = 0;
  }

  /** Waits for the write in flight, if any; rethrows its failure. */
  async #drain(): Promise<void> {
    const writing = this.#inFlight;
    this.#inFlight = undefined;
    if (writing !== undefined) await writing;
  }

  async #whileBusy(work: () => Promise<void>): Promise<void> {
    this.#busy = true;
    try {
      await work();
    } finally {
      this.#busy = false;
    }
  }

  #assertIdle(): void {
    // Writing while a hand-off is in progress would overwrite bytes the sink has not consumed yet.
    if (this.#busy) throw new Error('BufferedWriter: await the promise of the previous write before writing again.');
  }
}

/** A sink writing to an open file; loops because a write may, in principle, be partial. */
export function fileHandleSink(handle: FileHandle): ByteSink {
  return {
    async write(bytes: Uint8Array): Promise<void> {
      let offset = 0;
      while (offset < bytes.length) {
        const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
        offset += bytesWritten;
      }
    },
  };
}
