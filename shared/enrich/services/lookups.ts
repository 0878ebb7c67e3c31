import type { ResourceSummary } from '../../discovery/search-pages.ts';
import type { OciClientFactory } from '../../oci/client-factory.ts';

/**
 * What data-services GETs need besides the Search hit (a Key's vault, a Log's group), looked up once per
 * run: results are cached per client factory (one per run), a failed lookup is forgotten so the next
 * record retries it.
 */
const caches = new WeakMap<OciClientFactory, Map<string, Promise<unknown>>>();

export function cachedLookup<T>(factory: OciClientFactory, key: string, lookUp: () => Promise<T>): Promise<T> {
  let byKey = caches.get(factory);
  if (!byKey) caches.set(factory, (byKey = new Map()));
  let pending = byKey.get(key) as Promise<T> | undefined;
  if (!pending) {
    const created = lookUp();
    created.catch(() => {
      if (byKey.get(key) === created) byKey.delete(key);
    });
    byKey.set(key, created);
    pending = created;
  }
  return pending;
}

/** A string of the Search hit's additionalDetails (filled only with `return allAdditionalFields`). */
export function searchDetail(summary: ResourceSummary, name: string): string | undefined {
  const value = (summary.additionalDetails as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * A lookup found nothing: the resource is in none of the places its GET needs (a key whose vault no Search
 * lists, a log in no log group). Shaped like an OCI 404 so the record ends NOT_FOUND with this reason.
 */
export class LookupNotFound extends Error {
  readonly statusCode = 404;
  readonly serviceCode = 'NotAuthorizedOrNotFound';

  constructor(message: string) {
    super(message);
    this.name = 'LookupNotFound';
  }
}
