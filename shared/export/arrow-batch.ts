/**
 * Builds batches of export rows for the Parquet encoder: one Utf8 column per RECORD_KEYS entry, in that
 * order, with the object/array fields as their canonical JSON text and nulls as Arrow nulls.
 *
 * A batch is first a ColumnBatch: per column the Arrow Utf8 buffers themselves (offsets, UTF-8 bytes,
 * validity bitmap), as plain typed arrays, which the encoder (parquet-encoder.ts) writes as Arrow IPC and
 * `toRecordBatch` wraps as Arrow Data with `makeData` (no copy; `tableFromArrays` would make dictionary
 * columns and the generic builders are several times slower). The builder runs on the Parquet writer's
 * thread; a batch for the encoder thread crosses as an IPC stream (see parquet-writer.ts).
 */
import { Field, RecordBatch, Schema, Struct, Utf8, makeData, type Data } from 'apache-arrow';
import { RECORD_KEYS } from '../model/record.ts';
import type { ExportRow } from './export-row.ts';

/** ocid and resourceType are never null (they are the key); every other column may be. */
const NEVER_NULL: ReadonlySet<string> = new Set(['ocid', 'resourceType']);

export const EXPORT_ARROW_FIELDS: readonly Field<Utf8>[] = RECORD_KEYS.map((key) => new Field(key, new Utf8(), !NEVER_NULL.has(key)));
export const EXPORT_ARROW_SCHEMA = new Schema([...EXPORT_ARROW_FIELDS]);

/** One Utf8 column's Arrow buffers. */
export interface Utf8ColumnBuffers {
  /** length + 1 byte offsets into `data`. */
  valueOffsets: Int32Array;
  data: Uint8Array;
  /** Bit i set when row i is not null. */
  nullBitmap: Uint8Array;
  nullCount: number;
}

/** A batch of rows as column buffers (RECORD_KEYS order). */
export interface ColumnBatch {
  length: number;
  columns: Utf8ColumnBuffers[];
}

/**
 * Collects rows and turns them into one batch at a time. Each value's UTF-8 bytes are copied from the row
 * (ExportRow.columnBytes) into its column as the row arrives: no text is decoded or encoded.
 */
export class ArrowBatchBuilder {
  #columns: Utf8ColumnBuilder[] = RECORD_KEYS.map(() => new Utf8ColumnBuilder());
  #length = 0;

  get length(): number {
    return this.#length;
  }

  add(row: ExportRow): void {
    for (let column = 0; column < this.#columns.length; column++) this.#columns[column]!.add(row, column);
    this.#length++;
  }

  /**
   * The collected rows as column buffers; the builder is empty afterwards. By default the batch owns its
   * buffers (nothing else writes to them) and the builder starts new ones. With `lend`, the batch views
   * the builder's own buffers, which the next `add` overwrites: for a consumer that is done with the batch
   * before then (an encoder on the same thread copies it at once, which is how both the writer's thread
   * and the encoder thread use it). The buffers then serve every batch, instead of each batch leaving its
   * buffers as garbage (see parquet-writer.ts).
   */
  buildColumns(options: { lend?: boolean } = {}): ColumnBatch {
    const lend = options.lend === true;
    const batch = { length: this.#length, columns: this.#columns.map((column) => column.build(lend)) };
    if (!lend) this.#columns = RECORD_KEYS.map(() => new Utf8ColumnBuilder());
    this.#length = 0;
    return batch;
  }

  /** The collected rows as an Arrow batch; the builder is empty afterwards. */
  build(): RecordBatch {
    return toRecordBatch(this.buildColumns());
  }
}

/** Wraps a ColumnBatch's buffers as an Arrow RecordBatch of EXPORT_ARROW_SCHEMA (no copy). */
export function toRecordBatch(batch: ColumnBatch): RecordBatch {
  const children: Data<Utf8>[] = batch.columns.map((column) =>
    makeData({
      type: new Utf8(),
      length: batch.length,
      nullCount: column.nullCount,
      nullBitmap: column.nullBitmap,
      valueOffsets: column.valueOffsets,
      data: column.data,
    }),
  );
  return new RecordBatch(EXPORT_ARROW_SCHEMA, makeData({ type: new Struct([...EXPORT_ARROW_FIELDS]), length: batch.length, nullCount: 0, children }));
}

/**
 * One Utf8 column being filled: values appended as bytes into a growing buffer. Buffers are not from the
 * shared pool: a batch built without `lend` owns them whole.
 */
class Utf8ColumnBuilder {
  #data = Buffer.allocUnsafeSlow(1 << 16);
  #used = 0;
  #offsets = new Int32Array(1024 + 1);
  #validity = new Uint8Array((1024 + 1 + 7) >> 3);
  #length = 0;
  #nullCount = 0;
  /** Validity bytes of a lent batch, cleared when the next batch starts (the batch still reads them until then). */
  #lentValidityBytes = 0;

  add(row: ExportRow, column: number): void {
    const index = this.#length;
    if (this.#lentValidityBytes > 0) {
      this.#validity.fill(0, 0, this.#lentValidityBytes);
      this.#lentValidityBytes = 0;
    }
    if (index + 1 >= this.#offsets.length) {
      const offsets = new Int32Array(this.#offsets.length * 2);
      offsets.set(this.#offsets);
      this.#offsets = offsets;
      const validity = new Uint8Array((offsets.length + 7) >> 3);
      validity.set(this.#validity);
      this.#validity = validity;
    }
    // A value is never longer than its row's bytes: room for those means room for the value.
    if (this.#used + row.bytes.length > this.#data.length) {
      const grown = Buffer.allocUnsafeSlow(Math.max(this.#used + row.bytes.length, this.#data.length * 2));
      this.#data.copy(grown, 0, 0, this.#used);
      this.#data = grown;
    }
    const written = row.copyColumn(column, this.#data, this.#used);
    if (written < 0) {
      this.#nullCount++;
    } else {
      this.#used += written;
      this.#validity[index >> 3]! |= 1 << (index & 7);
    }
    this.#length = index + 1;
    this.#offsets[index + 1] = this.#used;
  }

  /** The column's buffers; with `lend`, views of this builder's buffers, which it then refills from row 0. */
  build(lend: boolean): Utf8ColumnBuffers {
    const length = this.#length;
    const buffers = {
      valueOffsets: this.#offsets.subarray(0, length + 1),
      data: new Uint8Array(this.#data.buffer, this.#data.byteOffset, this.#used),
      nullBitmap: this.#validity.subarray(0, (length + 7) >> 3),
      nullCount: this.#nullCount,
    };
    if (lend) {
      this.#lentValidityBytes = (length + 7) >> 3;
      this.#length = 0;
      this.#used = 0;
      this.#nullCount = 0;
    }
    return buffers;
  }
}
