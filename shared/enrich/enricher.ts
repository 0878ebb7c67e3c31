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
  /**
   * The service endpoint (host prefix, e.g. "iaas") its calls mostly go to. Enrichment is queued per
   * (region, service) so a slow or throttled service never holds up the others. Absent: no calls.
   */
  readonly service?: string;
  enrich(summary: ResourceSummary, context: EnrichmentContext): Promise<EnrichmentResult>;
}
