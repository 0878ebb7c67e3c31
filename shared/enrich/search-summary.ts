import type { JsonObject, JsonValue } from '../model/record.ts';
import type { ResourceSummary } from '../discovery/search-pages.ts';

/** A JSON-safe copy: Dates as ISO strings, undefined members dropped, so the record canonicalises. */
export function toJsonValue(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (typeof value === 'object') {
    const out: JsonObject = {};
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
      if (inner !== undefined) out[key] = toJsonValue(inner);
    }
    return out;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  if (typeof value === 'bigint') return value.toString();
  return value as JsonValue;
}

/** The raw Search summary as kept under `details.searchSummary`. */
export function searchSummaryDetails(summary: ResourceSummary): JsonObject {
  return { searchSummary: toJsonValue(summary) };
}
