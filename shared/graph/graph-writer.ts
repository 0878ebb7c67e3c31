/**
 * The graph artifacts beside an inventory, written and published on their own:
 *
 *   const graph = new GraphWriter({ dir, tmpDir });
 *   for await (const row of sorter.sorted()) await graph.add(row);
 *   const { nodes, edges, externalTargets, files } = await graph.finish();
 *
 * Both files are written to temporary names in `dir` (io/atomic-file.ts) and appear under their final names
 * (graph_nodes.jsonl, graph_edges.jsonl) only when both are complete. Any failure in `add` or `finish`
 * aborts: temporary files are removed, nothing is published, and the error is rethrown. `abort()` does the
 * same on the caller's behalf. To publish the graph together with the inventory files, write-exports.ts
 * uses `openGraphExport` and seals and publishes the two AtomicFiles with its own.
 */
import { join } from 'node:path';
import { UsageError } from '../errors.ts';
import { ExportRow } from '../export/export-row.ts';
import { AtomicFile } from '../io/atomic-file.ts';
import type { InventoryRecord } from '../model/record.ts';
import { GraphBuilder, type GraphCounts } from './graph-builder.ts';
import { GRAPH_FILE_NAMES } from './graph-lines.ts';

export interface GraphExportOptions {
  /** Destination folder of graph_nodes.jsonl and graph_edges.jsonl; must exist. Required. */
  dir: string;
  /** Folder for temporary sort files; a private sub-folder is created there. Required. */
  tmpDir: string;
  /** Edge targets buffered before a sorted run is spilled. Default 100_000 (graph-builder.ts). */
  maxItemsInMemory?: number;
  /** Most sorted runs read at once. Default 64. */
  maxRunsPerMerge?: number;
}

export type GraphWriterOptions = GraphExportOptions;

export interface GraphFile {
  /** File name, graph_nodes.jsonl or graph_edges.jsonl. */
  name: string;
  path: string;
  bytes: number;
  /** Lowercase hex SHA-256 of the file. */
  sha256: string;
}

export interface GraphResult extends GraphCounts {
  /** The nodes file first, then the edges file. */
  files: GraphFile[];
}

/** An open graph export: feed `writer`, then seal and publish `files` (nodes first, then edges). */
export interface GraphExport {
  writer: GraphBuilder;
  files: [nodes: AtomicFile, edges: AtomicFile];
}

const KNOWN_OPTIONS: ReadonlySet<string> = new Set(['dir', 'tmpDir', 'maxItemsInMemory', 'maxRunsPerMerge']);

/**
 * Creates the two AtomicFiles in `dir` and a GraphBuilder writing into them. On success the caller owns
 * all three: `writer.end()` then `seal()`/`publish()` each file, or on failure `writer.abort()` and each
 * file's `abort()`.
 */
export async function openGraphExport(options: GraphExportOptions): Promise<GraphExport> {
  const { dir, tmpDir, maxItemsInMemory, maxRunsPerMerge } = validateOptions(options);
  const files: AtomicFile[] = [];
  try {
    files.push(await AtomicFile.create(join(dir, GRAPH_FILE_NAMES.nodes), { hashOnThread: true }));
    files.push(await AtomicFile.create(join(dir, GRAPH_FILE_NAMES.edges), { hashOnThread: true }));
    const [nodes, edges] = files as [AtomicFile, AtomicFile];
    const writer = await GraphBuilder.open({
      nodes,
      edges,
      tmpDir,
      ...(maxItemsInMemory === undefined ? {} : { maxItemsInMemory }),
      ...(maxRunsPerMerge === undefined ? {} : { maxRunsPerMerge }),
    });
    return { writer, files: [nodes, edges] };
  } catch (error) {
    await Promise.all(files.map((file) => file.abort()));
    throw error;
  }
}

type State = 'open' | 'finishing' | 'finished' | 'aborted';

export class GraphWriter {
  readonly #options: GraphWriterOptions;
  #opening: Promise<GraphExport> | undefined;
  #state: State = 'open';
  #failure: unknown;

  /** Validates the options (UsageError naming an unknown or wrong key); files are created on first use. */
  constructor(options: GraphWriterOptions) {
    validateOptions(options);
    this.#options = options;
  }

  /** Adds the next record, in compareRecordKeys order with unique keys (RecordOrderError otherwise). */
  async add(row: ExportRow | InventoryRecord): Promise<void> {
    this.#expectOpen('add');
    try {
      const { writer } = await this.#open();
      this.#expectOpen('add');
      const wait = writer.write(row instanceof ExportRow ? row : ExportRow.fromRecord(row));
      if (wait !== undefined) await wait;
    } catch (error) {
      await this.#abortAfter(error);
      throw error;
    }
  }

  /** Writes both files, then publishes them together. Call once, after the last add has resolved. */
  async finish(): Promise<GraphResult> {
    this.#expectOpen('finish');
    this.#state = 'finishing';
    try {
      const { writer, files } = await this.#open();
      await writer.end();
      const counts = writer.counts;
      const sealed = [];
      for (const file of files) sealed.push(await file.seal());
      for (const file of files) await file.publish();
      this.#state = 'finished';
      const names = [GRAPH_FILE_NAMES.nodes, GRAPH_FILE_NAMES.edges];
      return { ...counts, files: sealed.map((file, index) => ({ name: names[index] as string, path: file.path, bytes: file.bytes, sha256: file.sha256 })) };
    } catch (error) {
      await this.#abortAfter(error);
      throw error;
    }
  }

  /** Removes every temporary file; nothing is published. Idempotent; never throws; no-op once finished. */
  async abort(): Promise<void> {
    if (this.#state === 'finished' || this.#state === 'aborted') return;
    this.#state = 'aborted';
    const opened = await this.#opening?.catch(() => undefined);
    if (opened === undefined) return;
    await opened.writer.abort();
    await Promise.all(opened.files.map((file) => file.abort()));
  }

  #open(): Promise<GraphExport> {
    this.#opening ??= openGraphExport(this.#options);
    return this.#opening;
  }

  async #abortAfter(error: unknown): Promise<void> {
    this.#failure ??= error;
    await this.abort();
  }

  #expectOpen(action: string): void {
    if (this.#state === 'open') return;
    if (this.#failure !== undefined) throw this.#failure;
    throw new Error(`GraphWriter: cannot ${action}, the graph is ${this.#state}.`);
  }
}

function validateOptions(options: GraphExportOptions): GraphExportOptions {
  if (options === null || typeof options !== 'object') throw new UsageError('Graph options must be an object.');
  for (const key of Object.keys(options)) {
    if (!KNOWN_OPTIONS.has(key)) throw new UsageError(`Unknown graph option "${key}"; expected one of ${[...KNOWN_OPTIONS].join(', ')}.`);
  }
  for (const key of ['dir', 'tmpDir'] as const) {
    if (typeof options[key] !== 'string' || options[key] === '') {
      throw new UsageError(`Graph option ${key} must be a folder path, got ${JSON.stringify(options[key])}.`);
    }
  }
  for (const key of ['maxItemsInMemory', 'maxRunsPerMerge'] as const) {
    const value = options[key];
    const least = key === 'maxItemsInMemory' ? 1 : 2;
    if (value !== undefined && (!Number.isSafeInteger(value) || value < least)) {
      throw new UsageError(`Graph option ${key} must be an integer of at least ${least}, got ${String(value)}.`);
    }
  }
  return options;
}
