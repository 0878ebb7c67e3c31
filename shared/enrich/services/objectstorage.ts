/** Object Storage (oci-objectstorage, host `objectstorage`): buckets are read by namespace and name. */
import { ObjectStorageClient } from 'oci-objectstorage';
import type { OciClientFactory } from '../../oci/client-factory.ts';
import { declare, type ServiceClient } from '../declaration.ts';

const objectStorage: ServiceClient<ObjectStorageClient> = { ctor: ObjectStorageClient, hostPrefix: 'objectstorage' };

/** The tenancy's namespace: one short string per tenancy, the same in every region. */
export async function lookUpNamespace(factory: OciClientFactory, region: string): Promise<string> {
  const client = factory.forRegion(ObjectStorageClient, 'objectstorage', region);
  return (await factory.call(region, () => client.getNamespace({}))).value;
}

export const OBJECT_STORAGE = [
  declare({
    resourceType: 'Bucket',
    service: objectStorage,
    get: async (client, summary, context) => {
      // Search gives the bucket's name as displayName; the namespace comes with `return allAdditionalFields`.
      const fromSearch = (summary.additionalDetails as Record<string, unknown> | undefined)?.namespace;
      const namespaceName = typeof fromSearch === 'string' ? fromSearch : await context.namespace();
      return (await client.getBucket({ namespaceName, bucketName: String(summary.displayName) })).bucket as never;
    },
    lists: {},
    details: ['namespace', 'publicAccessType', 'storageTier', 'versioning', 'objectEventsEnabled', 'replicationEnabled', 'isReadOnly', 'autoTiering', 'kmsKeyId'],
    relations: [['encrypted_by', 'kmsKeyId']],
  }),
];
