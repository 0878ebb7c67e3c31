import type { RequestContext, ServiceModule } from './service-module.ts';

/**
 * Several APIs share one OCI host (`iaas` serves networking, compute, block storage and load
 * balancing; `functions` serves invoke and management): the server routes by host prefix, so the
 * modules of one host are composed here, each asked in turn for the operation of a request.
 */
export class CompositeService implements ServiceModule {
  readonly #modules: readonly ServiceModule[];
  readonly #owner = new Map<string, ServiceModule>();

  constructor(
    readonly service: string,
    modules: readonly ServiceModule[],
  ) {
    this.#modules = modules;
  }

  operationOf(method: string, path: string, query: URLSearchParams): string | undefined {
    for (const module of this.#modules) {
      const operation = module.operationOf(method, path, query);
      if (operation !== undefined) {
        this.#owner.set(operation, module);
        return operation;
      }
    }
    return undefined;
  }

  handle(context: RequestContext, operation: string): Promise<void> {
    const module = this.#owner.get(operation);
    if (!module) throw new Error(`No module of ${this.service} serves ${operation}`);
    return module.handle(context, operation);
  }
}

/** Groups modules by host prefix; a host with one module keeps it as is. */
export function composeByHost(modules: readonly ServiceModule[]): ServiceModule[] {
  const byHost = new Map<string, ServiceModule[]>();
  for (const module of modules) byHost.set(module.service, [...(byHost.get(module.service) ?? []), module]);
  return [...byHost].map(([host, group]) => (group.length === 1 ? group[0]! : new CompositeService(host, group)));
}
