/**
 * A file that appears under its final name complete or not at all: a reader never sees half an export or
 * half a diff.json, and a failed run leaves the previous file in place.
 *
 * Bytes go to `<name>.tmp-<random>` in the destination folder (same filesystem, so the rename is atomic).
 * `seal()` fsyncs and closes it, `publish()` renames it over the final name and fsyncs the folder so the
 * rename survives a crash; `abort()` removes the temporary file. Sealing and publishing are separate so a
 * caller writing several files can publish them only after all of them were written (write-exports.ts),
 * or check what it wrote before publishing (run-bucket.ts). The SHA-256 and size of the content are
 * computed on the way through, so nobody re-reads the file; for large files on a helper thread if asked
 * (`hashOnThread`, hash-thread.ts).
 *
 * Writes go straight to the file: put a BufferedWriter (buffered-writer.ts) in front for many small pieces.
 *
 * A process killed mid-write leaves a `*.tmp-*` file behind, never a truncated file under the final name.
 */
import { createHash, randomBytes, type Hash } from 'node:crypto';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileHandleSink, type ByteSink } from './buffered-writer.ts';
import { ThreadedSha256 } from './hash-thread.ts';

/**
 * Bytes written between early flushes to disk (see AtomicFile.write). A large file's final fsync then finds
 * at most this much not yet on disk, instead of everything: measured at 1M records, sealing the export's
 * ~2 GB of files waited 0.8-1.4 s for the disk at the end.
 */
export const EARLY_SYNC_BYTES = 64 << 20;

export interface AtomicFileOptions {
  /**
   * Compute the SHA-256 on the process's hashing thread (hash-thread.ts) instead of the writing thread:
   * for files of hundreds of MB written on a busy thread. Default false.
   */
  hashOnThread?: boolean;
}

/** The content hash as AtomicFile uses it, on this thread or the hashing thread. */
interface ContentHash {
  update(bytes: Uint8Array): Promise<void> | undefined;
  digest(): Promise<string>;
  drop(): void;
}

class InlineSha256 implements ContentHash {
  readonly #hash: Hash = createHash('sha256');

  update(bytes: Uint8Array): undefined {
    this.#hash.update(bytes);
    return undefined;
  }

  digest(): Promise<string> {
    return Promise.resolve(this.#hash.digest('hex'));
  }

  drop(): void {}
}

export interface SealedFile {
  readonly path: string;
  readonly bytes: number;
  /** Lowercase hex SHA-256 of the content. */
  readonly sha256: string;
}

type State = 'writing' | 'sealed' | 'published' | 'aborted';

export class AtomicFile implements ByteSink {
  /** The final name. */
  readonly path: string;
  /** Where the bytes are until publish(). */
  readonly tempPath: string;
  #handle: FileHandle | undefined;
  readonly #sink: ByteSink;
  readonly #hash: ContentHash;
  #bytes = 0;
  #bytesAtLastSync = 0;
  /** The early flush in progress, if any (see write). */
  #syncing: Promise<void> | undefined;
  /** Why an early flush failed, reported by the next write or by seal(). */
  #syncFailure: { error: unknown } | undefined;
  #sealed: SealedFile | undefined;
  #state: State = 'writing';

  private constructor(path: string, tempPath: string, handle: FileHandle, hash: ContentHash) {
    this.path = path;
    this.tempPath = tempPath;
    this.#handle = handle;
    this.#sink = fileHandleSink(handle);
    this.#hash = hash;
  }

  /** Creates the temporary file next to `path`; nothing exists under `path` until publish(). */
  static async create(path: string, options: AtomicFileOptions = {}): Promise<AtomicFile> {
    const tempPath = tempPathBeside(path);
    const handle = await open(tempPath, 'wx', 0o644);
    return new AtomicFile(path, tempPath, handle, options.hashOnThread === true ? new ThreadedSha256() : new InlineSha256());
  }

  get bytes(): number {
    return this.#bytes;
  }

  async write(bytes: Uint8Array): Promise<void> {
    this.#expect('writing', 'write');
    if (this.#syncFailure !== undefined) throw this.#syncFailure.error;
    // The threaded hash copies the bytes before returning; it asks to wait only when the thread is behind.
    const hashing = this.#hash.update(bytes);
    this.#bytes += bytes.length;
    await this.#sink.write(bytes);
    if (hashing !== undefined) await hashing;
    // Every EARLY_SYNC_BYTES, start flushing what is written so far without waiting for it: the disk
    // catches up while the writer goes on, and seal()'s fsync is left with little. A failure is reported
    // by the next write or by seal().
    if (this.#bytes - this.#bytesAtLastSync >= EARLY_SYNC_BYTES && this.#syncing === undefined && this.#handle !== undefined) {
      this.#bytesAtLastSync = this.#bytes;
      // The failure is kept, not just caught: after a writeback error has been reported to one fsync on this
      // descriptor, a later fsync may succeed, so seal() must not rely on its own sync to see it again.
      const syncing = this.#handle
        .datasync()
        .catch((error: unknown) => {
          this.#syncFailure ??= { error };
        })
        .finally(() => {
          if (this.#syncing === syncing) this.#syncing = undefined;
        });
      this.#syncing = syncing;
    }
  }

  /** Makes the content durable (fsync) and closes it. No more writes. */
  async seal(): Promise<SealedFile> {
    this.#expect('writing', 'seal');
    const handle = this.#handle as FileHandle;
    // Asked for first: the hashing thread finishes while the file is synced.
    const digest = this.#hash.digest();
    digest.catch(() => undefined); // awaited below; not unhandled if the sync fails first
    await this.#syncing;
    if (this.#syncFailure !== undefined) throw this.#syncFailure.error;
    await handle.sync();
    this.#handle = undefined;
    await handle.close();
    this.#state = 'sealed';
    this.#sealed = { path: this.path, bytes: this.#bytes, sha256: await digest };
    return this.#sealed;
  }

  /** Renames the sealed file over the final name (replacing an older file atomically). */
  async publish(): Promise<SealedFile> {
    this.#expect('sealed', 'publish');
    await rename(this.tempPath, this.path);
    this.#state = 'published';
    await syncDirectory(dirname(this.path));
    return this.#sealed as SealedFile;
  }

  /** seal() then publish(). */
  async commit(): Promise<SealedFile> {
    await this.seal();
    return this.publish();
  }

  /** Closes and removes the temporary file. Idempotent; does nothing once published; never throws. */
  async abort(): Promise<void> {
    if (this.#state === 'published' || this.#state === 'aborted') return;
    this.#state = 'aborted';
    this.#hash.drop();
    const handle = this.#handle;
    this.#handle = undefined;
    await this.#syncing; // never rejects: a failure is kept in #syncFailure
    await handle?.close().catch(() => undefined);
    await rm(this.tempPath, { force: true }).catch(() => undefined);
  }

  #expect(state: State, action: string): void {
    if (this.#state !== state) throw new Error(`Cannot ${action} ${this.path}: the file is ${this.#state}.`);
  }
}

/**
 * Writes a file atomically: `fill` writes through the AtomicFile; on success the file is committed, on
 * failure the temporary file is removed and the error rethrown.
 */
export async function writeFileAtomically(path: string, fill: (file: AtomicFile) => Promise<void>): Promise<SealedFile> {
  const file = await AtomicFile.create(path);
  try {
    await fill(file);
    return await file.commit();
  } catch (error) {
    await file.abort();
    throw error;
  }
}

/**
 * A unique temporary name in the folder of `path`: `<name>.tmp-<random>`. Also for scratch files that
 * belong next to an output (diff-document.ts); open it with 'wx' so two writers never share one.
 */
export function tempPathBeside(path: string): string {
  return join(dirname(path), `${basename(path)}.tmp-${randomBytes(6).toString('hex')}`);
}

/** fsync a folder so a rename in it is durable. Linux and macOS support this; where unsupported it is skipped. */
async function syncDirectory(path: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, 'r');
    await handle.sync();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL') throw error;
  } finally {
    await handle?.close();
  }
}
