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
 *
 * The rows are written by a byte-level writer (createCsvWriter) that applies exactly csv-stringify's rules
 * for these options (quote when a cell holds `,` `"` CR or LF; double the quotes; prefix `'` when the cell
 * starts with = + - @ TAB CR or ＝ ＋ － ＠) to each cell's UTF-8 bytes taken straight from the row, with no
 * text decoding; a test pins it byte for byte against csv-stringify itself (createCsvStringifyWriter).
 * (csv-stringify took about 1.3 s of main-thread CPU per 200k emulator records in the profile.)
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
  for (let index = 0; index < CSV_COLUMN_INDEXES.length; index++) cells[index] = row.column(CSV_COLUMN_INDEXES[index]!);
  return cells;
}

/**
 * The same CSV through csv-stringify's stream API: the reference the byte writer below is tested against
 * (test/export-parallel.test.ts); about 5x slower, so not used for exports.
 */
export function createCsvStringifyWriter(sink: ByteSink): FormatWriter {
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

const CSV_HEADER = Buffer.from(`${CSV_COLUMNS.join(',')}\r\n`, 'utf8');
const COMMA = 0x2c;
const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;
const APOSTROPHE = 0x27;

/** Whether a cell starting at `bytes[from]` would be read as a formula (csv-stringify's escape_formulas list). */
function startsLikeFormula(bytes: Uint8Array, from: number, to: number): boolean {
  const first = bytes[from];
  if (first === 0x3d || first === 0x2b || first === 0x2d || first === 0x40 || first === 0x09 || first === CR) return true;
  // U+FF1D U+FF0B U+FF0D U+FF20 (full-width = + - @) are EF BC 9D / 8B / 8D / A0 in UTF-8.
  if (first === 0xef && to - from >= 3 && bytes[from + 1] === 0xbc) {
    const third = bytes[from + 2];
    return third === 0x9d || third === 0x8b || third === 0x8d || third === 0xa0;
  }
  return false;
}

/**
 * Formats CSV rows byte by byte (the rules in the module comment) into one reused buffer. Used by the CSV
 * writer for rows that arrive without a `csvLine`, and by the sorter's spills to format rows ahead
 * (external-sort.ts): both produce the same bytes because both are this code.
 */
export class CsvRowFormatter {
  #scratch = Buffer.allocUnsafe(1 << 16);
  #cell = Buffer.allocUnsafe(1 << 12);

  /** The row's CSV line (cells and CRLF): a view of a buffer the next call overwrites. */
  format(row: ExportRow): Buffer {
    // Worst case per cell: every byte a quote (doubled), two enclosing quotes, the apostrophe, the comma.
    const worst = 2 * row.bytes.length + 4 * CSV_COLUMN_INDEXES.length + 2;
    if (this.#scratch.length < worst) this.#scratch = Buffer.allocUnsafe(worst);
    if (this.#cell.length < row.bytes.length) this.#cell = Buffer.allocUnsafe(row.bytes.length);
    const scratch = this.#scratch;
    const cell = this.#cell;
    let used = 0;
    for (let index = 0; index < CSV_COLUMN_INDEXES.length; index++) {
      if (index > 0) scratch[used++] = COMMA;
      const length = row.copyColumn(CSV_COLUMN_INDEXES[index]!, cell, 0);
      if (length <= 0) continue; // null and '' are both an empty, unquoted field
      let quoted = false;
      let quotes = 0;
      for (let at = 0; at < length; at++) {
        const byte = cell[at];
        if (byte === QUOTE) quotes++;
        else if (byte === COMMA || byte === CR || byte === LF) quoted = true;
      }
      if (quotes > 0) quoted = true;
      if (quoted) scratch[used++] = QUOTE;
      if (startsLikeFormula(cell, 0, length)) scratch[used++] = APOSTROPHE;
      if (quotes === 0) {
        used += cell.copy(scratch, used, 0, length);
      } else {
        for (let at = 0; at < length; at++) {
          const byte = cell[at]!;
          scratch[used++] = byte;
          if (byte === QUOTE) scratch[used++] = QUOTE;
        }
      }
      if (quoted) scratch[used++] = QUOTE;
    }
    scratch[used++] = CR;
    scratch[used++] = LF;
    return scratch.subarray(0, used);
  }
}

/**
 * The CSV report written byte by byte (see the module comment); same bytes as createCsvStringifyWriter.
 * A row that carries its `csvLine` (formatted ahead by the sorter's spill) is copied as it is.
 */
export function createCsvWriter(sink: ByteSink): FormatWriter {
  const out = new BufferedWriter(sink);
  const formatter = new CsvRowFormatter();
  let headerWritten = false;
  const writeHeader = (): Promise<void> | undefined => {
    headerWritten = true;
    return out.writeBytes(CSV_HEADER);
  };

  return {
    write(row) {
      const header = headerWritten ? undefined : writeHeader();
      const bytes = row.csvLine ?? formatter.format(row);
      if (header === undefined) return out.writeBytes(bytes);
      // The header's flush is pending: copy the row, the formatter's buffer is reused by the next call.
      const copy = Buffer.from(bytes);
      return header.then(() => out.writeBytes(copy));
    },
    async end() {
      if (!headerWritten) await writeHeader();
      await out.flush();
    },
    abort: async () => undefined,
  };
}
