import { sendJson } from '../../http/errors.ts';
import { objectStorageErrors as errors } from '../errors.ts';
import { bodyOf, requiredQueryValue, sendEmpty, type OperationCall } from './call.ts';
import { assertKnownKeys, optionalArray, optionalString, optionalStringMap, requiredString } from './json-fields.ts';
import { pageOf } from './pagination.ts';
import { partJson, uploadJson } from './representations.ts';
import { contentLengthOf, header, preconditionsOf, readJsonObject } from './request-input.ts';

type UploadsRoute = { namespace: string; bucket: string };
type UploadRoute = { namespace: string; bucket: string; object: string };

/** The fields of the SDK's CreateMultipartUploadDetails model. */
const CREATE_UPLOAD_FIELDS = [
  'object', 'contentType', 'contentLanguage', 'contentEncoding', 'contentDisposition', 'cacheControl', 'storageTier', 'metadata',
] as const;

export async function createMultipartUpload(call: OperationCall, route: UploadsRoute): Promise<void> {
  const body = await readJsonObject(call.req, call.body);
  assertKnownKeys(body, 'CreateMultipartUploadDetails', CREATE_UPLOAD_FIELDS);
  const record = await call.store.multipart.create(route.bucket, {
    object: requiredString(body, 'object'),
    contentType: optionalString(body, 'contentType'),
    contentLanguage: optionalString(body, 'contentLanguage'),
    contentEncoding: optionalString(body, 'contentEncoding'),
    contentDisposition: optionalString(body, 'contentDisposition'),
    cacheControl: optionalString(body, 'cacheControl'),
    storageTier: optionalString(body, 'storageTier'),
    metadata: optionalStringMap(body, 'metadata'),
    ...preconditionsOf(call.req),
  });
  const location = `/n/${encodeURIComponent(route.namespace)}/b/${encodeURIComponent(route.bucket)}/u/${encodeURIComponent(record.object)}?uploadId=${record.uploadId}`;
  sendJson(call.res, 200, uploadJson(record), { location });
}

function partNumberOf(query: URLSearchParams): number {
  const text = requiredQueryValue(query, 'uploadPartNum');
  const partNumber = Number(text);
  if (!Number.isInteger(partNumber)) throw errors.invalidParameter(`Invalid uploadPartNum '${text}': expected an integer from 1 to 10000`);
  return partNumber;
}

/** UploadPart: streamed like PutObject; the reply carries the part's ETag (needed for the commit). */
export async function uploadPart(call: OperationCall, route: UploadRoute): Promise<void> {
  const uploadId = requiredQueryValue(call.query, 'uploadId');
  const part = await call.store.multipart.uploadPart(route.bucket, route.object, uploadId, partNumberOf(call.query), bodyOf(call), {
    ...preconditionsOf(call.req),
    contentLength: contentLengthOf(call.req),
    contentMd5: header(call.req, 'content-md5'),
  });
  sendEmpty(call.res, 200, { etag: part.etag, 'opc-content-md5': part.md5 });
}

function partsToCommitOf(body: Record<string, unknown>): { partNum: number; etag: string }[] {
  const parts = optionalArray(body, 'partsToCommit');
  if (parts === undefined) throw errors.missingParameter('partsToCommit');
  return parts.map((part, index) => {
    const entry = part as { partNum?: unknown; etag?: unknown } | null;
    if (typeof entry !== 'object' || entry === null || typeof entry.partNum !== 'number' || typeof entry.etag !== 'string') {
      throw errors.invalidParameter(`partsToCommit[${index}] must be {partNum: number, etag: string}, got ${JSON.stringify(part)}`);
    }
    return { partNum: entry.partNum, etag: entry.etag };
  });
}

function partsToExcludeOf(body: Record<string, unknown>): number[] | undefined {
  const parts = optionalArray(body, 'partsToExclude');
  if (parts?.some((part) => typeof part !== 'number')) {
    throw errors.invalidParameter(`partsToExclude must be part numbers, got ${JSON.stringify(parts)}`);
  }
  return parts as number[] | undefined;
}

/** CommitMultipartUpload; honours If-Match / If-None-Match against the object being created. */
export async function commitMultipartUpload(call: OperationCall, route: UploadRoute): Promise<void> {
  const uploadId = requiredQueryValue(call.query, 'uploadId');
  const body = await readJsonObject(call.req, call.body);
  assertKnownKeys(body, 'CommitMultipartUploadDetails', ['partsToCommit', 'partsToExclude']);
  const record = await call.store.multipart.commit(route.bucket, route.object, uploadId, {
    partsToCommit: partsToCommitOf(body),
    partsToExclude: partsToExcludeOf(body),
    ...preconditionsOf(call.req),
  });
  sendEmpty(call.res, 200, {
    etag: record.etag,
    ...(record.multipartMd5 === undefined ? {} : { 'opc-multipart-md5': record.multipartMd5 }),
    'last-modified': new Date(record.timeModified).toUTCString(),
  });
}

export async function abortMultipartUpload(call: OperationCall, route: UploadRoute): Promise<void> {
  await call.store.multipart.abort(route.bucket, route.object, requiredQueryValue(call.query, 'uploadId'));
  sendEmpty(call.res, 204);
}

export async function listMultipartUploads(call: OperationCall, route: UploadsRoute): Promise<void> {
  const uploads = await call.store.multipart.list(route.bucket);
  const { page, nextPage } = pageOf(uploads, (upload) => [upload.object, upload.timeCreated, upload.uploadId], call.query);
  sendJson(call.res, 200, page.map(uploadJson), nextPage === undefined ? {} : { 'opc-next-page': nextPage });
}

export async function listMultipartUploadParts(call: OperationCall, route: UploadRoute): Promise<void> {
  const parts = await call.store.multipart.listParts(route.bucket, route.object, requiredQueryValue(call.query, 'uploadId'));
  // Zero-padded so the key's string order is the numeric order.
  const { page, nextPage } = pageOf(parts, (part) => [String(part.partNumber).padStart(5, '0')], call.query);
  sendJson(call.res, 200, page.map(partJson), nextPage === undefined ? {} : { 'opc-next-page': nextPage });
}
