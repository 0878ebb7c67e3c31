import { base32For, chanceFor, pickFor, textHash } from '../derive.ts';
import { refOf } from '../model-fields.ts';
import { addressInSubnet, baseFields, type DataModelBuilder } from './model-context.ts';

/**
 * StreamAdminClient models (oci-streaming `Stream`, `StreamPool`); both call the display name `name`.
 * A stream's `messagesEndpoint` (where StreamClient goes next) is the emulator's streaming host, which answers
 * 404 for the message operations it does not serve. The catalogue holds no key or subnet for stream pools:
 * a private pool's subnet and a pool's customer-managed key are deterministic picks among the region's.
 */
const stream: DataModelBuilder = (found, context) => {
  const id = found.summary.identifier;
  return {
    ...baseFields(found, { name: 'name', systemTags: false }),
    streamPoolId: refOf(found, 'streamPoolId'),
    partitions: pickFor(id, 61, [1, 1, 2, 3, 5]),
    retentionInHours: pickFor(id, 62, [24, 48, 72, 168]),
    messagesEndpoint: `${context.baseUrl}/${context.region.name}/streaming`,
  };
};

const streamPool: DataModelBuilder = (found, context) => {
  const id = found.summary.identifier;
  const region = context.region.name;
  const subnetId = chanceFor(id, 63, 40) ? context.picks.pick(region, 'Subnet', id, 64) : null;
  const kmsKeyId = chanceFor(id, 65, 40) ? context.picks.pick(region, 'Key', id, 66) : null;
  const privateIp = subnetId === null ? null : addressInSubnet(context.reader.find(subnetId), id, 67);
  const publicFqdn = `cell-${1 + (textHash(id, 69) % 2)}.streaming.${region}.oci.oraclecloud.com`;
  const fqdn = subnetId === null ? publicFqdn : `${base32For(id, 68, 12)}.streaming.${region}.oci.oraclecloud.com`;
  return {
    ...baseFields(found, { name: 'name', systemTags: false }),
    kafkaSettings: { bootstrapServers: `${fqdn}:9092`, autoCreateTopicsEnable: false, logRetentionHours: 24, numPartitions: 1 },
    customEncryptionKey: kmsKeyId === null ? { keyState: 'NONE' } : { kmsKeyId, keyState: 'ACTIVE' },
    isPrivate: subnetId !== null,
    endpointFqdn: fqdn,
    ...(subnetId === null ? {} : { privateEndpointSettings: { subnetId, privateEndpointIp: privateIp, nsgIds: [] } }),
  };
};

export const STREAMING_MODELS: Readonly<Record<string, DataModelBuilder>> = { Stream: stream, StreamPool: streamPool };
