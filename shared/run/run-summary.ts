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
  compartments: number;
  regions: RegionSummary[];
  files: { name: string; bytes: number; sha256: string }[];
  /** The diff summary against the previous run (with `previous_run` in the serverless flow), or null. */
  diff: Record<string, number | string> | null;
  error: string | null;
}

/** Counts records by type and enrich status as they stream past to the writers. */
export class CoverageCounter {
  readonly byType = new Map<string, number>();
  readonly byStatus: Record<EnrichStatus, number> = Object.fromEntries(ENRICH_STATUSES.map((s) => [s, 0])) as Record<EnrichStatus, number>;
  total = 0;

  async *count(rows: AsyncIterable<ExportRow>): AsyncGenerator<ExportRow> {
    const statusColumn = columnIndex('enrichStatus');
    for await (const row of rows) {
      this.total += 1;
      this.byType.set(row.resourceType, (this.byType.get(row.resourceType) ?? 0) + 1);
      const status = row.columns[statusColumn] as EnrichStatus;
      this.byStatus[status] = (this.byStatus[status] ?? 0) + 1;
      yield row;
    }
  }

  /** Types sorted by name so the summary is stable. */
  typesSorted(): Record<string, number> {
    return Object.fromEntries([...this.byType].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }
}
