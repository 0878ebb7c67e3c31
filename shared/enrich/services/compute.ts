/** Compute (oci-core ComputeClient and ComputeManagementClient, host `iaas`): one declaration per Search type. */
import { ComputeClient, ComputeManagementClient } from 'oci-core';
import { declare, type Model, type ServiceClient } from '../declaration.ts';

const compute: ServiceClient<ComputeClient> = { ctor: ComputeClient, hostPrefix: 'iaas' };
const computeManagement: ServiceClient<ComputeManagementClient> = { ctor: ComputeManagementClient, hostPrefix: 'iaas' };
const noLists = {};
const PAGE_LIMIT = 1000;

/** Every page of a list call (`opc-next-page` passed back as `page`). */
async function allPages<T>(list: (page: string | undefined) => Promise<{ items: T[]; opcNextPage?: string | undefined }>): Promise<T[]> {
  const items: T[] = [];
  let page: string | undefined;
  do {
    const response = await list(page);
    items.push(...response.items);
    page = response.opcNextPage;
  } while (page);
  return items;
}

/**
 * An instance's attachments of one kind, kept when they are in place: DETACHED ones are history (a VNIC or
 * volume that was attached once). Each keeps a few fields, ordered by attachment id. Attachments live in the
 * instance's compartment, so listing there by instanceId finds them all.
 */
function inPlace(items: readonly object[], fields: readonly string[]): Model[] {
  return items
    .map((item) => item as Record<string, unknown>)
    .filter((item) => item['lifecycleState'] !== 'DETACHED')
    .map((item) => Object.fromEntries(fields.map((field) => [field, item[field] ?? null])))
    .sort((a, b) => (String(a['id']) < String(b['id']) ? -1 : String(a['id']) > String(b['id']) ? 1 : 0));
}

const VNIC_ATTACHMENT_FIELDS = ['id', 'vnicId', 'subnetId', 'nicIndex', 'vlanTag', 'lifecycleState'] as const;
const VOLUME_ATTACHMENT_FIELDS = ['id', 'volumeId', 'attachmentType', 'device', 'isReadOnly', 'isShareable', 'lifecycleState'] as const;
const BOOT_VOLUME_ATTACHMENT_FIELDS = ['id', 'bootVolumeId', 'lifecycleState'] as const;

function placement(model: Model): { compartmentId: string; instanceId: string } {
  return { compartmentId: String(model.compartmentId), instanceId: String(model.id) };
}

export const COMPUTE_DECLARATIONS = [
  declare({
    resourceType: 'Instance',
    service: compute,
    get: async (client, summary) => (await client.getInstance({ instanceId: summary.identifier })).instance as never,
    lists: {
      vnicAttachments: async (client, model) => inPlace(
        await allPages((page) => client.listVnicAttachments({ ...placement(model), limit: PAGE_LIMIT, ...(page ? { page } : {}) })),
        VNIC_ATTACHMENT_FIELDS,
      ),
      volumeAttachments: async (client, model) => inPlace(
        await allPages((page) => client.listVolumeAttachments({ ...placement(model), limit: PAGE_LIMIT, ...(page ? { page } : {}) })),
        VOLUME_ATTACHMENT_FIELDS,
      ),
      bootVolumeAttachments: async (client, model) => inPlace(
        await allPages((page) => client.listBootVolumeAttachments({
          ...placement(model),
          availabilityDomain: String(model.availabilityDomain),
          limit: PAGE_LIMIT,
          ...(page ? { page } : {}),
        })),
        BOOT_VOLUME_ATTACHMENT_FIELDS,
      ),
    },
    details: [
      'shape', 'shapeConfig', 'faultDomain', 'availabilityDomain', 'region', 'imageId', 'sourceDetails', 'launchMode',
      'dedicatedVmHostId', 'capacityReservationId', 'instanceConfigurationId', 'timeMaintenanceRebootDue',
    ],
    relations: [
      ['uses_image', 'imageId'],
      ['uses_image', 'sourceDetails.imageId'],
      ['has_boot_volume', 'sourceDetails.bootVolumeId'],
      ['uses_instance_configuration', 'instanceConfigurationId'],
      ['has_vnic', 'vnicAttachments[].vnicId'],
      ['in_subnet', 'vnicAttachments[].subnetId'],
      ['has_volume', 'volumeAttachments[].volumeId'],
      ['has_boot_volume', 'bootVolumeAttachments[].bootVolumeId'],
    ],
  }),
  declare({
    resourceType: 'Image',
    service: compute,
    get: async (client, summary) => (await client.getImage({ imageId: summary.identifier })).image as never,
    lists: noLists,
    details: ['operatingSystem', 'operatingSystemVersion', 'sizeInMBs', 'billableSizeInGBs', 'launchMode', 'listingType', 'createImageAllowed', 'baseImageId'],
    relations: [['created_from', 'baseImageId']],
  }),
  declare({
    resourceType: 'InstanceConfiguration',
    service: computeManagement,
    get: async (client, summary) =>
      (await client.getInstanceConfiguration({ instanceConfigurationId: summary.identifier })).instanceConfiguration as never,
    lists: noLists,
    details: ['instanceDetails', 'source', 'deferredFields'],
    relations: [
      ['uses_image', 'instanceDetails.launchDetails.sourceDetails.imageId'],
      ['in_subnet', 'instanceDetails.launchDetails.createVnicDetails.subnetId'],
      ['in_subnet', 'instanceDetails.secondaryVnics[].createVnicDetails.subnetId'],
    ],
  }),
  declare({
    resourceType: 'InstancePool',
    service: computeManagement,
    get: async (client, summary) => (await client.getInstancePool({ instancePoolId: summary.identifier })).instancePool as never,
    lists: noLists,
    details: ['size', 'currentSize', 'instanceConfigurationId', 'placementConfigurations', 'loadBalancers'],
    relations: [
      ['uses_instance_configuration', 'instanceConfigurationId'],
      ['in_subnet', 'placementConfigurations[].primarySubnetId'],
      ['in_subnet', 'placementConfigurations[].primaryVnicSubnets.subnetId'],
      ['in_subnet', 'placementConfigurations[].secondaryVnicSubnets[].subnetId'],
    ],
  }),
];
