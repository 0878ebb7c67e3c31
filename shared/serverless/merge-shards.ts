/**
 * The merge function's core without Object Storage: region shards on disk in, the run's merged exports out.
 *
 * Each shard is a region's inventory.jsonl (canonical JSONL sorted by compareRecordKeys, as region-worker.ts
 * writes it). The shards are merged with a binary heap holding one row per shard (k-way-merge.ts), so memory
 * does not grow with the inventory; records several regions returned (global IAM types: every region's
 * Search returns them) collapse into one, the home region's copy (preferRegion). The merged stream is
 * counted for run_summary.json and written once to inventory.jsonl, .csv, .parquet and the graph files.
 */
import { collapseDuplicateKeys } from '../export/duplicate-keys.ts';
import { ExportRow } from '../export/export-row.ts';
import { mergeSorted } from '../export/k-way-merge.ts';
import { EXPORT_FORMATS, writeExports, type ExportResult } from '../export/write-exports.ts';
import { readLines } from '../io/line-reader.ts';
import { compareRecordKeys } from '../model/record.ts';
import { preferRegion } from '../run/collect-regions.ts';
import { CoverageCounter } from '../run/run-summary.ts';

export interface MergeShardFilesOptions {
  /** Local paths of the shards (inventory.jsonl of each region), in the run's region order. */
  shardPaths: readonly string[];
  /** Folder for the merged files; must exist. */
  outDir: string;
  /** Scratch folder for the graph's external sort. */
  tmpDir: string;
  /** The tenancy's home region: its copy of a record several regions returned is the one kept. */
  homeRegion: string | null;
}

export interface MergedShards {
  exported: ExportResult;
  /** Counts by type and enrichment status of the merged records (run_summary.json's coverage fields). */
  coverage: CoverageCounter;
}

/** Merges the shards into outDir (inventory.jsonl/.csv/.parquet, graph_nodes/edges.jsonl); files appear only when all are complete. */
export async function mergeShardFiles(options: MergeShardFilesOptions): Promise<MergedShards> {
  const { shardPaths, outDir, tmpDir, homeRegion } = options;
  const coverage = new CoverageCounter();
  const merged = collapseDuplicateKeys(mergeSorted(shardPaths.map(rowsOfShard), compareRecordKeys), preferRegion(homeRegion));
  const exported = await writeExports(coverage.count(merged), { dir: outDir, formats: EXPORT_FORMATS, graph: { tmpDir } });
  return { exported, coverage };
}

/**
 * The rows of one shard. A shard line is already canonical (the region function wrote it with writeExports),
 * so it is taken as it is: parsing and canonicalising a million records again was most of the merge's time.
 */
async function* rowsOfShard(path: string): AsyncGenerator<ExportRow> {
  for await (const line of readLines(path)) {
    if (line !== '') yield ExportRow.fromCanonicalLine(line);
  }
}
