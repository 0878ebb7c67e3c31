import type { JsonObject, JsonValue } from '../model/record.ts';
import type { ResourceSummary } from '../discovery/search-pages.ts';

/**
 * A JSON-safe copy: Dates as ISO strings, undefined members dropped, and every object's keys in sorted
 * order (UTF-16 code units, RFC 8785's order). Records are built from these copies, so their objects are
 * born in canonical order and the export canonicalises them with one order check and JSON.stringify
 * (shared/json/canonical-json.ts) instead of copying each object into order a second time. (V8 still lists
 * integer-like keys such as "10" first; the export notices and sorts those itself.)
 */
export function toJsonValue(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (typeof value === 'object') {
    const source = value as Record<string, unknown>;
    const keys = Object.keys(source);
    if (!inSortedOrder(keys)) keys.sort();
    const out: JsonObject = {};
    for (const key of keys) {
      const inner = source[key];
      if (inner !== undefined) setMember(out, key, toJsonValue(inner));
    }
    return out;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  if (typeof value === 'bigint') return value.toString();
  return value as JsonValue;
}

/** An object with the given members, keys in sorted order (see toJsonValue). */
export function objectInKeyOrder(members: Iterable<readonly [string, JsonValue]>): JsonObject {
  const entries = [...members];
  if (!inSortedOrder(entries.map(([key]) => key))) entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const out: JsonObject = {};
  for (const [key, member] of entries) setMember(out, key, member);
  return out;
}

function inSortedOrder(keys: readonly string[]): boolean {
  for (let index = 1; index < keys.length; index++) {
    if (!((keys[index - 1] as string) < (keys[index] as string))) return false;
  }
  return true;
}

/** `out[key] = member`, except that a data key named "__proto__" stays data instead of setting the prototype. */
function setMember(out: JsonObject, key: string, member: JsonValue): void {
  if (key === '__proto__') Object.defineProperty(out, key, { value: member, enumerable: true, writable: true, configurable: true });
  else out[key] = member;
}

/** The raw Search summary as kept under `details.searchSummary`. */
export function searchSummaryDetails(summary: ResourceSummary): JsonObject {
  return { searchSummary: toJsonValue(summary) };
}
