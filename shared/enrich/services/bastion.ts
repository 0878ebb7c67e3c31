/** Bastion (oci-bastion BastionClient, host `bastion`). */
import { BastionClient } from 'oci-bastion';
import { declare, type ServiceClient } from '../declaration.ts';

const bastion: ServiceClient<BastionClient> = { ctor: BastionClient, hostPrefix: 'bastion' };

export const BASTION = [
  declare({
    resourceType: 'Bastion',
    service: bastion,
    get: async (client, summary) => (await client.getBastion({ bastionId: summary.identifier })).bastion as never,
    lists: {},
    details: [
      'bastionType', 'targetVcnId', 'targetSubnetId', 'clientCidrBlockAllowList', 'maxSessionTtlInSeconds', 'maxSessionsAllowed',
      'privateEndpointIpAddress', 'dnsProxyStatus',
    ],
    relations: [
      ['in_vcn', 'targetVcnId'],
      ['in_subnet', 'targetSubnetId'],
    ],
  }),
];
