import type { ServiceModule } from '../../server/service-module.ts';
import { blockstorageService } from '../../services/blockstorage.ts';
import { computeManagementService, computeService } from '../../services/compute.ts';
import { computeVnicsService } from '../../services/compute-vnics.ts';
import { ComputeReads } from '../compute/index.ts';
import type { TenancyReads } from '../index.ts';

/**
 * The emulator's read modules of this service group (see emulator/reads/groups/index.ts): compute, compute
 * management, block storage, and the VNIC and IP GETs of Networking, all on the `iaas` host over one
 * ComputeReads (its attachment and link indexes are built per region on first use).
 */
export function ComputeReadModules(reads: TenancyReads): ServiceModule[] {
  const compute = new ComputeReads(reads);
  return [computeService(compute), computeManagementService(compute), blockstorageService(compute), computeVnicsService(compute)];
}
