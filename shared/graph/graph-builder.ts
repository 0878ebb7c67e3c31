/**
 * Builds graph_nodes.jsonl and graph_edges.jsonl from the sorted inventory rows in one pass plus a finishing
 * step, in bounded memory (no set of ocids). A FormatWriter (export/format-writer.ts): it writes bytes to two
 * sinks and never names, seals or publishes files, so write-exports.ts can publish the graph together with
 * the inventory; graph-writer.ts wraps it for standalone use.
 *
 * While the rows stream past (`write`), in a private folder under `tmpDir`:
 * - `nodes.lines`: each record's node line, prefixed by its ocid; already in id order, as the rows are.
 * - `edges.lines`: each relationship's edge line with `targetInInventory: false`; already in
 *   (source, sourceType, relation, target) order, as the rows and their relationships are.
 * - every edge's target and number (its line in graph_edges.jsonl) go into a batch: a map from target to
 *   edge numbers, so a target shared by many edges (a compartment, a VCN, a key) is kept, sorted, spilled
 *   and merged once per batch rather than once per edge. A full batch (`maxItemsInMemory` edges) is sorted
 *   by target and spilled as a run file (external-sorter.ts).
 * At `end`:
 * 1. One merge-join of the target groups, in target order, with `nodes.lines`, in id order, writes
 *    graph_nodes.jsonl: inventory nodes and, for each distinct target found before the next inventory id,
 *    one external node, all in id order. The same join marks in a bit set (bit-set.ts) every edge whose
 *    target is an inventory id.
 * 2. `edges.lines` is copied to graph_edges.jsonl, flipping `targetInInventory` to true for marked edges.
 * Memory: two batches of at most `maxItemsInMemory` edges (plus one row's edges), one read buffer per
 * merged run (at most `maxRunsPerMerge`), the write buffers, and one bit per edge (375 KB for 3 million
 * edges). The bit set replaces the second external sort (edges back into source order) that a join done
 * wholly on disk needs. Measured: 1,000,000 records with 3 edges each peak at about 200 MB RSS (about 70 MB
 * above generating the rows alone), the same as 300,000 records.
 *
 * Output depends only on the rows, never on batch sizes or spills: the nodes file depends only on the
 * set of targets and the edges file only on which edge numbers were marked, however groups were cut.
 */
import { mkdtemp, open, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../errors.ts';
import { RecordOrderError } from '../export/export-errors.ts';
import { columnIndex } from '../export/canonical-json.ts';
import type { ExportRow } from '../export/export-row.ts';
import type { FormatWriter } from '../export/format-writer.ts';
import { BufferedWriter, fileHandleSink, type ByteSink } from '../io/buffered-writer.ts';
import { ByteAssembler } from '../io/byte-assembler.ts';
import { readLineRanges } from '../io/line-reader.ts';
import { compareRecordKeys, type RecordKey } from '../model/record.ts';
import { BitSet } from './bit-set.ts';
import { ExternalSorter, type LineCodec } from './external-sorter.ts';
import {
  EDGE_EXTERNAL_ENDING,
  EDGE_IN_INVENTORY_ENDING,
  appendEdgeLineAssumingExternal,
  appendInventoryNodeLine,
  externalNodeLine,
  jsonText,
  relationshipsOf,
} from './graph-lines.ts';

export interface GraphBuilderOptions {
  /** Receives the bytes of graph_nodes.jsonl (e.g. an AtomicFile). Required. */
  nodes: ByteSink;
  /** Receives the bytes of graph_edges.jsonl (e.g. an AtomicFile). Required. */
  edges: ByteSink;
  /** Folder for temporary files; a private sub-folder is created there and removed at the end. Required. */
  tmpDir: string;
  /**
   * Edges whose targets are buffered before a sorted run is spilled (a row's edges are never split, so a
   * batch may exceed it by one row's). Default 100_000; up to two batches are held.
   */
  maxItemsInMemory?: number;
  /** Most sorted runs read at once; more runs are merged in several passes. Default 64 (at least 2). */
  maxRunsPerMerge?: number;
}

export const GRAPH_DEFAULTS = { maxItemsInMemory: 100_000, maxRunsPerMerge: 64 } as const;

export interface GraphCounts {
  /** Inventory records, i.e. nodes with `external: false`. */
  records: number;
  /** Lines of graph_nodes.jsonl: records plus external targets. */
  nodes: number;
  /** Lines of graph_edges.jsonl. */
  edges: number;
  /** Distinct relationship targets whose ocid is not in the inventory (nodes with `external: true`). */
  externalTargets: number;
  /** Sorted runs of edge targets written to disk (0 when everything fitted in memory). */
  spilledRuns: number;
}

const KNOWN_OPTIONS: ReadonlySet<string> = new Set(['nodes', 'edges', 'tmpDir', 'maxItemsInMemory', 'maxRunsPerMerge']);

/** A relationship target and the numbers (lines in graph_edges.jsonl) of edges pointing at it. */
interface TargetGroup {
  target: string;
  edges: number[];
}

function compareTargets(a: TargetGroup, b: TargetGroup): number {
  return a.target < b.target ? -1 : a.target > b.target ? 1 : 0;
}

/** A run line: the edge numbers, comma-separated, a space, then the target as a JSON string. */
const GROUP_CODEC: LineCodec<TargetGroup> = {
  encode: (group) => `${group.edges.join(',')} ${jsonText(group.target)}`,
  decode: (line) => {
    const space = line.indexOf(' ');
    return { target: decodeText(line.slice(space + 1)), edges: line.slice(0, space).split(',').map(Number) };
  },
};

/**
 * Edge numbers per group at most, so a run line stays short (~40 KB) even for a target every record points
 * at: each merged run holds a read buffer as long as its longest line. A longer list becomes several groups
 * of the same target, which the merge-join handles like groups from different runs.
 */
const MAX_EDGES_PER_GROUP = 4096;

function groupsOf(batch: ReadonlyMap<string, number[]>): TargetGroup[] {
  const groups: TargetGroup[] = [];
  for (const [target, edges] of batch) {
    if (edges.length <= MAX_EDGES_PER_GROUP) {
      groups.push({ target, edges });
    } else {
      for (let start = 0; start < edges.length; start += MAX_EDGES_PER_GROUP) groups.push({ target, edges: edges.slice(start, start + MAX_EDGES_PER_GROUP) });
    }
  }
  return groups;
}

interface TempFile {
  readonly path: string;
  readonly handle: FileHandle;
  readonly out: BufferedWriter;
}

type State = 'writing' | 'ending' | 'ended' | 'failed' | 'aborted';

export class GraphBuilder implements FormatWriter {
  readonly #nodesSink: ByteSink;
  readonly #edgesSink: ByteSink;
  readonly #workDir: string;
  readonly #nodesTemp: TempFile;
  readonly #edgesTemp: TempFile;
  readonly #maxItemsInMemory: number;
  readonly #targets: ExternalSorter<TargetGroup>;
  /** The batch being filled: target -> edge numbers. */
  #batch = new Map<string, number[]>();
  /** Where a row's `nodes.lines` line and its `edges.lines` lines are assembled. */
  readonly #nodeLine = new ByteAssembler();
  readonly #edgeLines = new ByteAssembler();
  #batchEdges = 0;
  #state: State = 'writing';
  #failure: unknown;
  #previous: RecordKey | undefined;
  #records = 0;
  #edges = 0;
  #pending: Promise<void> | undefined;
  #counts: GraphCounts | undefined;

  private constructor(options: Required<GraphBuilderOptions>, workDir: string, nodesTemp: TempFile, edgesTemp: TempFile) {
    this.#nodesSink = options.nodes;
    this.#edgesSink = options.edges;
    this.#workDir = workDir;
    this.#nodesTemp = nodesTemp;
    this.#edgesTemp = edgesTemp;
    this.#maxItemsInMemory = options.maxItemsInMemory;
    this.#targets = new ExternalSorter({
      runDir: workDir,
      name: 'targets',
      compare: compareTargets,
      codec: GROUP_CODEC,
      maxRunsPerMerge: options.maxRunsPerMerge,
    });
  }

  /** Validates the options (UsageError naming an unknown or wrong key) and creates the temporary files. */
  static async open(options: GraphBuilderOptions): Promise<GraphBuilder> {
    const valid = validateOptions(options);
    const workDir = await mkdtemp(join(valid.tmpDir, 'oci-inventory-graph-'));
    const opened: TempFile[] = [];
    try {
      for (const name of ['nodes.lines', 'edges.lines']) {
        const path = join(workDir, name);
        const handle = await open(path, 'wx');
        opened.push({ path, handle, out: new BufferedWriter(fileHandleSink(handle)) });
      }
      return new GraphBuilder(valid, workDir, opened[0] as TempFile, opened[1] as TempFile);
    } catch (error) {
      await Promise.all(opened.map((file) => file.handle.close().catch(() => undefined)));
      await rm(workDir, { recursive: true, force: true });
      throw error;
    }
  }

  /**
   * Accepts the next row; rows must come in compareRecordKeys order with unique keys (RecordOrderError
   * otherwise, naming the row). Returns undefined, or a promise to await before the next call.
   */
  write(row: ExportRow): Promise<void> | undefined {
    this.#expect('writing', 'write');
    if (this.#pending !== undefined) throw new Error('GraphBuilder: await the promise of the previous write before writing again.');
    const previous = this.#previous;
    if (previous !== undefined && compareRecordKeys(previous, row) >= 0) throw outOfOrder(previous, row, this.#records);
    const relationships = relationshipsOf(row);
    // Both lines are assembled as bytes (see io/byte-assembler.ts); the previous write's promise has
    // settled, so the assemblers' last bytes were taken.
    const node = this.#nodeLine;
    node.reset();
    row.appendColumnJson(OCID_COLUMN, node);
    node.append(TAB);
    appendInventoryNodeLine(node, row);
    node.append(LF_BYTES);
    const edgeLines = this.#edgeLines;
    edgeLines.reset();
    const batch = this.#batch;
    for (const { relation, target } of relationships) {
      appendEdgeLineAssumingExternal(edgeLines, relation, row, target);
      edgeLines.append(LF_BYTES);
      const edges = batch.get(target);
      if (edges === undefined) batch.set(target, [this.#edges]);
      else edges.push(this.#edges);
      this.#edges++;
    }
    this.#batchEdges += relationships.length;
    this.#previous = { ocid: row.ocid, resourceType: row.resourceType };
    this.#records++;

    const waits: Promise<void>[] = [];
    const nodeWait = this.#nodesTemp.out.writeBytes(node.bytes());
    if (nodeWait !== undefined) waits.push(nodeWait);
    if (edgeLines.length > 0) {
      const edgeWait = this.#edgesTemp.out.writeBytes(edgeLines.bytes());
      if (edgeWait !== undefined) waits.push(edgeWait);
    }
    if (this.#batchEdges >= this.#maxItemsInMemory) {
      const spillWait = this.#targets.addBatch(groupsOf(batch));
      this.#batch = new Map();
      this.#batchEdges = 0;
      if (spillWait !== undefined) waits.push(spillWait);
    }
    if (waits.length === 0) return undefined;
    const pending = Promise.all(waits).then(
      () => {
        this.#pending = undefined;
      },
      (error: unknown) => {
        this.#pending = undefined;
        this.#fail(error);
        throw error;
      },
    );
    this.#pending = pending;
    return pending;
  }

  /** Writes both files completely to their sinks and removes the temporary files. Call once; then read `counts`. */
  async end(): Promise<void> {
    this.#expect('writing', 'end');
    this.#state = 'ending';
    try {
      await this.#pending;
      await closeTemp(this.#nodesTemp);
      await closeTemp(this.#edgesTemp);

      const inInventory = new BitSet();
      const nodesOut = new BufferedWriter(this.#nodesSink);
      const lastBatch = groupsOf(this.#batch);
      this.#batch = new Map();
      const externalTargets = await writeNodes(await this.#targets.sorted(lastBatch), this.#nodesTemp.path, nodesOut, inInventory);
      await nodesOut.flush();

      const edgesOut = new BufferedWriter(this.#edgesSink);
      const edges = await writeEdges(this.#edgesTemp.path, edgesOut, inInventory);
      await edgesOut.flush();
      if (edges !== this.#edges) throw new Error(`GraphBuilder: wrote ${edges} edges, expected ${this.#edges}.`);

      this.#state = 'ended';
      this.#counts = {
        records: this.#records,
        nodes: this.#records + externalTargets,
        edges,
        externalTargets,
        spilledRuns: this.#targets.spilledRuns,
      };
    } catch (error) {
      this.#fail(error);
      throw error;
    } finally {
      await this.#removeTemporaryFiles();
    }
  }

  /** What was written; available once `end()` has resolved. */
  get counts(): GraphCounts {
    if (this.#counts === undefined) throw new Error(`GraphBuilder: counts are known once end() has resolved; the graph is ${this.#state}.`);
    return this.#counts;
  }

  /** Stops after a failure anywhere and removes the temporary files. Idempotent; never throws. */
  async abort(_reason?: unknown): Promise<void> {
    if (this.#state === 'aborted') return;
    this.#state = 'aborted';
    await this.#removeTemporaryFiles();
  }

  async #removeTemporaryFiles(): Promise<void> {
    this.#batch = new Map();
    await this.#pending?.catch(() => undefined);
    await this.#targets.settle();
    await Promise.all([this.#nodesTemp, this.#edgesTemp].map((file) => file.handle.close().catch(() => undefined)));
    await rm(this.#workDir, { recursive: true, force: true }).catch(() => undefined);
  }

  #fail(error: unknown): void {
    this.#failure ??= error;
    if (this.#state !== 'aborted') this.#state = 'failed';
  }

  #expect(state: State, action: string): void {
    if (this.#state === state) return;
    if (this.#state === 'failed') throw this.#failure;
    throw new Error(`GraphBuilder: cannot ${action}, the graph is ${this.#state}.`);
  }
}

/**
 * The merge-join of step 1: writes every node in id order and marks edges whose target is an inventory id.
 * Returns the number of external nodes written.
 */
async function writeNodes(targetBatches: AsyncIterator<TargetGroup[]>, nodesPath: string, out: BufferedWriter, inInventory: BitSet): Promise<number> {
  const groups = new Cursor(targetBatches);
  const nodes = new Cursor(readInventoryNodes(nodesPath));
  let externalTargets = 0;
  let lastExternal: string | undefined;
  try {
    await groups.load();
    await nodes.load();
    for (;;) {
      const group = groups.current;
      const node = nodes.current;
      let wait: Promise<void> | undefined;
      if (node !== undefined && (group === undefined || node.id <= group.target)) {
        if (group !== undefined && node.id === group.target) {
          for (const edge of group.edges) inInventory.add(edge);
          wait = groups.advance();
        } else {
          // Every target up to this id has been seen: the node is next in id order.
          wait = out.writeRange(node.buffer, node.start, node.end);
          if (wait !== undefined) await wait;
          wait = nodes.advance();
        }
      } else if (group !== undefined) {
        // The target sorts before every remaining inventory id, so it is not one of them. Groups of one
        // target from several runs come one after the other: one node for all of them.
        if (group.target !== lastExternal) {
          lastExternal = group.target;
          externalTargets++;
          wait = out.writeString(`${externalNodeLine(group.target)}\n`);
          if (wait !== undefined) await wait;
        }
        wait = groups.advance();
      } else {
        break;
      }
      if (wait !== undefined) await wait;
    }
  } finally {
    await Promise.allSettled([groups.close(), nodes.close()]);
  }
  return externalTargets;
}

/** An inventory node of `nodes.lines`: its id, and its line with the newline, `buffer[start, end)`. */
interface InventoryNode {
  id: string;
  buffer: Buffer;
  start: number;
  end: number;
}

/**
 * The inventory nodes of `nodes.lines`, an array per read. The lines stay in the reader's buffer, which is
 * reused for the next array: writeNodes is done with an array (its writes awaited) before asking for more.
 */
async function* readInventoryNodes(path: string): AsyncGenerator<InventoryNode[]> {
  for await (const { buffer, starts, ends, firstLineNumber } of readLineRanges(path, { maxLineBytes: Infinity })) {
    const nodes: InventoryNode[] = [];
    for (let index = 0; index < starts.length; index++) {
      const start = starts[index]!;
      const end = ends[index]!;
      const tab = buffer.indexOf(TAB_BYTE, start);
      if (tab === -1 || tab >= end || buffer[end] !== LF) throw new Error(`GraphBuilder: temporary node line ${firstLineNumber + index} is damaged.`);
      nodes.push({ id: decodeText(buffer.toString('utf8', start, tab)), buffer, start: tab + 1, end: end + 1 });
    }
    yield nodes;
  }
}

/** Walks an async sequence of arrays item by item, awaiting only when an array is used up. */
class Cursor<T> {
  readonly #iterator: AsyncIterator<T[]>;
  #batch: T[] = [];
  #index = 0;
  #done = false;

  constructor(iterator: AsyncIterator<T[]>) {
    this.#iterator = iterator;
  }

  /** The current item; undefined at the end. Valid once `load()` has resolved. */
  get current(): T | undefined {
    return this.#batch[this.#index];
  }

  /** Moves to the next item; returns a promise to await when a new array had to be read. */
  advance(): Promise<void> | undefined {
    this.#index++;
    return this.#index < this.#batch.length ? undefined : this.load();
  }

  async load(): Promise<void> {
    while (!this.#done && this.#index >= this.#batch.length) {
      const next = await this.#iterator.next();
      if (next.done) this.#done = true;
      else this.#batch = next.value;
      this.#index = next.done ? this.#batch.length : 0;
    }
  }

  async close(): Promise<void> {
    await this.#iterator.return?.(undefined);
  }
}

/**
 * Step 2: copies the edge lines in order, as bytes, setting targetInInventory from the bit set. Returns the
 * count. Each write is awaited before the reader reuses its buffer.
 */
async function writeEdges(edgesPath: string, out: BufferedWriter, inInventory: BitSet): Promise<number> {
  let edge = 0;
  for await (const { buffer, starts, ends } of readLineRanges(edgesPath, { maxLineBytes: Infinity })) {
    for (let index = 0; index < starts.length; index++) {
      const start = starts[index]!;
      const end = ends[index]!;
      const endingStart = end - EXTERNAL_ENDING_BYTES.length;
      if (endingStart < start || buffer[end] !== LF || buffer.compare(EXTERNAL_ENDING_BYTES, 0, EXTERNAL_ENDING_BYTES.length, endingStart, end) !== 0) {
        throw new Error(`GraphBuilder: temporary edge line ${edge + 1} is damaged.`);
      }
      let wait: Promise<void> | undefined;
      if (inInventory.has(edge)) {
        wait = out.writeRange(buffer, start, endingStart);
        if (wait !== undefined) await wait;
        wait = out.writeBytes(IN_INVENTORY_ENDING_LINE);
      } else {
        wait = out.writeRange(buffer, start, end + 1);
      }
      if (wait !== undefined) await wait;
      edge++;
    }
  }
  return edge;
}

async function closeTemp(file: TempFile): Promise<void> {
  await file.out.flush();
  await file.handle.close();
}

const TAB_BYTE = 0x09;
const LF = 0x0a;
const TAB = Buffer.from('\t');
const LF_BYTES = Buffer.from('\n');
const EXTERNAL_ENDING_BYTES = Buffer.from(EDGE_EXTERNAL_ENDING);
const IN_INVENTORY_ENDING_LINE = Buffer.from(`${EDGE_IN_INVENTORY_ENDING}\n`);
const OCID_COLUMN = columnIndex('ocid');

function decodeText(literal: string): string {
  // Without a backslash the literal is the text between its quotes; otherwise let JSON undo the escapes.
  return literal.includes('\\') ? (JSON.parse(literal) as string) : literal.slice(1, -1);
}

function outOfOrder(previous: RecordKey, row: ExportRow, position: number): RecordOrderError {
  const problem = compareRecordKeys(previous, row) === 0 ? 'repeats the key of the record before it' : 'sorts before the record before it';
  return new RecordOrderError(
    `Record ${position} (ocid ${row.ocid}, resourceType ${row.resourceType}) ${problem} ` +
      `(ocid ${previous.ocid}, resourceType ${previous.resourceType}): the graph needs records sorted by compareRecordKeys with unique keys.`,
    { context: { ocid: row.ocid, resourceType: row.resourceType, position } },
  );
}

function validateOptions(options: GraphBuilderOptions): Required<GraphBuilderOptions> {
  if (options === null || typeof options !== 'object') throw new UsageError('GraphBuilder options must be an object.');
  for (const key of Object.keys(options)) {
    if (!KNOWN_OPTIONS.has(key)) throw new UsageError(`Unknown GraphBuilder option "${key}"; expected one of ${[...KNOWN_OPTIONS].join(', ')}.`);
  }
  for (const key of ['nodes', 'edges'] as const) {
    const sink: unknown = options[key];
    if (sink === null || typeof sink !== 'object' || typeof (sink as ByteSink).write !== 'function') {
      throw new UsageError(`GraphBuilder option ${key} must be a byte sink (an object with write(bytes)), got ${sink === null ? 'null' : typeof sink}.`);
    }
  }
  if (typeof options.tmpDir !== 'string' || options.tmpDir === '') {
    throw new UsageError(`GraphBuilder option tmpDir must be a folder path, got ${JSON.stringify(options.tmpDir)}.`);
  }
  const maxItemsInMemory = options.maxItemsInMemory ?? GRAPH_DEFAULTS.maxItemsInMemory;
  if (!Number.isSafeInteger(maxItemsInMemory) || maxItemsInMemory < 1) {
    throw new UsageError(`GraphBuilder option maxItemsInMemory must be a positive integer, got ${String(maxItemsInMemory)}.`);
  }
  const maxRunsPerMerge = options.maxRunsPerMerge ?? GRAPH_DEFAULTS.maxRunsPerMerge;
  if (!Number.isSafeInteger(maxRunsPerMerge) || maxRunsPerMerge < 2) {
    throw new UsageError(`GraphBuilder option maxRunsPerMerge must be an integer of at least 2, got ${String(maxRunsPerMerge)}.`);
  }
  return { nodes: options.nodes, edges: options.edges, tmpDir: options.tmpDir, maxItemsInMemory, maxRunsPerMerge };
}
