import type { Readable } from 'node:stream';
import { objectStorageErrors as errors } from '../errors.ts';
import type { StagedBlob, StorageBackend } from './backend.ts';
import { BodyDigest } from './digest.ts';
import { withKeyLock } from './keyed-lock.ts';
import type { BucketRecord } from './records.ts';

/** What a streamed body turned out to be, once staged. */
export interface StagedBody {
  blob: StagedBlob;
  size: number;
  md5Base64: string;
}

/** Integrity checks a client can ask for on an upload. */
export interface BodyChecks {
  /** The declared `Content-Length`; a body of another size is refused. */
  contentLength?: number | undefined;
  /** The `Content-MD5` header (base64); a body with another MD5 is refused. */
  contentMd5?: string | undefined;
}

/**
 * The plumbing `ObjectStore` and `MultipartUploads` share: the backend, the per-bucket lock, bucket
 * lookup and staging a body with its size and MD5.
 *
 * Locking: every mutation's check-then-commit runs under the bucket's lock, so "does it exist / does
 * the ETag match" and "write it" are one atomic step (one winner among concurrent conditional
 * creates). Bodies are streamed to staging *before* taking the lock, so slow uploads never block
 * others; only metadata work and renames happen under it.
 */
export class StoreCore {
  constructor(
    readonly namespace: string,
    readonly backend: StorageBackend,
  ) {}

  locked<T>(bucket: string, task: () => Promise<T>): Promise<T> {
    return withKeyLock(`${this.backend.identity}\u0000${bucket}`, task);
  }

  async requireBucket(bucket: string): Promise<BucketRecord> {
    const record = await this.backend.getBucket(bucket);
    if (!record) throw errors.bucketNotFound(this.namespace, bucket);
    return record;
  }

  /** Streams `body` into staging, measuring it, and enforces the requested checks (discarding on failure). */
  async stageBody(body: AsyncIterable<Uint8Array | string>, checks: BodyChecks): Promise<StagedBody> {
    if (checks.contentMd5 !== undefined) assertContentMd5(checks.contentMd5);
    const digest = new BodyDigest();
    const blob = await this.backend.stage(digest.measure(body));
    try {
      if (checks.contentLength !== undefined && digest.size !== checks.contentLength) {
        throw errors.contentLengthMismatch(checks.contentLength, digest.size);
      }
      if (checks.contentMd5 !== undefined && checks.contentMd5.trim() !== digest.md5Base64) {
        throw errors.unmatchedContentMd5(digest.md5Base64, checks.contentMd5);
      }
    } catch (error) {
      await blob.discard();
      throw error;
    }
    return { blob, size: digest.size, md5Base64: digest.md5Base64 };
  }

  /** Runs `commit` (which hands `blob` to the backend); if it fails, the staged bytes are freed. */
  async commitOrDiscard<T>(blob: StagedBlob, commit: () => Promise<T>): Promise<T> {
    try {
      return await commit();
    } catch (error) {
      await blob.discard();
      throw error;
    }
  }
}

/** A Content-MD5 must be the base64 of exactly 16 bytes; anything else is 400 InvalidContentMD5. */
export function assertContentMd5(value: string): void {
  const trimmed = value.trim();
  const bytes = Buffer.from(trimmed, 'base64');
  if (bytes.length !== 16 || bytes.toString('base64') !== trimmed) throw errors.invalidContentMd5(value);
}

/** Closes streams that will not be read (open file descriptors, in the directory backend). */
export function destroyAll(streams: readonly Readable[]): void {
  for (const stream of streams) stream.destroy();
}
