/**
 * A record in the form the export layer carries it: its sort key and its canonical JSON line as UTF-8
 * bytes, with where each field's value sits in that line.
 *
 * A record is canonicalised once, when it enters the sorter (or taken as it is from an already canonical
 * line, `fromCanonicalLine`). From then on nothing is re-serialised or re-encoded: the sorter spills and
 * merges the bytes as they are (row-codec.ts), the JSONL writer copies the line, the Parquet writer copies
 * each value's bytes into its column, and text is decoded only for what needs text (the key, CSV cells,
 * the graph's few fields). One Buffer per row instead of fifteen strings also keeps the rows the sorter
 * holds out of the JavaScript heap, which cut garbage-collection time and peak RSS (see the bench).
 *
 *   bytes = header | line | '\n'
 *   header = per RECORD_KEYS column: i32 start, i32 end (little-endian) of the value's JSON token within
 *            `line | '\n'` (start -1 for null). A text field's token is its JSON string, quotes included.
 *
 * The full record object is rebuilt only when someone asks (duplicate resolution), because JSON.parse of a
 * whole record is one of the costliest steps at a million records.
 */
import { RECORD_KEYS, type InventoryRecord, type RecordKey } from '../model/record.ts';
import { RecordSerializationError } from '../errors.ts';
import type { ByteAssembler } from '../io/byte-assembler.ts';
import { copyBytes } from '../io/copy-bytes.ts';
import { JSON_VALUED_KEYS, recordColumns, type RecordColumns } from './canonical-json.ts';

const COLUMN_COUNT = RECORD_KEYS.length;
/** Bytes before the line: a start and an end offset per column. */
export const ROW_HEADER_BYTES = COLUMN_COUNT * 8;
const BACKSLASH = 0x5c;
const NULL_BYTES = Buffer.from('null');
const IS_JSON_VALUED: readonly boolean[] = RECORD_KEYS.map((key) => (JSON_VALUED_KEYS as readonly string[]).includes(key));

interface LinePart {
  /** `{"key":` for the first key, `,"key":` for the others. */
  readonly prefix: string;
  readonly key: string;
  readonly column: number;
  readonly jsonValued: boolean;
}

// RFC 8785 orders keys by UTF-16 code units, which is what `<` on strings compares.
const LINE_PARTS: readonly LinePart[] = RECORD_KEYS.map((key, column) => ({ key, column }))
  .sort((a, b) => (a.key < b.key ? -1 : 1))
  .map(({ key, column }, position) => ({
    prefix: `${position === 0 ? '{' : ','}${JSON.stringify(key)}:`,
    key,
    column,
    jsonValued: IS_JSON_VALUED[column] === true,
  }));

/** The private constructor, for this module's functions (set in the class's static block). */
let makeRow: (ocid: string, resourceType: string, bytes: Buffer) => ExportRow;

export class ExportRow implements RecordKey {
  readonly ocid: string;
  readonly resourceType: string;
  /** Header, canonical line and its '\n' (see the module comment). Never modified. */
  readonly bytes: Buffer;
  /**
   * The row's CSV report line (its cells and CRLF) when it was formatted ahead of the export, by the
   * sorter's spill (external-sort.ts); the CSV writer formats rows without one. Never modified.
   */
  readonly csvLine: Buffer | undefined;

  private constructor(ocid: string, resourceType: string, bytes: Buffer, csvLine?: Buffer) {
    this.ocid = ocid;
    this.resourceType = resourceType;
    this.bytes = bytes;
    this.csvLine = csvLine;
  }

  static {
    makeRow = (ocid, resourceType, bytes) => new ExportRow(ocid, resourceType, bytes);
  }

  /** Validates and canonicalises a record (throws RecordSerializationError naming the record and field). */
  static fromRecord(record: InventoryRecord): ExportRow {
    return rowFromColumns(recordColumns(record));
  }

  /**
   * A row from columns this layer produced itself (e.g. `serialize()` output): checks only the shape
   * (RECORD_KEYS.length strings or nulls, non-empty ocid and resourceType), not canonical form.
   */
  static fromColumns(columns: readonly (string | null)[]): ExportRow {
    if (!isColumns(columns) || columns[0] === '' || columns[1] === '') {
      throw new Error(`Not export row columns (expected ${COLUMN_COUNT} strings or nulls with ocid and resourceType first).`);
    }
    return rowFromColumns(columns);
  }

  /**
   * A row from one line of an inventory.jsonl (without its line ending), taken as it is: the row's line is
   * exactly `line`, nothing is re-canonicalised. The line must be canonical as this layer writes it; what
   * is checked is the top level: an object with exactly the contract's keys in canonical order, text fields
   * as JSON strings (escapes well-formed, no raw control characters) or null, object/array fields as a
   * bracket-balanced object or array (strings skipped correctly) or null, non-empty string ocid and
   * resourceType, nothing after the closing brace. Nested values are not re-validated: a line that passes
   * but is not canonical inside gives a row whose line is equally not canonical. Throws
   * RecordSerializationError naming the key and the byte position (in the UTF-8 line) of the first problem.
   */
  static fromCanonicalLine(line: string): ExportRow {
    if (typeof line !== 'string') throw new RecordSerializationError(`A canonical line must be a string, got ${typeof line}.`);
    // UTF-8 takes at most 3 bytes per UTF-16 code unit.
    if (ROW_HEADER_BYTES + line.length * 3 + 1 > scratch.length) scratch = Buffer.allocUnsafeSlow(ROW_HEADER_BYTES + line.length * 3 + 1);
    const lineEnd = ROW_HEADER_BYTES + scratch.write(line, ROW_HEADER_BYTES, 'utf8');
    checkCanonicalLine(scratch, ROW_HEADER_BYTES, lineEnd);
    scratch[lineEnd] = 0x0a;
    const bytes = Buffer.allocUnsafe(lineEnd + 1);
    scratch.copy(bytes, 0, 0, lineEnd + 1);
    return new ExportRow(textAt(bytes, 0) as string, textAt(bytes, 1) as string, bytes);
  }

  /**
   * Rows from lines `from` to `to` (exclusive) of `source`, line i being `source[starts[i], ends[i])`
   * without its line ending, each checked and taken as fromCanonicalLine does; blank lines are skipped.
   * Each line is copied once, into its row (`source` may be reused at once): for reading a file of
   * canonical lines (a region's shard) without decoding a string per line. The first problem is a
   * RecordSerializationError naming line `firstLineNumber + i` and the byte position in it.
   *
   * One buffer per row, from Node's pool like every row's, rather than one buffer for the whole array:
   * measured in the merge of a million records, the one-buffer arrays gave a higher peak RSS.
   */
  static fromCanonicalLines(source: Buffer, starts: readonly number[], ends: readonly number[], from: number, to: number, firstLineNumber = 1): ExportRow[] {
    const rows: ExportRow[] = [];
    for (let index = from; index < to; index++) {
      const start = starts[index]!;
      const end = ends[index]!;
      if (end === start) continue;
      const bytes = Buffer.allocUnsafe(ROW_HEADER_BYTES + end - start + 1);
      const lineEnd = ROW_HEADER_BYTES + source.copy(bytes, ROW_HEADER_BYTES, start, end);
      try {
        checkCanonicalLine(bytes, ROW_HEADER_BYTES, lineEnd);
      } catch (error) {
        if (error instanceof RecordSerializationError) {
          throw new RecordSerializationError(`Line ${firstLineNumber + index}: ${error.message}`, { context: { ...error.context, line: firstLineNumber + index }, cause: error });
        }
        throw error;
      }
      bytes[lineEnd] = 0x0a;
      rows.push(new ExportRow(textAt(bytes, 0) as string, textAt(bytes, 1) as string, bytes));
    }
    return rows;
  }

  /**
   * A row from `bytes` as `row.bytes` holds them (a run file), with its `csvLine` if one was formatted
   * (the caller vouches that it is this row's CSV line); checks the header's bounds.
   */
  static fromBytes(bytes: Buffer, csvLine?: Buffer): ExportRow {
    if (bytes.length < ROW_HEADER_BYTES + 3) throw new Error(`Not export row bytes (${bytes.length} bytes).`);
    const lineLength = bytes.length - ROW_HEADER_BYTES;
    for (let column = 0; column < COLUMN_COUNT; column++) {
      const start = bytes.readInt32LE(column * 8);
      const end = bytes.readInt32LE(column * 8 + 4);
      if (start < -1 || (start >= 0 && (end < start || end > lineLength)) || (column < 2 && start < 0)) {
        throw new Error(`Not export row bytes (column ${column} spans ${start}..${end} of ${lineLength}).`);
      }
    }
    return new ExportRow(textAt(bytes, 0) as string, textAt(bytes, 1) as string, bytes, csvLine);
  }

  /**
   * The rows of a line batch (line-batch.ts): canonical lines this layer serialised itself, as UTF-8,
   * each framed with its length and room for its row header, and ending in '\n'. Each line's value
   * offsets are found by one pass over its bytes (the key prefixes are checked, strings and brackets
   * skipped; nested values are trusted, as this layer wrote them) and written into that room, so the rows
   * are views of the batch itself: no copy. This is how the work of locating values moves off the thread
   * that serialises records (external-sort.ts). The batch's bytes belong to the rows from then on.
   */
  static fromLineBatch(batch: Uint8Array): ExportRow[] {
    const bytes = Buffer.from(batch.buffer, batch.byteOffset, batch.byteLength);
    const rows: ExportRow[] = [];
    for (let at = 0; at < bytes.length; ) {
      if (bytes.length - at < 4 + ROW_HEADER_BYTES) throw new Error(`Line batch ends inside a frame's head at byte ${at} of ${bytes.length}.`);
      const rowEnd = at + 4 + bytes.readUInt32LE(at);
      if (rowEnd > bytes.length) throw new Error(`Line batch ends inside a line at byte ${at} of ${bytes.length}.`);
      const rowStart = at + 4;
      locateValues(bytes, rowStart + ROW_HEADER_BYTES, rowEnd, SCRATCH_STARTS, SCRATCH_ENDS);
      for (let column = 0; column < COLUMN_COUNT; column++) {
        bytes.writeInt32LE(SCRATCH_STARTS[column]!, rowStart + column * 8);
        bytes.writeInt32LE(SCRATCH_ENDS[column]!, rowStart + column * 8 + 4);
      }
      const row = bytes.subarray(rowStart, rowEnd);
      rows.push(new ExportRow(textAt(row, 0) as string, textAt(row, 1) as string, row));
      at = rowEnd;
    }
    return rows;
  }

  /** Rebuilds a row from `serialize()` text. */
  static deserialize(text: string): ExportRow {
    const columns: unknown = JSON.parse(text);
    if (!isColumns(columns)) {
      throw new Error(`Not a serialised export row (expected a JSON array of ${COLUMN_COUNT} strings or nulls): ${text.slice(0, 80)}`);
    }
    return rowFromColumns(columns);
  }

  /** One line of JSON (no newline characters inside): the columns as an array of strings and nulls. */
  serialize(): string {
    return JSON.stringify(Array.from({ length: COLUMN_COUNT }, (_, column) => this.column(column)));
  }

  /** The record's canonical JSON line without the trailing newline (decoded on each call). */
  get line(): string {
    return this.bytes.toString('utf8', ROW_HEADER_BYTES, this.bytes.length - 1);
  }

  /** The canonical line's UTF-8 bytes followed by '\n': one JSONL line, a view of `bytes`. */
  get lineWithNewline(): Buffer {
    return this.bytes.subarray(ROW_HEADER_BYTES);
  }

  /** The value of column `index` (RECORD_KEYS order): text as is, object/array fields as canonical JSON. */
  column(index: number): string | null {
    return IS_JSON_VALUED[index] === true ? jsonAt(this.bytes, index) : textAt(this.bytes, index);
  }

  /** The UTF-8 bytes of column `index`'s value (what `column(index)` encodes to), or null. */
  columnBytes(index: number): Uint8Array | null {
    const bytes = this.bytes;
    const start = bytes.readInt32LE(index * 8);
    if (start < 0) return null;
    const end = bytes.readInt32LE(index * 8 + 4);
    if (IS_JSON_VALUED[index] === true) return bytes.subarray(ROW_HEADER_BYTES + start, ROW_HEADER_BYTES + end);
    const inner = bytes.subarray(ROW_HEADER_BYTES + start + 1, ROW_HEADER_BYTES + end - 1);
    return inner.includes(BACKSLASH) ? Buffer.from(textAt(bytes, index) as string, 'utf8') : inner;
  }

  /**
   * Appends column `index`'s value bytes (what `columnBytes(index)` returns) to `target` at `offset` and
   * returns the bytes written, or -1 for null; `target` must have room (`bytes.length` is always enough).
   * Copies straight from the row, without creating a view per value.
   */
  copyColumn(index: number, target: Buffer, offset: number): number {
    const bytes = this.bytes;
    const start = bytes.readInt32LE(index * 8);
    if (start < 0) return -1;
    const end = bytes.readInt32LE(index * 8 + 4);
    if (IS_JSON_VALUED[index] === true) return copyBytes(bytes, ROW_HEADER_BYTES + start, ROW_HEADER_BYTES + end, target, offset);
    if (!this.#hasEscapes()) return copyBytes(bytes, ROW_HEADER_BYTES + start + 1, ROW_HEADER_BYTES + end - 1, target, offset);
    const value = this.columnBytes(index) as Uint8Array;
    target.set(value, offset);
    return value.length;
  }

  /**
   * Appends column `index`'s value as canonical JSON text: an object/array value as it stands in the line,
   * a text value as its JSON string (JSON.stringify's form, which is RFC 8785's), null as `null`. Copied
   * from the line when the line holds no backslash: a string token without escapes is exactly what
   * JSON.stringify writes for its text (control characters and lone surrogates cannot stand raw in a
   * valid line); otherwise the text is decoded and stringified, so a line with needless escapes still
   * gives canonical output.
   */
  appendColumnJson(index: number, out: ByteAssembler): void {
    const bytes = this.bytes;
    const start = bytes.readInt32LE(index * 8);
    if (start < 0) {
      out.append(NULL_BYTES);
      return;
    }
    if (IS_JSON_VALUED[index] === true || !this.#hasEscapes()) {
      out.appendRange(bytes, ROW_HEADER_BYTES + start, ROW_HEADER_BYTES + bytes.readInt32LE(index * 8 + 4));
      return;
    }
    out.appendText(JSON.stringify(textAt(bytes, index)));
  }

  #escapes: boolean | undefined;

  /** Whether the line holds any backslash: without one, every text value is its token minus the quotes. */
  #hasEscapes(): boolean {
    this.#escapes ??= this.bytes.indexOf(BACKSLASH, ROW_HEADER_BYTES) !== -1;
    return this.#escapes;
  }

  /** The values in RECORD_KEYS order, each decoded when read (`columns[i]` costs what `column(i)` costs). */
  get columns(): RecordColumns {
    return new LazyColumns(this) as unknown as RecordColumns;
  }

  /** The record itself, parsed from its canonical line (keys in canonical order). */
  toRecord(): InventoryRecord {
    return JSON.parse(this.line) as InventoryRecord;
  }
}


/** An array-like view of a row's columns: index reads decode one column, nothing is decoded up front. */
class LazyColumns {
  readonly row: ExportRow;
  readonly length = COLUMN_COUNT;

  constructor(row: ExportRow) {
    this.row = row;
  }

  *[Symbol.iterator](): IterableIterator<string | null> {
    for (let column = 0; column < COLUMN_COUNT; column++) yield this.row.column(column);
  }
}
for (let column = 0; column < COLUMN_COUNT; column++) {
  Object.defineProperty(LazyColumns.prototype, column, {
    get(this: LazyColumns) {
      return this.row.column(column);
    },
    enumerable: true,
  });
}

function textAt(bytes: Buffer, index: number): string | null {
  const start = bytes.readInt32LE(index * 8);
  if (start < 0) return null;
  const end = bytes.readInt32LE(index * 8 + 4);
  const from = ROW_HEADER_BYTES + start;
  const to = ROW_HEADER_BYTES + end;
  const escaped = bytes.indexOf(BACKSLASH, from + 1);
  if (escaped === -1 || escaped >= to - 1) return bytes.toString('utf8', from + 1, to - 1);
  return JSON.parse(bytes.toString('utf8', from, to)) as string;
}

function jsonAt(bytes: Buffer, index: number): string | null {
  const start = bytes.readInt32LE(index * 8);
  if (start < 0) return null;
  return bytes.toString('utf8', ROW_HEADER_BYTES + start, ROW_HEADER_BYTES + bytes.readInt32LE(index * 8 + 4));
}

/**
 * Offsets of the row being assembled: rowFromLine copies them into the row's header at once, so one pair
 * serves every row (two typed arrays per record were a measurable share of the garbage).
 */
const SCRATCH_STARTS = new Int32Array(COLUMN_COUNT);
const SCRATCH_ENDS = new Int32Array(COLUMN_COUNT);

/** Assembles the canonical line from columns (see canonical-json.ts: still exactly RFC 8785). */
function rowFromColumns(columns: RecordColumns): ExportRow {
  const starts = SCRATCH_STARTS;
  const ends = SCRATCH_ENDS;
  let line = '';
  for (const part of LINE_PARTS) {
    const value = columns[part.column] ?? null;
    line += part.prefix;
    if (value === null) {
      starts[part.column] = -1;
      line += 'null';
    } else {
      starts[part.column] = line.length;
      // JSON.stringify of a string is exactly RFC 8785 string serialisation (and what the library uses).
      line += part.jsonValued ? value : JSON.stringify(value);
    }
    ends[part.column] = line.length;
  }
  // The key columns are the strings the line was built from: no need to decode them back out of the bytes.
  return rowFromLine(`${line}}\n`, starts, ends, columns[0] as string, columns[1] as string);
}

/**
 * Where rows are encoded before being copied into a buffer of their exact size: encoding straight into
 * a right-sized buffer would need Buffer.byteLength first, a second pass over the (concatenated, so
 * first flattened) line that measured ~3 us per 1.4 KB record.
 */
let scratch = Buffer.allocUnsafeSlow(1 << 16);

/**
 * The row of `text` (line and '\n') given each value's start and end as UTF-16 offsets in it; `ocid` and
 * `resourceType` when the caller already has them as strings, else they are decoded from the bytes.
 */
function rowFromLine(text: string, starts: Int32Array, ends: Int32Array, ocid?: string, resourceType?: string): ExportRow {
  // UTF-8 takes at most 3 bytes per UTF-16 code unit.
  if (ROW_HEADER_BYTES + text.length * 3 > scratch.length) scratch = Buffer.allocUnsafeSlow(ROW_HEADER_BYTES + text.length * 3);
  const byteLength = scratch.write(text, ROW_HEADER_BYTES, 'utf8');
  // Offsets are UTF-16 positions; in an all-ASCII line (the usual case) they are byte positions too.
  if (byteLength !== text.length) toUtf8Offsets(text, starts, ends);
  for (let column = 0; column < COLUMN_COUNT; column++) {
    const start = starts[column]!;
    scratch.writeInt32LE(start < 0 ? -1 : start, column * 8);
    scratch.writeInt32LE(start < 0 ? 0 : ends[column]!, column * 8 + 4);
  }
  const bytes = Buffer.allocUnsafe(ROW_HEADER_BYTES + byteLength);
  scratch.copy(bytes, 0, 0, ROW_HEADER_BYTES + byteLength);
  return makeRow(ocid ?? (textAt(bytes, 0) as string), resourceType ?? (textAt(bytes, 1) as string), bytes);
}

/**
 * Turns the UTF-16 offsets in `starts` and `ends` (start -1: null) into UTF-8 byte offsets of `text`,
 * measuring each stretch between consecutive offsets once (Buffer.byteLength of every prefix cost ~30
 * passes over a non-ASCII line; a JavaScript loop over its characters ~15 us). Offsets sit at JSON token
 * boundaries, never inside a surrogate pair, so the stretches add up to the line's byte offsets.
 */
function toUtf8Offsets(text: string, starts: Int32Array, ends: Int32Array): void {
  const offsets: number[] = [];
  for (let column = 0; column < COLUMN_COUNT; column++) {
    if (starts[column]! >= 0) offsets.push(starts[column]!, ends[column]!);
  }
  offsets.sort((a, b) => a - b);
  const bytesAt = new Map<number, number>();
  let unit = 0;
  let bytes = 0;
  for (const target of offsets) {
    if (target > unit) {
      bytes += Buffer.byteLength(text.slice(unit, target), 'utf8');
      unit = target;
    }
    bytesAt.set(target, bytes);
  }
  for (let column = 0; column < COLUMN_COUNT; column++) {
    if (starts[column]! < 0) continue;
    starts[column] = bytesAt.get(starts[column]!)!;
    ends[column] = bytesAt.get(ends[column]!)!;
  }
}

const PREFIX_BYTES: readonly Buffer[] = LINE_PARTS.map((part) => Buffer.from(part.prefix, 'utf8'));
const QUOTE = 0x22;

/**
 * The line part whose value is never scanned: `details`, most of a line's bytes. locateValues scans the
 * parts before it forwards and the parts after it backwards from the line's end; what lies between is the
 * details value. (Measured at 1M emulator records, scanning every byte was ~6 s of the spill thread.)
 */
const UNSCANNED_PART = LINE_PARTS.findIndex((part) => part.key === 'details');

/**
 * Fills `starts`/`ends` (value token offsets relative to `from`; start -1 and end 0 for null) for the line
 * `bytes[from, end)` (its '\n' last), one this layer serialised: the key prefixes must be where canonical
 * order puts them, or this throws (a line from elsewhere, or a bug, never becomes a row with wrong offsets).
 * The details value is located without reading it (see UNSCANNED_PART): its extent is what the other
 * values leave, and only its first and last bytes are checked.
 */
function locateValues(bytes: Buffer, from: number, end: number, starts: Int32Array, ends: Int32Array): void {
  if (bytes[end - 1] !== 0x0a || bytes[end - 2] !== 0x7d) throw notOwnLine(bytes, from, end, end - 2, 'expected "}" and the line end');
  let at = from;
  for (let part = 0; part < UNSCANNED_PART; part++) {
    at = matchPrefix(bytes, from, end, at, part);
    const column = LINE_PARTS[part]!.column;
    const first = bytes[at];
    if (first === 0x6e) {
      starts[column] = -1;
      ends[column] = 0;
      at += 4;
      continue;
    }
    const start = at;
    at = first === QUOTE ? endOfStringBytes(bytes, at, end) : endOfCompositeBytes(bytes, at, end);
    if (at < 0) throw notOwnLine(bytes, from, end, start, `unterminated value of ${LINE_PARTS[part]!.key}`);
    starts[column] = start - from;
    ends[column] = at - from;
  }
  const unscannedStart = matchPrefix(bytes, from, end, at, UNSCANNED_PART);
  // Backwards from the closing brace: each value ends where the next part's prefix (or the brace) begins.
  let valueEnd = end - 2;
  for (let part = LINE_PARTS.length - 1; part > UNSCANNED_PART; part--) {
    const column = LINE_PARTS[part]!.column;
    const last = bytes[valueEnd - 1];
    let start: number;
    if (last === 0x6c && bytes[valueEnd - 4] === 0x6e) {
      start = valueEnd - 4;
      starts[column] = -1;
      ends[column] = 0;
    } else {
      start = last === QUOTE ? openingQuoteBefore(bytes, valueEnd - 1, unscannedStart) : startOfCompositeBytes(bytes, valueEnd - 1, unscannedStart);
      if (start < 0) throw notOwnLine(bytes, from, end, valueEnd - 1, `no start to the value of ${LINE_PARTS[part]!.key}`);
      starts[column] = start - from;
      ends[column] = valueEnd - from;
    }
    valueEnd = start - PREFIX_BYTES[part]!.length;
    if (valueEnd < unscannedStart) throw notOwnLine(bytes, from, end, start, `expected ${JSON.stringify(LINE_PARTS[part]!.prefix)}`);
    matchPrefix(bytes, from, end, valueEnd, part);
  }
  const column = LINE_PARTS[UNSCANNED_PART]!.column;
  const first = bytes[unscannedStart];
  const last = bytes[valueEnd - 1];
  if (valueEnd - unscannedStart === 4 && first === 0x6e && bytes.toString('latin1', unscannedStart, valueEnd) === 'null') {
    starts[column] = -1;
    ends[column] = 0;
  } else if ((first === 0x7b && last === 0x7d) || (first === 0x5b && last === 0x5d)) {
    starts[column] = unscannedStart - from;
    ends[column] = valueEnd - from;
  } else {
    throw notOwnLine(bytes, from, end, unscannedStart, `expected an object, an array or null as ${LINE_PARTS[UNSCANNED_PART]!.key}`);
  }
}

/** Checks that line part `part`'s prefix is at `at`; returns where its value starts. */
function matchPrefix(bytes: Buffer, from: number, end: number, at: number, part: number): number {
  const prefix = PREFIX_BYTES[part]!;
  for (let index = 0; index < prefix.length; index++) {
    if (bytes[at + index] !== prefix[index]) throw notOwnLine(bytes, from, end, at, `expected ${JSON.stringify(LINE_PARTS[part]!.prefix)}`);
  }
  return at + prefix.length;
}

/**
 * The opening quote of the JSON string whose closing quote is at `close`, not looking before `floor`; or
 * -1. Inside a string a quote is always escaped, so the opening quote is the nearest one before `close`
 * preceded by an even number of backslashes (`\\"` ends a string, `\"` does not).
 */
function openingQuoteBefore(bytes: Buffer, close: number, floor: number): number {
  for (let index = close - 1; index >= floor; index--) {
    if (bytes[index] !== QUOTE) continue;
    let backslashes = 0;
    while (index - 1 - backslashes >= floor && bytes[index - 1 - backslashes] === BACKSLASH) backslashes++;
    if ((backslashes & 1) === 0) return index;
  }
  return -1;
}

/** The opening bracket of the object or array whose closing bracket is at `close`, not before `floor`; or -1. */
function startOfCompositeBytes(bytes: Buffer, close: number, floor: number): number {
  let depth = 0;
  for (let index = close; index >= floor; index--) {
    const byte = bytes[index];
    if (byte === QUOTE) {
      // Outside a string, a quote closes one: continue before its opening quote.
      index = openingQuoteBefore(bytes, index, floor);
      if (index < 0) return -1;
    } else if (byte === 0x7d || byte === 0x5d) {
      depth++;
    } else if (byte === 0x7b || byte === 0x5b) {
      depth--;
      if (depth === 0) return index;
    }
  }
  return -1;
}

/** The end (exclusive) of the JSON string whose quote is at `start`, or -1. UTF-8 continuation bytes are >= 0x80. */
function endOfStringBytes(bytes: Buffer, start: number, end: number): number {
  for (let index = start + 1; index < end; index++) {
    const byte = bytes[index];
    if (byte === QUOTE) return index + 1;
    if (byte === BACKSLASH) index++;
  }
  return -1;
}

/** The end (exclusive) of the object or array opening at `start`, or -1. */
function endOfCompositeBytes(bytes: Buffer, start: number, end: number): number {
  let depth = 0;
  for (let index = start; index < end; index++) {
    const byte = bytes[index];
    if (byte === QUOTE) {
      const after = endOfStringBytes(bytes, index, end);
      if (after < 0) return -1;
      index = after - 1;
    } else if (byte === 0x7b || byte === 0x5b) {
      depth++;
    } else if (byte === 0x7d || byte === 0x5d) {
      depth--;
      if (depth === 0) return index + 1;
    }
  }
  return -1;
}

function notOwnLine(bytes: Buffer, from: number, end: number, at: number, problem: string): Error {
  const near = bytes.toString('utf8', Math.max(from, at - 20), Math.min(end, at + 40));
  return new Error(`Not a canonical line of this export layer at byte ${at - from}: ${problem}. Near: ${JSON.stringify(near)}`);
}

/**
 * Checks the line `bytes[from, end)` (no line ending) as fromCanonicalLine describes and writes its header
 * (the value offsets, relative to `from`) into the ROW_HEADER_BYTES before `from`. JSON's structure is
 * ASCII and every byte of a multi-byte UTF-8 character is >= 0x80, so the checks work on the bytes as they
 * would on the text, and the offsets are byte offsets without conversion.
 */
function checkCanonicalLine(bytes: Buffer, from: number, end: number): void {
  const header = from - ROW_HEADER_BYTES;
  let at = from;
  for (let part = 0; part < LINE_PARTS.length; part++) {
    const { key, column, jsonValued, prefix: prefixText } = LINE_PARTS[part]!;
    const prefix = PREFIX_BYTES[part]!;
    for (let index = 0; index < prefix.length; index++) {
      if (bytes[at + index] !== prefix[index]) throw malformedLine(bytes, from, end, at, `expected ${JSON.stringify(prefixText)} (key ${key}, keys in canonical order, no spaces)`);
    }
    at += prefix.length;
    let valueEnd: number;
    const first = bytes[at];
    if (first === 0x6e && bytes[at + 1] === 0x75 && bytes[at + 2] === 0x6c && bytes[at + 3] === 0x6c && at + 4 <= end) {
      bytes.writeInt32LE(-1, header + column * 8);
      bytes.writeInt32LE(0, header + column * 8 + 4);
      at += 4;
      continue;
    }
    if (jsonValued) {
      if (first !== 0x7b && first !== 0x5b) throw malformedLine(bytes, from, end, at, `${key} must be an object, an array or null`);
      valueEnd = skipComposite(bytes, from, end, at, key);
    } else {
      if (first !== QUOTE) throw malformedLine(bytes, from, end, at, `${key} must be a string or null`);
      valueEnd = skipString(bytes, from, end, at, key);
    }
    bytes.writeInt32LE(at - from, header + column * 8);
    bytes.writeInt32LE(valueEnd - from, header + column * 8 + 4);
    at = valueEnd;
  }
  if (at !== end - 1 || bytes[at] !== 0x7d) throw malformedLine(bytes, from, end, at, 'expected the closing "}" as the last character');
  for (const column of [0, 1]) {
    const start = bytes.readInt32LE(header + column * 8);
    if (start < 0 || bytes.readInt32LE(header + column * 8 + 4) - start < 3) {
      throw malformedLine(bytes, from, end, from + Math.max(0, start), `${RECORD_KEYS[column]} must be a non-empty string (it is the sort key)`);
    }
  }
}

/** The end (exclusive) of the JSON string whose quote is at `start`, validating its escapes. */
function skipString(bytes: Buffer, from: number, end: number, start: number, key: string): number {
  for (let index = start + 1; index < end; index++) {
    const byte = bytes[index]!;
    if (byte === QUOTE) return index + 1;
    if (byte < 0x20) throw malformedLine(bytes, from, end, index, `${key} holds a raw control character inside a string`);
    if (byte === BACKSLASH) {
      const next = bytes[index + 1];
      if (next === 0x75) {
        for (let digit = index + 2; digit < index + 6; digit++) {
          if (digit >= end || !isHexDigit(bytes[digit]!)) throw malformedLine(bytes, from, end, index, `${key} holds a malformed \\u escape`);
        }
        index += 5;
      } else if (next === 0x22 || next === 0x5c || next === 0x2f || next === 0x62 || next === 0x66 || next === 0x6e || next === 0x72 || next === 0x74) {
        index += 1;
      } else {
        throw malformedLine(bytes, from, end, index, `${key} holds an invalid escape`);
      }
    }
  }
  throw malformedLine(bytes, from, end, start, `${key} has an unterminated string`);
}

function isHexDigit(byte: number): boolean {
  return (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66);
}

/**
 * The closing brackets skipComposite still expects, innermost last: one array for every call (it never
 * nests), not a new one per object/array value, three of which every record has.
 */
const CLOSERS_EXPECTED: number[] = [];

/** The end (exclusive) of the object or array starting at `start`, brackets balanced, strings skipped. */
function skipComposite(bytes: Buffer, from: number, end: number, start: number, key: string): number {
  const open = CLOSERS_EXPECTED;
  open.length = 0;
  for (let index = start; index < end; index++) {
    const byte = bytes[index]!;
    if (byte === QUOTE) {
      index = skipString(bytes, from, end, index, key) - 1;
    } else if (byte === 0x7b || byte === 0x5b) {
      open.push(byte === 0x7b ? 0x7d : 0x5d);
    } else if (byte === 0x7d || byte === 0x5d) {
      if (open.pop() !== byte) throw malformedLine(bytes, from, end, index, `${key} has unbalanced brackets`);
      if (open.length === 0) return index + 1;
    } else if (byte < 0x20) {
      throw malformedLine(bytes, from, end, index, `${key} holds a raw control character`);
    }
  }
  throw malformedLine(bytes, from, end, start, `${key} is not closed`);
}

function malformedLine(bytes: Buffer, from: number, end: number, at: number, problem: string): RecordSerializationError {
  const line = bytes.toString('utf8', from, end);
  const ocid = /"ocid":"([^"\\]{1,200})"/.exec(line)?.[1] ?? null;
  const position = at - from;
  const near = bytes.toString('utf8', Math.max(from, at - 20), Math.min(end, at + 40));
  return new RecordSerializationError(`Not a canonical inventory line at byte ${position}: ${problem}. Near: ${JSON.stringify(near)}`, {
    context: { ocid, position },
  });
}

// Keys 0 and 1 are ocid and resourceType: checked so the class can expose them as plain strings.
const keyColumnsFirst: [(typeof RECORD_KEYS)[0], (typeof RECORD_KEYS)[1]] = ['ocid', 'resourceType'];
void keyColumnsFirst;

function isColumns(value: unknown): value is RecordColumns {
  return (
    Array.isArray(value) &&
    value.length === COLUMN_COUNT &&
    typeof value[0] === 'string' &&
    typeof value[1] === 'string' &&
    value.every((cell) => cell === null || typeof cell === 'string')
  );
}
