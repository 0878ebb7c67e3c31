import type { FoundResource } from '../../tenancy/index.ts';
import { chanceFor, pickFor, textHash } from '../derive.ts';
import { commonFields, detailString, refOf, refsOf, type Model } from '../model-fields.ts';
import { detailNumber, type ComputeModelBuilder, type ComputeModelContext } from './model-context.ts';

/**
 * BlockstorageClient models (oci-core `BootVolume`, `Volume`, `VolumeBackup`, `BootVolumeBackup`,
 * `VolumeGroup`). Sizes and relationship ids are Search's (additionalDetails, references); a backup reports
 * its volume's size and key; a volume names the (first live) volume group that lists it. Performance
 * settings are derived from the OCID.
 */

const DEFAULT_SIZE_GBS = 50;

/** Balanced (10) for most boot volumes; some higher performance tiers. */
export function bootVolumeVpusPerGB(id: string): number {
  return pickFor(id, 31, [10, 10, 10, 20, 30]);
}

function volumeVpusPerGB(id: string): number {
  return pickFor(id, 32, [0, 10, 10, 10, 20, 30]);
}

function sizes(found: FoundResource | undefined): { sizeInGBs: number; sizeInMBs: number } {
  const sizeInGBs = detailNumber(found, 'sizeInGBs') ?? DEFAULT_SIZE_GBS;
  return { sizeInGBs, sizeInMBs: detailNumber(found, 'sizeInMBs') ?? sizeInGBs * 1024 };
}

function autoTune(id: string, vpusPerGB: number): Model {
  const enabled = chanceFor(id, 33, 20);
  return {
    isAutoTuneEnabled: enabled,
    autoTunedVpusPerGB: enabled ? vpusPerGB : null,
    autotunePolicies: enabled ? [{ autotuneType: 'DETACHED_VOLUME' }] : [],
  };
}

function volumeGroupOf(context: ComputeModelContext, id: string): string | null {
  return context.links.of(context.region.name).volumeGroupByVolume.get(id) ?? null;
}

const bootVolume: ComputeModelBuilder = (found, context) => {
  const id = found.summary.identifier;
  const vpusPerGB = bootVolumeVpusPerGB(id);
  return {
    ...commonFields(found, { systemTags: true }),
    availabilityDomain: found.summary.availabilityDomain,
    imageId: refOf(found, 'imageId'),
    isHydrated: true,
    vpusPerGB,
    ...sizes(found),
    sourceDetails: null,
    volumeGroupId: volumeGroupOf(context, id),
    kmsKeyId: refOf(found, 'kmsKeyId'),
    ...autoTune(id, vpusPerGB),
    bootVolumeReplicas: [],
  };
};

const volume: ComputeModelBuilder = (found, context) => {
  const id = found.summary.identifier;
  const vpusPerGB = volumeVpusPerGB(id);
  return {
    ...commonFields(found, { systemTags: true }),
    availabilityDomain: found.summary.availabilityDomain,
    isHydrated: true,
    kmsKeyId: refOf(found, 'kmsKeyId'),
    vpusPerGB,
    ...sizes(found),
    sourceDetails: null,
    volumeGroupId: volumeGroupOf(context, id),
    ...autoTune(id, vpusPerGB),
    blockVolumeReplicas: [],
    isReservationsEnabled: false,
  };
};

/** What backups share: retention (scheduled backups expire), sizes (an incremental one holds a part). */
function backupFields(found: FoundResource, type: string, sourceType: string, source: FoundResource | undefined): Model {
  const id = found.summary.identifier;
  const { sizeInGBs } = sizes(source);
  const uniqueSizeInGBs = type === 'FULL' ? sizeInGBs : Math.max(1, Math.floor((sizeInGBs * (1 + (textHash(id, 35) % 30))) / 100));
  const expirationTime = sourceType === 'SCHEDULED'
    ? new Date(Date.parse(found.summary.timeCreated) + (30 + (textHash(id, 36) % 335)) * 86_400_000).toISOString()
    : null;
  return {
    ...commonFields(found, { systemTags: true }),
    expirationTime,
    kmsKeyId: source === undefined ? null : refOf(source, 'kmsKeyId'),
    sizeInGBs,
    sourceType,
    timeRequestReceived: found.summary.timeCreated,
    type,
    uniqueSizeInGBs,
    volumeGroupBackupId: null,
  };
}

const volumeBackup: ComputeModelBuilder = (found, context) => {
  const volumeId = refOf(found, 'volumeId');
  const fields = backupFields(
    found,
    detailString(found, 'type') ?? 'FULL',
    detailString(found, 'sourceType') ?? 'MANUAL',
    context.reader.find(volumeId),
  );
  return {
    ...fields,
    sizeInMBs: (fields['sizeInGBs'] as number) * 1024,
    uniqueSizeInMbs: (fields['uniqueSizeInGBs'] as number) * 1024,
    sourceVolumeBackupId: null,
    volumeId,
  };
};

const bootVolumeBackup: ComputeModelBuilder = (found, context) => {
  const bootVolumeId = refOf(found, 'bootVolumeId');
  const source = context.reader.find(bootVolumeId);
  return {
    ...backupFields(
      found,
      detailString(found, 'type') ?? 'FULL',
      pickFor(found.summary.identifier, 34, ['MANUAL', 'SCHEDULED']),
      source,
    ),
    bootVolumeId,
    imageId: source === undefined ? null : refOf(source, 'imageId'),
    sourceBootVolumeBackupId: null,
  };
};

const volumeGroup: ComputeModelBuilder = (found, context) => {
  const volumeIds = refsOf(found, 'volumeIds');
  const sizeInMBs = volumeIds.reduce((sum, volumeId) => sum + sizes(context.reader.find(volumeId)).sizeInMBs, 0);
  return {
    ...commonFields(found),
    availabilityDomain: found.summary.availabilityDomain,
    sizeInMBs,
    sizeInGBs: Math.round(sizeInMBs / 1024),
    sourceDetails: { type: 'volumeIds', volumeIds: [...volumeIds] },
    volumeIds,
    isHydrated: true,
    volumeGroupReplicas: [],
  };
};

/** Builders by Search type. */
export const BLOCK_STORAGE_MODELS: Readonly<Record<string, ComputeModelBuilder>> = {
  BootVolume: bootVolume,
  Volume: volume,
  VolumeBackup: volumeBackup,
  BootVolumeBackup: bootVolumeBackup,
  VolumeGroup: volumeGroup,
};
