/**
 * Where a relationship's target ids sit in a resource model, as a small path language:
 * `vcnId`, `sourceDetails.id`, `securityListIds[]` (each element), `routeRules[].networkEntityId`.
 */
export type FieldPath = string;

const OCID = /^ocid1\.[a-z0-9-]+\.[a-z0-9-]*\.[a-z0-9-]*\.[a-z0-9]+$|^ocid1\.[a-z0-9-]+\.[a-z0-9-]*\.[a-z0-9-]*\.[a-z0-9-]*\.[a-z0-9]+$/;

export function isOcid(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith('ocid1.') && OCID.test(value);
}

/** Every value found at `path` in `source` (arrays flattened where the path says `[]`). */
export function valuesAt(source: unknown, path: FieldPath): unknown[] {
  let current: unknown[] = [source];
  for (const segment of path.split('.')) {
    const spread = segment.endsWith('[]');
    const key = spread ? segment.slice(0, -2) : segment;
    const next: unknown[] = [];
    for (const item of current) {
      if (item === null || typeof item !== 'object') continue;
      const value = (item as Record<string, unknown>)[key];
      if (spread) {
        if (Array.isArray(value)) next.push(...value);
      } else if (value !== undefined) {
        next.push(value);
      }
    }
    current = next;
  }
  return current;
}

/** The OCIDs at `path`: what becomes relationship targets (names, IPs and nulls are skipped). */
export function ocidsAt(source: unknown, path: FieldPath): string[] {
  return valuesAt(source, path).filter(isOcid);
}
