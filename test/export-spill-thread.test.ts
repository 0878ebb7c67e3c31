/**
 * The sorter's spill thread (external-sort.ts spillThread, spill-worker.ts): spills sorted and written on
 * a helper thread, with each row's CSV line formatted ahead, must give exactly what spilling on the
 * calling thread gives; a failure on the thread must surface by name and leave nothing behind.
 */
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { InventoryRecord } from '../shared/model/record.ts';
import { UsageError } from '../shared/errors.ts';
import { CsvRowFormatter } from '../shared/export/csv-writer.ts';
import type { ExportRow } from '../shared/export/export-row.ts';
import { ExternalRecordSorter, type SpillThreadChoice } from '../shared/export/external-sort.ts';
import { writeExports } from '../shared/export/write-exports.ts';
import { preferRegion } from '../shared/run/collect-regions.ts';
import { generatedRecords, hostileRecords, listDir, record, shuffled, withTempDir } from './export-fixtures.ts';

function withDir<T>(work: (dir: string) => Promise<T>): Promise<T> {
  return withTempDir('spill-thread-test-', work);
}

/** Global resources arrive once per region; the home region's copy wins (as in a run). */
function withRegionalCopies(records: readonly InventoryRecord[]): InventoryRecord[] {
  const copies = records.slice(0, 300).map((item, index) => ({ ...item, region: 'eu-frankfurt-1', displayName: `copy ${index}, "other" region` }));
  return [...records, ...copies];
}

const RECORDS = shuffled(
  withRegionalCopies([
    ...generatedRecords(2500),
    ...hostileRecords(),
    // Larger than a run file's read and write buffer (256 KiB), with its CSV line: written in pieces.
    record({ ocid: 'ocid1.instance.oc1..huge', displayName: `huge, "quoted" ${'界'.repeat(100_000)}` }),
  ]),
  31,
);

async function exportWith(spillThread: SpillThreadChoice, dir: string): Promise<{ files: Record<string, Buffer>; rowsWithCsvLine: number; rows: number }> {
  const out = join(dir, `out-${spillThread}`);
  await mkdir(out);
  const sorter = new ExternalRecordSorter({ tmpDir: join(dir, `work-${spillThread}`), maxRecordsInMemory: 97, resolveDuplicate: preferRegion('us-ashburn-1'), spillThread });
  let rowsWithCsvLine = 0;
  let rows = 0;
  const formatter = new CsvRowFormatter();
  async function* checked(): AsyncGenerator<ExportRow[]> {
    for await (const chunk of sorter.sortedChunks()) {
      for (const row of chunk) {
        rows++;
        if (row.csvLine === undefined) continue;
        rowsWithCsvLine++;
        // A line formatted ahead is exactly what the CSV writer would have formatted for that row.
        assert.equal(row.csvLine, formatter.format(row), `CSV line of ${row.ocid}`);
      }
      yield chunk;
    }
  }
  try {
    for (const item of RECORDS) await sorter.add(item);
    await writeExports(checked(), { dir: out, formats: ['jsonl', 'csv', 'parquet'] });
  } finally {
    await sorter.dispose();
  }
  const files: Record<string, Buffer> = {};
  for (const name of await readdir(out)) files[name] = await readFile(join(out, name));
  return { files, rowsWithCsvLine, rows };
}

test('spilling on the thread gives byte-identical JSONL, CSV and Parquet, with CSV lines formatted ahead', async () => {
  await withDir(async (dir) => {
    const onMain = await exportWith('main', dir);
    const onThread = await exportWith('worker', dir);
    assert.equal(Object.keys(onThread.files).sort(), ['inventory.csv', 'inventory.jsonl', 'inventory.parquet']);
    for (const [name, bytes] of Object.entries(onMain.files)) assert.ok(bytes.equals(onThread.files[name]!), `${name} differs`);
    // 2,500 + hostile + 1 distinct keys; the regional copies collapse.
    assert.is(onThread.rows, onMain.rows);
    // Every spilled row carries its line (formatted by the spill, on either thread); only the last,
    // in-memory batch (at most 97 rows) does not.
    for (const result of [onMain, onThread]) {
      assert.ok(result.rowsWithCsvLine >= result.rows - 97, `${result.rowsWithCsvLine} of ${result.rows} rows had a CSV line`);
    }
    // The home region's copy won, whichever thread spilled.
    assert.not.match(onThread.files['inventory.jsonl']!.toString('utf8'), /"other" region/);
  });
});

test('a spill that fails on the thread fails add and the sort, naming the cause, and leaves nothing behind', async () => {
  await withDir(async (dir) => {
    const tmpDir = join(dir, 'work');
    const sorter = new ExternalRecordSorter({ tmpDir, maxRecordsInMemory: 10, spillThread: 'worker' });
    const records = generatedRecords(200);
    // 20 records: the first batch of 10 is spilling (or has spilled), the second is full but waits ...
    for (const item of records.slice(0, 20)) await sorter.add(item);
    const runDir = await firstEntry(tmpDir);
    assert.ok(runDir?.startsWith('oci-inventory-sort-'), `run folder ${String(runDir)}`);
    // ... and the run folder disappears under it: the thread cannot create its run file, now or at the
    // next spill (retries: the thread may be creating a file in the folder while it is removed).
    await rm(join(tmpDir, runDir!), { recursive: true, force: true, maxRetries: 5 });
    const failure = await (async () => {
      for (const item of records.slice(20)) await sorter.add(item);
    })().then(
      (): Error => assert.unreachable('add should have failed') as never,
      (error: unknown) => error as Error,
    );
    assert.match(failure.message, /Sort spill thread failed: .*ENOENT/);
    assert.throws(() => sorter.sortedChunks(), /Sort spill thread failed/);
    await sorter.dispose();
    assert.equal(await listDir(tmpDir), []);
  });
});

/** The first entry of `dir` once there is one (the spill creates its folder asynchronously). */
async function firstEntry(dir: string): Promise<string | undefined> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const entries = await readdir(dir).catch(() => []);
    if (entries.length > 0) return entries[0];
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return undefined;
}

test('spillThread is validated', async () => {
  await withDir(async (tmpDir) => {
    for (const spillThread of ['thread', '', null]) {
      assert.throws(
        () => new ExternalRecordSorter({ tmpDir, spillThread: spillThread as unknown as SpillThreadChoice }),
        (error: unknown) => error instanceof UsageError && /spillThread/.test(error.message),
      );
    }
  });
});

test.run();
