/**
 * Builds Apache Arrow record batches of export rows: one Utf8 column per RECORD_KEYS entry, in that
 * order, with the object/array fields as their canonical JSON text and nulls as Arrow nulls.
 *
 * Columns are assembled directly with `makeData` (offsets + UTF-8 bytes + validity bitmap):
 * `tableFromArrays` would make dictionary columns and the generic builders are several times slower.
 */
import { Field, RecordBatch, Schema, Struct, Utf8, makeData, type Data } from 'apache-arrow';
import { RECORD_KEYS } from '../model/record.ts';
import type { ExportRow } from './export-row.ts';

/** ocid and resourceType are never null (they are the key); every other column may be. */
const NEVER_NULL: ReadonlySet<string> = new Set(['ocid', 'resourceType']);

export const EXPORT_ARROW_FIELDS: readonly Field<Utf8>[] = RECORD_KEYS.map((key) => new Field(key, new Utf8(), !NEVER_NULL.has(key)));
export const EXPORT_ARROW_SCHEMA = new Schema([...EXPORT_ARROW_FIELDS]);

/** Collects rows and turns them into one RecordBatch at a time. */
export class ArrowBatchBuilder {
  #columns: (string | null)[][] = RECORD_KEYS.map(() => []);
  #length = 0;

  get length(): number {
    return this.#length;
  }

  add(row: ExportRow): void {
    for (let column = 0; column < this.#columns.length; column++) this.#columns[column]!.push(row.columns[column] ?? null);
    this.#length++;
  }

  /** The collected rows as a batch; the builder is empty afterwards. */
  build(): RecordBatch {
    const children = this.#columns.map((values) => utf8Column(values));
    const batch = new RecordBatch(
      EXPORT_ARROW_SCHEMA,
      makeData({ type: new Struct([...EXPORT_ARROW_FIELDS]), length: this.#length, nullCount: 0, children }),
    );
    this.#columns = RECORD_KEYS.map(() => []);
    this.#length = 0;
    return batch;
  }
}

function utf8Column(values: readonly (string | null)[]): Data<Utf8> {
  const length = values.length;
  const valueOffsets = new Int32Array(length + 1);
  let totalBytes = 0;
  for (const value of values) if (value !== null) totalBytes += Buffer.byteLength(value, 'utf8');
  const bytes = Buffer.allocUnsafeSlow(totalBytes); // not from the shared pool: Arrow keeps a view of it
  const validity = new Uint8Array((length + 7) >> 3);
  let nullCount = 0;
  let offset = 0;
  for (let index = 0; index < length; index++) {
    const value = values[index] ?? null;
    if (value === null) {
      nullCount++;
    } else {
      offset += bytes.write(value, offset, 'utf8');
      validity[index >> 3]! |= 1 << (index & 7);
    }
    valueOffsets[index + 1] = offset;
  }
  return makeData({ type: new Utf8(), length, nullCount, nullBitmap: validity, valueOffsets, data: bytes });
}
