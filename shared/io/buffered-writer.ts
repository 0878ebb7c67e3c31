/**
 * Collects many small writes (a JSONL line, a CSV row, a Parquet chunk) in one reusable Buffer and hands
 * it to a sink in large pieces: few syscalls, no per-line allocations, no one-big-string.
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
  readonly #buffer: Buffer;
  #used = 0;
  #busy = false;

  constructor(sink: ByteSink, capacity: number = DEFAULT_BUFFER_BYTES) {
    this.#sink = sink;
    this.#buffer = Buffer.allocUnsafe(capacity);
  }

  /**
   * Appends `text` as UTF-8. Returns undefined when the text went into the buffer, or a promise when the
   * buffer had to be flushed first: await it before writing again (this is the backpressure).
   */
  writeString(text: string): Promise<void> | undefined {
    this.#assertIdle();
    if (this.#used + text.length * MAX_UTF8_BYTES_PER_UNIT <= this.#buffer.length) {
      this.#used += this.#buffer.write(text, this.#used, 'utf8');
      return undefined;
    }
    return this.#whileBusy(async () => {
      await this.#flushBuffer();
      if (text.length * MAX_UTF8_BYTES_PER_UNIT <= this.#buffer.length) {
        this.#used += this.#buffer.write(text, this.#used, 'utf8');
      } else {
        await this.#sink.write(Buffer.from(text, 'utf8'));
      }
    });
  }

  /** Appends bytes; same contract as writeString. `bytes` may be reused by the caller afterwards. */
  writeBytes(bytes: Uint8Array): Promise<void> | undefined {
    this.#assertIdle();
    if (this.#used + bytes.length <= this.#buffer.length) {
      this.#buffer.set(bytes, this.#used);
      this.#used += bytes.length;
      return undefined;
    }
    return this.#whileBusy(async () => {
      await this.#flushBuffer();
      if (bytes.length <= this.#buffer.length) {
        this.#buffer.set(bytes, 0);
        this.#used = bytes.length;
      } else {
        await this.#sink.write(bytes);
      }
    });
  }

  /** Hands everything buffered to the sink. */
  flush(): Promise<void> {
    this.#assertIdle();
    return this.#whileBusy(() => this.#flushBuffer());
  }

  async #flushBuffer(): Promise<void> {
    if (this.#used === 0) return;
    const filled = this.#buffer.subarray(0, this.#used);
    this.#used = 0;
    await this.#sink.write(filled);
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
    // Writing while a flush is in flight would overwrite bytes the sink has not consumed yet.
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
