/**
 * A record in the form the export layer carries it: its sort key and its columns (see canonical-json.ts).
 * A record is canonicalised once, when it enters the sorter; spilling, merging and all three writers then
 * work from the columns, and the full record object is rebuilt only when someone asks (duplicate
 * resolution), because JSON.parse of a whole record is one of the costliest steps at a million records.
 */
import { RECORD_KEYS, type InventoryRecord, type RecordKey } from '../model/record.ts';
import { canonicalLineFromColumns, recordColumns, type RecordColumns } from './canonical-json.ts';

export class ExportRow implements RecordKey {
  readonly ocid: string;
  readonly resourceType: string;
  /** Values in RECORD_KEYS order; see RecordColumns. */
  readonly columns: RecordColumns;

  private constructor(columns: RecordColumns) {
    this.columns = columns;
    this.ocid = columns[0] as string;
    this.resourceType = columns[1] as string;
  }

  /** Validates and canonicalises a record (throws RecordSerializationError naming the record and field). */
  static fromRecord(record: InventoryRecord): ExportRow {
    return new ExportRow(recordColumns(record));
  }

  /** Rebuilds a row from `serialize()` text, e.g. a line of a spilled sort run. */
  static deserialize(text: string): ExportRow {
    const columns: unknown = JSON.parse(text);
    if (!isColumns(columns)) {
      throw new Error(`Not a serialised export row (expected a JSON array of ${RECORD_KEYS.length} strings or nulls): ${text.slice(0, 80)}`);
    }
    return new ExportRow(columns);
  }

  /** One line of JSON (no newline characters inside): the columns as an array of strings and nulls. */
  serialize(): string {
    return JSON.stringify(this.columns);
  }

  /** The record's canonical JSON line without the trailing newline. Computed on each call, not cached. */
  get line(): string {
    return canonicalLineFromColumns(this.columns);
  }

  /** The record itself, parsed from its canonical line (keys in canonical order). */
  toRecord(): InventoryRecord {
    return JSON.parse(this.line) as InventoryRecord;
  }
}

// Keys 0 and 1 are ocid and resourceType: checked so the class can expose them as plain strings.
const keyColumnsFirst: [(typeof RECORD_KEYS)[0], (typeof RECORD_KEYS)[1]] = ['ocid', 'resourceType'];
void keyColumnsFirst;

function isColumns(value: unknown): value is RecordColumns {
  return (
    Array.isArray(value) &&
    value.length === RECORD_KEYS.length &&
    typeof value[0] === 'string' &&
    typeof value[1] === 'string' &&
    value.every((cell) => cell === null || typeof cell === 'string')
  );
}
