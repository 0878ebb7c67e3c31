import { createHash, randomUUID } from 'node:crypto';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * File-system moves that make the directory backend crash-safe: everything is first written in full
 * (and fsynced) under a temporary name in the same file system, then renamed into place. A rename is
 * atomic, so a reader (or a restart after a crash) sees either the old file or the new one, never half.
 */

/** Writes `value` as JSON at `path`, atomically, via a temporary file in `tmpDir`. */
export async function writeJsonAtomic(tmpDir: string, path: string, value: unknown): Promise<void> {
  const temporary = join(tmpDir, `${randomUUID()}.json`);
  const file = await open(temporary, 'wx');
  try {
    await file.writeFile(JSON.stringify(value), 'utf8');
    await file.sync();
  } finally {
    await file.close();
  }
  try {
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** Reads a JSON file; undefined when it does not exist. */
export async function readJson<T>(path: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

/**
 * Removes a directory tree atomically as far as readers can tell: it is first renamed into `tmpDir`
 * (one atomic step), then deleted at leisure. Returns false when there was nothing to remove.
 */
export async function removeTreeAtomic(tmpDir: string, path: string): Promise<boolean> {
  const trash = join(tmpDir, `trash-${randomUUID()}`);
  try {
    await rename(path, trash);
  } catch (error) {
    if (isMissing(error)) return false;
    throw error;
  }
  await rm(trash, { recursive: true, force: true });
  return true;
}

export function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

/**
 * A file name for a bucket or object name: `x` + hex of the UTF-8 when that fits comfortably in a
 * file name (hex keeps it safe on case-insensitive file systems and for names like `..`), otherwise
 * `h` + SHA-256 (the real name is then read from the sidecar). Object names may be 1024 bytes long.
 */
export function fileKey(name: string): string {
  const utf8 = Buffer.from(name, 'utf8');
  if (utf8.length <= 120) return `x${utf8.toString('hex')}`;
  return `h${createHash('sha256').update(utf8).digest('hex')}`;
}

/** The name a `fileKey` stands for, when the key itself tells (undefined for hashed keys). */
export function nameOfFileKey(key: string): string | undefined {
  return key.startsWith('x') ? Buffer.from(key.slice(1), 'hex').toString('utf8') : undefined;
}
