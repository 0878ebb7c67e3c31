import type { ResourceSummary } from '../discovery/search-pages.ts';
import type { EnrichmentResult } from '../enrich/enricher.ts';
import { toJsonValue } from '../enrich/search-summary.ts';
import type { InventoryRecord, JsonObject, Relationship } from '../model/record.ts';

function isoOrNull(value: unknown): string | null {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string' && value !== '') {
    const parsed = Date.parse(value);
    return Number.isNaN(parsed) ? value : new Date(parsed).toISOString();
  }
  return null;
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function objectOrNull(value: unknown): JsonObject | null {
  if (value === null || value === undefined || typeof value !== 'object' || Array.isArray(value)) return null;
  return toJsonValue(value) as JsonObject;
}

/** Relationships sorted by (relation, target), duplicates removed, so records compare by value. */
export function normalizeRelationships(relationships: readonly Relationship[]): Relationship[] {
  const unique = new Map<string, Relationship>();
  for (const { relation, target } of relationships) unique.set(`${relation}\u0000${target}`, { relation, target });
  return [...unique.values()].sort((a, b) =>
    a.relation !== b.relation ? (a.relation < b.relation ? -1 : 1) : a.target < b.target ? -1 : a.target > b.target ? 1 : 0,
  );
}

/**
 * The canonical record of one Search hit, in the region it was found, with its enrichment. Its keys are
 * in canonical (sorted) order, as the JSONL line lists them: the export then writes the line with one
 * JSON.stringify (canonicalLineIfReady) instead of serialising field by field.
 */
export function recordFromSummary(
  summary: ResourceSummary,
  region: string,
  enrichment: EnrichmentResult,
  collectedAt: Date,
): InventoryRecord {
  return {
    availabilityDomain: stringOrNull(summary.availabilityDomain),
    collectedAt: collectedAt.toISOString(),
    compartmentId: stringOrNull(summary.compartmentId),
    definedTags: objectOrNull(summary.definedTags),
    details: enrichment.details,
    displayName: stringOrNull(summary.displayName),
    enrichError: enrichment.error,
    enrichStatus: enrichment.status,
    freeformTags: objectOrNull(summary.freeformTags) as Record<string, string> | null,
    lifecycleState: stringOrNull(summary.lifecycleState),
    ocid: String(summary.identifier),
    region,
    relationships: normalizeRelationships(enrichment.relationships),
    resourceType: String(summary.resourceType),
    timeCreated: isoOrNull(summary.timeCreated),
  };
}
