import { OciHttpError } from '../http/errors.ts';
import { decodeIdSegment, sendModel, type Model, type ReadScope } from '../reads/index.ts';
import type { RequestContext, ServiceModule } from '../server/service-module.ts';

/** What the Networking GETs need: one model per (Search type, OCID), or an OciHttpError (404, 403). */
export interface VirtualNetworkReads {
  network(searchType: string, ocid: string, scope: ReadScope): Model;
}

interface Collection {
  /** The SDK's operation name, PascalCase as the emulator's counters and fault rules use it. */
  operation: string;
  searchType: string;
}

/**
 * The VirtualNetworkClient GETs, by path collection (`/20160918/{collection}/{id}`): the whole surface in
 * one table. The id parameter names differ (`rtId`, `igId`, `dhcpId`...) but all are the path's last segment.
 */
const COLLECTIONS: ReadonlyMap<string, Collection> = new Map([
  ['vcns', { operation: 'GetVcn', searchType: 'Vcn' }],
  ['subnets', { operation: 'GetSubnet', searchType: 'Subnet' }],
  ['securityLists', { operation: 'GetSecurityList', searchType: 'SecurityList' }],
  ['routeTables', { operation: 'GetRouteTable', searchType: 'RouteTable' }],
  ['internetGateways', { operation: 'GetInternetGateway', searchType: 'InternetGateway' }],
  ['natGateways', { operation: 'GetNatGateway', searchType: 'NatGateway' }],
  ['serviceGateways', { operation: 'GetServiceGateway', searchType: 'ServiceGateway' }],
  ['localPeeringGateways', { operation: 'GetLocalPeeringGateway', searchType: 'LocalPeeringGateway' }],
  ['drgs', { operation: 'GetDrg', searchType: 'Drg' }],
  ['drgAttachments', { operation: 'GetDrgAttachment', searchType: 'DrgAttachment' }],
  ['dhcps', { operation: 'GetDhcpOptions', searchType: 'DHCPOptions' }],
  ['networkSecurityGroups', { operation: 'GetNetworkSecurityGroup', searchType: 'NetworkSecurityGroup' }],
]);
const BY_OPERATION: ReadonlyMap<string, Collection> = new Map([...COLLECTIONS.values()].map((c) => [c.operation, c]));

const GET_PATH = /^\/20160918\/([A-Za-z]+)\/([^/]+)$/;

/**
 * Core Networking (`iaas` host, API version 20160918): single-resource GETs over the synthetic tenancy.
 * Other iaas APIs (compute, block storage; load balancing at /20170115) share the host: they would be
 * routed here by path, next to this table.
 */
export class VirtualNetworkService implements ServiceModule {
  readonly service = 'iaas';

  constructor(private readonly reads: VirtualNetworkReads) {}

  operationOf(method: string, path: string): string | undefined {
    if (method !== 'GET') return undefined;
    const match = GET_PATH.exec(path);
    return match === null ? undefined : COLLECTIONS.get(match[1]!)?.operation;
  }

  async handle(context: RequestContext, operation: string): Promise<void> {
    const collection = BY_OPERATION.get(operation);
    const segment = GET_PATH.exec(context.path)?.[2];
    if (collection === undefined || segment === undefined) {
      throw new OciHttpError(404, 'NotFound', `Unsupported iaas operation ${operation}`);
    }
    const model = this.reads.network(collection.searchType, decodeIdSegment(segment), {
      region: context.region,
      tenancyId: context.principal.tenancyId,
    });
    sendModel(context.res, model);
  }
}
