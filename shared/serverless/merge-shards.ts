/**
 * The merge function's core without Object Storage: region shards on disk in, the run's merged exports out.
 *
 * Each shard is a region's inventory.jsonl (canonical JSONL sorted by compareRecordKeys, as region-worker.ts
 * writes it). The shards are merged with a binary heap over each shard's current array of rows
 * (k-way-merge.ts), so memory does not grow with the inventory; records several regions returned (global
 * IAM types: every region's Search returns them) collapse into one, the home region's copy (preferRegion).
 * The merged stream is counted for run_summary.json and written once to inventory.jsonl, .csv, .parquet
 * and the graph files.
 */
import { collapseDuplicateKeyChunks } from '../export/duplicate-keys.ts';
import { ExportRow } from '../export/export-row.ts';
import { mergeSortedChunks } from '../export/k-way-merge.ts';
import { EXPORT_FORMATS, writeExports, type ExportResult } from '../export/write-exports.ts';
import { RecordSerializationError } from '../errors.ts';
import { readLineRanges } from '../io/line-reader.ts';
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
  // Arrays of rows from end to end: one asynchronous step per array, not per row, in every stage.
  const merged = collapseDuplicateKeyChunks(mergeSortedChunks(shardPaths.map(rowChunksOfShard), compareRecordKeys), preferRegion(homeRegion));
  const exported = await writeExports(coverage.countChunks(merged), {
    dir: outDir,
    formats: EXPORT_FORMATS,
    graph: { tmpDir, maxItemsInMemory: GRAPH_EDGES_IN_MEMORY },
  });
  return { exported, coverage };
}

/*
 * Memory (measured at 1M records, 8 shards): what V8 promotes to its old space is what piles up as garbage
 * there and, for rows, as their Buffers outside the heap until the next full collection: the merge's peak
 * RSS follows it. Rows and edge targets held long enough to survive two scavenges are promoted, so:
 */

/**
 * Rows per array read from a shard. An array lives until the merge has taken its last row, i.e. for about
 * this many rows of every shard: 16-64 promoted ~180 MB over the merge, 256 between 210 and 400 MB (V8
 * switches to promoting whole scavenges when most of the young generation survives), 1024 ~350 MB. One row
 * at a time (no arrays) promoted ~200 MB and cost more CPU (an asynchronous step per row in every stage).
 */
const SHARD_CHUNK_ROWS = 32;

/**
 * Edge targets the graph buffers before spilling a sorted run (its default is 100_000, two batches held).
 * A batch lives until it is spilled: at 100_000 promotion and peak RSS swung by 60-100 MB between runs; at
 * 20_000 they were steady (and lower). The extra runs cost little (one more merge pass over part of them).
 */
const GRAPH_EDGES_IN_MEMORY = 20_000;

/**
 * The rows of one shard, in arrays. A shard line is already canonical (the region function wrote it with
 * writeExports), so it is taken as it is, checked but not re-serialised (ExportRow.fromCanonicalLines):
 * parsing and canonicalising a million records again was most of the merge's time. Lines go from the
 * read buffer straight into their rows: no string per line (decoding a million lines to strings first
 * was ~2 GB of garbage, a third of the merge's collections, and ~5 s of its CPU).
 */
async function* rowChunksOfShard(path: string): AsyncGenerator<ExportRow[]> {
  for await (const { buffer, starts, ends, firstLineNumber } of readLineRanges(path)) {
    for (let from = 0; from < starts.length; from += SHARD_CHUNK_ROWS) {
      let rows: ExportRow[];
      try {
        rows = ExportRow.fromCanonicalLines(buffer, starts, ends, from, Math.min(from + SHARD_CHUNK_ROWS, starts.length), firstLineNumber);
      } catch (error) {
        if (error instanceof RecordSerializationError) throw new RecordSerializationError(`Shard ${path}: ${error.message}`, { context: { ...error.context, file: path }, cause: error });
        throw error;
      }
      if (rows.length > 0) yield rows;
    }
  }
}
