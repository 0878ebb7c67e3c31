import type { Route } from '../routes.ts';
import { createBucket, deleteBucket, getBucket, headBucket, listBuckets } from './buckets.ts';
import type { OperationCall } from './call.ts';
import {
  abortMultipartUpload,
  commitMultipartUpload,
  createMultipartUpload,
  listMultipartUploadParts,
  listMultipartUploads,
  uploadPart,
} from './multipart.ts';
import { getNamespace } from './namespace.ts';
import { deleteObject, getObject, headObject, listObjects, putObject } from './objects.ts';

/** An operation of the API, named as in the SDK (and OCI's API reference). */
export interface Operation {
  name: string;
  run: (call: OperationCall) => Promise<void>;
}

/** The operations of each resource, by HTTP method: the whole emulated API surface in one place. */
function operationsOf(route: Route): Partial<Record<string, Operation>> {
  switch (route.resource) {
    case 'namespace':
      return { GET: { name: 'GetNamespace', run: (call) => getNamespace(call) } };
    case 'buckets':
      return {
        GET: { name: 'ListBuckets', run: (call) => listBuckets(call) },
        POST: { name: 'CreateBucket', run: (call) => createBucket(call, route) },
      };
    case 'bucket':
      return {
        GET: { name: 'GetBucket', run: (call) => getBucket(call, route) },
        HEAD: { name: 'HeadBucket', run: (call) => headBucket(call, route) },
        DELETE: { name: 'DeleteBucket', run: (call) => deleteBucket(call, route) },
      };
    case 'objects':
      return { GET: { name: 'ListObjects', run: (call) => listObjects(call, route) } };
    case 'object':
      return {
        PUT: { name: 'PutObject', run: (call) => putObject(call, route) },
        GET: { name: 'GetObject', run: (call) => getObject(call, route) },
        HEAD: { name: 'HeadObject', run: (call) => headObject(call, route) },
        DELETE: { name: 'DeleteObject', run: (call) => deleteObject(call, route) },
      };
    case 'uploads':
      return {
        GET: { name: 'ListMultipartUploads', run: (call) => listMultipartUploads(call, route) },
        POST: { name: 'CreateMultipartUpload', run: (call) => createMultipartUpload(call, route) },
      };
    case 'upload':
      return {
        PUT: { name: 'UploadPart', run: (call) => uploadPart(call, route) },
        POST: { name: 'CommitMultipartUpload', run: (call) => commitMultipartUpload(call, route) },
        DELETE: { name: 'AbortMultipartUpload', run: (call) => abortMultipartUpload(call, route) },
        GET: { name: 'ListMultipartUploadParts', run: (call) => listMultipartUploadParts(call, route) },
      };
  }
}

export function operationFor(method: string, route: Route): Operation | undefined {
  return operationsOf(route)[method.toUpperCase()];
}
