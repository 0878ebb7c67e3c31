import { OciHttpError } from '../http/errors.ts';
import { exportSummary, type NetworkServicesReads } from '../reads/network-services/index.ts';
import { enumParam, getRoute, optionalParam, RouteTable, scopeOf, sendPage, sortBy } from '../reads/network-services/routes.ts';
import type { RequestContext, ServiceModule } from '../server/service-module.ts';

const EXPORT_STATES = ['CREATING', 'ACTIVE', 'UPDATING', 'DELETING', 'DELETED', 'FAILED'] as const;

/**
 * File Storage (FileStorageClient, `filestorage` host, 20171215): `GetFileSystem`, `GetMountTarget` and
 * `ListExports` (by file system, export set and/or compartment: at least one is required, as in OCI).
 */
export class FileStorageService implements ServiceModule {
  readonly service = 'filestorage';
  readonly #routes: RouteTable;

  constructor(reads: NetworkServicesReads) {
    this.#routes = new RouteTable([
      getRoute(reads, 'GetFileSystem', '20171215', 'fileSystems', 'FileSystem'),
      getRoute(reads, 'GetMountTarget', '20171215', 'mountTargets', 'MountTarget'),
      { operation: 'ListExports', pattern: /^\/20171215\/exports$/, handle: (context) => listExports(reads, context) },
    ]);
  }

  operationOf(method: string, path: string): string | undefined {
    return this.#routes.operationOf(method, path);
  }

  handle(context: RequestContext, operation: string): Promise<void> {
    return this.#routes.handle(context, operation);
  }
}

function listExports(reads: NetworkServicesReads, context: RequestContext): void {
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
    .exports({ compartmentId, exportSetId, fileSystemId }, scopeOf(context))
    .map(exportSummary)
    .filter((item) => (id === undefined || item['id'] === id) && (lifecycleState === undefined || item['lifecycleState'] === lifecycleState));
  sortBy(items, (item) => String(by === 'PATH' ? item['path'] : item['timeCreated']), (item) => String(item['id']), order);
  const scope = `exports|${context.region}|${compartmentId}|${exportSetId}|${fileSystemId}|${lifecycleState}|${id}|${by}|${order}`;
  sendPage(context, items, scope, 100, 1000);
}
