import type { ServiceModule } from '../../server/service-module.ts';
import type { TenancyReads } from '../index.ts';
import { ComputeReadModules } from './compute.ts';
import { DataServicesReadModules } from './data-services.ts';
import { NetworkServicesReadModules } from './network-services.ts';

/**
 * The GET endpoints of the enrichers' services, one file per service group. Modules that share a
 * host (e.g. `iaas`) are composed by the server setup (composeByHost).
 */
export function groupReadModules(reads: TenancyReads): ServiceModule[] {
  return [...ComputeReadModules(reads), ...NetworkServicesReadModules(reads), ...DataServicesReadModules(reads)];
}
