import { runFolder } from '../bucket/run-layout.ts';
import type { ExportFormat } from '../export/write-exports.ts';

/**
 * Object names of one serverless run (relative to the bucket prefix):
 *   runs/<runId>/manifest.json                                 written once by the coordinator
 *   runs/<runId>/regions/<region>/<attempt>/inventory.<format> a region's sorted shards, per attempt
 *   runs/<runId>/regions/<region>/done.json                    the region's completion marker (last):
 *                                                              names the attempt's shards the merge reads
 *   runs/<runId>/merge.lock                                    taken by exactly one merge
 *   runs/<runId>/<artifact>                                    the merged run (run_summary.json last)
 */
export const runObjects = {
  manifest: (runId: string) => `${runFolder(runId)}manifest.json`,
  regionsFolder: (runId: string) => `${runFolder(runId)}regions/`,
  /**
   * One attempt's shard. Attempts (a duplicated or retried invocation of the same region) never share
   * shard names: the attempt that loses the marker's conditional create cannot overwrite the shards
   * the winning marker describes.
   */
  shard: (runId: string, region: string, attempt: string, format: ExportFormat) =>
    `${runFolder(runId)}regions/${region}/${attempt}/inventory.${format}`,
  marker: (runId: string, region: string) => `${runFolder(runId)}regions/${region}/done.json`,
  mergeLock: (runId: string) => `${runFolder(runId)}merge.lock`,
  artifact: (runId: string, file: string) => `${runFolder(runId)}${file}`,
};

export const CONTENT_TYPES: Record<string, string> = {
  jsonl: 'application/x-ndjson',
  csv: 'text/csv; charset=utf-8',
  parquet: 'application/vnd.apache.parquet',
  json: 'application/json',
};

export function contentTypeOf(fileName: string): string {
  return CONTENT_TYPES[fileName.slice(fileName.lastIndexOf('.') + 1)] ?? 'application/octet-stream';
}

/** What the coordinator records about a run before any region starts. */
export interface RunManifest {
  runId: string;
  createdAt: string;
  /** After this, a merge may finalize without the regions that have not finished. */
  deadline: string;
  tenancyId: string;
  homeRegion: string | null;
  /** Compartments of the tenancy (root included) when the run started; absent in manifests of older versions. */
  compartments?: number;
  regions: string[];
  query: string;
  workersEnrich: number;
  toolVersion: string;
}
