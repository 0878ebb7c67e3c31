/** The I/O building blocks of the export layer: buffered writes, line reading, atomic files, the heap, Parquet batching. */
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { stringify } from 'csv-stringify/sync';
import { tableFromIPC } from 'apache-arrow';
import { ParquetFile, readParquet } from 'parquet-wasm/esm';
import { readFileSync } from 'node:fs';
import { RECORD_KEYS } from '../shared/model/record.ts';
import { AtomicFile, writeFileAtomically } from '../shared/export/atomic-file.ts';
import { BufferedWriter, type ByteSink } from '../shared/export/buffered-writer.ts';
import { CSV_STRINGIFY_OPTIONS, createCsvWriter } from '../shared/export/csv-writer.ts';
import type { FormatWriter } from '../shared/export/format-writer.ts';
import { createJsonlWriter } from '../shared/export/jsonl-writer.ts';
import { ExportRow } from '../shared/export/export-row.ts';
import { readLines } from '../shared/export/line-reader.ts';
import { MinHeap } from '../shared/export/min-heap.ts';
import { initParquetWasm, parquetWasmPath } from '../shared/export/parquet-wasm.ts';
import { createParquetWriter } from '../shared/export/parquet-writer.ts';
import { generatedRecords, listDir, makeTempDir, removeDir, seededRandom } from './export-fixtures.ts';

function memorySink(): ByteSink & { bytes(): Buffer; writes: number } {
  const chunks: Buffer[] = [];
  return {
    writes: 0,
    async write(bytes) {
      this.writes++;
      chunks.push(Buffer.from(bytes)); // copy: the writer reuses its buffer
    },
    bytes: () => Buffer.concat(chunks),
  };
}

test('BufferedWriter: output equals the concatenated input, across flushes, multi-byte text and oversized pieces', async () => {
  const sink = memorySink();
  const out = new BufferedWriter(sink, 16);
  const pieces = ['abc', '日本語テキスト', '🚀🚀', 'x'.repeat(40), '', 'é\u0301', 'tail'];
  for (const piece of pieces) await out.writeString(piece);
  await out.writeBytes(Buffer.from('0123456789abcdefghij'));
  await out.flush();
  assert.is(sink.bytes().toString('utf8'), `${pieces.join('')}0123456789abcdefghij`);
  assert.ok(sink.writes > 3, 'small capacity forced several flushes');
});

test('BufferedWriter refuses a write while a flush is in flight (it would corrupt the buffer)', async () => {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const slow: ByteSink = { write: () => gate };
  const out = new BufferedWriter(slow, 8);
  assert.is(out.writeString('ab'), undefined, 'fits: no waiting');
  const pending = out.writeString('more than eight bytes');
  assert.ok(pending instanceof Promise);
  assert.throws(() => out.writeString('x'), /await the promise/);
  open();
  await pending;
  assert.is(out.writeString('x'), undefined, 'usable again once the flush completed');
});

test('readLines: every line intact whatever the chunk size, including multi-byte characters split across chunks', async () => {
  const dir = await makeTempDir();
  try {
    const lines = ['first', '', '日本語の行', 'emoji 🚀👩‍💻 line', 'x'.repeat(100), 'last without newline'];
    const path = join(dir, 'lines.txt');
    await writeFile(path, lines.join('\n'));
    for (const chunkBytes of [1, 2, 3, 5, 7, 64, 1 << 16]) {
      const read: string[] = [];
      for await (const line of readLines(path, chunkBytes)) read.push(line);
      assert.equal(read, lines, `chunk size ${chunkBytes}`);
    }
  } finally {
    await removeDir(dir);
  }
});

test('AtomicFile: nothing under the final name until publish; digest and size match the content', async () => {
  const dir = await makeTempDir();
  try {
    const path = join(dir, 'out.txt');
    await writeFile(path, 'old');
    const file = await AtomicFile.create(path);
    await file.write(Buffer.from('new content'));
    assert.is(await readFile(path, 'utf8'), 'old', 'old file intact while writing');
    const sealed = await file.seal();
    assert.is(await readFile(path, 'utf8'), 'old', 'old file intact after sealing');
    assert.equal(await listDir(dir), ['out.txt', `out.txt.tmp-${file.tempPath.split('.tmp-')[1]}`]);
    await file.publish();
    assert.is(await readFile(path, 'utf8'), 'new content');
    assert.is(sealed.bytes, 11);
    assert.is(sealed.sha256, createHash('sha256').update('new content').digest('hex'));
    assert.equal(await listDir(dir), ['out.txt']);
    await file.abort(); // no-op once published
    assert.equal(await listDir(dir), ['out.txt']);
  } finally {
    await removeDir(dir);
  }
});

test('writeFileAtomically removes the temporary file when filling fails', async () => {
  const dir = await makeTempDir();
  try {
    await writeFileAtomically(join(dir, 'x.txt'), async (file) => {
      await file.write(Buffer.from('partial'));
      throw new Error('disk on fire');
    }).then(
      () => assert.unreachable('should have failed'),
      (error: unknown) => assert.is((error as Error).message, 'disk on fire'),
    );
    assert.equal(await listDir(dir), []);
    await writeFileAtomically(join(dir, 'y.txt'), (file) => file.write(Buffer.from('ok')));
    assert.equal(await listDir(dir), ['y.txt']);
  } finally {
    await removeDir(dir);
  }
});

test('MinHeap pops in order', () => {
  const random = seededRandom(5);
  const values = Array.from({ length: 500 }, () => Math.floor(random() * 100));
  const heap = new MinHeap<number>((a, b) => a - b);
  for (const value of values) heap.push(value);
  const popped: number[] = [];
  while (heap.size > 0) popped.push(heap.pop()!);
  assert.equal(
    popped,
    [...values].sort((a, b) => a - b),
  );
});

test('CSV casting: strings pass, null and undefined become empty, other types throw instead of being coerced', () => {
  assert.is(stringify([['a', null, undefined]], { ...CSV_STRINGIFY_OPTIONS, header: false }), 'a,,\r\n');
  for (const value of [1, true, new Date(0), { a: 1 }, 10n]) {
    assert.throws(() => stringify([[value]], { ...CSV_STRINGIFY_OPTIONS, header: false }), /must be strings or null/);
  }
});

test('parquet-wasm initialises from the installed .wasm, or from given bytes (for a bundle)', () => {
  assert.match(parquetWasmPath(), /parquet-wasm[\\/]esm[\\/]parquet_wasm_bg\.wasm$/);
  const bytes = new Uint8Array(readFileSync(parquetWasmPath()));
  initParquetWasm(bytes);
  initParquetWasm(); // idempotent
});

test('Parquet writer: several batches and row groups, values equal to the rows', async () => {
  initParquetWasm();
  const rows = generatedRecords(23).map((item) => ExportRow.fromRecord(item));
  const sink = memorySink();
  const writer = createParquetWriter(sink, { rowsPerBatch: 3, rowsPerRowGroup: 5 });
  for (const row of rows) await writer.write(row);
  await writer.end();
  const bytes = sink.bytes();
  const metadata = (await ParquetFile.fromFile(new Blob([bytes]))).metadata();
  assert.is(metadata.numRowGroups(), 5);
  assert.equal(
    metadata.rowGroups().map((group) => group.numRows()),
    [5, 5, 5, 5, 3],
  );
  const table = tableFromIPC(readParquet(bytes).intoIPCStream());
  assert.is(table.numRows, rows.length);
  rows.forEach((row, index) => {
    RECORD_KEYS.forEach((key, column) => assert.is(table.getChild(key)!.get(index), row.columns[column] ?? null, `${key} of row ${index}`));
  });
});

test('Parquet writer: abort after a failure finishes promptly', async () => {
  initParquetWasm();
  const writer = createParquetWriter(memorySink(), { rowsPerBatch: 2 });
  for (const item of generatedRecords(5)) await writer.write(ExportRow.fromRecord(item));
  await writer.abort(new Error('stop'));
});

test('each format writer reports a sink that fails mid-stream instead of hanging or succeeding', async () => {
  initParquetWasm();
  const rows = generatedRecords(3000).map((item) => ExportRow.fromRecord(item));
  const makers: [string, (sink: ByteSink) => FormatWriter][] = [
    ['jsonl', createJsonlWriter],
    ['csv', createCsvWriter],
    ['parquet', (sink) => createParquetWriter(sink, { rowsPerBatch: 100 })],
  ];
  for (const [format, make] of makers) {
    let written = 0;
    const failing: ByteSink = {
      async write(bytes) {
        written += bytes.length;
        if (written > 2000) throw new Error(`disk full (${format})`);
      },
    };
    const writer = make(failing);
    const outcome = (async () => {
      for (const row of rows) {
        const wait = writer.write(row);
        if (wait !== undefined) await wait;
      }
      await writer.end();
    })();
    await outcome.then(
      () => assert.unreachable(`${format} should have failed`),
      (error: unknown) => assert.is((error as Error).message, `disk full (${format})`),
    );
    await writer.abort(new Error('cleanup'));
  }
});

test.run();
