/**
 * CSV report: a header row and one row per record with the CSV_COLUMNS, via csv-stringify's stream API.
 *
 * Choices (the CSV is for people and spreadsheets; JSONL and Parquet are the exact data):
 * - RFC 4180: comma separator; a field containing a comma, a double quote, CR or LF is enclosed in double
 *   quotes and its quotes are doubled. Records end with CRLF, as RFC 4180 section 2 specifies, including
 *   the last one (the RFC allows either); spreadsheet tools and Python's csv module default to CRLF too.
 *   A CR or LF inside a display name stays inside its quoted field, so rows stay one per record.
 * - Formula injection: with `escape_formulas` csv-stringify prefixes a single quote `'` to any field that
 *   starts with `=`, `+`, `-`, `@`, TAB or CR (and the full-width ＝ ＋ － ＠), so a spreadsheet shows the
 *   text instead of evaluating it. The cell read back by a CSV parser therefore carries that leading `'`.
 *   Only the first character is checked (csv-stringify's rule).
 * - Casting: cells are strings or null by construction (export-row.ts). null becomes an empty field, so
 *   the CSV cannot tell null from an empty string. Every other type throws rather than being coerced by
 *   csv-stringify's defaults (dates to epoch milliseconds, booleans to "1" or "").
 * - UTF-8 without BOM.
 */
import { once } from 'node:events';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify, type Options as StringifyOptions } from 'csv-stringify';
import { BufferedWriter, type ByteSink } from '../io/buffered-writer.ts';
import { CSV_COLUMNS } from '../model/record.ts';
import { columnIndex } from './canonical-json.ts';
import type { ExportRow } from './export-row.ts';
import type { FormatWriter } from './format-writer.ts';

function notCoerced(type: string): () => never {
  return () => {
    throw new TypeError(`CSV cells must be strings or null; got a ${type}. Convert it to text before export.`);
  };
}

export const CSV_STRINGIFY_OPTIONS = {
  header: true,
  columns: [...CSV_COLUMNS],
  delimiter: ',',
  quote: '"',
  escape: '"',
  record_delimiter: '\r\n',
  // Must be explicit: once record_delimiter is set, csv-stringify stops quoting fields that contain a lone
  // LF or CR (it then only looks for the whole '\r\n'), and such a row would split in two when parsed.
  quote_record_delimiter: true,
  eof: true,
  bom: false,
  escape_formulas: true,
  cast: {
    string: (value: string) => value,
    null: () => '',
    undefined: () => '',
    boolean: notCoerced('boolean'),
    number: notCoerced('number'),
    bigint: notCoerced('bigint'),
    date: notCoerced('Date'),
    object: notCoerced('object'),
  },
} satisfies StringifyOptions;

const CSV_COLUMN_INDEXES: readonly number[] = CSV_COLUMNS.map((key) => columnIndex(key));

/** The cells of one CSV row, in CSV_COLUMNS order. */
export function csvCells(row: ExportRow): (string | null)[] {
  const cells = new Array<string | null>(CSV_COLUMN_INDEXES.length);
  for (let index = 0; index < CSV_COLUMN_INDEXES.length; index++) cells[index] = row.columns[CSV_COLUMN_INDEXES[index]!] ?? null;
  return cells;
}

export function createCsvWriter(sink: ByteSink): FormatWriter {
  const stringifier = stringify(CSV_STRINGIFY_OPTIONS);
  const out = new BufferedWriter(sink);
  const toSink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      const wait = out.writeBytes(chunk);
      if (wait === undefined) callback();
      else wait.then(() => callback(), callback);
    },
    final(callback) {
      out.flush().then(() => callback(), callback);
    },
  });
  const finished = pipeline(stringifier, toSink);
  finished.catch(() => undefined); // observed by end() or a write's drain wait; avoid an unhandled rejection

  return {
    write(row) {
      // Once destroyed (the sink failed), 'error' has fired already and 'drain' never will: report the failure.
      if (stringifier.destroyed) return finished.then(() => Promise.reject(new Error('The CSV writer has stopped.')));
      if (stringifier.write(csvCells(row))) return undefined;
      // Rejects if the stringifier errors, including when pipeline destroys it because the sink failed.
      return once(stringifier, 'drain').then(() => undefined);
    },
    async end() {
      stringifier.end();
      await finished;
    },
    async abort(reason) {
      stringifier.destroy(reason instanceof Error ? reason : new Error(String(reason)));
      await finished.catch(() => undefined);
    },
  };
}
