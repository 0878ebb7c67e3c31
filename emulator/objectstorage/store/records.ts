/**
 * What the Object Storage emulator persists. These are plain JSON-safe values: the directory backend
 * writes them as sidecar files verbatim, and the HTTP layer shapes them into the SDK's models.
 */

export interface BucketRecord {
  namespace: string;
  name: string;
  /** An OCID in the `ocid1.bucket` form; OCI reports it as `id`. */
  id: string;
  compartmentId: string;
  createdBy: string;
  /** ISO 8601. */
  timeCreated: string;
  /** Opaque; a new value on every change, as OCI does. */
  etag: string;
  metadata: Record<string, string>;
  publicAccessType: string;
  storageTier: string;
  objectEventsEnabled: boolean;
  versioning: string;
  autoTiering: string;
  freeformTags: Record<string, string>;
  definedTags: Record<string, Record<string, unknown>>;
  kmsKeyId?: string;
}

/** Headers that describe an object's content and are stored with it (put on PUT, returned on GET/HEAD). */
export interface ContentHeaders {
  contentType: string;
  contentLanguage?: string;
  contentEncoding?: string;
  contentDisposition?: string;
  cacheControl?: string;
}

export interface ObjectRecord extends ContentHeaders {
  name: string;
  size: number;
  /** Opaque, a fresh UUID per write (OCI ETags are not content hashes). */
  etag: string;
  /** Base64 MD5 of the bytes; absent for objects assembled from a multipart upload. */
  md5?: string;
  /** `<base64 MD5 of the parts' MD5s>-<part count>`, only for multipart objects (OCI's `opc-multipart-md5`). */
  multipartMd5?: string;
  /** User metadata: the `opc-meta-` header names without that prefix, lowercase. */
  metadata: Record<string, string>;
  storageTier: string;
  /** ISO 8601. */
  timeCreated: string;
  /** ISO 8601. */
  timeModified: string;
}

export interface UploadRecord extends ContentHeaders {
  namespace: string;
  bucket: string;
  object: string;
  uploadId: string;
  /** ISO 8601. */
  timeCreated: string;
  storageTier: string;
  metadata: Record<string, string>;
}

export interface PartRecord {
  partNumber: number;
  size: number;
  /** Base64 MD5 of the part's bytes. */
  md5: string;
  etag: string;
}

/** An inclusive byte range, already checked against the object's size. */
export interface ByteRange {
  start: number;
  end: number;
}
