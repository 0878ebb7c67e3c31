import { randomBytes, randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { describeObject, objectStorageErrors as errors } from '../errors.ts';
import type { StorageBackend } from './backend.ts';
import { resolveRange, type RangeRequest } from './byte-range.ts';
import { DirectoryBackend } from './directory-backend.ts';
import { listingPage, type ListObjectsQuery } from './list-objects.ts';
import { MemoryBackend } from './memory-backend.ts';
import { MultipartUploads } from './multipart-uploads.ts';
import { compareNames } from './name-order.ts';
import { assertWriteIfNoneMatch, checkReadPreconditions, checkWritePreconditions, type Preconditions } from './preconditions.ts';
import { contentHeadersOf } from './content-headers.ts';
import type { BucketRecord, ByteRange, ContentHeaders, ObjectRecord } from './records.ts';
import { StoreCore, type BodyChecks } from './store-core.ts';
import { assertBucketName, assertObjectName } from './validation.ts';

export interface ObjectStoreOptions {
  /** The tenancy's Object Storage namespace; one per emulator. */
  namespace: string;
  backend: StorageBackend;
  /** Compartment for buckets made by `ensureBucket` without one. Default: a fixed placeholder OCID. */
  defaultCompartmentId?: string;
}

/** CreateBucketDetails as the SDK sends it, plus who asked. Optional fields get OCI's defaults. */
export interface CreateBucketInput {
  name: string;
  compartmentId: string;
  /** OCID of the caller; default: a placeholder user OCID. */
  createdBy?: string | undefined;
  metadata?: Record<string, string> | undefined;
  publicAccessType?: string | undefined;
  storageTier?: string | undefined;
  objectEventsEnabled?: boolean | undefined;
  freeformTags?: Record<string, string> | undefined;
  definedTags?: Record<string, Record<string, unknown>> | undefined;
  kmsKeyId?: string | undefined;
  versioning?: string | undefined;
  autoTiering?: string | undefined;
}

export interface PutObjectInput extends Partial<ContentHeaders>, Preconditions, BodyChecks {
  /** User metadata, keys without the `opc-meta-` prefix. */
  metadata?: Record<string, string> | undefined;
}

export interface GetObjectInput extends Preconditions {
  range?: RangeRequest | undefined;
}

/** An object being read: its record, the byte range served (if partial) and the bytes, streamed. */
export interface ObjectRead {
  record: ObjectRecord;
  range: ByteRange | undefined;
  body: Readable;
}

export interface ObjectListing {
  objects: ObjectRecord[];
  prefixes: string[] | undefined;
  nextStartWith: string | undefined;
}

const DEFAULT_COMPARTMENT = 'ocid1.compartment.oc1..emulatordefaultcompartment';
const DEFAULT_CREATED_BY = 'ocid1.user.oc1..emulatoruser';

const ALLOWED_BUCKET_VALUES = {
  publicAccessType: ['NoPublicAccess', 'ObjectRead', 'ObjectReadWithoutList'],
  storageTier: ['Standard', 'Archive'],
  versioning: ['Enabled', 'Disabled'],
  autoTiering: ['Disabled', 'InfrequentAccess'],
} as const;

/**
 * The Object Storage service's state and rules, independent of HTTP: buckets, objects, listings and
 * (via `multipart`) multipart uploads over a `StorageBackend`. Methods throw `OciHttpError`s carrying
 * the status and code the real service answers with.
 *
 * Not emulated: object versioning (a bucket's `versioning` is recorded, but every write replaces),
 * archive/restore, retention rules, encryption keys, bucket updates.
 */
export class ObjectStore {
  readonly namespace: string;
  readonly multipart: MultipartUploads;
  readonly #core: StoreCore;
  readonly #backend: StorageBackend;
  readonly #defaultCompartmentId: string;

  constructor(options: ObjectStoreOptions) {
    if (!/^[a-z0-9]{1,64}$/i.test(options.namespace)) {
      throw new TypeError(`Invalid Object Storage namespace '${options.namespace}': expected 1 to 64 letters or digits`);
    }
    this.namespace = options.namespace;
    this.#backend = options.backend;
    this.#core = new StoreCore(options.namespace, options.backend);
    this.multipart = new MultipartUploads(this.#core);
    this.#defaultCompartmentId = options.defaultCompartmentId ?? DEFAULT_COMPARTMENT;
  }

  /** A store that keeps everything in memory. */
  static inMemory(options: { namespace: string; defaultCompartmentId?: string }): ObjectStore {
    return new ObjectStore({ ...options, backend: new MemoryBackend() });
  }

  /** A store in a directory (created if needed); a new store on the same directory sees the same data. */
  static async inDirectory(options: { namespace: string; directory: string; defaultCompartmentId?: string }): Promise<ObjectStore> {
    const { directory, ...rest } = options;
    return new ObjectStore({ ...rest, backend: await DirectoryBackend.open(directory) });
  }

  // ---- buckets ----

  /** For emulator setup: the bucket, created (in `compartmentId` or the default compartment) if missing. */
  async ensureBucket(name: string, options: { compartmentId?: string } = {}): Promise<BucketRecord> {
    assertBucketName(name);
    return this.#core.locked(name, async () => {
      const existing = await this.#backend.getBucket(name);
      if (existing) return existing;
      const record = this.#newBucket({ name, compartmentId: options.compartmentId ?? this.#defaultCompartmentId });
      await this.#backend.putBucket(record);
      return record;
    });
  }

  /** 409 BucketAlreadyExists when the name is taken (bucket names are unique per namespace). */
  async createBucket(input: CreateBucketInput): Promise<BucketRecord> {
    assertBucketName(input.name);
    if (typeof input.compartmentId !== 'string' || input.compartmentId === '') throw errors.missingParameter('compartmentId');
    for (const [field, allowed] of Object.entries(ALLOWED_BUCKET_VALUES)) {
      const value = input[field as keyof typeof ALLOWED_BUCKET_VALUES];
      if (value !== undefined && !(allowed as readonly string[]).includes(value)) {
        throw errors.invalidParameter(`Invalid ${field} '${value}': expected one of ${allowed.join(', ')}`);
      }
    }
    return this.#core.locked(input.name, async () => {
      if (await this.#backend.getBucket(input.name)) throw errors.bucketAlreadyExists(this.namespace, input.name);
      const record = this.#newBucket(input);
      await this.#backend.putBucket(record);
      return record;
    });
  }

  async getBucket(name: string, conditions: Preconditions = {}): Promise<BucketRecord> {
    const record = await this.#core.requireBucket(name);
    checkReadPreconditions(record, conditions, `the bucket '${name}'`);
    return record;
  }

  /** What OCI reports as approximateCount / approximateSize (exact here). */
  async bucketUsage(name: string): Promise<{ approximateCount: number; approximateSize: number }> {
    await this.#core.requireBucket(name);
    const records = await Promise.all((await this.#backend.listObjectNames(name)).map((object) => this.#backend.getObject(name, object)));
    const present = records.filter((record): record is ObjectRecord => record !== undefined);
    return { approximateCount: present.length, approximateSize: present.reduce((sum, record) => sum + record.size, 0) };
  }

  /** 409 BucketNotEmpty while it holds objects or multipart uploads, as in OCI. */
  async deleteBucket(name: string, conditions: Preconditions = {}): Promise<void> {
    await this.#core.locked(name, async () => {
      const record = await this.#core.requireBucket(name);
      checkWritePreconditions(record, { ifMatch: conditions.ifMatch }, `the bucket '${name}'`);
      if ((await this.#backend.listObjectNames(name)).length > 0) throw errors.bucketNotEmpty(this.namespace, name, 'it contains objects');
      if ((await this.#backend.listUploads(name)).length > 0) {
        throw errors.bucketNotEmpty(this.namespace, name, 'it has multipart uploads in progress');
      }
      await this.#backend.deleteBucket(name);
    });
  }

  /** The compartment's buckets, by name. */
  async listBuckets(compartmentId: string): Promise<BucketRecord[]> {
    const all = await this.#backend.listBuckets();
    return all.filter((bucket) => bucket.compartmentId === compartmentId).sort((a, b) => compareNames(a.name, b.name));
  }

  // ---- objects ----

  /**
   * Streams `body` into the bucket as `name`. The body is staged first (MD5 and size measured on the
   * way), then the preconditions are checked and the object committed in one locked step.
   */
  async putObject(bucket: string, name: string, body: AsyncIterable<Uint8Array | string>, input: PutObjectInput = {}): Promise<ObjectRecord> {
    assertObjectName(name);
    assertWriteIfNoneMatch(input);
    await this.#core.requireBucket(bucket);
    const staged = await this.#core.stageBody(body, input);
    return this.#core.commitOrDiscard(staged.blob, () =>
      this.#core.locked(bucket, async () => {
        await this.#core.requireBucket(bucket);
        const current = await this.#backend.getObject(bucket, name);
        checkWritePreconditions(current, input, describeObject(bucket, name));
        const now = new Date().toISOString();
        const record: ObjectRecord = {
          name,
          size: staged.size,
          etag: randomUUID(),
          md5: staged.md5Base64,
          ...contentHeadersOf(input),
          metadata: { ...input.metadata },
          storageTier: 'Standard',
          timeCreated: now,
          timeModified: now,
        };
        await this.#backend.putObject(bucket, record, staged.blob);
        return record;
      }),
    );
  }

  async headObject(bucket: string, name: string, conditions: Preconditions = {}): Promise<ObjectRecord> {
    assertObjectName(name);
    await this.#core.requireBucket(bucket);
    const record = await this.#backend.getObject(bucket, name);
    if (!record) throw errors.objectNotFound(bucket, name);
    checkReadPreconditions(record, conditions, describeObject(bucket, name));
    return record;
  }

  /** Opens the object for reading. The caller must consume or destroy `body`. */
  async getObject(bucket: string, name: string, input: GetObjectInput = {}): Promise<ObjectRead> {
    assertObjectName(name);
    // Record and bytes are read under the lock so they belong to the same version of the object.
    return this.#core.locked(bucket, async () => {
      const record = await this.headObject(bucket, name, input);
      let range: ByteRange | undefined;
      if (input.range) {
        const resolved = resolveRange(input.range, record.size);
        if (resolved === 'unsatisfiable') throw errors.invalidRange(record.size);
        range = resolved;
      }
      const body = await this.#backend.openObject(bucket, name, range);
      if (!body) throw errors.objectNotFound(bucket, name);
      return { record, range, body };
    });
  }

  async deleteObject(bucket: string, name: string, conditions: Preconditions = {}): Promise<void> {
    assertObjectName(name);
    await this.#core.locked(bucket, async () => {
      await this.#core.requireBucket(bucket);
      const current = await this.#backend.getObject(bucket, name);
      if (!current) throw errors.objectNotFound(bucket, name);
      checkWritePreconditions(current, { ifMatch: conditions.ifMatch }, describeObject(bucket, name));
      await this.#backend.deleteObject(bucket, name);
    });
  }

  /** One page of the bucket's objects in name (code point) order. */
  async listObjects(bucket: string, query: ListObjectsQuery): Promise<ObjectListing> {
    await this.#core.requireBucket(bucket);
    const page = listingPage(await this.#backend.listObjectNames(bucket), query);
    const records = await Promise.all(page.names.map((name) => this.#backend.getObject(bucket, name)));
    return {
      // An object deleted between listing its name and reading its record is simply not reported.
      objects: records.filter((record): record is ObjectRecord => record !== undefined),
      prefixes: page.prefixes,
      nextStartWith: page.nextStartWith,
    };
  }

  #newBucket(input: CreateBucketInput): BucketRecord {
    return {
      namespace: this.namespace,
      name: input.name,
      id: `ocid1.bucket.oc1..aaaaaaaa${randomBytes(26).toString('hex')}`,
      compartmentId: input.compartmentId,
      createdBy: input.createdBy ?? DEFAULT_CREATED_BY,
      timeCreated: new Date().toISOString(),
      etag: randomUUID(),
      metadata: { ...input.metadata },
      publicAccessType: input.publicAccessType ?? 'NoPublicAccess',
      storageTier: input.storageTier ?? 'Standard',
      objectEventsEnabled: input.objectEventsEnabled ?? false,
      versioning: input.versioning ?? 'Disabled',
      autoTiering: input.autoTiering ?? 'Disabled',
      freeformTags: { ...input.freeformTags },
      definedTags: { ...input.definedTags },
      ...(input.kmsKeyId === undefined ? {} : { kmsKeyId: input.kmsKeyId }),
    };
  }
}
