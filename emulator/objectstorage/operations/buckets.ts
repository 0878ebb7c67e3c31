import { sendJson } from '../../http/errors.ts';
import { objectStorageErrors as errors } from '../errors.ts';
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
  const record = await call.store.getBucket(route.bucket, preconditionsOf(call.req));
  const usage = fields.some((field) => field.startsWith('approximate')) ? await call.store.bucketUsage(route.bucket) : {};
  sendJson(call.res, 200, bucketJson(record, usage), { etag: record.etag });
}

export async function headBucket(call: OperationCall, route: BucketRoute): Promise<void> {
  const record = await call.store.getBucket(route.bucket, preconditionsOf(call.req));
  sendEmpty(call.res, 200, { etag: record.etag });
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
