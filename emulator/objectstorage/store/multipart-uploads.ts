import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { describeObject, objectStorageErrors as errors } from '../errors.ts';
import { contentHeadersOf } from './content-headers.ts';
import { multipartMd5 } from './digest.ts';
import { compareNames } from './name-order.ts';
import { assertWriteIfNoneMatch, checkWritePreconditions, type Preconditions } from './preconditions.ts';
import type { ContentHeaders, ObjectRecord, PartRecord, UploadRecord } from './records.ts';
import { destroyAll, type BodyChecks, type StoreCore } from './store-core.ts';
import { assertObjectName, assertPartNumber } from './validation.ts';

export interface CreateUploadInput extends Partial<ContentHeaders>, Preconditions {
  object: string;
  storageTier?: string | undefined;
  metadata?: Record<string, string> | undefined;
}

export type UploadPartInput = Preconditions & BodyChecks;

/** CommitMultipartUploadDetails as the SDK sends it, plus the request's preconditions. */
export interface CommitUploadInput extends Preconditions {
  partsToCommit: readonly { partNum: number; etag: string }[];
  partsToExclude?: readonly number[] | undefined;
}

/**
 * Multipart uploads: parts are streamed and kept apart until the commit, which assembles the chosen
 * parts in part-number order into a new object, streaming one part at a time (so at most a chunk of
 * a part is in memory). The object gets OCI's multipart ETag fields: a fresh ETag and
 * `opc-multipart-md5` = MD5 of the part MD5s + `-<count>`. No minimum part size is enforced.
 */
export class MultipartUploads {
  readonly #core: StoreCore;

  constructor(core: StoreCore) {
    this.#core = core;
  }

  /** Starts an upload. `If-None-Match: *` / `If-Match` are checked now and again at commit. */
  async create(bucket: string, input: CreateUploadInput): Promise<UploadRecord> {
    assertObjectName(input.object);
    assertWriteIfNoneMatch(input);
    const { backend } = this.#core;
    return this.#core.locked(bucket, async () => {
      await this.#core.requireBucket(bucket);
      checkWritePreconditions(await backend.getObject(bucket, input.object), input, describeObject(bucket, input.object));
      const record: UploadRecord = {
        namespace: this.#core.namespace,
        bucket,
        object: input.object,
        uploadId: randomUUID(),
        timeCreated: new Date().toISOString(),
        storageTier: input.storageTier ?? 'Standard',
        ...contentHeadersOf(input),
        metadata: { ...input.metadata },
      };
      await backend.putUpload(bucket, record);
      return record;
    });
  }

  /** Streams one part in; uploading the same part number again replaces it (with a new ETag). */
  async uploadPart(bucket: string, object: string, uploadId: string, partNumber: number, body: AsyncIterable<Uint8Array | string>, input: UploadPartInput = {}): Promise<PartRecord> {
    assertPartNumber(partNumber);
    assertWriteIfNoneMatch(input);
    await this.#requireUpload(bucket, object, uploadId);
    const staged = await this.#core.stageBody(body, input);
    return this.#core.commitOrDiscard(staged.blob, () =>
      this.#core.locked(bucket, async () => {
        await this.#requireUpload(bucket, object, uploadId);
        const current = (await this.#core.backend.listParts(bucket, uploadId)).find((part) => part.partNumber === partNumber);
        checkWritePreconditions(current, input, `part ${partNumber} of the upload '${uploadId}'`);
        const record: PartRecord = { partNumber, size: staged.size, md5: staged.md5Base64, etag: randomUUID() };
        await this.#core.backend.putPart(bucket, uploadId, record, staged.blob);
        return record;
      }),
    );
  }

  /**
   * Assembles the committed parts into the object and ends the upload. Every uploaded part must be
   * listed in exactly one of partsToCommit (with its current ETag) or partsToExclude, as OCI requires.
   */
  async commit(bucket: string, object: string, uploadId: string, input: CommitUploadInput): Promise<ObjectRecord> {
    assertWriteIfNoneMatch(input);
    const chosen = checkPartSelection(input);
    const { backend } = this.#core;

    // 1. Under the lock: validate against the stored parts and open them, so the bytes assembled are
    //    exactly the parts whose ETags were checked, whatever happens to the upload meanwhile.
    const { upload, parts, readers } = await this.#core.locked(bucket, async () => {
      const upload = await this.#requireUpload(bucket, object, uploadId);
      checkWritePreconditions(await backend.getObject(bucket, object), input, describeObject(bucket, object));
      const parts = matchParts(chosen, input.partsToExclude ?? [], await backend.listParts(bucket, uploadId), uploadId);
      const readers: Readable[] = [];
      try {
        for (const part of parts) {
          const reader = await backend.openPart(bucket, uploadId, part.partNumber);
          if (!reader) throw errors.invalidParameter(`Part ${part.partNumber} of the upload '${uploadId}' disappeared`);
          readers.push(reader);
        }
      } catch (error) {
        destroyAll(readers);
        throw error;
      }
      return { upload, parts, readers };
    });

    // 2. Without the lock: stream the parts, one after another, into staging.
    const staged = await this.#core.stageBody(concatenate(readers), {}).finally(() => destroyAll(readers));

    // 3. Under the lock again: the upload must still exist (a concurrent commit or abort wins), the
    //    preconditions must still hold; then the object is committed and the upload removed.
    const blob = staged.blob;
    return this.#core.commitOrDiscard(blob, () =>
      this.#core.locked(bucket, async () => {
        if (!(await backend.getUpload(bucket, uploadId))) throw errors.noSuchUpload(bucket, object, uploadId);
        checkWritePreconditions(await backend.getObject(bucket, object), input, describeObject(bucket, object));
        const now = new Date().toISOString();
        const record: ObjectRecord = {
          name: object,
          size: staged.size,
          etag: randomUUID(),
          multipartMd5: multipartMd5(parts.map((part) => part.md5)),
          ...contentHeadersOf(upload),
          metadata: { ...upload.metadata },
          storageTier: upload.storageTier,
          timeCreated: now,
          timeModified: now,
        };
        await backend.putObject(bucket, record, blob);
        await backend.deleteUpload(bucket, uploadId);
        return record;
      }),
    );
  }

  async abort(bucket: string, object: string, uploadId: string): Promise<void> {
    await this.#core.locked(bucket, async () => {
      await this.#requireUpload(bucket, object, uploadId);
      await this.#core.backend.deleteUpload(bucket, uploadId);
    });
  }

  /** The bucket's uploads in progress, by object name, then age. */
  async list(bucket: string): Promise<UploadRecord[]> {
    await this.#core.requireBucket(bucket);
    const uploads = await this.#core.backend.listUploads(bucket);
    return uploads.sort(
      (a, b) => compareNames(a.object, b.object) || compareNames(a.timeCreated, b.timeCreated) || compareNames(a.uploadId, b.uploadId),
    );
  }

  /** The upload's parts, by part number. */
  async listParts(bucket: string, object: string, uploadId: string): Promise<PartRecord[]> {
    await this.#requireUpload(bucket, object, uploadId);
    const parts = await this.#core.backend.listParts(bucket, uploadId);
    return parts.sort((a, b) => a.partNumber - b.partNumber);
  }

  /** 404 NoSuchUpload unless the upload exists and is for this object. */
  async #requireUpload(bucket: string, object: string, uploadId: string): Promise<UploadRecord> {
    assertObjectName(object);
    await this.#core.requireBucket(bucket);
    const upload = await this.#core.backend.getUpload(bucket, uploadId);
    if (!upload || upload.object !== object) throw errors.noSuchUpload(bucket, object, uploadId);
    return upload;
  }
}

/** Checks the shape of the commit request: at least one part, numbers valid and unique, ETags strings. */
function checkPartSelection(input: CommitUploadInput): Map<number, string> {
  if (!Array.isArray(input.partsToCommit) || input.partsToCommit.length === 0) {
    throw errors.invalidParameter('partsToCommit must list at least one part');
  }
  const chosen = new Map<number, string>();
  for (const part of input.partsToCommit) {
    assertPartNumber(part.partNum);
    if (typeof part.etag !== 'string' || part.etag === '') throw errors.invalidParameter(`Part ${part.partNum} has no etag`);
    if (chosen.has(part.partNum)) throw errors.invalidParameter(`Part ${part.partNum} is listed twice in partsToCommit`);
    chosen.set(part.partNum, part.etag);
  }
  for (const partNumber of input.partsToExclude ?? []) {
    assertPartNumber(partNumber);
    if (chosen.has(partNumber)) throw errors.invalidParameter(`Part ${partNumber} is in both partsToCommit and partsToExclude`);
  }
  return chosen;
}

/** The stored parts to assemble, in part-number order, after checking them against the request. */
function matchParts(chosen: Map<number, string>, excluded: readonly number[], stored: readonly PartRecord[], uploadId: string): PartRecord[] {
  const byNumber = new Map(stored.map((part) => [part.partNumber, part]));
  for (const [partNumber, etag] of chosen) {
    const part = byNumber.get(partNumber);
    if (!part) throw errors.invalidParameter(`Part ${partNumber} was not uploaded to the upload '${uploadId}'`);
    if (part.etag !== etag) {
      throw errors.invalidParameter(`Part ${partNumber} has the ETag '${part.etag}', not '${etag}' as given in partsToCommit`);
    }
  }
  const excludedSet = new Set(excluded);
  const unaccounted = stored.filter((part) => !chosen.has(part.partNumber) && !excludedSet.has(part.partNumber));
  if (unaccounted.length > 0) {
    throw errors.invalidParameter(
      `Parts ${unaccounted.map((part) => part.partNumber).join(', ')} are in neither partsToCommit nor partsToExclude`,
    );
  }
  return stored.filter((part) => chosen.has(part.partNumber)).sort((a, b) => a.partNumber - b.partNumber);
}

/** The readers' bytes back to back, each read to its end before the next begins. */
async function* concatenate(readers: readonly Readable[]): AsyncGenerator<Uint8Array> {
  for (const reader of readers) {
    for await (const chunk of reader) yield chunk as Uint8Array;
  }
}
