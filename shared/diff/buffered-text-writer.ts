/**
 * Appends text to a file through a fixed-size buffer: one write call per ~1 MiB instead of one per
 * entry, and memory bounded by the buffer whatever the file's size.
 */
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';

const FLUSH_AT_CHARS = 1 << 20;

export class BufferedTextWriter {
  readonly path: string;
  #handle: FileHandle;
  #pending: string[] = [];
  #pendingChars = 0;
  #closed = false;

  private constructor(path: string, handle: FileHandle) {
    this.path = path;
    this.#handle = handle;
  }

  /** Creates the file; fails if it exists ('wx'), so two writers never share a temp name. */
  static async create(path: string): Promise<BufferedTextWriter> {
    return new BufferedTextWriter(path, await open(path, 'wx'));
  }

  async write(text: string): Promise<void> {
    this.#pending.push(text);
    this.#pendingChars += text.length;
    if (this.#pendingChars >= FLUSH_AT_CHARS) await this.flush();
  }

  /** Writes raw bytes after everything written so far (used to splice one file into another). */
  async writeBytes(bytes: Uint8Array): Promise<void> {
    await this.flush();
    await writeFully(this.#handle, bytes);
  }

  async flush(): Promise<void> {
    if (this.#pending.length === 0) return;
    const bytes = Buffer.from(this.#pending.join(''), 'utf8');
    this.#pending = [];
    this.#pendingChars = 0;
    await writeFully(this.#handle, bytes);
  }

  /** Flushes, optionally fsyncs (before a rename makes the file visible), and closes. Idempotent. */
  async close(options: { sync?: boolean } = {}): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      await this.flush();
      if (options.sync === true) await this.#handle.sync();
    } finally {
      await this.#handle.close();
    }
  }

  /** Closes without flushing, for error paths; never throws. */
  async discard(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#pending = [];
    await this.#handle.close().catch(() => undefined);
  }
}

async function writeFully(handle: FileHandle, bytes: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset, null);
    offset += bytesWritten;
  }
}
