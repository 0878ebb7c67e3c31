import type { ServiceModule } from '../server/service-module.ts';
import type { ExternalBuckets } from './external-buckets.ts';
import { handleObjectStorage, objectStorageOperationOf } from './handler.ts';
import type { ObjectStore } from './store/object-store.ts';

/**
 * Plugs the Object Storage handler into the emulator's HTTP server as the `objectstorage` service;
 * `externalBuckets` (the synthetic tenancy's) answer GetBucket/HeadBucket for names the store lacks.
 */
export function objectStorageService(store: ObjectStore, externalBuckets?: ExternalBuckets): ServiceModule {
  return {
    service: 'objectstorage',
    operationOf: (method, path) => objectStorageOperationOf(method, path),
    handle: (context) =>
      handleObjectStorage(context.req, context.res, {
        path: context.path,
        query: context.query,
        store,
        body: context.body,
        principalId: context.principal.kind === 'api_key' ? context.principal.userId : context.principal.resourceId,
        region: context.region,
        externalBuckets,
      }),
  };
}
