import type { BucketRecord, ByteRange, ObjectRecord, PartRecord, UploadRecord } from '../store/records.ts';

/** The JSON and headers the real service answers with, shaped from stored records (SDK model field names). */

export function bucketJson(record: BucketRecord, extra: { approximateCount?: number; approximateSize?: number } = {}): Record<string, unknown> {
  return {
    namespace: record.namespace,
    name: record.name,
    compartmentId: record.compartmentId,
    metadata: record.metadata,
    createdBy: record.createdBy,
    timeCreated: record.timeCreated,
    etag: record.etag,
    publicAccessType: record.publicAccessType,
    storageTier: record.storageTier,
    objectEventsEnabled: record.objectEventsEnabled,
    freeformTags: record.freeformTags,
    definedTags: record.definedTags,
    ...(record.kmsKeyId === undefined ? {} : { kmsKeyId: record.kmsKeyId }),
    replicationEnabled: false,
    isReadOnly: false,
    id: record.id,
    versioning: record.versioning,
    autoTiering: record.autoTiering,
    ...extra,
  };
}

/** BucketSummary: tags only when asked for with `fields=tags`, as in OCI. */
export function bucketSummaryJson(record: BucketRecord, withTags: boolean): Record<string, unknown> {
  return {
    namespace: record.namespace,
    name: record.name,
    compartmentId: record.compartmentId,
    createdBy: record.createdBy,
    timeCreated: record.timeCreated,
    etag: record.etag,
    ...(withTags ? { freeformTags: record.freeformTags, definedTags: record.definedTags } : {}),
  };
}

/** The `fields` ListObjects accepts (case-insensitively); `name` is always included. */
export const OBJECT_SUMMARY_FIELDS = ['name', 'size', 'etag', 'md5', 'timeCreated', 'timeModified', 'storageTier', 'archivalState'] as const;
export type ObjectSummaryField = (typeof OBJECT_SUMMARY_FIELDS)[number];

export function objectSummaryJson(record: ObjectRecord, fields: ReadonlySet<ObjectSummaryField>): Record<string, unknown> {
  const summary: Record<string, unknown> = { name: record.name };
  if (fields.has('size')) summary.size = record.size;
  if (fields.has('etag')) summary.etag = record.etag;
  // Multipart objects have no whole-object MD5; OCI lists their multipart MD5 (`<md5>-<parts>`) instead.
  if (fields.has('md5')) summary.md5 = record.md5 ?? record.multipartMd5;
  if (fields.has('timeCreated')) summary.timeCreated = record.timeCreated;
  if (fields.has('timeModified')) summary.timeModified = record.timeModified;
  if (fields.has('storageTier')) summary.storageTier = record.storageTier;
  // archivalState only applies to Archive-tier objects, which the emulator does not make.
  return summary;
}

export function uploadJson(record: UploadRecord): Record<string, unknown> {
  return {
    namespace: record.namespace,
    bucket: record.bucket,
    object: record.object,
    uploadId: record.uploadId,
    timeCreated: record.timeCreated,
    storageTier: record.storageTier,
  };
}

export function partJson(record: PartRecord): Record<string, unknown> {
  return { partNumber: record.partNumber, etag: record.etag, md5: record.md5, size: record.size };
}

/**
 * GET/HEAD object headers. `content-md5` (and `opc-content-md5`) for whole reads of simple objects;
 * `opc-multipart-md5` for multipart objects; user metadata as `opc-meta-*`.
 */
export function objectHeaders(record: ObjectRecord, range: ByteRange | undefined): Record<string, string> {
  const headers: Record<string, string> = {
    etag: record.etag,
    'content-length': String(range ? range.end - range.start + 1 : record.size),
    'content-type': record.contentType,
    'last-modified': new Date(record.timeModified).toUTCString(),
    'accept-ranges': 'bytes',
    'storage-tier': record.storageTier,
  };
  if (range) headers['content-range'] = `bytes ${range.start}-${range.end}/${record.size}`;
  // A partial body does not have the whole object's MD5; sending it would make checking clients fail.
  if (record.md5 !== undefined && !range) {
    headers['content-md5'] = record.md5;
    headers['opc-content-md5'] = record.md5;
  }
  if (record.multipartMd5 !== undefined) headers['opc-multipart-md5'] = record.multipartMd5;
  if (record.contentLanguage !== undefined) headers['content-language'] = record.contentLanguage;
  if (record.contentEncoding !== undefined) headers['content-encoding'] = record.contentEncoding;
  if (record.contentDisposition !== undefined) headers['content-disposition'] = record.contentDisposition;
  if (record.cacheControl !== undefined) headers['cache-control'] = record.cacheControl;
  for (const [key, value] of Object.entries(record.metadata)) headers[`opc-meta-${key}`] = value;
  return headers;
}
