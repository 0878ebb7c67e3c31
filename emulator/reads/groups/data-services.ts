import type { ServiceModule } from '../../server/service-module.ts';
import type { TenancyReads } from '../index.ts';

/** The emulator's read modules of this service group (see emulator/reads/groups/index.ts). */
export function DataServicesReadModules(_reads: TenancyReads): ServiceModule[] {
  return [];
}
