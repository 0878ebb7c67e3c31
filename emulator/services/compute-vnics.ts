import type { GetRouteModule } from '../reads/get-routes.ts';
import { computeReadModule, type ComputeReadsApi } from './compute-reads.ts';

/**
 * The VirtualNetworkClient GETs of instance addresses (`iaas`, 20160918): VNICs, private and public IPs. A
 * module of its own next to Networking's (virtual-network.ts); the server routes by operation.
 */
export function computeVnicsService(reads: ComputeReadsApi): GetRouteModule {
  return computeReadModule(reads, {
    gets: {
      vnics: { operation: 'GetVnic', searchType: 'Vnic' },
      privateIps: { operation: 'GetPrivateIp', searchType: 'PrivateIp' },
      publicIps: { operation: 'GetPublicIp', searchType: 'PublicIp' },
    },
    lists: {},
  });
}
