/** Core networking (oci-core VirtualNetworkClient, host `iaas`): one declaration per Search type. */
import { VirtualNetworkClient } from 'oci-core';
import { declare, type ServiceClient } from '../declaration.ts';

const network: ServiceClient<VirtualNetworkClient> = { ctor: VirtualNetworkClient, hostPrefix: 'iaas' };
const noLists = {};

export const NETWORKING = [
  declare({
    resourceType: 'Vcn',
    service: network,
    get: async (client, summary) => (await client.getVcn({ vcnId: summary.identifier })).vcn as never,
    lists: noLists,
    details: ['cidrBlock', 'cidrBlocks', 'ipv6CidrBlocks', 'dnsLabel', 'vcnDomainName', 'defaultRouteTableId', 'defaultSecurityListId', 'defaultDhcpOptionsId'],
    relations: [
      ['uses_route_table', 'defaultRouteTableId'],
      ['uses_security_list', 'defaultSecurityListId'],
      ['uses_dhcp_options', 'defaultDhcpOptionsId'],
    ],
  }),
  declare({
    resourceType: 'Subnet',
    service: network,
    get: async (client, summary) => (await client.getSubnet({ subnetId: summary.identifier })).subnet as never,
    lists: noLists,
    details: ['cidrBlock', 'availabilityDomain', 'prohibitPublicIpOnVnic', 'prohibitInternetIngress', 'dnsLabel', 'subnetDomainName', 'virtualRouterIp', 'vcnId', 'routeTableId', 'securityListIds', 'dhcpOptionsId'],
    relations: [
      ['in_vcn', 'vcnId'],
      ['uses_route_table', 'routeTableId'],
      ['uses_security_list', 'securityListIds[]'],
      ['uses_dhcp_options', 'dhcpOptionsId'],
    ],
  }),
  declare({
    resourceType: 'SecurityList',
    service: network,
    get: async (client, summary) => (await client.getSecurityList({ securityListId: summary.identifier })).securityList as never,
    lists: noLists,
    details: ['vcnId', 'ingressSecurityRules', 'egressSecurityRules'],
    relations: [['in_vcn', 'vcnId']],
  }),
  declare({
    resourceType: 'RouteTable',
    service: network,
    get: async (client, summary) => (await client.getRouteTable({ rtId: summary.identifier })).routeTable as never,
    lists: noLists,
    details: ['vcnId', 'routeRules'],
    relations: [
      ['in_vcn', 'vcnId'],
      ['routes_to', 'routeRules[].networkEntityId'],
    ],
  }),
  declare({
    resourceType: 'InternetGateway',
    service: network,
    get: async (client, summary) => (await client.getInternetGateway({ igId: summary.identifier })).internetGateway as never,
    lists: noLists,
    details: ['vcnId', 'isEnabled', 'routeTableId'],
    relations: [
      ['in_vcn', 'vcnId'],
      ['uses_route_table', 'routeTableId'],
    ],
  }),
  declare({
    resourceType: 'NatGateway',
    service: network,
    get: async (client, summary) => (await client.getNatGateway({ natGatewayId: summary.identifier })).natGateway as never,
    lists: noLists,
    details: ['vcnId', 'natIp', 'blockTraffic', 'publicIpId', 'routeTableId'],
    relations: [
      ['in_vcn', 'vcnId'],
      ['uses_public_ip', 'publicIpId'],
      ['uses_route_table', 'routeTableId'],
    ],
  }),
  declare({
    resourceType: 'ServiceGateway',
    service: network,
    get: async (client, summary) => (await client.getServiceGateway({ serviceGatewayId: summary.identifier })).serviceGateway as never,
    lists: noLists,
    details: ['vcnId', 'blockTraffic', 'services', 'routeTableId'],
    relations: [
      ['in_vcn', 'vcnId'],
      ['uses_route_table', 'routeTableId'],
    ],
  }),
  declare({
    resourceType: 'LocalPeeringGateway',
    service: network,
    get: async (client, summary) => (await client.getLocalPeeringGateway({ localPeeringGatewayId: summary.identifier })).localPeeringGateway as never,
    lists: noLists,
    details: ['vcnId', 'peerId', 'peeringStatus', 'peerAdvertisedCidr', 'isCrossTenancyPeering', 'routeTableId'],
    relations: [
      ['in_vcn', 'vcnId'],
      ['peers_with', 'peerId'],
      ['uses_route_table', 'routeTableId'],
    ],
  }),
  declare({
    resourceType: 'Drg',
    service: network,
    get: async (client, summary) => (await client.getDrg({ drgId: summary.identifier })).drg as never,
    lists: noLists,
    details: ['defaultDrgRouteTables', 'defaultExportDrgRouteDistributionId'],
    relations: [],
  }),
  declare({
    resourceType: 'DrgAttachment',
    service: network,
    get: async (client, summary) => (await client.getDrgAttachment({ drgAttachmentId: summary.identifier })).drgAttachment as never,
    lists: noLists,
    details: ['drgId', 'networkDetails', 'drgRouteTableId', 'vcnId', 'routeTableId'],
    relations: [
      ['attached_to', 'drgId'],
      ['connects', 'networkDetails.id'],
      ['connects', 'vcnId'],
    ],
  }),
  declare({
    // Search names it DHCPOptions (also seen as DhcpOptions; the registry compares case-insensitively).
    resourceType: 'DHCPOptions',
    service: network,
    get: async (client, summary) => (await client.getDhcpOptions({ dhcpId: summary.identifier })).dhcpOptions as never,
    lists: noLists,
    details: ['vcnId', 'options', 'domainNameType'],
    relations: [['in_vcn', 'vcnId']],
  }),
  declare({
    resourceType: 'NetworkSecurityGroup',
    service: network,
    get: async (client, summary) => (await client.getNetworkSecurityGroup({ networkSecurityGroupId: summary.identifier })).networkSecurityGroup as never,
    lists: noLists,
    details: ['vcnId'],
    relations: [['in_vcn', 'vcnId']],
  }),
];
