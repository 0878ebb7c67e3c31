/**
 * A run bucket: the Object Storage bucket (and folder) where the serverless inventory writes its runs
 * and from which the CLI fetches them. A small typed layer over the SDK's ObjectStorageClient, built by
 * the one client factory and called under its retry policy.
 *
 * Conventions:
 * - Every `name` is relative to the bucket prefix: the object is `${prefix}${name}`, and `list` reports
 *   names relative to the prefix, so they can be handed back to the other methods.
 * - Large bodies are streamed both ways (FIELD-NOTES: a Buffer or string body costs ~50x its size in
 *   the SDK; a web ReadableStream body uploads 0 bytes): uploads are `fs.createReadStream` with
 *   `contentLength`, re-opened for every attempt; downloads stream to a temporary file.
 * - Integrity is checked end to end: uploads send `Content-MD5` (the service rejects a body that does
 *   not match), downloads are checked against the length and MD5 the service reports before the file
 *   appears under its name.
 * - Expected outcomes are values (`undefined` for an absent object, `false` for a lock already taken);
 *   failures are typed errors naming the bucket (bucket-errors.ts).
 */
import { createReadStream } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { pipeline, Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { ObjectStorageClient, type responses } from 'oci-objectstorage';
import { InventoryError, UsageError } from '../errors.ts';
import { AtomicFile } from '../io/atomic-file.ts';
import type { OciClientFactory } from '../oci/client-factory.ts';
import { bucketErrorOf, bucketNotFoundError, isStatus, ObjectNotFoundError, PreconditionFailedError, type BucketLocation } from './bucket-errors.ts';
import { ContentMeter, md5OfBytes, md5OfFile, md5OfFileParts, verifyContent, verifyingStream, type ExpectedContent } from './integrity.ts';
import { BUCKET_NAME_PATTERN, fullObjectName, NAMESPACE_PATTERN, queryValue, validateBucketPrefix, validateListPrefix } from './object-names.ts';

/** OCI's largest (and default) ListObjects page. */
export const MAX_LIST_PAGE_SIZE = 1000;

/**
 * Files larger than this are uploaded in parts of MULTIPART_PART_BYTES (see #putFileInParts); conditional
 * writes (small coordination objects) always go in one PUT.
 */
export const MULTIPART_THRESHOLD_BYTES = 64 * 1024 * 1024;
export const MULTIPART_PART_BYTES = 16 * 1024 * 1024;

/** Larger JSON documents belong in files uploaded with putFile (the SDK handles string bodies badly). */
export const MAX_JSON_BYTES = 4 * 1024 * 1024;

export interface RunBucketOptions {
  factory: OciClientFactory;
  /** Region of the bucket (its Object Storage endpoint). */
  region: string;
  /** Object Storage namespace; default: the tenancy's, looked up once (GetNamespace) on first use. */
  namespace?: string | undefined;
  bucket: string;
  /** Folder inside the bucket: '' or URL-safe `[A-Za-z0-9._/-]`, no leading '/', ending with '/'. Default ''. */
  prefix?: string | undefined;
  /** Objects per ListObjects page, 1 to 1000. Default 1000 (tests use small pages). */
  listPageSize?: number | undefined;
}

/** Conditions of a write: create only (`ifNoneMatch: '*'`) or replace only this version (`ifMatch: etag`). */
export interface WriteConditions {
  ifNoneMatch?: '*' | undefined;
  ifMatch?: string | undefined;
}

export interface PutFileOptions extends WriteConditions {
  contentType: string;
}

export interface PutResult {
  etag: string;
  /** Base64 MD5 of what was uploaded (and verified by the service). */
  md5: string;
  bytes: number;
}

export interface ObjectHead {
  etag: string;
  bytes: number;
  /** Base64 MD5; undefined for multipart objects (see `multipartMd5`). */
  md5: string | undefined;
  /** `<md5 of the parts' md5s>-<parts>` for objects uploaded in parts. */
  multipartMd5: string | undefined;
}

export interface ObjectInfo {
  /** Relative to the bucket prefix. */
  name: string;
  bytes: number;
  etag: string;
  /** Base64 MD5, or the multipart MD5 (`...-<parts>`) for objects uploaded in parts. */
  md5: string | undefined;
}

export interface DownloadResult {
  bytes: number;
  /** Base64 MD5 of the downloaded bytes. */
  md5: string;
  etag: string;
  /** False when the service reported no whole-object MD5 (multipart objects): only the length was checked. */
  md5Verified: boolean;
}

export interface JsonEntry<T> {
  value: T;
  etag: string;
}

export class RunBucket {
  readonly bucket: string;
  readonly prefix: string;
  readonly region: string;
  readonly #factory: OciClientFactory;
  readonly #client: ObjectStorageClient;
  readonly #listPageSize: number;
  #namespace: Promise<string> | undefined;
  #knownNamespace: string | undefined;

  constructor(options: RunBucketOptions) {
    if (!BUCKET_NAME_PATTERN.test(options.bucket)) {
      throw new UsageError(`Invalid bucket name ${JSON.stringify(options.bucket)}: expected 1 to 256 letters, digits, "-", "_" or "."`, {
        context: { bucket: options.bucket },
      });
    }
    if (options.namespace !== undefined && !NAMESPACE_PATTERN.test(options.namespace)) {
      throw new UsageError(`Invalid Object Storage namespace ${JSON.stringify(options.namespace)}: expected 1 to 64 letters or digits`, {
        context: { namespace: options.namespace },
      });
    }
    const pageSize = options.listPageSize ?? MAX_LIST_PAGE_SIZE;
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_LIST_PAGE_SIZE) {
      throw new RangeError(`listPageSize: expected an integer from 1 to ${MAX_LIST_PAGE_SIZE}, got ${pageSize}`);
    }
    this.bucket = options.bucket;
    this.prefix = validateBucketPrefix(options.prefix ?? '');
    this.region = options.region;
    this.#factory = options.factory;
    this.#listPageSize = pageSize;
    this.#client = options.factory.forRegion(ObjectStorageClient, 'objectstorage', options.region);
    if (options.namespace !== undefined) {
      this.#knownNamespace = options.namespace;
      this.#namespace = Promise.resolve(options.namespace);
    }
  }

  /** The namespace: as given, or the tenancy's (looked up once; a failed lookup is tried again next time). */
  namespace(): Promise<string> {
    this.#namespace ??= this.#lookUpNamespace().catch((error: unknown) => {
      this.#namespace = undefined;
      throw error;
    });
    return this.#namespace;
  }

  /** The full object name of `name` (prefix included). */
  objectName(name: string): string {
    return fullObjectName(this.prefix, name);
  }

  /** How messages name an object: `"runs/x/a.json" in bucket "b"`. */
  describe(name: string): string {
    return `"${this.prefix}${name}" in bucket "${this.bucket}"`;
  }

  /**
   * Uploads a local file, streamed (re-opened for each attempt of our retry policy), with its MD5 so the
   * service verifies what it received. A failed condition throws PreconditionFailedError.
   */
  async putFile(name: string, localPath: string, options: PutFileOptions): Promise<PutResult> {
    const objectName = this.objectName(name);
    const conditions = checkedConditions(options);
    // The size decides the way up; the file is then read once for its MD5s (whole, and per part if in parts).
    const { size } = await stat(localPath);
    if (size > MULTIPART_THRESHOLD_BYTES && conditions.ifMatch === undefined && conditions.ifNoneMatch === undefined) {
      return this.#putFileInParts(objectName, localPath, options.contentType);
    }
    const { md5, bytes } = await md5OfFile(localPath);
    return this.#conditionalPut(name, objectName, conditions, { md5, bytes }, (namespaceName) => {
      const body = createReadStream(localPath);
      return this.#client
        .putObject({
          namespaceName,
          bucketName: this.bucket,
          objectName,
          putObjectBody: body,
          contentLength: bytes,
          contentMD5: md5,
          contentType: options.contentType,
          ...conditions,
        })
        .finally(() => body.destroy());
    });
  }

  /** Writes a small JSON document (at most MAX_JSON_BYTES). */
  async putJson(name: string, value: unknown, conditions: WriteConditions = {}): Promise<PutResult> {
    const objectName = this.objectName(name);
    const checked = checkedConditions(conditions);
    const text = JSON.stringify(value);
    if (text === undefined) throw new TypeError(`putJson(${objectName}): the value is not JSON-serializable`);
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > MAX_JSON_BYTES) {
      throw new RangeError(`putJson(${objectName}): ${bytes} bytes is more than ${MAX_JSON_BYTES}; write a file and use putFile`);
    }
    const md5 = md5OfBytes(text);
    return this.#conditionalPut(name, objectName, checked, { md5, bytes }, (namespaceName) =>
      this.#client.putObject({
        namespaceName,
        bucketName: this.bucket,
        objectName,
        putObjectBody: text,
        contentLength: bytes,
        contentMD5: md5,
        contentType: 'application/json',
        ...checked,
      }),
    );
  }

  /**
   * Creates the object only if it does not exist: true when this call created it, false when it was
   * already there (412). A lock and idempotency primitive; put something unique (an owner id) in
   * `value`, so that a retried create can tell its own earlier success from someone else's object.
   */
  async createIfAbsent(name: string, value: unknown): Promise<boolean> {
    try {
      await this.putJson(name, value, { ifNoneMatch: '*' });
      return true;
    } catch (error) {
      if (error instanceof PreconditionFailedError) return false;
      throw error;
    }
  }

  /** The parsed JSON document, or undefined when there is no such object. */
  async getJson<T>(name: string): Promise<T | undefined> {
    return (await this.getJsonEntry<T>(name))?.value;
  }

  /** The parsed JSON document with its ETag (for a later `ifMatch` write), or undefined when absent. */
  async getJsonEntry<T>(name: string): Promise<JsonEntry<T> | undefined> {
    const objectName = this.objectName(name);
    let read: { text: string; etag: string };
    try {
      read = await this.#call(async (namespaceName) => {
        const response = await this.#client.getObject({ namespaceName, bucketName: this.bucket, objectName });
        const text = await readSmallBody(response, this.describe(name));
        return { text, etag: response.eTag };
      });
    } catch (error) {
      if (isObjectNotFound(error)) return undefined;
      throw this.#error(error, `reading ${objectName}`, 'read');
    }
    try {
      return { value: JSON.parse(read.text) as T, etag: read.etag };
    } catch (error) {
      throw new InventoryError(`${this.describe(name)} is not valid JSON: ${(error as Error).message}`, {
        cause: error,
        context: { bucket: this.bucket, object: objectName },
      });
    }
  }

  /** ETag, size and MD5 of the object, or undefined when there is no such object. */
  async head(name: string): Promise<ObjectHead | undefined> {
    const objectName = this.objectName(name);
    try {
      const response = await this.#call((namespaceName) => this.#client.headObject({ namespaceName, bucketName: this.bucket, objectName }));
      return {
        etag: response.eTag,
        bytes: response.contentLength,
        md5: response.contentMd5 || undefined,
        multipartMd5: response.opcMultipartMd5 || undefined,
      };
    } catch (error) {
      // A HEAD answer has no body, so a 404 does not say whether the object or the bucket is missing.
      if (isStatus(error, 404)) {
        await this.#assertBucketExists(`looking up ${objectName}`);
        return undefined;
      }
      throw this.#error(error, `looking up ${objectName}`, 'read');
    }
  }

  /**
   * Downloads the object to `localPath`: streamed to a temporary file next to it, checked against the
   * length and MD5 the service reports, then renamed into place. On a mismatch the temporary file is
   * removed and an IntegrityError naming the object is thrown; `localPath` is never half-written.
   */
  async downloadToFile(name: string, localPath: string): Promise<DownloadResult> {
    const objectName = this.objectName(name);
    const what = this.describe(name);
    await mkdir(dirname(localPath), { recursive: true });
    try {
      return await this.#call(async (namespaceName) => {
        const response = await this.#client.getObject({ namespaceName, bucketName: this.bucket, objectName });
        const body = nodeReadable(response.value);
        const expected = expectedContentOf(response);
        let file: AtomicFile | undefined;
        try {
          file = await AtomicFile.create(localPath);
          const meter = new ContentMeter();
          for await (const chunk of body) {
            const bytes = chunk as Uint8Array;
            meter.update(bytes);
            await file.write(bytes);
          }
          await file.seal();
          const received = meter.result();
          verifyContent(what, expected, received);
          await file.publish();
          return { bytes: received.bytes, md5: received.md5, etag: response.eTag, md5Verified: expected.md5 !== undefined };
        } catch (error) {
          body.destroy();
          await file?.abort();
          throw error;
        }
      });
    } catch (error) {
      if (isObjectNotFound(error)) throw this.#objectNotFound(name, error);
      throw this.#error(error, `downloading ${objectName}`, 'read');
    }
  }

  /**
   * The object's bytes as a Node Readable (for streaming merges). The stream fails at its end, instead
   * of ending, when the bytes do not match the length and MD5 the service reported.
   */
  async openReadStream(name: string): Promise<Readable> {
    const objectName = this.objectName(name);
    let response: responses.GetObjectResponse;
    try {
      response = await this.#call((namespaceName) => this.#client.getObject({ namespaceName, bucketName: this.bucket, objectName }));
    } catch (error) {
      if (isObjectNotFound(error)) throw this.#objectNotFound(name, error);
      throw this.#error(error, `reading ${objectName}`, 'read');
    }
    const verifier = verifyingStream(this.describe(name), expectedContentOf(response));
    // pipeline destroys every stream with the first error, so the reader sees a transfer failure too.
    return pipeline(nodeReadable(response.value), verifier, () => undefined);
  }

  /** Every object whose name (relative to the bucket prefix) starts with `prefix`, in name order. */
  async list(prefix = ''): Promise<ObjectInfo[]> {
    const objects: ObjectInfo[] = [];
    for await (const page of this.#listPages(prefix, undefined)) objects.push(...page.objects);
    return objects;
  }

  /**
   * One level of a folder: the objects directly under `prefix` (which should end with '/') and the
   * sub-folders below it (relative names ending with '/'), each in name order.
   */
  async listLevel(prefix: string): Promise<{ objects: ObjectInfo[]; folders: string[] }> {
    const objects: ObjectInfo[] = [];
    const folders: string[] = [];
    for await (const page of this.#listPages(prefix, '/')) {
      objects.push(...page.objects);
      folders.push(...page.folders);
    }
    return { objects, folders };
  }

  /** Deletes the object: true when deleted, false when it was not there. A failed `ifMatch` throws PreconditionFailedError. */
  async delete(name: string, options: { ifMatch?: string | undefined } = {}): Promise<boolean> {
    const objectName = this.objectName(name);
    try {
      await this.#call((namespaceName) =>
        this.#client.deleteObject({
          namespaceName,
          bucketName: this.bucket,
          objectName,
          ...(options.ifMatch === undefined ? {} : { ifMatch: options.ifMatch }),
        }),
      );
      return true;
    } catch (error) {
      if (isObjectNotFound(error)) return false;
      if (isStatus(error, 412)) {
        throw new PreconditionFailedError(`Did not delete ${this.describe(name)}: it changed since ETag ${options.ifMatch ?? '?'}.`, {
          cause: error,
          context: { bucket: this.bucket, object: objectName, ifMatch: options.ifMatch },
        });
      }
      throw this.#error(error, `deleting ${objectName}`, 'write');
    }
  }

  // ---- internals ----

  async *#listPages(prefix: string, delimiter: '/' | undefined): AsyncGenerator<{ objects: ObjectInfo[]; folders: string[] }> {
    const fullPrefix = `${this.prefix}${validateListPrefix(prefix)}`;
    let start: string | undefined;
    for (let page = 1; ; page += 1) {
      const current = start;
      let listing: responses.ListObjectsResponse['listObjects'];
      try {
        listing = (
          await this.#call((namespaceName) =>
            this.#client.listObjects({
              namespaceName,
              bucketName: this.bucket,
              ...(fullPrefix === '' ? {} : { prefix: queryValue(fullPrefix) }),
              // nextStartWith is an object name: it may hold any character, and the SDK does not encode it.
              ...(current === undefined ? {} : { start: queryValue(current) }),
              ...(delimiter === undefined ? {} : { delimiter }),
              limit: this.#listPageSize,
              fields: 'name,size,etag,md5',
            }),
          )
        ).listObjects;
      } catch (error) {
        throw this.#error(error, `listing ${fullPrefix === '' ? 'the bucket' : `"${fullPrefix}"`}`, 'read');
      }
      yield {
        objects: (listing.objects ?? []).map((summary) => ({
          name: summary.name.slice(this.prefix.length),
          bytes: summary.size ?? 0,
          etag: summary.etag ?? '',
          md5: summary.md5,
        })),
        folders: (listing.prefixes ?? []).map((folder) => folder.slice(this.prefix.length)),
      };
      start = listing.nextStartWith;
      if (start === undefined || start === '') return;
      if (start === current) throw new InventoryError(`Listing ${fullPrefix} in bucket "${this.bucket}" does not advance (page ${page} starts at ${start} again)`);
    }
  }

  /**
   * A put under our retry policy. A retry can hit the condition its own earlier, seemingly failed
   * attempt made true (the write landed, the answer was lost): on a 412 after a retried attempt, the
   * object is looked at, and when it holds exactly our bytes the write counts as done.
   */
  /**
   * Uploads a large file in parts of MULTIPART_PART_BYTES: Node's fetch holds a request body in memory,
   * so one PUT of a 500 MB shard costs 500 MB of a function's memory; a part costs at most a part. Each
   * part is streamed from its slice of the file with its own MD5 (the service verifies each); a failure
   * aborts the upload, so no partial object is ever visible.
   */
  async #putFileInParts(objectName: string, localPath: string, contentType: string): Promise<PutResult> {
    const { parts, ...whole } = await md5OfFileParts(localPath, MULTIPART_PART_BYTES);
    const bucketName = this.bucket;
    const created = await this.#call((namespaceName) =>
      this.#client.createMultipartUpload({ namespaceName, bucketName, createMultipartUploadDetails: { object: objectName, contentType } }),
    ).catch((error: unknown) => {
      throw this.#error(error, `writing ${objectName}`, 'write');
    });
    const uploadId = created.multipartUpload.uploadId;
    try {
      const committed: { partNum: number; etag: string }[] = [];
      let start = 0;
      for (const [index, part] of parts.entries()) {
        const partStart = start;
        const response = await this.#call((namespaceName) => {
          const body = createReadStream(localPath, { start: partStart, end: partStart + part.bytes - 1 });
          return this.#client
            .uploadPart({ namespaceName, bucketName, objectName, uploadId, uploadPartNum: index + 1, uploadPartBody: body, contentLength: part.bytes, contentMD5: part.md5 })
            .finally(() => body.destroy());
        });
        committed.push({ partNum: index + 1, etag: response.eTag });
        start += part.bytes;
      }
      const response = await this.#call((namespaceName) =>
        this.#client.commitMultipartUpload({ namespaceName, bucketName, objectName, uploadId, commitMultipartUploadDetails: { partsToCommit: committed } }),
      );
      return { etag: response.eTag, md5: whole.md5, bytes: whole.bytes };
    } catch (error) {
      await this.#call((namespaceName) => this.#client.abortMultipartUpload({ namespaceName, bucketName, objectName, uploadId })).catch(() => {});
      throw this.#error(error, `writing ${objectName}`, 'write');
    }
  }

  async #conditionalPut(
    name: string,
    objectName: string,
    conditions: WriteConditions,
    content: { md5: string; bytes: number },
    send: (namespace: string) => Promise<responses.PutObjectResponse>,
  ): Promise<PutResult> {
    let attempts = 0;
    try {
      const response = await this.#call((namespaceName) => {
        attempts += 1;
        return send(namespaceName);
      });
      return { etag: response.eTag, md5: content.md5, bytes: content.bytes };
    } catch (error) {
      if (!isStatus(error, 412)) throw this.#error(error, `writing ${objectName}`, 'write');
      if (attempts > 1) {
        const now = await this.head(name);
        if (now !== undefined && now.md5 === content.md5 && now.bytes === content.bytes) {
          return { etag: now.etag, md5: content.md5, bytes: content.bytes };
        }
      }
      const why =
        conditions.ifNoneMatch === '*' ? 'it already exists' : `it changed since ETag ${conditions.ifMatch ?? '?'} (or it is gone)`;
      throw new PreconditionFailedError(`Did not write ${this.describe(name)}: ${why}.`, {
        cause: error,
        context: { bucket: this.bucket, object: objectName, ifNoneMatch: conditions.ifNoneMatch, ifMatch: conditions.ifMatch },
      });
    }
  }

  /** Runs one logical call under the factory's retry policy, with the SDK's echo of failures muted. */
  async #call<T>(operation: (namespace: string) => Promise<T>): Promise<T> {
    const namespace = await this.namespace();
    return this.#factory.call(this.region, () => operation(namespace));
  }

  async #lookUpNamespace(): Promise<string> {
    try {
      const response = await this.#factory.call(this.region, () => this.#client.getNamespace({}));
      this.#knownNamespace = response.value;
      return response.value;
    } catch (error) {
      throw this.#error(error, 'looking up the Object Storage namespace', 'read');
    }
  }

  /** After an ambiguous 404 (HEAD): a missing bucket becomes BucketNotFoundError; an existing one returns. */
  async #assertBucketExists(action: string): Promise<void> {
    try {
      await this.#call((namespaceName) => this.#client.headBucket({ namespaceName, bucketName: this.bucket }));
    } catch (error) {
      if (isStatus(error, 404)) {
        throw bucketNotFoundError(this.#location(), action, error);
      }
      throw this.#error(error, action, 'read');
    }
  }

  #location(): BucketLocation {
    return { bucket: this.bucket, namespace: this.#knownNamespace, region: this.region };
  }

  #error(error: unknown, action: string, access: 'read' | 'write'): InventoryError {
    return bucketErrorOf(error, this.#location(), action, access);
  }

  #objectNotFound(name: string, cause: unknown): ObjectNotFoundError {
    return new ObjectNotFoundError(`${this.describe(name)} does not exist.`, {
      cause,
      context: { bucket: this.bucket, namespace: this.#knownNamespace, object: `${this.prefix}${name}` },
    });
  }
}

function checkedConditions(conditions: WriteConditions): WriteConditions {
  if (conditions.ifNoneMatch !== undefined && conditions.ifMatch !== undefined) {
    throw new TypeError('Give ifNoneMatch or ifMatch, not both');
  }
  if (conditions.ifNoneMatch !== undefined && conditions.ifNoneMatch !== '*') {
    throw new TypeError(`ifNoneMatch: only '*' is supported, got ${JSON.stringify(conditions.ifNoneMatch)}`);
  }
  return {
    ...(conditions.ifNoneMatch === undefined ? {} : { ifNoneMatch: conditions.ifNoneMatch }),
    ...(conditions.ifMatch === undefined ? {} : { ifMatch: conditions.ifMatch }),
  };
}

/** 404 ObjectNotFound (GET, DELETE); a missing bucket or namespace is a different code and a real failure. */
function isObjectNotFound(error: unknown): boolean {
  if (!isStatus(error, 404)) return false;
  const code = (error as { serviceCode?: unknown }).serviceCode;
  return code === 'ObjectNotFound';
}

/** What a GET's headers say the body is. Multipart objects have no whole-object MD5: only the length is checked. */
function expectedContentOf(response: responses.GetObjectResponse): ExpectedContent {
  const multipart = Boolean(response.opcMultipartMd5);
  const md5 = multipart ? undefined : response.contentMd5 || undefined;
  return { bytes: response.contentLength, md5 };
}

function nodeReadable(value: responses.GetObjectResponse['value']): Readable {
  if (value instanceof Readable) return value;
  return Readable.fromWeb(value as unknown as WebReadableStream<Uint8Array>);
}

/** A small body (a JSON document) as text, checked against length and MD5. */
async function readSmallBody(response: responses.GetObjectResponse, what: string): Promise<string> {
  if (response.contentLength > MAX_JSON_BYTES) {
    nodeReadable(response.value).destroy();
    throw new InventoryError(`${what} has ${response.contentLength} bytes, more than the ${MAX_JSON_BYTES} a JSON document may have; download it instead`);
  }
  const meter = new ContentMeter();
  const chunks: Uint8Array[] = [];
  for await (const chunk of nodeReadable(response.value)) {
    const bytes = chunk as Uint8Array;
    meter.update(bytes);
    chunks.push(bytes);
  }
  verifyContent(what, expectedContentOf(response), meter.result());
  return Buffer.concat(chunks).toString('utf8');
}
