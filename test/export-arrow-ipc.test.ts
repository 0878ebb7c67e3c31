/**
 * The Parquet encoder's Arrow side: ArrowIpcStreamWriter writes exactly the bytes of apache-arrow's
 * tableToIPC, and a builder that lends its buffers (reused from batch to batch) yields the same batches as
 * one that hands over fresh buffers.
 */
import { Table, tableToIPC } from 'apache-arrow';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ArrowBatchBuilder, toRecordBatch, type ColumnBatch } from '../shared/export/arrow-batch.ts';
import { ArrowIpcStreamWriter } from '../shared/export/arrow-ipc.ts';
import { ExportRow } from '../shared/export/export-row.ts';
import { generatedRecords, hostileRecords, record } from './export-fixtures.ts';

const ROWS = [...hostileRecords(), ...generatedRecords(600)].map((item) => ExportRow.fromRecord(item));

function referenceIpc(batch: ColumnBatch): Buffer {
  return Buffer.from(tableToIPC(new Table(toRecordBatch(batch)), 'stream'));
}

/** Batches of `sizes` rows (in turn) from ROWS, built with fresh buffers. */
function batchesOf(sizes: readonly number[]): ColumnBatch[] {
  const builder = new ArrowBatchBuilder();
  const batches: ColumnBatch[] = [];
  let next = 0;
  for (const size of sizes) {
    for (let index = 0; index < size; index++) builder.add(ROWS[next++ % ROWS.length] as ExportRow);
    batches.push(builder.buildColumns());
  }
  return batches;
}

test('IPC stream bytes equal tableToIPC for batches of every shape, through one reused buffer', () => {
  const writer = new ArrowIpcStreamWriter();
  // Large then small then large: a stale tail of the reused buffer must never show.
  for (const batch of batchesOf([250, 1, 7, 0, 333, 2, 100])) {
    assert.ok(Buffer.from(writer.write(batch)).equals(referenceIpc(batch)), `batch of ${batch.length} rows`);
  }
});

test('IPC stream bytes equal tableToIPC with null and empty values in every column', () => {
  const sparse = [
    record({ ocid: 'ocid1.a', displayName: null, definedTags: {}, freeformTags: {}, details: {}, relationships: [] }),
    record({ ocid: 'ocid1.b', displayName: '', availabilityDomain: null, enrichError: null }),
    record({ ocid: 'ocid1.c', displayName: 'x', enrichStatus: 'ERROR', enrichError: 'boom' }),
  ].map((item) => ExportRow.fromRecord(item));
  const builder = new ArrowBatchBuilder();
  for (const row of sparse) builder.add(row);
  const batch = builder.buildColumns();
  assert.ok(batch.columns.some((column) => column.nullCount > 0), 'the fixture has nulls');
  assert.ok(Buffer.from(new ArrowIpcStreamWriter().write(batch)).equals(referenceIpc(batch)));
});

test('a builder that lends its buffers gives the same batches as one that hands them over', () => {
  const owning = new ArrowBatchBuilder();
  const lending = new ArrowBatchBuilder();
  const writer = new ArrowIpcStreamWriter();
  let next = 0;
  for (const size of [300, 3, 0, 250, 40]) {
    for (let index = 0; index < size; index++) {
      const row = ROWS[next++ % ROWS.length] as ExportRow;
      owning.add(row);
      lending.add(row);
    }
    const expected = referenceIpc(owning.buildColumns());
    // Compared through the IPC bytes: they hold every buffer, the null counts and the length.
    assert.ok(Buffer.from(writer.write(lending.buildColumns({ lend: true }))).equals(expected), `batch of ${size} rows`);
  }
});

test.run();
