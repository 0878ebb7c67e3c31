/**
 * The canonical JSON line of a record, and the per-field "columns" it is assembled from.
 *
 * A record's line is RFC 8785 canonical JSON of exactly the contract's keys (RECORD_KEYS; any other
 * property is dropped, `undefined` is written as null so every line carries every key). It is assembled
 * from per-field pieces: text fields as plain strings, object/array fields as their own canonical JSON.
 * That is still exactly RFC 8785 (a canonical object is its sorted keys followed by the canonical text of
 * each value), and it lets the writers share one canonicalisation per record: JSONL writes the line,
 * Parquet stores the nested pieces as JSON text columns, CSV takes the text fields.
 *
 * Top-level keys are never passed to json-canonicalize's `exclude` (which drops a key at every depth).
 */
import { RECORD_KEYS, type InventoryRecord } from '../model/record.ts';
import { RecordSerializationError, type ErrorContext } from '../errors.ts';
import { canonicalJson, isInCanonicalOrder } from '../json/canonical-json.ts';

export type RecordKeyName = (typeof RECORD_KEYS)[number];

/** The fields whose values are objects or arrays; their column value is canonical JSON text. */
export const JSON_VALUED_KEYS = ['definedTags', 'freeformTags', 'details', 'relationships'] as const satisfies readonly RecordKeyName[];

type JsonValuedKey = (typeof JSON_VALUED_KEYS)[number];
type TextKey = Exclude<RecordKeyName, JsonValuedKey>;

// Compile-time guard: if the contract gains an object-valued field, it must be added to JSON_VALUED_KEYS.
const textFieldsAreText: InventoryRecord[TextKey] extends string | null ? true : never = true;
void textFieldsAreText;

/**
 * One record's values in RECORD_KEYS order: text fields as they are, object/array fields as canonical
 * JSON text, null for null. The unit the sorter keeps, spills and hands to the writers.
 */
export type RecordColumns = readonly (string | null)[];

/** Column index of a record key, for readers of RecordColumns. */
export function columnIndex(key: RecordKeyName): number {
  return RECORD_KEYS.indexOf(key);
}

const IS_JSON_VALUED: readonly boolean[] = RECORD_KEYS.map((key) => (JSON_VALUED_KEYS as readonly string[]).includes(key));

/**
 * ES2024 String methods (Node 20 has them; the TypeScript lib here is ES2023): a lone UTF-16 surrogate is
 * valid in a JS string but not representable in UTF-8 (CSV and Parquet). Native, several times cheaper
 * than a /\p{Surrogate}/u test on every text field.
 */
interface WellFormedString {
  isWellFormed(): boolean;
  toWellFormed(): string;
}

/**
 * The columns of a record. Validates what the writers rely on: ocid and resourceType are non-empty
 * strings (they are the sort key), text fields are strings or null, the rest is JSON.
 */
export function recordColumns(record: InventoryRecord): (string | null)[] {
  if (record === null || typeof record !== 'object') {
    throw new RecordSerializationError(`An inventory record must be an object, got ${record === null ? 'null' : typeof record}.`);
  }
  for (const key of ['ocid', 'resourceType'] as const) {
    const value: unknown = record[key];
    if (typeof value !== 'string' || value === '') {
      throw new RecordSerializationError(`Record field ${key} must be a non-empty string (it is the sort key), got ${describe(value)}.`, {
        context: { ocid: typeof record.ocid === 'string' ? record.ocid : null, field: key },
      });
    }
  }
  const columns: (string | null)[] = new Array<string | null>(RECORD_KEYS.length);
  for (let index = 0; index < RECORD_KEYS.length; index++) {
    const key = RECORD_KEYS[index]!;
    const value: unknown = record[key];
    if (value === null || value === undefined) {
      columns[index] = null;
    } else if (IS_JSON_VALUED[index]) {
      columns[index] = canonicalJson(value, contextOf(record, key));
    } else if (typeof value === 'string') {
      // JSONL would keep a lone surrogate as a \uXXXX escape while CSV and Parquet (UTF-8) would turn it
      // into U+FFFD; replacing it here (toWellFormed writes U+FFFD) keeps the three formats saying the same thing.
      columns[index] = (value as unknown as WellFormedString).isWellFormed() ? value : (value as unknown as WellFormedString).toWellFormed();
    } else {
      throw new RecordSerializationError(`Record field ${key} must be a string or null, got ${describe(value)}.`, {
        context: contextOf(record, key),
      });
    }
  }
  return columns;
}

interface LinePart {
  /** `{"key":` for the first key, `,"key":` for the others. */
  readonly prefix: string;
  readonly column: number;
  readonly jsonValued: boolean;
}

// RFC 8785 orders keys by UTF-16 code units, which is what `<` on strings compares.
const LINE_PARTS: readonly LinePart[] = RECORD_KEYS.map((key, column) => ({ key, column }))
  .sort((a, b) => (a.key < b.key ? -1 : 1))
  .map(({ key, column }, position) => ({
    prefix: `${position === 0 ? '{' : ','}${JSON.stringify(key)}:`,
    column,
    jsonValued: IS_JSON_VALUED[column] === true,
  }));

/** The canonical JSON line (no trailing newline) of a record given as its columns. */
export function canonicalLineFromColumns(columns: RecordColumns): string {
  let line = '';
  for (const part of LINE_PARTS) {
    const value = columns[part.column] ?? null;
    // JSON.stringify of a string is exactly RFC 8785 string serialisation (and what the library uses).
    line += part.prefix + (value === null ? 'null' : part.jsonValued ? value : JSON.stringify(value));
  }
  return `${line}}`;
}

/** RFC 8785 canonical JSON of a record (no trailing newline): the text of one JSONL line. */
export function canonicalLine(record: InventoryRecord): string {
  return canonicalLineFromColumns(recordColumns(record));
}

/** The record keys in canonical (UTF-16 code unit) order: the order recordFromSummary builds them in. */
export const CANONICAL_RECORD_KEYS: readonly RecordKeyName[] = [...RECORD_KEYS].sort((a, b) => (a < b ? -1 : 1));
const CANONICAL_KEY_IS_JSON_VALUED: readonly boolean[] = CANONICAL_RECORD_KEYS.map((key) => (JSON_VALUED_KEYS as readonly string[]).includes(key));

/**
 * The canonical line of a record that is already exactly what the line says, in one JSON.stringify call;
 * undefined for any other record (which canonicalLine then handles, or rejects by name). "Already" means:
 * a plain object whose own keys are exactly the contract's, in canonical order (recordFromSummary builds
 * records so); ocid and resourceType non-empty strings; text fields strings without lone surrogates, or
 * null; object fields plain JSON in canonical order (isInCanonicalOrder), or null. JSON.stringify then
 * writes exactly what canonicalLine would, at about a third of the cost (one native call instead of a
 * serialisation per field and a concatenation).
 */
export function canonicalLineIfReady(record: InventoryRecord): string | undefined {
  if (record === null || typeof record !== 'object') return undefined;
  const prototype: unknown = Object.getPrototypeOf(record);
  if (prototype !== Object.prototype && prototype !== null) return undefined;
  const keys = Object.keys(record);
  if (keys.length !== CANONICAL_RECORD_KEYS.length) return undefined;
  const values = record as unknown as Record<string, unknown>;
  for (let index = 0; index < keys.length; index++) {
    const key = keys[index] as string;
    if (key !== CANONICAL_RECORD_KEYS[index]) return undefined;
    const value = values[key];
    if (value === null) continue;
    if (CANONICAL_KEY_IS_JSON_VALUED[index] === true) {
      if (typeof value !== 'object' || !isInCanonicalOrder(value)) return undefined;
    } else if (typeof value !== 'string' || !(value as unknown as WellFormedString).isWellFormed()) {
      return undefined;
    }
  }
  if (typeof record.ocid !== 'string' || record.ocid === '' || typeof record.resourceType !== 'string' || record.resourceType === '') return undefined;
  return JSON.stringify(record);
}

function contextOf(record: InventoryRecord, field: string): ErrorContext {
  return { ocid: record.ocid, resourceType: record.resourceType, field };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? JSON.stringify(value) : `a ${typeof value}`;
}
