import { searchPage } from '../emulator/search/search-page.ts';
import { createTenancy, type Tenancy } from '../emulator/tenancy/tenancy.ts';
import type { MutationReport } from '../emulator/tenancy/mutations.ts';
import type { ResourceSummary } from '../emulator/tenancy/types.ts';

/** A fresh small tenancy (cheap: creation takes milliseconds), so tests that mutate do not share state. */
export function smallTenancy(seed = 'fixture-seed'): Tenancy {
  return createTenancy({ size: 'small', seed });
}

/** Every page of a query in a region; fails loudly on an empty page or a runaway loop. */
export function searchAll(tenancy: Tenancy, region: string, query: string, limit = 1000): { items: ResourceSummary[]; pages: number } {
  const items: ResourceSummary[] = [];
  let page: string | undefined;
  let pages = 0;
  do {
    const result = searchPage(tenancy, region, query, { limit, page });
    pages++;
    if (result.items.length === 0 && pages > 1) throw new Error(`empty page ${pages} for ${query}`);
    if (pages > 100_000) throw new Error('pagination does not end');
    items.push(...result.items);
    page = result.nextPage;
  } while (page !== undefined);
  return { items, pages };
}

/** Everything Search shows in every region, keyed by OCID (global resources once; they are identical). */
export function snapshot(tenancy: Tenancy): Map<string, ResourceSummary> {
  const all = new Map<string, ResourceSummary>();
  for (const region of tenancy.regions) {
    for (const item of searchAll(tenancy, region.name, 'query all resources').items) all.set(item.identifier, item);
  }
  return all;
}

const DIFFED_FIELDS = ['compartmentId', 'definedTags', 'displayName', 'freeformTags', 'lifecycleState'] as const;

/** A plain diff of two snapshots, in the shape of a MutationReport (what an inventory diff would see). */
export function diffSnapshots(before: Map<string, ResourceSummary>, after: Map<string, ResourceSummary>): MutationReport {
  const report: MutationReport = { added: [], removed: [], modified: [] };
  for (const [ocid, summary] of after) {
    const old = before.get(ocid);
    if (old === undefined) {
      report.added.push(ocid);
      continue;
    }
    const fields = DIFFED_FIELDS.filter((f) => JSON.stringify(sortKeys(old[f])) !== JSON.stringify(sortKeys(summary[f])));
    if (fields.length > 0) report.modified.push({ ocid, fields: [...fields] });
  }
  for (const ocid of before.keys()) if (!after.has(ocid)) report.removed.push(ocid);
  report.added.sort();
  report.removed.sort();
  report.modified.sort((a, b) => (a.ocid < b.ocid ? -1 : 1));
  return report;
}

function sortKeys(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, sortKeys(v)]));
}
