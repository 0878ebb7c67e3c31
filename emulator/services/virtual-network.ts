import { getResource, GetRouteModule, idPath } from '../reads/get-routes.ts';
import type { Model, ReadScope } from '../reads/index.ts';

/** What the Networking GETs need: one model per (Search type, OCID), or an OciHttpError (404, 403). */
export interface VirtualNetworkReads {
  network(searchType: string, ocid: string, scope: ReadScope): Model;
}

/**
 * The VirtualNetworkClient GETs, by path collection (`/20160918/{collection}/{id}`): the whole surface in
 * one table of [collection, operation, Search type]. The id parameter names differ (`rtId`, `igId`,
 * `dhcpId`...) but all are the path's last segment.
 */
const COLLECTIONS: readonly (readonly [collection: string, operation: string, searchType: string])[] = [
  ['vcns', 'GetVcn', 'Vcn'],
  ['subnets', 'GetSubnet', 'Subnet'],
  ['securityLists', 'GetSecurityList', 'SecurityList'],
  ['routeTables', 'GetRouteTable', 'RouteTable'],
  ['internetGateways', 'GetInternetGateway', 'InternetGateway'],
  ['natGateways', 'GetNatGateway', 'NatGateway'],
  ['serviceGateways', 'GetServiceGateway', 'ServiceGateway'],
  ['localPeeringGateways', 'GetLocalPeeringGateway', 'LocalPeeringGateway'],
  ['drgs', 'GetDrg', 'Drg'],
  ['drgAttachments', 'GetDrgAttachment', 'DrgAttachment'],
  ['dhcps', 'GetDhcpOptions', 'DHCPOptions'],
  ['networkSecurityGroups', 'GetNetworkSecurityGroup', 'NetworkSecurityGroup'],
];

/**
 * Core Networking (`iaas` host, API version 20160918): single-resource GETs over the synthetic tenancy.
 * Other iaas APIs (compute, block storage; load balancing at /20170115) share the host: they are
 * separate modules, composed with this one by composite-service.ts.
 */
export class VirtualNetworkService extends GetRouteModule {
  constructor(reads: VirtualNetworkReads) {
    const read = reads.network.bind(reads);
    super(
      'iaas',
      COLLECTIONS.map(([collection, operation, searchType]) => getResource(read, operation, idPath('20160918', collection), searchType)),
    );
  }
}
