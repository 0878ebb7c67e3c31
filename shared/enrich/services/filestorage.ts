/** File Storage (oci-filestorage FileStorageClient, host `filestorage`): file systems and mount targets. */
import { FileStorageClient, type requests } from 'oci-filestorage';
import { declare, type Model, type ServiceClient } from '../declaration.ts';

const fileStorage: ServiceClient<FileStorageClient> = { ctor: FileStorageClient, hostPrefix: 'filestorage' };

/**
 * Every page of ListExports for one file system or one export set, trimmed to what identifies an export
 * (the side asked by is left out), in path order.
 */
async function exportsOf(client: FileStorageClient, filter: { fileSystemId: string } | { exportSetId: string }): Promise<Model[]> {
  const items: Model[] = [];
  let page: string | undefined;
  do {
    const request: requests.ListExportsRequest = { ...filter, limit: 1000, ...(page ? { page } : {}) };
    const response = await client.listExports(request);
    for (const item of response.items) {
      items.push({
        id: item.id,
        ...('fileSystemId' in filter ? { exportSetId: item.exportSetId } : { fileSystemId: item.fileSystemId }),
        path: item.path,
        lifecycleState: item.lifecycleState,
      });
    }
    page = response.opcNextPage;
  } while (page);
  return items.sort((a, b) => (`${a.path}\u0000${a.id}` < `${b.path}\u0000${b.id}` ? -1 : 1));
}

export const FILE_STORAGE = [
  declare({
    resourceType: 'FileSystem',
    service: fileStorage,
    get: async (client, summary) => (await client.getFileSystem({ fileSystemId: summary.identifier })).fileSystem as never,
    // Export sets are not Search resources: the exports name theirs in details; the edge to the file system
    // is the mount target's (`exports`).
    lists: { exports: (client, model) => exportsOf(client, { fileSystemId: String(model.id) }) },
    details: ['availabilityDomain', 'meteredBytes', 'kmsKeyId', 'sourceDetails', 'isCloneParent', 'isHydrated'],
    relations: [['encrypted_by', 'kmsKeyId']],
  }),
  declare({
    resourceType: 'MountTarget',
    service: fileStorage,
    get: async (client, summary) => (await client.getMountTarget({ mountTargetId: summary.identifier })).mountTarget as never,
    lists: {
      exports: async (client, model) => (typeof model.exportSetId === 'string' ? exportsOf(client, { exportSetId: model.exportSetId }) : []),
    },
    details: ['availabilityDomain', 'subnetId', 'nsgIds', 'privateIpIds', 'exportSetId', 'idmapType'],
    relations: [
      ['in_subnet', 'subnetId'],
      ['in_security_group', 'nsgIds[]'],
      ['has_private_ip', 'privateIpIds[]'],
      ['exports', 'exports[].fileSystemId'],
    ],
  }),
];
