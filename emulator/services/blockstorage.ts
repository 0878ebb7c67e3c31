import type { GetRouteModule } from '../reads/get-routes.ts';
import { computeReadModule, type ComputeReadsApi } from './compute-reads.ts';

/** BlockstorageClient (`iaas`, 20160918): boot and block volumes, their backups, volume groups. */
export function blockstorageService(reads: ComputeReadsApi): GetRouteModule {
  return computeReadModule(reads, {
    gets: {
      bootVolumes: { operation: 'GetBootVolume', searchType: 'BootVolume' },
      bootVolumeBackups: { operation: 'GetBootVolumeBackup', searchType: 'BootVolumeBackup' },
      volumes: { operation: 'GetVolume', searchType: 'Volume' },
      volumeBackups: { operation: 'GetVolumeBackup', searchType: 'VolumeBackup' },
      volumeGroups: { operation: 'GetVolumeGroup', searchType: 'VolumeGroup' },
    },
    lists: {},
  });
}
