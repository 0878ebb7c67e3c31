import { sendJson } from '../../http/errors.ts';
import { objectStorageErrors as errors } from '../errors.ts';
import { parseRangeHeader } from '../store/byte-range.ts';
import { bodyOf, queryList, queryValue, sendEmpty, sendStream, type OperationCall } from './call.ts';
import { parseLimit } from './pagination.ts';
import { OBJECT_SUMMARY_FIELDS, objectHeaders, objectSummaryJson, type ObjectSummaryField } from './representations.ts';
import { contentHeadersOfRequest, contentLengthOf, header, preconditionsOf, userMetadataOf } from './request-input.ts';

type ObjectRoute = { bucket: string; object: string };

/** PutObject: the body is streamed to the store; the reply carries the new ETag and the body's MD5. */
export async function putObject(call: OperationCall, route: ObjectRoute): Promise<void> {
  const { req } = call;
  const record = await call.store.putObject(route.bucket, route.object, bodyOf(call), {
    ...contentHeadersOfRequest(req),
    ...preconditionsOf(req),
    metadata: userMetadataOf(req),
    contentLength: contentLengthOf(req),
    contentMd5: header(req, 'content-md5'),
  });
  sendEmpty(call.res, 200, {
    etag: record.etag,
    ...(record.md5 === undefined ? {} : { 'opc-content-md5': record.md5 }),
    'last-modified': new Date(record.timeModified).toUTCString(),
  });
}

/** GetObject: streamed; a single `Range: bytes=a-b` (or `a-`, `-n`) answers 206 with `content-range`. */
export async function getObject(call: OperationCall, route: ObjectRoute): Promise<void> {
  const read = await call.store.getObject(route.bucket, route.object, {
    ...preconditionsOf(call.req),
    range: parseRangeHeader(header(call.req, 'range')),
  });
  await sendStream(call.res, read.range ? 206 : 200, objectHeaders(read.record, read.range), read.body);
}

export async function headObject(call: OperationCall, route: ObjectRoute): Promise<void> {
  const record = await call.store.headObject(route.bucket, route.object, preconditionsOf(call.req));
  sendEmpty(call.res, 200, objectHeaders(record, undefined));
}

export async function deleteObject(call: OperationCall, route: ObjectRoute): Promise<void> {
  await call.store.deleteObject(route.bucket, route.object, preconditionsOf(call.req));
  sendEmpty(call.res, 204);
}

const FIELD_BY_LOWERCASE = new Map(OBJECT_SUMMARY_FIELDS.map((field) => [field.toLowerCase(), field]));

/** `fields`: comma-separated, case-insensitive; `name` is always included. */
function parseFields(query: URLSearchParams): Set<ObjectSummaryField> {
  const fields = new Set<ObjectSummaryField>(['name']);
  for (const value of queryList(query, 'fields')) {
    const field = FIELD_BY_LOWERCASE.get(value.toLowerCase());
    if (!field) throw errors.invalidParameter(`Invalid fields value '${value}': expected any of ${OBJECT_SUMMARY_FIELDS.join(', ')}`);
    fields.add(field);
  }
  return fields;
}

/**
 * ListObjects: `{objects, prefixes?, nextStartWith?}`, names in code point order. Paging is by name:
 * pass `nextStartWith` back as `start` (the SDK's listAllObjects does).
 */
export async function listObjects(call: OperationCall, route: { bucket: string }): Promise<void> {
  const { query } = call;
  const fields = parseFields(query);
  const delimiter = queryValue(query, 'delimiter');
  if (delimiter !== undefined && delimiter !== '/') {
    throw errors.invalidParameter(`Invalid delimiter '${delimiter}': only '/' is supported`);
  }
  const listing = await call.store.listObjects(route.bucket, {
    prefix: queryValue(query, 'prefix'),
    start: queryValue(query, 'start'),
    startAfter: queryValue(query, 'startAfter'),
    end: queryValue(query, 'end'),
    limit: parseLimit(query.get('limit')),
    delimiter,
  });
  sendJson(call.res, 200, {
    objects: listing.objects.map((record) => objectSummaryJson(record, fields)),
    ...(listing.prefixes === undefined ? {} : { prefixes: listing.prefixes }),
    ...(listing.nextStartWith === undefined ? {} : { nextStartWith: listing.nextStartWith }),
  });
}
