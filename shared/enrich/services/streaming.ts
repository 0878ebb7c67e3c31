/** Streaming (oci-streaming StreamAdminClient, host `streaming`): streams and stream pools. */
import { StreamAdminClient } from 'oci-streaming';
import { declare, type ServiceClient } from '../declaration.ts';

const streamAdmin: ServiceClient<StreamAdminClient> = { ctor: StreamAdminClient, hostPrefix: 'streaming' };

export const STREAMING = [
  declare({
    resourceType: 'Stream',
    service: streamAdmin,
    get: async (client, summary) => (await client.getStream({ streamId: summary.identifier })).stream as never,
    lists: {},
    details: ['streamPoolId', 'partitions', 'retentionInHours', 'messagesEndpoint'],
    relations: [['in_stream_pool', 'streamPoolId']],
  }),
  declare({
    resourceType: 'StreamPool',
    service: streamAdmin,
    get: async (client, summary) => (await client.getStreamPool({ streamPoolId: summary.identifier })).streamPool as never,
    lists: {},
    details: ['kafkaSettings', 'customEncryptionKey', 'isPrivate', 'endpointFqdn', 'privateEndpointSettings'],
    relations: [
      ['encrypted_by', 'customEncryptionKey.kmsKeyId'],
      ['in_subnet', 'privateEndpointSettings.subnetId'],
      ['in_security_group', 'privateEndpointSettings.nsgIds[]'],
    ],
  }),
];
