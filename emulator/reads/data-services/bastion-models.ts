import { pickFor } from '../derive.ts';
import { refOf } from '../model-fields.ts';
import { addressInSubnet, baseFields, timeUpdated, type DataModelBuilder } from './model-context.ts';

/** BastionClient model (oci-bastion `Bastion`, display name under `name`): target VCN and subnet from the tenancy. */
const bastion: DataModelBuilder = (found, context) => {
  const id = found.summary.identifier;
  const targetSubnetId = refOf(found, 'targetSubnetId');
  return {
    ...baseFields(found, { name: 'name', systemTags: true }),
    bastionType: 'STANDARD',
    targetVcnId: refOf(found, 'targetVcnId'),
    targetSubnetId,
    clientCidrBlockAllowList: [...pickFor(id, 91, [['0.0.0.0/0'], ['10.0.0.0/8'], ['203.0.113.0/24', '198.51.100.0/24']])],
    staticJumpHostIpAddresses: [],
    privateEndpointIpAddress: addressInSubnet(context.reader.find(targetSubnetId), id, 92),
    maxSessionTtlInSeconds: pickFor(id, 93, [1800, 3600, 10800]),
    maxSessionsAllowed: 20,
    dnsProxyStatus: 'DISABLED',
    timeUpdated: timeUpdated(found, 94),
  };
};

export const BASTION_MODELS: Readonly<Record<string, DataModelBuilder>> = { Bastion: bastion };
