import { ContainerEngineService } from '../../services/container-engine.ts';
import { FileStorageService } from '../../services/file-storage.ts';
import { FunctionsManagementService } from '../../services/functions-management.ts';
import { LoadBalancerService } from '../../services/load-balancer.ts';
import { NetworkLoadBalancerService } from '../../services/network-load-balancer.ts';
import type { ServiceModule } from '../../server/service-module.ts';
import type { TenancyReads } from '../index.ts';
import { NetworkServicesReads } from '../network-services/index.ts';

/**
 * The emulator's read modules of this service group (see emulator/reads/groups/index.ts): load balancing
 * (on the `iaas` host, next to networking), network load balancing, file storage, functions management
 * (on the `functions` host, next to invoke) and container engine. One NetworkServicesReads serves them all.
 */
export function NetworkServicesReadModules(reads: TenancyReads): ServiceModule[] {
  const serviceReads = new NetworkServicesReads(reads.reader);
  return [
    new LoadBalancerService(serviceReads),
    new NetworkLoadBalancerService(serviceReads),
    new FileStorageService(serviceReads),
    new FunctionsManagementService(serviceReads),
    new ContainerEngineService(serviceReads),
  ];
}
