import { columnIndex } from '../export/canonical-json.ts';
import type { ExportRow } from '../export/export-row.ts';
import { ENRICH_STATUSES, type EnrichStatus } from '../model/record.ts';

export type RunStatus = 'complete' | 'partial' | 'failed';

export interface RegionSummary {
  name: string;
  status: 'complete' | 'failed';
  resources: number;
  pages: number;
  api_calls: number;
  retries: number;
  throttled: number;
  duration_ms: number;
  error: string | null;
}

export interface RunSummary {
  runId: string;
  status: RunStatus;
  startedAt: string;
  finishedAt: string;
  query: string;
  toolVersion: string;
  tenancyId: string;
  total_discovered: number;
  enriched_ok: number;
  not_implemented: number;
  not_found: number;
  errors: number;
  counts_by_resource_type: Record<string, number>;
  counts_by_enrich_status: Record<EnrichStatus, number>;
  /** Per type: discovered, and how each record's enrichment ended. */
  coverage_by_resource_type: Record<string, TypeCoverage>;
  /** Types seen that have no enricher (their records are NOT_IMPLEMENTED). */
  types_without_enricher: string[];
  /** graph_nodes.jsonl / graph_edges.jsonl: nodes (records and external targets), edges, targets outside the inventory. */
  graph: { nodes: number; edges: number; external_targets: number } | null;
  compartments: number;
  regions: RegionSummary[];
  files: { name: string; bytes: number; sha256: string }[];
  /** The diff summary against the previous run (with `previous_run` in the serverless flow), or null. */
  diff: Record<string, number | string> | null;
  error: string | null;
}

export interface TypeCoverage {
  discovered: number;
  enriched_ok: number;
  not_found: number;
  errors: number;
  not_implemented: number;
}

const COVERAGE_FIELD: Record<EnrichStatus, keyof TypeCoverage> = {
  OK: 'enriched_ok',
  NOT_FOUND: 'not_found',
  ERROR: 'errors',
  NOT_IMPLEMENTED: 'not_implemented',
};

function byName<T>(entries: Iterable<[string, T]>): Record<string, T> {
  return Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

const STATUS_COLUMN = columnIndex('enrichStatus');

/** Counts records by type and enrich status as they stream past to the writers. */
export class CoverageCounter {
  readonly byType = new Map<string, number>();
  readonly coverage = new Map<string, TypeCoverage>();
  readonly byStatus: Record<EnrichStatus, number> = Object.fromEntries(ENRICH_STATUSES.map((s) => [s, 0])) as Record<EnrichStatus, number>;
  total = 0;

  /** Counts each row of the arrays (ExternalRecordSorter.sortedChunks()) and passes the arrays on as they are. */
  async *countChunks(chunks: AsyncIterable<readonly ExportRow[]>): AsyncGenerator<readonly ExportRow[]> {
    for await (const chunk of chunks) {
      for (const row of chunk) this.#countRow(row);
      yield chunk;
    }
  }

  #countRow(row: ExportRow): void {
    this.total += 1;
    this.byType.set(row.resourceType, (this.byType.get(row.resourceType) ?? 0) + 1);
    const status = row.column(STATUS_COLUMN) as EnrichStatus;
    this.byStatus[status] = (this.byStatus[status] ?? 0) + 1;
    let typeCoverage = this.coverage.get(row.resourceType);
    if (!typeCoverage) {
      typeCoverage = { discovered: 0, enriched_ok: 0, not_found: 0, errors: 0, not_implemented: 0 };
      this.coverage.set(row.resourceType, typeCoverage);
    }
    typeCoverage.discovered += 1;
    typeCoverage[COVERAGE_FIELD[status]] += 1;
  }

  /** Types sorted by name so the summary is stable. */
  typesSorted(): Record<string, number> {
    return byName(this.byType);
  }

  /** The coverage fields of run_summary.json. */
  summaryFields(): Pick<RunSummary, 'total_discovered' | 'enriched_ok' | 'not_implemented' | 'not_found' | 'errors' | 'counts_by_resource_type' | 'counts_by_enrich_status' | 'coverage_by_resource_type' | 'types_without_enricher'> {
    return {
      total_discovered: this.total,
      enriched_ok: this.byStatus.OK,
      not_implemented: this.byStatus.NOT_IMPLEMENTED,
      not_found: this.byStatus.NOT_FOUND,
      errors: this.byStatus.ERROR,
      counts_by_resource_type: this.typesSorted(),
      counts_by_enrich_status: { ...this.byStatus },
      coverage_by_resource_type: byName(this.coverage),
      types_without_enricher: [...this.coverage].filter(([, c]) => c.not_implemented > 0).map(([type]) => type).sort(),
    };
  }
}
