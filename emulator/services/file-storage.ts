import { OciHttpError } from '../http/errors.ts';
import { exportSummary, type NetworkServicesReads } from '../reads/network-services/index.ts';
import { enumParam, getResource, GetRouteModule, idPath, optionalParam, pageOfItems, sendPage, sortBy } from '../reads/get-routes.ts';
import type { ReadScope } from '../reads/resource-reader.ts';
import type { RequestContext } from '../server/service-module.ts';

const EXPORT_STATES = ['CREATING', 'ACTIVE', 'UPDATING', 'DELETING', 'DELETED', 'FAILED'] as const;

/**
 * File Storage (FileStorageClient, `filestorage` host, 20171215): `GetFileSystem`, `GetMountTarget` and
 * `ListExports` (by file system, export set and/or compartment: at least one is required, as in OCI).
 */
export class FileStorageService extends GetRouteModule {
  constructor(reads: NetworkServicesReads) {
    const read = reads.model.bind(reads);
    super('filestorage', [
      getResource(read, 'GetFileSystem', idPath('20171215', 'fileSystems'), 'FileSystem'),
      getResource(read, 'GetMountTarget', idPath('20171215', 'mountTargets'), 'MountTarget'),
      { operation: 'ListExports', pattern: /^\/20171215\/exports$/, handle: (context, _params, scope) => listExports(reads, context, scope) },
    ]);
  }
}

function listExports(reads: NetworkServicesReads, context: RequestContext, readScope: ReadScope): void {
  const { query } = context;
  const compartmentId = optionalParam(query, 'compartmentId');
  const exportSetId = optionalParam(query, 'exportSetId');
  const fileSystemId = optionalParam(query, 'fileSystemId');
  if (compartmentId === undefined && exportSetId === undefined && fileSystemId === undefined) {
    throw new OciHttpError(400, 'MissingParameter', 'ListExports needs compartmentId, exportSetId or fileSystemId');
  }
  const lifecycleState = optionalParam(query, 'lifecycleState');
  if (lifecycleState !== undefined) enumParam(query, 'lifecycleState', EXPORT_STATES, 'ACTIVE');
  const id = optionalParam(query, 'id');
  const by = enumParam(query, 'sortBy', ['TIMECREATED', 'PATH'] as const, 'TIMECREATED');
  const order = enumParam(query, 'sortOrder', ['ASC', 'DESC'] as const, 'ASC');
  const items = reads
    .exports({ compartmentId, exportSetId, fileSystemId }, readScope)
    .map(exportSummary)
    .filter((item) => (id === undefined || item['id'] === id) && (lifecycleState === undefined || item['lifecycleState'] === lifecycleState));
  sortBy(items, (item) => String(by === 'PATH' ? item['path'] : item['timeCreated']), (item) => String(item['id']), order);
  const scope = `exports|${context.region}|${compartmentId}|${exportSetId}|${fileSystemId}|${lifecycleState}|${id}|${by}|${order}`;
  sendPage(context, pageOfItems(context, items, scope, 100, 1000));
}
