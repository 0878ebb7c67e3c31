/**
 * The export's chunked path: the k-way merge, duplicate collapsing and writeExports over arrays of rows
 * give exactly what the row-by-row path gives, wherever the array boundaries fall.
 */
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { collapseDuplicateKeyChunks, collapseDuplicateKeys } from '../shared/export/duplicate-keys.ts';
import { RecordOrderError } from '../shared/export/export-errors.ts';
import { ExportRow } from '../shared/export/export-row.ts';
import { ExternalRecordSorter } from '../shared/export/external-sort.ts';
import { mergeSorted, mergeSortedChunks } from '../shared/export/k-way-merge.ts';
import { writeExports } from '../shared/export/write-exports.ts';
import { compareRecordKeys, type InventoryRecord } from '../shared/model/record.ts';
import { preferRegion } from '../shared/run/collect-regions.ts';
import { generatedRecords, hostileRecords, makeTempDir, record, removeDir, seededRandom, shuffled } from './export-fixtures.ts';

async function* chunked<T>(items: readonly T[], random: () => number): AsyncGenerator<T[]> {
  let start = 0;
  while (start < items.length) {
    // Sizes 0..9, so empty arrays and single items occur too.
    const size = Math.floor(random() * 10);
    yield items.slice(start, start + size);
    start += size;
  }
}

async function* oneByOne<T>(items: readonly T[]): AsyncGenerator<T> {
  yield* items;
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

test('mergeSortedChunks yields what mergeSorted yields (stable on ties), wherever the arrays break', async () => {
  const random = seededRandom(11);
  for (let round = 0; round < 30; round++) {
    const sources = Array.from({ length: 1 + Math.floor(random() * 6) }, (_, source) =>
      Array.from({ length: Math.floor(random() * 40) }, (_, index) => ({ key: Math.floor(random() * 20), source, index })).sort((a, b) => a.key - b.key),
    );
    const compare = (a: { key: number }, b: { key: number }) => a.key - b.key;
    const expected = await collect(mergeSorted(sources.map((items) => oneByOne(items)), compare));
    const merged = (await collect(mergeSortedChunks(sources.map((items) => chunked(items, random)), compare))).flat();
    assert.equal(merged, expected, `round ${round}`);
  }
});

test('collapseDuplicateKeyChunks collapses groups that span arrays exactly as collapseDuplicateKeys does', async () => {
  const base = generatedRecords(200, 3);
  // Every third record also arrives from two other regions: groups of three equal keys.
  const withTwins: InventoryRecord[] = base.flatMap((item, index) =>
    index % 3 === 0 ? [item, { ...item, region: 'eu-frankfurt-1' }, { ...item, region: 'ap-tokyo-1' }] : [item],
  );
  const rows = withTwins.map((item) => ExportRow.fromRecord(item)).sort(compareRecordKeys);
  const rule = preferRegion('ap-tokyo-1');
  const expected = (await collect(collapseDuplicateKeys(oneByOne(rows), rule))).map((row) => row.line);
  const random = seededRandom(5);
  for (let round = 0; round < 10; round++) {
    const lines = (await collect(collapseDuplicateKeyChunks(chunked(rows, random), rule))).flat().map((row) => row.line);
    assert.equal(lines, expected);
  }
  assert.is(expected.length, base.length);
});

test('writeExports over sortedChunks() writes the same bytes as over sorted(), and still rejects disorder', async () => {
  const dir = await makeTempDir('chunks-test-');
  try {
    const records = shuffled([...generatedRecords(1500, 9), ...hostileRecords()], 4);
    const files: Record<string, Buffer[]> = {};
    for (const mode of ['rows', 'chunks'] as const) {
      const sorter = new ExternalRecordSorter({ tmpDir: join(dir, 'tmp'), maxRecordsInMemory: 97 });
      for (const item of records) await sorter.add(item);
      const out = join(dir, mode);
      await mkdir(out);
      const result = await writeExports(mode === 'rows' ? sorter.sorted() : sorter.sortedChunks(), { dir: out, formats: ['jsonl', 'csv', 'parquet'] });
      assert.is(result.records, records.length);
      files[mode] = await Promise.all(['jsonl', 'csv', 'parquet'].map((format) => readFile(join(out, `inventory.${format}`))));
    }
    for (let index = 0; index < 3; index++) assert.ok(files['rows']![index]!.equals(files['chunks']![index]!), `format ${index} identical`);

    const a = ExportRow.fromRecord(record({ ocid: 'ocid1.a' }));
    const b = ExportRow.fromRecord(record({ ocid: 'ocid1.b' }));
    const c = ExportRow.fromRecord(record({ ocid: 'ocid1.c' }));
    const disordered = join(dir, 'disordered');
    await mkdir(disordered);
    const failure = await writeExports([[a, c], [b]], { dir: disordered, formats: ['jsonl'] }).then(
      () => undefined,
      (error: unknown) => error,
    );
    assert.instance(failure, RecordOrderError);
    assert.match((failure as Error).message, 'ocid1.b');
    assert.equal(await readdir(disordered), [], 'nothing published');
  } finally {
    await removeDir(dir);
  }
});

test.run();
