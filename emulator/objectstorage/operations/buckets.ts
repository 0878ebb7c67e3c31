import { OciHttpError, sendJson } from '../../http/errors.ts';
import { objectStorageErrors as errors } from '../errors.ts';
import type { BucketRecord } from '../store/records.ts';
import { queryList, requiredQueryValue, sendEmpty, type OperationCall } from './call.ts';
import {
  assertKnownKeys,
  optionalBoolean,
  optionalObjectMap,
  optionalString,
  optionalStringMap,
  requiredString,
} from './json-fields.ts';
import { pageOf } from './pagination.ts';
import { bucketJson, bucketSummaryJson } from './representations.ts';
import { preconditionsOf, readJsonObject } from './request-input.ts';

type BucketRoute = { namespace: string; bucket: string };

/** The fields of the SDK's CreateBucketDetails model. */
const CREATE_BUCKET_FIELDS = [
  'name', 'compartmentId', 'metadata', 'publicAccessType', 'storageTier', 'objectEventsEnabled', 'freeformTags',
  'definedTags', 'kmsKeyId', 'isBucketKeyEnabled', 'versioning', 'autoTiering', 'bucketScope',
] as const;

export async function createBucket(call: OperationCall, route: { namespace: string }): Promise<void> {
  const body = await readJsonObject(call.req, call.body);
  assertKnownKeys(body, 'CreateBucketDetails', CREATE_BUCKET_FIELDS);
  const record = await call.store.createBucket({
    name: requiredString(body, 'name'),
    compartmentId: requiredString(body, 'compartmentId'),
    createdBy: call.principalId,
    metadata: optionalStringMap(body, 'metadata'),
    publicAccessType: optionalString(body, 'publicAccessType'),
    storageTier: optionalString(body, 'storageTier'),
    objectEventsEnabled: optionalBoolean(body, 'objectEventsEnabled'),
    freeformTags: optionalStringMap(body, 'freeformTags'),
    definedTags: optionalObjectMap(body, 'definedTags'),
    kmsKeyId: optionalString(body, 'kmsKeyId'),
    versioning: optionalString(body, 'versioning'),
    autoTiering: optionalString(body, 'autoTiering'),
  });
  sendJson(call.res, 200, bucketJson(record), {
    etag: record.etag,
    location: `/n/${encodeURIComponent(route.namespace)}/b/${encodeURIComponent(record.name)}`,
  });
}

const GET_BUCKET_FIELDS = ['approximateCount', 'approximateSize', 'autoTiering'];

/** GetBucket; `fields=approximateCount,approximateSize` adds the (here exact) usage figures. */
export async function getBucket(call: OperationCall, route: BucketRoute): Promise<void> {
  const fields = queryList(call.query, 'fields');
  for (const field of fields) {
    if (!GET_BUCKET_FIELDS.includes(field)) {
      throw errors.invalidParameter(`Invalid fields value '${field}': expected any of ${GET_BUCKET_FIELDS.join(', ')}`);
    }
  }
  const approximate = fields.some((field) => field.startsWith('approximate'));
  const record = await storeBucketOrExternal(call, route, approximate);
  if ('body' in record) return sendJson(call.res, 200, record.body, { etag: record.etag });
  const usage = approximate ? await call.store.bucketUsage(route.bucket) : {};
  sendJson(call.res, 200, bucketJson(record, usage), { etag: record.etag });
}

export async function headBucket(call: OperationCall, route: BucketRoute): Promise<void> {
  const record = await storeBucketOrExternal(call, route, false);
  sendEmpty(call.res, 200, { etag: record.etag });
}

/**
 * The store's bucket (with its preconditions); when the store has none of that name, the external one of
 * the endpoint's region (the synthetic tenancy's), else the store's BucketNotFound.
 */
async function storeBucketOrExternal(
  call: OperationCall,
  route: BucketRoute,
  approximate: boolean,
): Promise<BucketRecord | { body: Record<string, unknown>; etag: string }> {
  try {
    return await call.store.getBucket(route.bucket, preconditionsOf(call.req));
  } catch (error) {
    if (!(error instanceof OciHttpError) || error.code !== 'BucketNotFound' || call.region === undefined) throw error;
    const external = call.externalBuckets?.get(call.region, route.bucket, { approximate });
    if (external === undefined) throw error;
    return external;
  }
}

export async function deleteBucket(call: OperationCall, route: BucketRoute): Promise<void> {
  await call.store.deleteBucket(route.bucket, preconditionsOf(call.req));
  sendEmpty(call.res, 204);
}

/** ListBuckets of one compartment (required, as in OCI), by name, paged with `limit`/`page`. */
export async function listBuckets(call: OperationCall): Promise<void> {
  const compartmentId = requiredQueryValue(call.query, 'compartmentId');
  const fields = queryList(call.query, 'fields');
  for (const field of fields) {
    if (field !== 'tags') throw errors.invalidParameter(`Invalid fields value '${field}': the only supported value is 'tags'`);
  }
  const buckets = await call.store.listBuckets(compartmentId);
  const { page, nextPage } = pageOf(buckets, (bucket) => [bucket.name], call.query);
  sendJson(
    call.res,
    200,
    page.map((bucket) => bucketSummaryJson(bucket, fields.includes('tags'))),
    nextPage === undefined ? {} : { 'opc-next-page': nextPage },
  );
}
