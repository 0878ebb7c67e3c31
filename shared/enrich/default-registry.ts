import type { EnricherRegistry } from './registry.ts';

/**
 * The registry a run uses, loaded on first use. The catalog pulls in every enricher's SDK package
 * (oci-core, oci-database, ...): a dynamic import keeps them out of the start-up of everything that
 * does not enrich (the coordinator and merge functions, the CLI's other commands), because the
 * function bundle initialises a dynamically imported module only when it is first asked for.
 */
export async function loadDefaultRegistry(): Promise<EnricherRegistry> {
  const { createDefaultRegistry } = await import('./catalog.ts');
  return createDefaultRegistry();
}
