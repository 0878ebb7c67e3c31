/**
 * Instance addresses (oci-core VirtualNetworkClient, host `iaas`): VNICs, private and public IPs. A VNIC's
 * instance is the Instance record's edge (has_vnic, from its VNIC attachments): the Vnic model has no
 * instanceId, and its attachment lives in the instance's compartment, not necessarily the VNIC's.
 *
 * A VNIC's `publicIp` is not kept: it is the PublicIp record's address (PublicIp assigned_to PrivateIp
 * assigned_to Vnic), and keeping it would make the VNIC record change whenever a public IP does, with no
 * edge to say why.
 */
import { VirtualNetworkClient } from 'oci-core';
import { declare, type ServiceClient } from '../declaration.ts';

const network: ServiceClient<VirtualNetworkClient> = { ctor: VirtualNetworkClient, hostPrefix: 'iaas' };
const noLists = {};

export const VNIC_DECLARATIONS = [
  declare({
    resourceType: 'Vnic',
    service: network,
    get: async (client, summary) => (await client.getVnic({ vnicId: summary.identifier })).vnic as never,
    lists: noLists,
    details: [
      'availabilityDomain', 'subnetId', 'nsgIds', 'vlanId', 'privateIp', 'isPrimary', 'macAddress', 'hostnameLabel',
      'skipSourceDestCheck', 'routeTableId',
    ],
    relations: [
      ['in_subnet', 'subnetId'],
      ['in_security_group', 'nsgIds[]'],
      ['uses_route_table', 'routeTableId'],
    ],
  }),
  declare({
    resourceType: 'PrivateIp',
    service: network,
    get: async (client, summary) => (await client.getPrivateIp({ privateIpId: summary.identifier })).privateIp as never,
    lists: noLists,
    details: ['ipAddress', 'isPrimary', 'hostnameLabel', 'availabilityDomain', 'subnetId', 'vnicId', 'vlanId', 'ipState', 'lifetime', 'routeTableId'],
    relations: [
      ['assigned_to', 'vnicId'],
      ['in_subnet', 'subnetId'],
      ['uses_route_table', 'routeTableId'],
    ],
  }),
  declare({
    resourceType: 'PublicIp',
    service: network,
    get: async (client, summary) => (await client.getPublicIp({ publicIpId: summary.identifier })).publicIp as never,
    lists: noLists,
    details: ['ipAddress', 'lifetime', 'scope', 'availabilityDomain', 'assignedEntityId', 'assignedEntityType', 'privateIpId', 'publicIpPoolId'],
    relations: [
      ['assigned_to', 'assignedEntityId'],
      ['assigned_to', 'privateIpId'],
    ],
  }),
];
