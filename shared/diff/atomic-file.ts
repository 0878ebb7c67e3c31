/**
 * A file that appears under its final name only when complete: written to a temp file in the same
 * directory (so the rename cannot cross file systems), fsynced, then renamed over the final name.
 * A reader never sees half a diff.json, and a failed run leaves the previous file in place.
 *
 * Note: shared/export/ is getting its own atomic write; this small one is local to the diff until the
 * two are unified.
 */
import { randomBytes } from 'node:crypto';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { BufferedTextWriter } from './buffered-text-writer.ts';

export class AtomicFile {
  readonly finalPath: string;
  readonly #writer: BufferedTextWriter;

  private constructor(finalPath: string, writer: BufferedTextWriter) {
    this.finalPath = finalPath;
    this.#writer = writer;
  }

  static async create(finalPath: string): Promise<AtomicFile> {
    return new AtomicFile(finalPath, await BufferedTextWriter.create(tempPathBeside(finalPath)));
  }

  write(text: string): Promise<void> {
    return this.#writer.write(text);
  }

  writeBytes(bytes: Uint8Array): Promise<void> {
    return this.#writer.writeBytes(bytes);
  }

  /** Makes the file visible under its final name. */
  async commit(): Promise<void> {
    await this.#writer.close({ sync: true });
    await rename(this.#writer.path, this.finalPath);
  }

  /** Drops the temp file; the final name is left as it was. Never throws. */
  async abort(): Promise<void> {
    await this.#writer.discard();
    await rm(this.#writer.path, { force: true }).catch(() => undefined);
  }
}

/** Writes a whole (small) text file atomically. */
export async function writeFileAtomically(finalPath: string, text: string): Promise<void> {
  const file = await AtomicFile.create(finalPath);
  try {
    await file.write(text);
    await file.commit();
  } catch (error) {
    await file.abort();
    throw error;
  }
}

/** A hidden, unique name in the final file's directory: `.diff.json.<pid>.<random>.tmp`. */
export function tempPathBeside(finalPath: string): string {
  return join(dirname(finalPath), `.${basename(finalPath)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
}
