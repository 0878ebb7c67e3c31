import type { ResourceSummary } from '../discovery/search-pages.ts';
import type { Enricher, EnrichmentContext, EnrichmentResult } from './enricher.ts';
import { searchSummaryDetails } from './search-summary.ts';

/** For types without an enricher: the record keeps its Search summary and says so. Never throws. */
export const notImplementedEnricher: Enricher = {
  async enrich(summary) {
    return { status: 'NOT_IMPLEMENTED', details: searchSummaryDetails(summary), relationships: [], error: null };
  },
};

const MAX_ERROR_LENGTH = 300;

/**
 * Enrichers keyed by Search `resourceType`, compared case-insensitively (Search accepts any case,
 * returns PascalCase). `enrich` never throws: an enricher failure becomes `ERROR` with a short
 * reason, and the record is kept.
 */
export class EnricherRegistry {
  readonly #byType: ReadonlyMap<string, Enricher>;
  readonly #fallback: Enricher;

  constructor(enrichers: Readonly<Record<string, Enricher>> = {}, fallback: Enricher = notImplementedEnricher) {
    this.#byType = new Map(Object.entries(enrichers).map(([type, enricher]) => [type.toLowerCase(), enricher]));
    this.#fallback = fallback;
  }

  has(resourceType: string): boolean {
    return this.#byType.has(resourceType.toLowerCase());
  }

  /** The service whose calls enrich this type (see Enricher.service); null when enriching it calls nothing. */
  serviceOf(resourceType: string): string | null {
    return (this.#byType.get(resourceType.toLowerCase()) ?? this.#fallback).service ?? null;
  }

  async enrich(summary: ResourceSummary, context: EnrichmentContext): Promise<EnrichmentResult> {
    const enricher = this.#byType.get(String(summary.resourceType).toLowerCase()) ?? this.#fallback;
    try {
      return await enricher.enrich(summary, context);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return {
        status: 'ERROR',
        details: searchSummaryDetails(summary),
        relationships: [],
        error: (reason.split('\n')[0] ?? 'enrichment failed').slice(0, MAX_ERROR_LENGTH),
      };
    }
  }
}
