import type { Readable } from 'node:stream';
import type { BucketRecord, ByteRange, ObjectRecord, PartRecord, UploadRecord } from './records.ts';

/**
 * Bytes received and held in a temporary place, not yet visible as an object or part.
 * A backend's `put*` call takes ownership of it; otherwise the caller must `discard()` it.
 */
export interface StagedBlob {
  /** Frees the temporary bytes. Safe to call more than once, and after the blob was committed. */
  discard(): Promise<void>;
}

/**
 * Where the emulator keeps buckets, objects and multipart uploads. Backends are dumb storage:
 * validation, preconditions and locking live in `ObjectStore`, which serialises every mutation of a
 * bucket (keyed by `identity`), so a backend only has to make each single call atomic with respect
 * to crashes (the directory backend) or trivially (in memory).
 *
 * Bodies are streamed: `stage` consumes an async iterable chunk by chunk, and `open*` return
 * Readables; a backend never gathers a whole body into one buffer.
 */
export interface StorageBackend {
  /** Names the underlying storage: two stores with the same identity share their locks. */
  readonly identity: string;

  /** Receives bytes into a temporary place. Rejects (and cleans up) when the source fails. */
  stage(source: AsyncIterable<Uint8Array>): Promise<StagedBlob>;

  getBucket(name: string): Promise<BucketRecord | undefined>;
  putBucket(record: BucketRecord): Promise<void>;
  /** Removes the bucket with everything in it. */
  deleteBucket(name: string): Promise<void>;
  listBuckets(): Promise<BucketRecord[]>;

  getObject(bucket: string, name: string): Promise<ObjectRecord | undefined>;
  /** Makes `blob` the object's content with `record` as its metadata, replacing any previous version. */
  putObject(bucket: string, record: ObjectRecord, blob: StagedBlob): Promise<void>;
  /** Returns whether there was an object to delete. */
  deleteObject(bucket: string, name: string): Promise<boolean>;
  /** All object names in the bucket, in no particular order. */
  listObjectNames(bucket: string): Promise<string[]>;
  /** Opens the object's bytes (a range of them, if given); undefined when there is no such object. */
  openObject(bucket: string, name: string, range?: ByteRange): Promise<Readable | undefined>;

  putUpload(bucket: string, record: UploadRecord): Promise<void>;
  getUpload(bucket: string, uploadId: string): Promise<UploadRecord | undefined>;
  listUploads(bucket: string): Promise<UploadRecord[]>;
  /** Removes the upload and its parts; returns whether there was one. */
  deleteUpload(bucket: string, uploadId: string): Promise<boolean>;
  /** Makes `blob` the content of the part, replacing a previous part with the same number. */
  putPart(bucket: string, uploadId: string, record: PartRecord, blob: StagedBlob): Promise<void>;
  listParts(bucket: string, uploadId: string): Promise<PartRecord[]>;
  /**
   * Opens a part's bytes. The part's data stays readable through the returned stream even if the
   * upload is aborted or the part replaced afterwards (the multipart commit relies on this).
   */
  openPart(bucket: string, uploadId: string, partNumber: number): Promise<Readable | undefined>;
}
