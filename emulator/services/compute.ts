import type { GetRouteModule } from '../reads/get-routes.ts';
import { computeReadModule, type ComputeReadsApi } from './compute-reads.ts';

/** ComputeClient (`iaas`, 20160918): instances, images and the three kinds of attachments. */
export function computeService(reads: ComputeReadsApi): GetRouteModule {
  return computeReadModule(reads, {
    gets: {
      instances: { operation: 'GetInstance', searchType: 'Instance' },
      images: { operation: 'GetImage', searchType: 'Image' },
    },
    lists: {
      vnicAttachments: { operation: 'ListVnicAttachments', kind: 'vnic', attachedParameter: 'vnicId' },
      volumeAttachments: { operation: 'ListVolumeAttachments', kind: 'volume', attachedParameter: 'volumeId' },
      bootVolumeAttachments: { operation: 'ListBootVolumeAttachments', kind: 'bootVolume', attachedParameter: 'bootVolumeId' },
    },
  });
}

/** ComputeManagementClient (`iaas`, 20160918): instance pools and instance configurations. */
export function computeManagementService(reads: ComputeReadsApi): GetRouteModule {
  return computeReadModule(reads, {
    gets: {
      instancePools: { operation: 'GetInstancePool', searchType: 'InstancePool' },
      instanceConfigurations: { operation: 'GetInstanceConfiguration', searchType: 'InstanceConfiguration' },
    },
    lists: {},
  });
}
