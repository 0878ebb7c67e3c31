/** The building blocks of the export layer: the heap, CSV casting, Parquet batching, format writers over a sink. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { stringify } from 'csv-stringify/sync';
import { tableFromIPC } from 'apache-arrow';
import { ParquetFile, readParquet } from 'parquet-wasm/esm';
import { readFileSync } from 'node:fs';
import { RECORD_KEYS } from '../shared/model/record.ts';
import { CSV_STRINGIFY_OPTIONS, createCsvWriter } from '../shared/export/csv-writer.ts';
import type { ByteSink } from '../shared/io/buffered-writer.ts';
import type { FormatWriter } from '../shared/export/format-writer.ts';
import { createJsonlWriter } from '../shared/export/jsonl-writer.ts';
import { ExportRow } from '../shared/export/export-row.ts';
import { MinHeap } from '../shared/export/min-heap.ts';
import { initParquetWasm, parquetWasmPath } from '../shared/export/parquet-wasm.ts';
import { createParquetWriter } from '../shared/export/parquet-writer.ts';
import { generatedRecords, memorySink, seededRandom } from './export-fixtures.ts';

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
