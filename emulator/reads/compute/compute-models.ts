import type { FoundResource } from '../../tenancy/index.ts';
import { SHAPES } from '../../tenancy/vocabulary.ts';
import { chanceFor, pickFor, textHash } from '../derive.ts';
import { commonFields, detailString, refOf, type Model } from '../model-fields.ts';
import { bootVolumeVpusPerGB } from './block-models.ts';
import { detailNumber, type ComputeModelBuilder } from './model-context.ts';
import { instanceShapeConfig, isBareMetal, isFlexShape, shapeSize } from './shapes.ts';

/**
 * ComputeClient and ComputeManagementClient models (oci-core `Instance`, `Image`, `InstanceConfiguration`,
 * `InstancePool`). Shape, image and operating system are Search's; an instance's source details are its
 * image and the boot volume attached to it (size, performance, key, as GetBootVolume reports them); the rest
 * is derived from the OCID.
 */

function launchOptions(bareMetal: boolean): Model {
  const kind = bareMetal ? 'ISCSI' : 'PARAVIRTUALIZED';
  return {
    bootVolumeType: kind,
    firmware: 'UEFI_64',
    networkType: bareMetal ? 'VFIO' : 'PARAVIRTUALIZED',
    remoteDataVolumeType: kind,
    isPvEncryptionInTransitEnabled: !bareMetal,
    isConsistentVolumeNamingEnabled: true,
  };
}

function instanceSourceDetails(imageId: string | null, bootVolume: FoundResource | undefined): Model | null {
  if (imageId === null) return bootVolume === undefined ? null : { sourceType: 'bootVolume', bootVolumeId: bootVolume.summary.identifier };
  return {
    sourceType: 'image',
    imageId,
    bootVolumeSizeInGBs: detailNumber(bootVolume, 'sizeInGBs') ?? null,
    bootVolumeVpusPerGB: bootVolume === undefined ? null : bootVolumeVpusPerGB(bootVolume.summary.identifier),
    kmsKeyId: bootVolume === undefined ? null : refOf(bootVolume, 'kmsKeyId'),
  };
}

const instance: ComputeModelBuilder = (found, context) => {
  const s = found.summary;
  const id = s.identifier;
  const shape = detailString(found, 'shape') ?? pickFor(id, 22, SHAPES);
  const bareMetal = isBareMetal(shape);
  const imageId = refOf(found, 'imageId');
  const bootVolume = context.reader.find(context.attachments.bootVolumeOf(context.region.name, id));
  return {
    ...commonFields(found, { systemTags: true }),
    availabilityDomain: s.availabilityDomain,
    faultDomain: `FAULT-DOMAIN-${1 + (textHash(id, 23) % 3)}`,
    // `iad`/`phx` for Ashburn and Phoenix, the region id elsewhere: the OCID segment.
    region: context.region.ocidSegment,
    shape,
    shapeConfig: instanceShapeConfig(shape, id),
    imageId,
    sourceDetails: instanceSourceDetails(imageId, bootVolume),
    launchMode: bareMetal ? 'NATIVE' : 'PARAVIRTUALIZED',
    launchOptions: launchOptions(bareMetal),
    instanceOptions: { areLegacyImdsEndpointsDisabled: chanceFor(id, 24, 60) },
    availabilityConfig: { isLiveMigrationPreferred: null, recoveryAction: 'RESTORE_INSTANCE' },
    agentConfig: { isMonitoringDisabled: false, isManagementDisabled: false, areAllPluginsDisabled: false },
    // Instance metadata holds SSH keys and user data: the emulator has none to give.
    metadata: {},
    extendedMetadata: {},
    isCrossNumaNode: false,
    dedicatedVmHostId: null,
    capacityReservationId: null,
    instanceConfigurationId: null,
    timeMaintenanceRebootDue: null,
  };
};

const image: ComputeModelBuilder = (found) => {
  const id = found.summary.identifier;
  const operatingSystem = detailString(found, 'operatingSystem') ?? 'Oracle Linux';
  const sizeInMBs = 47_694 + (textHash(id, 25) % 60_000);
  const windows = operatingSystem === 'Windows';
  return {
    ...commonFields(found),
    baseImageId: null,
    createImageAllowed: true,
    launchMode: windows ? 'NATIVE' : 'PARAVIRTUALIZED',
    launchOptions: launchOptions(windows),
    operatingSystem,
    operatingSystemVersion: detailString(found, 'operatingSystemVersion') ?? '9',
    agentFeatures: null,
    listingType: 'NONE',
    sizeInMBs,
    billableSizeInGBs: Math.ceil(sizeInMBs / 1024 / 3),
  };
};

/** Longest names first, so a shape is never taken for another whose name it contains. */
const SHAPES_BY_LENGTH = [...SHAPES].sort((a, b) => b.length - a.length);

/**
 * The launch template: the shape its name carries (`ic-<app>-<shape>-NNN`, else one by OCID), the image and
 * the subnet of the tenancy's references. Instance configurations have no lifecycle state in the API.
 */
const instanceConfiguration: ComputeModelBuilder = (found) => {
  const s = found.summary;
  const id = s.identifier;
  const name = s.displayName.toLowerCase();
  const shape = SHAPES_BY_LENGTH.find((candidate) => name.includes(candidate.toLowerCase())) ?? pickFor(id, 26, SHAPES);
  const imageId = refOf(found, 'imageId');
  const subnetId = refOf(found, 'subnetId');
  return {
    id,
    compartmentId: s.compartmentId,
    displayName: s.displayName,
    timeCreated: s.timeCreated,
    freeformTags: s.freeformTags,
    definedTags: s.definedTags,
    instanceDetails: {
      instanceType: 'compute',
      launchDetails: {
        compartmentId: s.compartmentId,
        shape,
        ...(isFlexShape(shape) ? { shapeConfig: shapeSize(shape, id) } : {}),
        sourceDetails: imageId === null ? null : { sourceType: 'image', imageId },
        createVnicDetails: { subnetId, assignPublicIp: chanceFor(id, 27, 30), assignPrivateDnsRecord: true },
        metadata: {},
        freeformTags: {},
        definedTags: {},
      },
      blockVolumes: [],
      secondaryVnics: [],
    },
    source: 'NONE',
    deferredFields: [],
  };
};

/** One placement (an AD of the region, by OCID) in the configuration's subnet; a terminated pool runs nothing. */
const instancePool: ComputeModelBuilder = (found, context) => {
  const id = found.summary.identifier;
  const subnetId = refOf(found, 'subnetId');
  const size = detailNumber(found, 'size') ?? 1;
  const ads = context.region.availabilityDomains;
  const availabilityDomain = ads[textHash(id, 28) % Math.max(1, ads.length)] ?? null;
  return {
    ...commonFields(found),
    instanceConfigurationId: refOf(found, 'instanceConfigurationId'),
    placementConfigurations: subnetId === null ? [] : [{
      availabilityDomain,
      primarySubnetId: subnetId,
      primaryVnicSubnets: { subnetId },
      faultDomains: [],
      secondaryVnicSubnets: [],
    }],
    size,
    currentSize: found.summary.lifecycleState === 'TERMINATED' ? 0 : size,
    loadBalancers: [],
    instanceDisplayNameFormatter: null,
    instanceHostnameFormatter: null,
  };
};

/** Builders by Search type. */
export const COMPUTE_MODELS: Readonly<Record<string, ComputeModelBuilder>> = {
  Instance: instance,
  Image: image,
  InstanceConfiguration: instanceConfiguration,
  InstancePool: instancePool,
};
