import { typeIndex } from '../../tenancy/catalogue.ts';
import type { Tenancy } from '../../tenancy/index.ts';
import { textHash } from '../derive.ts';
import { RegionCache } from '../region-cache.ts';

/**
 * Deterministic picks among a region's resources of one type, for relationships the tenancy catalogue does
 * not hold (a flow log's subnet, a stream pool's key, an API route's function). The region's OCIDs of the
 * type are listed once (rebuilt after a mutation), so a pick is one hash and an index: a picked target is
 * always a resource Search lists in the same region.
 */
export class RegionPicks {
  readonly #tenancy: Tenancy;
  readonly #byType = new Map<string, RegionCache<readonly string[]>>();

  constructor(tenancy: Tenancy) {
    this.#tenancy = tenancy;
  }

  /** The region's `searchType` OCIDs in Search order. */
  ids(region: string, searchType: string): readonly string[] {
    let cache = this.#byType.get(searchType);
    if (cache === undefined) {
      const type = typeIndex(searchType);
      cache = new RegionCache(this.#tenancy, (name) => {
        const ids: string[] = [];
        // Reads only the identifier (no summary is built): the whole region in one pass.
        this.#tenancy.scan(name, {
          from: 0,
          types: [type],
          limit: 1,
          withDetails: false,
          filter: (fields) => {
            ids.push(fields.identifier);
            return false;
          },
        });
        return ids;
      });
      this.#byType.set(searchType, cache);
    }
    return cache.get(region);
  }

  /** One of the region's `searchType` OCIDs chosen by `key` and `salt`, or null when the region has none. */
  pick(region: string, searchType: string, key: string, salt: number): string | null {
    const ids = this.ids(region, searchType);
    return ids.length === 0 ? null : ids[textHash(key, salt) % ids.length]!;
  }
}
