/**
 * Writes the requested export formats in ONE pass over a sorted stream of records, then publishes them.
 *
 * Each format writes to its own AtomicFile (`<dir>/<baseName>.<format>.tmp-<random>`). Every row is
 * handed to every format writer, awaiting each one's backpressure, so no format runs ahead and memory
 * stays bounded. Only when every writer has finished and every file is fsynced are the files renamed
 * into place; on any failure (the input throws, a writer fails, the input is out of order) all temporary
 * files are removed and nothing appears under a final name. The renames themselves happen one after the
 * other: should a rename fail, files renamed before it stay published (each is complete on its own).
 */
import { join } from 'node:path';
import { compareRecordKeys, type InventoryRecord } from '../model/record.ts';
import { UsageError } from '../errors.ts';
import { AtomicFile } from '../io/atomic-file.ts';
import { createCsvWriter } from './csv-writer.ts';
import { RecordOrderError } from './export-errors.ts';
import { ExportRow } from './export-row.ts';
import { EXPORT_FORMATS, type ExportFormat, type FormatWriter } from './format-writer.ts';
import { createJsonlWriter } from './jsonl-writer.ts';
import { createParquetWriter } from './parquet-writer.ts';
import { openGraphExport, type GraphFile } from '../graph/graph-writer.ts';
import { GRAPH_FILE_NAMES } from '../graph/graph-lines.ts';
import type { GraphCounts } from '../graph/graph-builder.ts';

export { EXPORT_FORMATS, type ExportFormat } from './format-writer.ts';

export interface WriteExportsOptions {
  /** Destination folder; must exist. */
  dir: string;
  /** Formats to write, each at most once. */
  formats: readonly ExportFormat[];
  /** File name without extension. Default "inventory" (inventory.jsonl, inventory.csv, inventory.parquet). */
  baseName?: string;
  /** Also write graph_nodes.jsonl and graph_edges.jsonl, published with the other files. Default: no graph. */
  graph?: { tmpDir: string; maxItemsInMemory?: number; maxRunsPerMerge?: number };
}

export interface ExportedFile {
  format: ExportFormat;
  path: string;
  bytes: number;
  /** Lowercase hex SHA-256 of the file. */
  sha256: string;
}

export interface ExportResult {
  records: number;
  files: ExportedFile[];
  /** Present when `graph` was asked for. */
  graph?: GraphCounts & { files: GraphFile[] };
}

/** What writeExports takes: a row, a record (canonicalised here) or an array of rows. */
export type ExportInput = ExportRow | InventoryRecord | readonly ExportRow[];

const KNOWN_OPTIONS: ReadonlySet<string> = new Set(['dir', 'formats', 'baseName', 'graph']);

const CREATE_WRITER: Record<ExportFormat, (file: AtomicFile) => FormatWriter> = {
  jsonl: createJsonlWriter,
  csv: createCsvWriter,
  parquet: (file) => createParquetWriter(file),
};

/**
 * `sortedRecords` must be in compareRecordKeys order without repeated keys (ExternalRecordSorter.sorted()
 * yields exactly that); plain InventoryRecords are accepted too and canonicalised here. An item may also
 * be an array of rows (ExternalRecordSorter.sortedChunks()), taken in order: one asynchronous step per
 * array instead of per row. Out-of-order input fails with RecordOrderError rather than producing an
 * unsorted export.
 */
export async function writeExports(
  sortedRecords: AsyncIterable<ExportInput> | Iterable<ExportInput>,
  options: WriteExportsOptions,
): Promise<ExportResult> {
  const { dir, formats, baseName, graph: graphOptions } = validateOptions(options);
  const files: AtomicFile[] = [];
  const writers: FormatWriter[] = [];
  try {
    for (const format of formats) {
      // Hashed on the hashing thread: this thread merges and writes, the export's critical path.
      const file = await AtomicFile.create(join(dir, `${baseName}.${format}`), { hashOnThread: true });
      files.push(file);
      writers.push(CREATE_WRITER[format](file));
    }
    // After the format files, so files[index] still matches formats[index] for the format entries.
    const graph = graphOptions === undefined ? undefined : await openGraphExport({ dir, ...graphOptions });
    if (graph !== undefined) {
      files.push(...graph.files);
      writers.push(graph.writer);
    }

    let records = 0;
    let previous: ExportRow | undefined;
    /** Hands one row to every writer; a promise only when a writer asks to wait (its backpressure). */
    const writeRow = (item: ExportRow | InventoryRecord): Promise<void> | undefined => {
      const row = item instanceof ExportRow ? item : ExportRow.fromRecord(item);
      if (previous !== undefined && compareRecordKeys(previous, row) >= 0) throw outOfOrder(previous, row, records);
      previous = row;
      records++;
      for (let index = 0; index < writers.length; index++) {
        const wait = (writers[index] as FormatWriter).write(row);
        if (wait !== undefined) return finishRow(wait, row, index + 1);
      }
      return undefined;
    };
    const finishRow = async (wait: Promise<void>, row: ExportRow, nextWriter: number): Promise<void> => {
      await wait;
      for (let index = nextWriter; index < writers.length; index++) {
        const more = (writers[index] as FormatWriter).write(row);
        if (more !== undefined) await more;
      }
    };
    for await (const item of sortedRecords) {
      if (Array.isArray(item)) {
        for (const row of item as readonly ExportRow[]) {
          const wait = writeRow(row);
          if (wait !== undefined) await wait;
        }
      } else {
        const wait = writeRow(item as ExportRow | InventoryRecord);
        if (wait !== undefined) await wait;
      }
    }

    for (const writer of writers) await writer.end();
    const sealed = [];
    for (const file of files) sealed.push(await file.seal());
    for (const file of files) await file.publish();
    const graphNames = [GRAPH_FILE_NAMES.nodes, GRAPH_FILE_NAMES.edges];
    return {
      records,
      files: sealed.slice(0, formats.length).map((file, index) => ({ format: formats[index] as ExportFormat, path: file.path, bytes: file.bytes, sha256: file.sha256 })),
      ...(graph === undefined
        ? {}
        : {
            graph: {
              ...graph.writer.counts,
              files: sealed.slice(formats.length).map((file, index) => ({ name: graphNames[index] as string, path: file.path, bytes: file.bytes, sha256: file.sha256 })),
            },
          }),
    };
  } catch (error) {
    await Promise.all(writers.map((writer) => writer.abort(error)));
    await Promise.all(files.map((file) => file.abort()));
    throw error;
  }
}

function validateOptions(options: WriteExportsOptions): Required<Omit<WriteExportsOptions, 'graph'>> & Pick<WriteExportsOptions, 'graph'> {
  for (const key of Object.keys(options)) {
    if (!KNOWN_OPTIONS.has(key)) throw new UsageError(`Unknown writeExports option "${key}"; expected one of ${[...KNOWN_OPTIONS].join(', ')}.`);
  }
  if (typeof options.dir !== 'string' || options.dir === '') {
    throw new UsageError(`writeExports option dir must be a folder path, got ${JSON.stringify(options.dir)}.`);
  }
  if (!Array.isArray(options.formats) || options.formats.length === 0) {
    throw new UsageError(`writeExports option formats must list at least one of ${EXPORT_FORMATS.join(', ')}.`);
  }
  for (const format of options.formats) {
    if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
      throw new UsageError(`Unknown export format ${JSON.stringify(format)}; expected one of ${EXPORT_FORMATS.join(', ')}.`);
    }
  }
  if (new Set(options.formats).size !== options.formats.length) {
    throw new UsageError(`writeExports option formats lists a format twice: ${options.formats.join(', ')}.`);
  }
  const baseName = options.baseName ?? 'inventory';
  if (baseName === '' || /[/\\]/.test(baseName) || baseName === '.' || baseName === '..') {
    throw new UsageError(`writeExports option baseName must be a plain file name without extension, got ${JSON.stringify(baseName)}.`);
  }
  return { dir: options.dir, formats: options.formats, baseName, graph: options.graph };
}

function outOfOrder(previous: ExportRow, row: ExportRow, position: number): RecordOrderError {
  const problem = compareRecordKeys(previous, row) === 0 ? 'repeats the key of the record before it' : 'sorts before the record before it';
  return new RecordOrderError(
    `Record ${position} (ocid ${row.ocid}, resourceType ${row.resourceType}) ${problem}: writeExports needs records sorted by ` +
      'compareRecordKeys with unique keys; pass them through ExternalRecordSorter.',
    { context: { ocid: row.ocid, resourceType: row.resourceType, position } },
  );
}
