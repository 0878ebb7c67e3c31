import type { ScenarioDefinition } from '../support/figures.ts';

/** The scenarios of `npm run bench`, in the order they run. Each repeat runs in a fresh process. */
export const SCENARIOS: readonly ScenarioDefinition[] = [
  { name: 'api-bound', title: 'API-bound discovery and enrichment (latency + rate limits)', module: 'api-bound.ts', repeats: { quick: 1, full: 1 } },
  { name: 'export', title: 'Export throughput (normalize + JSONL + CSV + Parquet)', module: 'export-throughput.ts', repeats: { quick: 1, full: 3 } },
  { name: 'merge-diff', title: 'K-way merge of 8 shards, then diff against the previous run', module: 'merge-diff.ts', repeats: { quick: 1, full: 3 } },
  { name: 'region-function', title: 'Region function footprint (real bundle under the local Fn agent)', module: 'region-function.ts', repeats: { quick: 1, full: 1 } },
  { name: 'end-to-end', title: 'End to end: serverless flow vs CLI run', module: 'end-to-end.ts', repeats: { quick: 1, full: 1 } },
];
