/** ExternalRecordSorter: spilling, merging, arrival-order independence, duplicates, clean-up. */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compareRecordKeys, type InventoryRecord } from '../shared/model/record.ts';
import { RecordSerializationError, UsageError } from '../shared/errors.ts';
import { canonicalLine } from '../shared/export/canonical-json.ts';
import { DuplicateRecordError } from '../shared/export/export-errors.ts';
import type { ExportRow } from '../shared/export/export-row.ts';
import { ExternalRecordSorter, type ExternalRecordSorterOptions } from '../shared/export/external-sort.ts';
import { writeExports } from '../shared/export/write-exports.ts';
import { generatedRecords, hostileRecords, listDir, record, shuffled, withTempDir } from './export-fixtures.ts';

async function collect(rows: AsyncIterable<ExportRow>): Promise<ExportRow[]> {
  const out: ExportRow[] = [];
  for await (const row of rows) out.push(row);
  return out;
}

function withDir<T>(work: (dir: string) => Promise<T>): Promise<T> {
  return withTempDir('sort-test-', work);
}

async function sortAll(records: readonly InventoryRecord[], options: ExternalRecordSorterOptions): Promise<{ rows: ExportRow[]; sorter: ExternalRecordSorter }> {
  const sorter = new ExternalRecordSorter(options);
  try {
    for (const item of records) await sorter.add(item);
    return { rows: await collect(sorter.sorted()), sorter };
  } finally {
    await sorter.dispose();
  }
}

const RECORDS = [...generatedRecords(3000), ...hostileRecords()];
const EXPECTED_LINES = [...RECORDS].sort(compareRecordKeys).map((item) => canonicalLine(item));

test('a tiny memory limit spills many runs and still yields exactly the sorted order', async () => {
  await withDir(async (tmpDir) => {
    const { rows, sorter } = await sortAll(shuffled(RECORDS, 11), { tmpDir, maxRecordsInMemory: 7 });
    assert.is(sorter.spilledRuns, Math.ceil(RECORDS.length / 7) - 1, 'one run per full batch; the last batch stays in memory');
    assert.ok(sorter.spilledRuns > 64, 'more runs than one merge reads at once: the multi-pass merge ran');
    assert.is(sorter.recordsAdded, RECORDS.length);
    assert.equal(
      rows.map((row) => row.line),
      EXPECTED_LINES,
    );
    assert.equal(await listDir(tmpDir), [], 'run files removed');
  });
});

test('a full batch starts spilling without making add wait; only the next full batch waits for it', async () => {
  for (const spillThread of ['main', 'worker'] as const) {
    await withDir(async (tmpDir) => {
      const sorter = new ExternalRecordSorter({ tmpDir, maxRecordsInMemory: 10, spillThread });
      try {
        const results = RECORDS.slice(0, 21).map((item) => sorter.add(item));
        // Records 1-10 fill the batch; record 11 starts its spill and is buffered at once (no promise).
        assert.ok(results.slice(0, 11).every((result) => result === undefined), `${spillThread}: the first 11 adds did not wait`);
        // Record 21 finds a second full batch while the first spill is still running: it waits.
        assert.instance(results[20], Promise, `${spillThread}: the 21st add waits for the running spill`);
        await Promise.all(results);
        assert.equal((await collect(sorter.sorted())).map((row) => row.line), [...RECORDS.slice(0, 21)].sort(compareRecordKeys).map((item) => canonicalLine(item)));
      } finally {
        await sorter.dispose();
      }
    });
  }
});

test('a small merge fan-in gives the same result', async () => {
  await withDir(async (tmpDir) => {
    const { rows } = await sortAll(shuffled(RECORDS, 12), { tmpDir, maxRecordsInMemory: 50, maxRunsPerMerge: 2 });
    assert.equal(
      rows.map((row) => row.line),
      EXPECTED_LINES,
    );
  });
});

test('without spilling (everything fits in memory) the order is the same', async () => {
  await withDir(async (tmpDir) => {
    const { rows, sorter } = await sortAll(shuffled(RECORDS, 13), { tmpDir });
    assert.is(sorter.spilledRuns, 0);
    assert.equal(
      rows.map((row) => row.line),
      EXPECTED_LINES,
    );
  });
});

test('two arrival orders give byte-identical JSONL, CSV and Parquet files', async () => {
  await withDir(async (dir) => {
    const hashes: string[][] = [];
    for (const seed of [21, 22]) {
      const out = join(dir, `run-${seed}`);
      await import('node:fs/promises').then((fs) => fs.mkdir(out));
      const sorter = new ExternalRecordSorter({ tmpDir: dir, maxRecordsInMemory: 7 });
      try {
        for (const item of shuffled(RECORDS, seed)) await sorter.add(item);
        const result = await writeExports(sorter.sorted(), { dir: out, formats: ['jsonl', 'csv', 'parquet'] });
        hashes.push(result.files.map((file) => `${file.format}:${file.bytes}:${file.sha256}`));
      } finally {
        await sorter.dispose();
      }
    }
    assert.equal(hashes[0], hashes[1]);
    assert.equal(await readFile(join(dir, 'run-21', 'inventory.jsonl')), await readFile(join(dir, 'run-22', 'inventory.jsonl')));
  });
});

test('concurrent add calls (many workers) lose nothing', async () => {
  await withDir(async (tmpDir) => {
    const sorter = new ExternalRecordSorter({ tmpDir, maxRecordsInMemory: 7 });
    try {
      const workers = [0, 1, 2, 3, 4].map(async (worker) => {
        for (let index = worker; index < RECORDS.length; index += 5) await sorter.add(RECORDS[index]!);
      });
      await Promise.all(workers);
      const lines = (await collect(sorter.sorted())).map((row) => row.line);
      assert.equal(lines, EXPECTED_LINES);
    } finally {
      await sorter.dispose();
    }
  });
});

const GLOBAL_USER = 'ocid1.user.oc1..global';
const regionalCopies = ['us-ashburn-1', 'eu-frankfurt-1', 'ap-tokyo-1'].map((region) =>
  record({ ocid: GLOBAL_USER, resourceType: 'User', region, displayName: `seen from ${region}` }),
);

test('duplicate keys are an error naming the key unless a rule is given', async () => {
  await withDir(async (tmpDir) => {
    const error = await sortAll([...RECORDS.slice(0, 20), ...regionalCopies], { tmpDir, maxRecordsInMemory: 7 }).then(
      () => assert.unreachable('should have failed'),
      (caught: unknown) => caught,
    );
    assert.instance(error, DuplicateRecordError);
    assert.match((error as Error).message, GLOBAL_USER);
    assert.match((error as Error).message, 'User');
    assert.match((error as Error).message, 'eu-frankfurt-1');
    assert.is((error as DuplicateRecordError).context['ocid'], GLOBAL_USER);
    assert.equal(await listDir(tmpDir), [], 'run files removed after the failure');
  });
});

test('a duplicate rule picks the same winner whatever the arrival order', async () => {
  const lowestRegion = (a: InventoryRecord, b: InventoryRecord): InventoryRecord => ((a.region ?? '') <= (b.region ?? '') ? a : b);
  // Deliberately order-dependent rule: still deterministic, because the sorter orders the group first.
  const keepFirst = (a: InventoryRecord): InventoryRecord => a;
  await withDir(async (tmpDir) => {
    for (const rule of [lowestRegion, keepFirst]) {
      const winners = new Set<string>();
      for (const seed of [1, 2, 3, 4, 5, 6]) {
        const { rows } = await sortAll(shuffled([...RECORDS.slice(0, 40), ...regionalCopies], seed), {
          tmpDir,
          maxRecordsInMemory: 7,
          resolveDuplicate: rule,
        });
        const users = rows.filter((row) => row.ocid === GLOBAL_USER);
        assert.is(users.length, 1);
        assert.is(rows.length, 41);
        winners.add(users[0]!.line);
      }
      assert.is(winners.size, 1, `${rule.name} is arrival-order independent`);
    }
    const { rows } = await sortAll(regionalCopies, { tmpDir, resolveDuplicate: lowestRegion });
    assert.is(rows[0]!.toRecord().region, 'ap-tokyo-1');
  });
});

test('a duplicate rule may merge records but not change the key', async () => {
  await withDir(async (tmpDir) => {
    const merge = (a: InventoryRecord, b: InventoryRecord): InventoryRecord => ({ ...a, region: null, displayName: `${a.displayName} + ${b.displayName}` });
    const { rows } = await sortAll(regionalCopies, { tmpDir, resolveDuplicate: merge });
    assert.is(rows.length, 1);
    assert.is(rows[0]!.toRecord().region, null);
    assert.is(rows[0]!.toRecord().displayName?.split(' + ').length, 3);

    const rekey = (a: InventoryRecord): InventoryRecord => ({ ...a, ocid: 'ocid1.other' });
    await sortAll(regionalCopies, { tmpDir, resolveDuplicate: rekey }).then(
      () => assert.unreachable('should have failed'),
      (error: unknown) => assert.match((error as Error).message, 'same key'),
    );
  });
});

test('stopping early and disposing remove the run files', async () => {
  await withDir(async (tmpDir) => {
    const sorter = new ExternalRecordSorter({ tmpDir, maxRecordsInMemory: 7 });
    for (const item of RECORDS.slice(0, 100)) await sorter.add(item);
    assert.equal((await listDir(tmpDir)).length, 1, 'a private run folder exists');
    for await (const row of sorter.sorted()) {
      assert.ok(row.ocid);
      break;
    }
    assert.equal(await listDir(tmpDir), []);

    const abandoned = new ExternalRecordSorter({ tmpDir, maxRecordsInMemory: 7 });
    for (const item of RECORDS.slice(0, 100)) await abandoned.add(item);
    await abandoned.dispose();
    assert.equal(await listDir(tmpDir), []);
    await Promise.resolve(abandoned.add(RECORDS[0]!)).then(
      () => assert.unreachable('add after dispose'),
      (error: unknown) => assert.match((error as Error).message, 'disposed'),
    );
  });
});

test('a record that cannot be serialised is rejected by add, naming it', async () => {
  await withDir(async (tmpDir) => {
    const sorter = new ExternalRecordSorter({ tmpDir });
    const bad = { ...record({ ocid: 'ocid1.bad' }), region: 42 } as unknown as InventoryRecord;
    await Promise.resolve(sorter.add(bad)).then(
      () => assert.unreachable('should have failed'),
      (error: unknown) => {
        assert.instance(error, RecordSerializationError);
        assert.match((error as Error).message, 'region');
      },
    );
    await sorter.dispose();
  });
});

test('a failing spill fails add and sorted, and leaves nothing behind', async () => {
  await withDir(async (dir) => {
    // The sorter creates a missing tmpDir, but not under a regular file.
    await writeFile(join(dir, 'a-file'), '');
    const sorter = new ExternalRecordSorter({ tmpDir: join(dir, 'a-file', 'work'), maxRecordsInMemory: 2 });
    const added = (async () => {
      for (const item of RECORDS.slice(0, 5)) await sorter.add(item);
    })();
    await added.then(
      () => assert.unreachable('should have failed'),
      (error: unknown) => assert.is((error as NodeJS.ErrnoException).code, 'ENOTDIR'),
    );
    assert.throws(() => sorter.sorted(), (error: NodeJS.ErrnoException) => error.code === 'ENOTDIR');
    await sorter.dispose();
    assert.equal(await listDir(dir), ['a-file']);
  });
});

test('sorted() can only be called once, and options are validated', async () => {
  await withDir(async (tmpDir) => {
    const sorter = new ExternalRecordSorter({ tmpDir });
    const rows = sorter.sorted();
    assert.throws(() => sorter.sorted(), /already sorting/);
    assert.equal(await collect(rows), []);
    for (const options of [{}, { tmpDir, maxRecordsInMemory: 0 }, { tmpDir, maxRunsPerMerge: 1 }, { tmpDir, spill: true }]) {
      assert.throws(
        () => new ExternalRecordSorter(options as ExternalRecordSorterOptions),
        (error: unknown) => error instanceof UsageError,
      );
    }
  });
});

test.run();
