/**
 * The Parquet encoder thread takes each batch as an Arrow IPC stream in a transferred buffer, handed back
 * for later batches (parquet-writer.ts, parquet-thread.ts, parquet-worker.ts): whatever the batches look
 * like when they cross, the file is byte-identical to one encoded on the writer's thread, and a failure
 * inside the thread reaches the writer's side with the thread's message.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ExportRow } from '../shared/export/export-row.ts';
import { createParquetWriter, type ParquetThread, type ParquetWriterOptions } from '../shared/export/parquet-writer.ts';
import { ParquetEncoderThread } from '../shared/export/parquet-thread.ts';
import { generatedRecords, hostileRecords, memorySink } from './export-fixtures.ts';

async function parquetBytes(rows: readonly ExportRow[], options: ParquetWriterOptions & { thread: ParquetThread }): Promise<Buffer> {
  const sink = memorySink();
  const writer = createParquetWriter(sink, options);
  for (const row of rows) await writer.write(row);
  await writer.end();
  return sink.bytes();
}

/** Settles `work` and returns what it rejected with (undefined if it resolved). */
async function rejection(work: () => Promise<void>): Promise<unknown> {
  return work().then(
    () => undefined,
    (error: unknown) => error,
  );
}

test('batches whose IPC stream grows and shrinks give the same file as the writer thread', async () => {
  // Small rows, then rows of ~20 KB, then small ones again: a batch's stream outgrows the buffer the thread
  // handed back, and later ones fit the larger buffer with room to spare (a stale tail must never count).
  const base = generatedRecords(900, 11);
  const items = base.map((item, index) =>
    index >= 300 && index < 500 ? { ...item, details: { blob: `${index}:`.padEnd(20_000, 'x'), nested: [index, null, 'é'] } } : item,
  );
  const rows = [...hostileRecords(), ...items].map((item) => ExportRow.fromRecord(item));
  for (const rowsPerBatch of [1, 64, 250, rows.length, rows.length + 1]) {
    const options = { rowsPerBatch, rowsPerRowGroup: 300 };
    const onMain = await parquetBytes(rows, { ...options, thread: 'main' });
    const onWorker = await parquetBytes(rows, { ...options, thread: 'worker' });
    assert.ok(onMain.length > 1000);
    assert.ok(onWorker.equals(onMain), `worker bytes differ with rowsPerBatch ${rowsPerBatch}`);
  }
});

test('an empty export from the encoder thread equals one from the writer thread (schema only)', async () => {
  const onMain = await parquetBytes([], { thread: 'main' });
  assert.ok(onMain.length > 0);
  assert.ok((await parquetBytes([], { thread: 'worker' })).equals(onMain), 'worker bytes differ');
  assert.ok((await parquetBytes([], { thread: 'auto' })).equals(onMain), 'auto bytes differ');
});

test('a stream the encoder thread rejects fails the writer side with the thread\'s message', async () => {
  const written: Uint8Array[] = [];
  const thread = new ParquetEncoderThread(100, async (chunk) => {
    written.push(chunk);
  });
  // Not an Arrow IPC stream: parquet-wasm's reader refuses it inside the thread.
  const garbage = new Uint8Array(new ArrayBuffer(64)).fill(7);
  thread.sendIpcStream(garbage);
  assert.is(garbage.byteLength, 0, 'the stream\'s buffer was transferred');
  const failure = await rejection(() => thread.end());
  assert.instance(failure, Error);
  assert.match((failure as Error).message, /^Parquet encoder thread failed: \S/);
  assert.match((failure as Error).stack ?? '', /-- in the encoder thread --/);
  // Refused from then on, with the same error; nothing was written.
  assert.is(await rejection(() => thread.send({ length: 0, columns: [] })), failure);
  assert.is(written.length, 0);
  await thread.abort(failure);
});

test('abort stops the encoder thread: the writer then refuses further rows with the reason', async () => {
  const rows = generatedRecords(300, 5).map((item) => ExportRow.fromRecord(item));
  const writer = createParquetWriter(memorySink(), { rowsPerBatch: 50, thread: 'worker' });
  for (const row of rows.slice(0, 120)) await writer.write(row);
  const reason = new Error('input failed');
  await writer.abort(reason);
  const failure = await rejection(async () => {
    for (const row of rows.slice(120)) await writer.write(row);
    await writer.end();
  });
  assert.is(failure, reason);
});

test.run();
