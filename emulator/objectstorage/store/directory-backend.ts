import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, realpath, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { StagedBlob, StorageBackend } from './backend.ts';
import type { BucketRecord, ByteRange, ObjectRecord, PartRecord, UploadRecord } from './records.ts';
import { fileKey, isMissing, nameOfFileKey, readJson, removeTreeAtomic, writeJsonAtomic } from './atomic-files.ts';

/**
 * The directory backend. Layout under the root:
 *
 *   tmp/                                   staging files and trash (same file system, so renames work)
 *   buckets/<key>/bucket.json              the bucket record
 *   buckets/<key>/objects/<key>.json       object sidecar: { record, blob }
 *   buckets/<key>/blobs/<blob id>          object bytes
 *   buckets/<key>/uploads/<id>/upload.json multipart upload record
 *   buckets/<key>/uploads/<id>/parts/<n>.json  part sidecar: { record, blob }
 *   buckets/<key>/uploads/<id>/blobs/<blob id> part bytes
 *
 * The sidecar is the commit point: bytes are renamed into `blobs/` under a fresh id first, then the
 * sidecar naming them is atomically replaced, then the previous bytes are deleted. A crash leaves at
 * worst an unreferenced file in `tmp/` or `blobs/` (never read, safe to delete), never half an object.
 */

interface ObjectSidecar {
  record: ObjectRecord;
  blob: string;
}

interface PartSidecar {
  record: PartRecord;
  blob: string;
}

class DirectoryBlob implements StagedBlob {
  #settled = false;
  constructor(readonly path: string) {}

  /** Moves the staged file to `destination`; the blob is then spent. */
  async moveTo(destination: string): Promise<void> {
    if (this.#settled) throw new Error('This staged blob was already committed or discarded');
    await rename(this.path, destination);
    this.#settled = true;
  }

  async discard(): Promise<void> {
    if (this.#settled) return;
    this.#settled = true;
    await rm(this.path, { force: true });
  }
}

/** Upload ids come from the client: only ids we could have made may become a path segment. */
const SAFE_UPLOAD_ID = /^[A-Za-z0-9-]{1,64}$/;

export class DirectoryBackend implements StorageBackend {
  readonly identity: string;
  readonly #tmp: string;
  readonly #buckets: string;

  private constructor(root: string) {
    this.identity = `directory:${root}`;
    this.#tmp = join(root, 'tmp');
    this.#buckets = join(root, 'buckets');
  }

  /** Opens (creating if needed) a store directory. Data written by an earlier instance is kept. */
  static async open(directory: string): Promise<DirectoryBackend> {
    await mkdir(join(directory, 'tmp'), { recursive: true });
    await mkdir(join(directory, 'buckets'), { recursive: true });
    return new DirectoryBackend(await realpath(directory));
  }

  async stage(source: AsyncIterable<Uint8Array>): Promise<StagedBlob> {
    const path = join(this.#tmp, randomUUID());
    try {
      // flush: fsync before close, so the rename that commits the file never exposes unwritten data.
      await pipeline(source, createWriteStream(path, { flags: 'wx', flush: true }));
    } catch (error) {
      await rm(path, { force: true });
      throw error;
    }
    return new DirectoryBlob(path);
  }

  async getBucket(name: string): Promise<BucketRecord | undefined> {
    return readJson<BucketRecord>(join(this.#bucketDir(name), 'bucket.json'));
  }

  async putBucket(record: BucketRecord): Promise<void> {
    const dir = this.#bucketDir(record.name);
    for (const sub of ['objects', 'blobs', 'uploads']) await mkdir(join(dir, sub), { recursive: true });
    await writeJsonAtomic(this.#tmp, join(dir, 'bucket.json'), record);
  }

  async deleteBucket(name: string): Promise<void> {
    await removeTreeAtomic(this.#tmp, this.#bucketDir(name));
  }

  async listBuckets(): Promise<BucketRecord[]> {
    const records = await Promise.all(
      (await readdir(this.#buckets)).map((key) => readJson<BucketRecord>(join(this.#buckets, key, 'bucket.json'))),
    );
    return records.filter((record): record is BucketRecord => record !== undefined);
  }

  async getObject(bucket: string, name: string): Promise<ObjectRecord | undefined> {
    return (await readJson<ObjectSidecar>(this.#objectSidecar(bucket, name)))?.record;
  }

  async putObject(bucket: string, record: ObjectRecord, blob: StagedBlob): Promise<void> {
    const sidecarPath = this.#objectSidecar(bucket, record.name);
    const blobs = join(this.#bucketDir(bucket), 'blobs');
    await this.#replaceSidecar(sidecarPath, blobs, blob, (blobId): ObjectSidecar => ({ record, blob: blobId }));
  }

  async deleteObject(bucket: string, name: string): Promise<boolean> {
    const sidecarPath = this.#objectSidecar(bucket, name);
    const sidecar = await readJson<ObjectSidecar>(sidecarPath);
    if (!sidecar) return false;
    await rm(sidecarPath, { force: true });
    await rm(join(this.#bucketDir(bucket), 'blobs', sidecar.blob), { force: true });
    return true;
  }

  async listObjectNames(bucket: string): Promise<string[]> {
    const dir = join(this.#bucketDir(bucket), 'objects');
    const names: string[] = [];
    for (const file of await readdirOrEmpty(dir)) {
      if (!file.endsWith('.json')) continue;
      const key = file.slice(0, -'.json'.length);
      const name = nameOfFileKey(key) ?? (await readJson<ObjectSidecar>(join(dir, file)))?.record.name;
      if (name !== undefined) names.push(name);
    }
    return names;
  }

  async openObject(bucket: string, name: string, range?: ByteRange): Promise<Readable | undefined> {
    const sidecar = await readJson<ObjectSidecar>(this.#objectSidecar(bucket, name));
    return sidecar && openFile(join(this.#bucketDir(bucket), 'blobs', sidecar.blob), range);
  }

  async putUpload(bucket: string, record: UploadRecord): Promise<void> {
    const dir = this.#uploadDir(bucket, record.uploadId);
    if (dir === undefined) throw new Error(`Unsafe upload id ${record.uploadId}`);
    await mkdir(join(dir, 'parts'), { recursive: true });
    await mkdir(join(dir, 'blobs'), { recursive: true });
    await writeJsonAtomic(this.#tmp, join(dir, 'upload.json'), record);
  }

  async getUpload(bucket: string, uploadId: string): Promise<UploadRecord | undefined> {
    const dir = this.#uploadDir(bucket, uploadId);
    return dir === undefined ? undefined : readJson<UploadRecord>(join(dir, 'upload.json'));
  }

  async listUploads(bucket: string): Promise<UploadRecord[]> {
    const dir = join(this.#bucketDir(bucket), 'uploads');
    const records = await Promise.all((await readdirOrEmpty(dir)).map((id) => readJson<UploadRecord>(join(dir, id, 'upload.json'))));
    return records.filter((record): record is UploadRecord => record !== undefined);
  }

  async deleteUpload(bucket: string, uploadId: string): Promise<boolean> {
    const dir = this.#uploadDir(bucket, uploadId);
    return dir === undefined ? false : removeTreeAtomic(this.#tmp, dir);
  }

  async putPart(bucket: string, uploadId: string, record: PartRecord, blob: StagedBlob): Promise<void> {
    const dir = this.#uploadDir(bucket, uploadId);
    if (dir === undefined) throw new Error(`Unsafe upload id ${uploadId}`);
    const sidecarPath = join(dir, 'parts', `${record.partNumber}.json`);
    await this.#replaceSidecar(sidecarPath, join(dir, 'blobs'), blob, (blobId): PartSidecar => ({ record, blob: blobId }));
  }

  async listParts(bucket: string, uploadId: string): Promise<PartRecord[]> {
    const dir = this.#uploadDir(bucket, uploadId);
    if (dir === undefined) return [];
    const parts = join(dir, 'parts');
    const sidecars = await Promise.all((await readdirOrEmpty(parts)).map((file) => readJson<PartSidecar>(join(parts, file))));
    return sidecars.filter((sidecar): sidecar is PartSidecar => sidecar !== undefined).map((sidecar) => sidecar.record);
  }

  async openPart(bucket: string, uploadId: string, partNumber: number): Promise<Readable | undefined> {
    const dir = this.#uploadDir(bucket, uploadId);
    if (dir === undefined) return undefined;
    const sidecar = await readJson<PartSidecar>(join(dir, 'parts', `${partNumber}.json`));
    return sidecar && openFile(join(dir, 'blobs', sidecar.blob), undefined);
  }

  /** Moves the staged bytes under a fresh id, commits the new sidecar, then deletes the bytes it replaced. */
  async #replaceSidecar<S extends { blob: string }>(sidecarPath: string, blobDir: string, blob: StagedBlob, sidecarFor: (blobId: string) => S): Promise<void> {
    if (!(blob instanceof DirectoryBlob)) throw new TypeError('A blob staged by another backend was given to the directory backend');
    const previous = await readJson<S>(sidecarPath);
    const blobId = randomUUID();
    await blob.moveTo(join(blobDir, blobId));
    await writeJsonAtomic(this.#tmp, sidecarPath, sidecarFor(blobId));
    if (previous) await rm(join(blobDir, previous.blob), { force: true });
  }

  #bucketDir(bucket: string): string {
    return join(this.#buckets, fileKey(bucket));
  }

  #objectSidecar(bucket: string, name: string): string {
    return join(this.#bucketDir(bucket), 'objects', `${fileKey(name)}.json`);
  }

  #uploadDir(bucket: string, uploadId: string): string | undefined {
    return SAFE_UPLOAD_ID.test(uploadId) ? join(this.#bucketDir(bucket), 'uploads', uploadId) : undefined;
  }
}

async function readdirOrEmpty(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if (isMissing(error)) return [];
    throw error;
  }
}

/**
 * Opens the file now (so later deletion or replacement of it cannot affect this reader: the open
 * descriptor keeps the bytes) and streams it lazily; the descriptor closes when the stream ends.
 */
async function openFile(path: string, range: ByteRange | undefined): Promise<Readable | undefined> {
  try {
    const file = await open(path, 'r');
    return file.createReadStream(range ? { start: range.start, end: range.end } : {});
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}
