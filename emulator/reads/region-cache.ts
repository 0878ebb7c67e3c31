import type { ResourceSummary, Tenancy } from '../tenancy/index.ts';

/**
 * A value derived from one region's resources (an index by name, by VCN...), built on first use and
 * rebuilt after any mutation of the tenancy (its `generation` moved), so it is never stale.
 */
export class RegionCache<T> {
  readonly #tenancy: Tenancy;
  readonly #build: (region: string) => T;
  readonly #entries = new Map<string, { generation: number; value: T }>();

  constructor(tenancy: Tenancy, build: (region: string) => T) {
    this.#tenancy = tenancy;
    this.#build = build;
  }

  get(region: string): T {
    const generation = this.#tenancy.generation;
    const entry = this.#entries.get(region);
    if (entry !== undefined && entry.generation === generation) return entry.value;
    const value = this.#build(region);
    this.#entries.set(region, { generation, value });
    return value;
  }
}

/** Every resource of the given catalogue types in a region's Search order (patches applied, removed ones skipped). */
export function* scanTypes(tenancy: Tenancy, region: string, types: readonly number[], withDetails: boolean): Generator<ResourceSummary> {
  let from: number | null = 0;
  while (from !== null) {
    const page = tenancy.scan(region, { from, types, filter: null, limit: 1000, withDetails });
    yield* page.items;
    from = page.next;
  }
}
