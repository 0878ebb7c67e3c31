import type { EnrichStatus, JsonObject, Relationship } from '../model/record.ts';
import type { ResourceSummary } from '../discovery/search-pages.ts';
import type { OciClientFactory } from '../oci/client-factory.ts';

/** What enrichment adds to a record. */
export interface EnrichmentResult {
  status: EnrichStatus;
  details: JsonObject | null;
  relationships: Relationship[];
  /** A short reason when status is ERROR (or NOT_FOUND); never a secret. */
  error: string | null;
}

export interface EnrichmentContext {
  region: string;
  tenancyId: string;
  factory: OciClientFactory;
}

/** Fetches details and relationships for one resource type (or a family of them). */
export interface Enricher {
  enrich(summary: ResourceSummary, context: EnrichmentContext): Promise<EnrichmentResult>;
}
