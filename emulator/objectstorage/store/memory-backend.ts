import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { StagedBlob, StorageBackend } from './backend.ts';
import type { BucketRecord, ByteRange, ObjectRecord, PartRecord, UploadRecord } from './records.ts';

/**
 * Bytes held as the chunks they arrived in: never concatenated, so a large object costs its size once
 * and no single allocation of that size is ever made. Chunks are never mutated after staging.
 */
class MemoryBlob implements StagedBlob {
  constructor(readonly chunks: readonly Uint8Array[]) {}
  async discard(): Promise<void> {
    // Nothing to free but references; the garbage collector takes the chunks once unreferenced.
  }
}

interface StoredObject {
  record: ObjectRecord;
  blob: MemoryBlob;
}

interface StoredUpload {
  record: UploadRecord;
  parts: Map<number, { record: PartRecord; blob: MemoryBlob }>;
}

interface StoredBucket {
  record: BucketRecord;
  objects: Map<string, StoredObject>;
  uploads: Map<string, StoredUpload>;
}

/** Records are copied in and out so callers can never mutate what is stored. */
const copy = <T>(value: T): T => structuredClone(value);

/** The in-memory backend: everything is lost with the process. For tests and throwaway emulators. */
export class MemoryBackend implements StorageBackend {
  readonly identity = `memory:${randomUUID()}`;
  readonly #buckets = new Map<string, StoredBucket>();

  async stage(source: AsyncIterable<Uint8Array>): Promise<StagedBlob> {
    const chunks: Uint8Array[] = [];
    for await (const chunk of source) chunks.push(chunk);
    return new MemoryBlob(chunks);
  }

  async getBucket(name: string): Promise<BucketRecord | undefined> {
    const bucket = this.#buckets.get(name);
    return bucket && copy(bucket.record);
  }

  async putBucket(record: BucketRecord): Promise<void> {
    const existing = this.#buckets.get(record.name);
    if (existing) existing.record = copy(record);
    else this.#buckets.set(record.name, { record: copy(record), objects: new Map(), uploads: new Map() });
  }

  async deleteBucket(name: string): Promise<void> {
    this.#buckets.delete(name);
  }

  async listBuckets(): Promise<BucketRecord[]> {
    return [...this.#buckets.values()].map((bucket) => copy(bucket.record));
  }

  async getObject(bucket: string, name: string): Promise<ObjectRecord | undefined> {
    const stored = this.#buckets.get(bucket)?.objects.get(name);
    return stored && copy(stored.record);
  }

  async putObject(bucket: string, record: ObjectRecord, blob: StagedBlob): Promise<void> {
    this.#bucket(bucket).objects.set(record.name, { record: copy(record), blob: ownBlob(blob) });
  }

  async deleteObject(bucket: string, name: string): Promise<boolean> {
    return this.#buckets.get(bucket)?.objects.delete(name) ?? false;
  }

  async listObjectNames(bucket: string): Promise<string[]> {
    return [...(this.#buckets.get(bucket)?.objects.keys() ?? [])];
  }

  async openObject(bucket: string, name: string, range?: ByteRange): Promise<Readable | undefined> {
    const stored = this.#buckets.get(bucket)?.objects.get(name);
    return stored && readChunks(stored.blob.chunks, range);
  }

  async putUpload(bucket: string, record: UploadRecord): Promise<void> {
    this.#bucket(bucket).uploads.set(record.uploadId, { record: copy(record), parts: new Map() });
  }

  async getUpload(bucket: string, uploadId: string): Promise<UploadRecord | undefined> {
    const upload = this.#buckets.get(bucket)?.uploads.get(uploadId);
    return upload && copy(upload.record);
  }

  async listUploads(bucket: string): Promise<UploadRecord[]> {
    return [...(this.#buckets.get(bucket)?.uploads.values() ?? [])].map((upload) => copy(upload.record));
  }

  async deleteUpload(bucket: string, uploadId: string): Promise<boolean> {
    return this.#buckets.get(bucket)?.uploads.delete(uploadId) ?? false;
  }

  async putPart(bucket: string, uploadId: string, record: PartRecord, blob: StagedBlob): Promise<void> {
    const upload = this.#bucket(bucket).uploads.get(uploadId);
    if (!upload) throw new Error(`No upload ${uploadId} in bucket ${bucket}`);
    upload.parts.set(record.partNumber, { record: copy(record), blob: ownBlob(blob) });
  }

  async listParts(bucket: string, uploadId: string): Promise<PartRecord[]> {
    const parts = this.#buckets.get(bucket)?.uploads.get(uploadId)?.parts.values() ?? [];
    return [...parts].map((part) => copy(part.record));
  }

  async openPart(bucket: string, uploadId: string, partNumber: number): Promise<Readable | undefined> {
    const part = this.#buckets.get(bucket)?.uploads.get(uploadId)?.parts.get(partNumber);
    return part && readChunks(part.blob.chunks, undefined);
  }

  #bucket(name: string): StoredBucket {
    const bucket = this.#buckets.get(name);
    if (!bucket) throw new Error(`No bucket ${name}`);
    return bucket;
  }
}

function ownBlob(blob: StagedBlob): MemoryBlob {
  if (!(blob instanceof MemoryBlob)) throw new TypeError('A blob staged by another backend was given to the memory backend');
  return blob;
}

/** Streams the chunks (or the inclusive byte range of them), slicing views rather than copying. */
function readChunks(chunks: readonly Uint8Array[], range: ByteRange | undefined): Readable {
  return Readable.from(sliceChunks(chunks, range), { objectMode: false });
}

function* sliceChunks(chunks: readonly Uint8Array[], range: ByteRange | undefined): Generator<Uint8Array> {
  const start = range?.start ?? 0;
  const end = range ? range.end + 1 : Number.POSITIVE_INFINITY;
  let offset = 0;
  for (const chunk of chunks) {
    const chunkEnd = offset + chunk.length;
    if (chunkEnd > start && offset < end) {
      yield chunk.subarray(Math.max(0, start - offset), Math.min(chunk.length, end - offset));
    }
    offset = chunkEnd;
    if (offset >= end) return;
  }
}
