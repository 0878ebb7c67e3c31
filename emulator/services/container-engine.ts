import { OciHttpError } from '../http/errors.ts';
import type { NetworkServicesReads } from '../reads/network-services/index.ts';
import { enumParam, getResource, GetRouteModule, idPath, optionalParam, pageOfItems, requiredParam, sendPage, sortBy } from '../reads/get-routes.ts';
import type { ReadScope } from '../reads/resource-reader.ts';
import type { RequestContext } from '../server/service-module.ts';

const NODE_POOL_STATES = ['DELETED', 'CREATING', 'ACTIVE', 'UPDATING', 'DELETING', 'FAILED', 'INACTIVE', 'NEEDS_ATTENTION'];

/**
 * Container Engine for Kubernetes (ContainerEngineClient, `containerengine` host, 20180222): `GetCluster`
 * (`shouldIncludeOidcConfigFile` is accepted and changes nothing) and `ListNodePools` (compartmentId
 * required, clusterId, name and lifecycleState (repeatable) optional).
 */
export class ContainerEngineService extends GetRouteModule {
  constructor(reads: NetworkServicesReads) {
    super('containerengine', [
      getResource(reads.model.bind(reads), 'GetCluster', idPath('20180222', 'clusters'), 'ClustersCluster'),
      { operation: 'ListNodePools', pattern: /^\/20180222\/nodePools$/, handle: (context, _params, scope) => listNodePools(reads, context, scope) },
    ]);
  }
}

function listNodePools(reads: NetworkServicesReads, context: RequestContext, readScope: ReadScope): void {
  const { query } = context;
  const compartmentId = requiredParam(query, 'compartmentId');
  const clusterId = optionalParam(query, 'clusterId');
  const name = optionalParam(query, 'name');
  const states = query.getAll('lifecycleState').filter((state) => state !== '');
  for (const state of states) {
    if (!NODE_POOL_STATES.includes(state)) {
      throw new OciHttpError(400, 'InvalidParameter', `Invalid lifecycleState "${state}": expected one of ${NODE_POOL_STATES.join(', ')}`);
    }
  }
  const by = enumParam(query, 'sortBy', ['ID', 'NAME', 'TIME_CREATED'] as const, 'TIME_CREATED');
  const order = enumParam(query, 'sortOrder', ['ASC', 'DESC'] as const, 'ASC');
  const entries = reads
    .nodePools({ compartmentId, clusterId }, readScope)
    .filter((entry) => (name === undefined || entry.summary['name'] === name) && (states.length === 0 || states.includes(String(entry.summary['lifecycleState']))));
  const keyOf = (entry: (typeof entries)[number]): string =>
    by === 'ID' ? String(entry.summary['id']) : by === 'NAME' ? String(entry.summary['name']) : entry.timeCreated;
  sortBy(entries, keyOf, (entry) => String(entry.summary['id']), order);
  const scope = `nodePools|${context.region}|${compartmentId}|${clusterId}|${name}|${states.join(',')}|${by}|${order}`;
  sendPage(context, pageOfItems(context, entries.map((entry) => entry.summary), scope, 100, 1000));
}
