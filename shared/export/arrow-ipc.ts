/**
 * Arrow IPC stream bytes of one ColumnBatch (schema message, record batch message, end-of-stream marker):
 * what parquet-encoder.ts hands to parquet-wasm (`Table.fromIPCStream`, which copies the bytes into wasm
 * memory). On the encoder's own thread they are written into one buffer reused from batch to batch
 * (ArrowIpcStreamWriter); for the encoder thread, into a transferable buffer that the thread hands back
 * for a later batch (transferableIpcStream, see parquet-thread.ts).
 *
 * apache-arrow's `tableToIPC` gives the same bytes (test/export-arrow-ipc.test.ts pins that) but allocates
 * a new buffer of the batch's size for every batch, after wrapping the batch in Data, Vector and Table
 * objects. Those buffers die at once, yet V8 frees an ArrayBuffer only when a garbage collection finds it,
 * and it lets tens of MB of such external garbage pile up first (measured at 1M records: up to ~40 MB above
 * the live buffers). Reusing buffers removes that churn.
 *
 * Layout (the Arrow IPC streaming format, as apache-arrow writes it): each message is the continuation
 * marker 0xFFFFFFFF, the int32 length of the flatbuffer metadata padded to 8 bytes, the metadata, then the
 * body. A Utf8 column contributes one field node and three body buffers: the validity bitmap (empty when
 * the column has no null), the offsets and the data, each padded to a multiple of 8 bytes.
 */
import { Message } from 'apache-arrow';
import { BufferRegion, FieldNode, RecordBatch as RecordBatchHeader } from 'apache-arrow/ipc/metadata/message';
import { EXPORT_ARROW_SCHEMA, type ColumnBatch } from './arrow-batch.ts';

const CONTINUATION = 0xffffffff;
const END_OF_STREAM_BYTES = 8;

/** Writes IPC streams of ColumnBatches (EXPORT_ARROW_SCHEMA) into a buffer of its own. */
export class ArrowIpcStreamWriter {
  #buffer = Buffer.alloc(0);

  /**
   * The IPC stream of `batch`: a view of this writer's buffer, valid until the next call (copy it, or be
   * done with it, before then).
   */
  write(batch: ColumnBatch): Uint8Array {
    return encodeIpcStream(batch, (size) => {
      // Not from the shared pool (Buffer.allocUnsafe may slice it): a buffer of its own, grown by half again.
      if (this.#buffer.byteLength < size) this.#buffer = Buffer.allocUnsafeSlow(Math.max(size, Math.ceil(this.#buffer.byteLength * 1.5)));
      return this.#buffer;
    });
  }
}

/**
 * The IPC stream of `batch` in an ArrayBuffer of its own, to transfer to another thread: written into
 * `spare` when it is large enough (a buffer handed back after an earlier batch), else into a new one with
 * a quarter to spare, so that later batches of a similar size fit it. Returns a view of the stream; its
 * `.buffer` is what to transfer.
 */
export function transferableIpcStream(batch: ColumnBatch, spare?: ArrayBuffer): Uint8Array {
  return encodeIpcStream(batch, (size) => Buffer.from(spare !== undefined && spare.byteLength >= size ? spare : new ArrayBuffer(Math.ceil(size * 1.25))));
}

/** Writes the stream of `batch` at the start of the buffer `room(size)` returns; a view of the bytes written. */
function encodeIpcStream(batch: ColumnBatch, room: (size: number) => Buffer): Uint8Array {
  const nodes: FieldNode[] = [];
  const regions: BufferRegion[] = [];
  const bodyParts: Uint8Array[] = [];
  let bodyLength = 0;
  const addBuffer = (bytes: Uint8Array): void => {
    regions.push(new BufferRegion(bodyLength, padded(bytes.byteLength)));
    bodyParts.push(bytes);
    bodyLength += padded(bytes.byteLength);
  };
  for (const column of batch.columns) {
    nodes.push(new FieldNode(batch.length, column.nullCount));
    addBuffer(column.nullCount > 0 ? column.nullBitmap : EMPTY);
    addBuffer(new Uint8Array(column.valueOffsets.buffer, column.valueOffsets.byteOffset, (batch.length + 1) * 4));
    addBuffer(column.data);
  }
  const metadata = Message.encode(Message.from(new RecordBatchHeader(batch.length, nodes, regions, null), bodyLength));
  const schema = schemaMessage();
  const size = schema.byteLength + framedLength(metadata) + bodyLength + END_OF_STREAM_BYTES;

  const out = room(size);
  out.set(schema, 0);
  let at = writeFramed(out, schema.byteLength, metadata);
  for (const part of bodyParts) {
    out.set(part, at);
    // Zero the padding: buffers are reused, and stale bytes would make the output depend on history.
    out.fill(0, at + part.byteLength, at + padded(part.byteLength));
    at += padded(part.byteLength);
  }
  out.writeUInt32LE(CONTINUATION, at);
  out.writeUInt32LE(0, at + 4);
  return new Uint8Array(out.buffer, out.byteOffset, size);
}

const EMPTY = new Uint8Array(0);

function padded(length: number): number {
  return (length + 7) & ~7;
}

/** Bytes of a message's prefix and metadata, padded so that the body starts 8-byte aligned. */
function framedLength(metadata: Uint8Array): number {
  return padded(8 + metadata.byteLength);
}

/** Writes continuation marker, metadata length, metadata and zero padding at `at`; returns the end. */
function writeFramed(out: Buffer, at: number, metadata: Uint8Array): number {
  const length = framedLength(metadata);
  out.writeUInt32LE(CONTINUATION, at);
  out.writeInt32LE(length - 8, at + 4);
  out.set(metadata, at + 8);
  out.fill(0, at + 8 + metadata.byteLength, at + length);
  return at + length;
}

let schemaBytes: Uint8Array | undefined;

/** The framed schema message of EXPORT_ARROW_SCHEMA (the same for every batch). */
function schemaMessage(): Uint8Array {
  if (schemaBytes === undefined) {
    const metadata = Message.encode(Message.from(EXPORT_ARROW_SCHEMA));
    const bytes = Buffer.alloc(framedLength(metadata));
    writeFramed(bytes, 0, metadata);
    schemaBytes = bytes;
  }
  return schemaBytes;
}
