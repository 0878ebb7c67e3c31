/** Block storage (oci-core BlockstorageClient, host `iaas`): volumes, boot volumes, their backups, volume groups. */
import { BlockstorageClient } from 'oci-core';
import { declare, type ServiceClient } from '../declaration.ts';

const blockstorage: ServiceClient<BlockstorageClient> = { ctor: BlockstorageClient, hostPrefix: 'iaas' };
const noLists = {};

/** What a volume and a boot volume both report. Their instance is the Instance record's edge (has_volume, has_boot_volume). */
const VOLUME_DETAILS = [
  'availabilityDomain', 'sizeInGBs', 'sizeInMBs', 'vpusPerGB', 'isAutoTuneEnabled', 'autoTunedVpusPerGB', 'isHydrated', 'kmsKeyId',
  'volumeGroupId', 'sourceDetails',
] as const;
const BACKUP_DETAILS = ['type', 'sourceType', 'sizeInGBs', 'uniqueSizeInGBs', 'expirationTime', 'timeRequestReceived', 'kmsKeyId'] as const;

export const BLOCK_STORAGE_DECLARATIONS = [
  declare({
    resourceType: 'BootVolume',
    service: blockstorage,
    get: async (client, summary) => (await client.getBootVolume({ bootVolumeId: summary.identifier })).bootVolume as never,
    lists: noLists,
    details: [...VOLUME_DETAILS, 'imageId'],
    relations: [
      ['uses_image', 'imageId'],
      ['encrypted_by', 'kmsKeyId'],
      ['in_volume_group', 'volumeGroupId'],
      ['created_from', 'sourceDetails.id'],
    ],
  }),
  declare({
    resourceType: 'Volume',
    service: blockstorage,
    get: async (client, summary) => (await client.getVolume({ volumeId: summary.identifier })).volume as never,
    lists: noLists,
    details: [...VOLUME_DETAILS],
    relations: [
      ['encrypted_by', 'kmsKeyId'],
      ['in_volume_group', 'volumeGroupId'],
      ['created_from', 'sourceDetails.id'],
    ],
  }),
  declare({
    resourceType: 'VolumeBackup',
    service: blockstorage,
    get: async (client, summary) => (await client.getVolumeBackup({ volumeBackupId: summary.identifier })).volumeBackup as never,
    lists: noLists,
    details: [...BACKUP_DETAILS, 'volumeId', 'sourceVolumeBackupId', 'volumeGroupBackupId'],
    relations: [
      ['backup_of', 'volumeId'],
      ['encrypted_by', 'kmsKeyId'],
      ['created_from', 'sourceVolumeBackupId'],
    ],
  }),
  declare({
    resourceType: 'BootVolumeBackup',
    service: blockstorage,
    get: async (client, summary) => (await client.getBootVolumeBackup({ bootVolumeBackupId: summary.identifier })).bootVolumeBackup as never,
    lists: noLists,
    details: [...BACKUP_DETAILS, 'bootVolumeId', 'imageId', 'sourceBootVolumeBackupId', 'volumeGroupBackupId'],
    relations: [
      ['backup_of', 'bootVolumeId'],
      ['uses_image', 'imageId'],
      ['encrypted_by', 'kmsKeyId'],
      ['created_from', 'sourceBootVolumeBackupId'],
    ],
  }),
  declare({
    resourceType: 'VolumeGroup',
    service: blockstorage,
    get: async (client, summary) => (await client.getVolumeGroup({ volumeGroupId: summary.identifier })).volumeGroup as never,
    lists: noLists,
    details: ['availabilityDomain', 'volumeIds', 'sizeInGBs', 'sizeInMBs', 'sourceDetails', 'isHydrated'],
    relations: [['contains_volume', 'volumeIds[]']],
  }),
];
