/**
 * End to end through the export layer: hostile records -> ExternalRecordSorter -> writeExports, then each
 * file is read back with an independent reader (JSON.parse + a reference canonicaliser, csv-parse, parquet-wasm +
 * apache-arrow) and compared with the input.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse as parseCsv } from 'csv-parse/sync';
import { tableFromIPC, type Table } from 'apache-arrow';
import { Compression, ParquetFile, readParquet } from 'parquet-wasm/esm';
import { CSV_COLUMNS, RECORD_KEYS, compareRecordKeys, type InventoryRecord } from '../shared/model/record.ts';
import { UsageError } from '../shared/errors.ts';
import { ExternalRecordSorter } from '../shared/export/external-sort.ts';
import { RecordOrderError } from '../shared/export/export-errors.ts';
import { initParquetWasm } from '../shared/export/parquet-wasm.ts';
import { writeExports, type ExportResult } from '../shared/export/write-exports.ts';
import { fromArray, hostileRecords, listDir, makeTempDir, record, referenceCanonical, removeDir, shuffled } from './export-fixtures.ts';

const JSON_VALUED = new Set(['definedTags', 'freeformTags', 'details', 'relationships']);
/** First characters csv-stringify neutralises with a leading apostrophe (escape_formulas). */
const FORMULA_STARTS = ['=', '+', '-', '@', '\t', '\r', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20'];

interface Exported {
  dir: string;
  result: ExportResult;
  sortedInput: InventoryRecord[];
}

async function exportAll(records: readonly InventoryRecord[], seed: number): Promise<Exported> {
  const dir = await makeTempDir();
  const sorter = new ExternalRecordSorter({ tmpDir: dir, maxRecordsInMemory: 7 });
  try {
    for (const item of shuffled(records, seed)) await sorter.add(item);
    const result = await writeExports(sorter.sorted(), { dir, formats: ['jsonl', 'csv', 'parquet'] });
    return { dir, result, sortedInput: [...records].sort(compareRecordKeys) };
  } finally {
    await sorter.dispose();
  }
}

/** The record with exactly the contract's keys, as JSON would carry it. */
function asJson(input: InventoryRecord): unknown {
  return JSON.parse(JSON.stringify(Object.fromEntries(RECORD_KEYS.map((key) => [key, input[key] ?? null]))));
}

function parquetTable(bytes: Uint8Array): Table {
  return tableFromIPC(readParquet(bytes).intoIPCStream());
}

let fixture: Exported;

test.before(async () => {
  initParquetWasm();
  fixture = await exportAll(hostileRecords(), 1);
});

test.after(async () => {
  if (fixture !== undefined) await removeDir(fixture.dir);
});

test('writes the three files under their final names and nothing else', async () => {
  assert.equal(await listDir(fixture.dir), ['inventory.csv', 'inventory.jsonl', 'inventory.parquet']);
  assert.is(fixture.result.records, hostileRecords().length);
  assert.equal(
    fixture.result.files.map((file) => file.format),
    ['jsonl', 'csv', 'parquet'],
  );
  for (const file of fixture.result.files) {
    const bytes = await readFile(file.path);
    assert.is(file.bytes, bytes.length, `${file.format} size`);
    const { createHash } = await import('node:crypto');
    assert.is(file.sha256, createHash('sha256').update(bytes).digest('hex'), `${file.format} sha256`);
  }
});

test('JSONL: one canonical line per record, sorted, newline-terminated, same data as the input', async () => {
  const text = await readFile(join(fixture.dir, 'inventory.jsonl'), 'utf8');
  assert.ok(text.endsWith('\n'));
  const lines = text.slice(0, -1).split('\n');
  assert.is(lines.length, fixture.sortedInput.length);
  lines.forEach((line, index) => {
    const parsed = JSON.parse(line) as InventoryRecord;
    assert.is(referenceCanonical(parsed), line, `line ${index} is RFC 8785 canonical`);
    assert.equal(parsed, asJson(fixture.sortedInput[index]!), `line ${index} carries the input record`);
    if (index > 0) assert.ok(compareRecordKeys(JSON.parse(lines[index - 1]!), parsed) < 0, `line ${index} sorts after the previous`);
  });
});

test('JSONL keeps inner keys named like top-level fields (no exclude at depth)', async () => {
  const text = await readFile(join(fixture.dir, 'inventory.jsonl'), 'utf8');
  const nested = text.split('\n').find((line) => line.includes('ocid1.vcn.oc1.iad.nested'));
  assert.ok(nested);
  const parsed = JSON.parse(nested) as { details: Record<string, unknown> };
  assert.is(parsed.details['collectedAt'], 'inner value');
  assert.is(parsed.details['ocid'], 'ocid1.other');
});

test('CSV: header plus one CRLF-terminated row per record, cells exactly as expected after parsing', async () => {
  const text = await readFile(join(fixture.dir, 'inventory.csv'), 'utf8');
  assert.ok(text.startsWith(`${CSV_COLUMNS.join(',')}\r\n`), 'header row ends with CRLF');
  assert.ok(text.endsWith('\r\n'), 'last row ends with CRLF');
  const expected = [
    [...CSV_COLUMNS],
    ...fixture.sortedInput.map((input) =>
      CSV_COLUMNS.map((column) => {
        const value = input[column] ?? '';
        return FORMULA_STARTS.some((start) => value.startsWith(start)) ? `'${value}` : value;
      }),
    ),
  ];
  // Parsed twice: with auto-detected row ends, and treating any of CRLF, LF, CR as a row end, so an
  // unquoted CR or LF inside a field would split a row and fail the comparison.
  assert.equal(parseCsv(text, { bom: false }), expected);
  assert.equal(parseCsv(text, { record_delimiter: ['\r\n', '\n', '\r'] }), expected);
});

test('CSV neutralises formulas with a leading apostrophe and leaves other text alone', async () => {
  const rows = parseCsv(await readFile(join(fixture.dir, 'inventory.csv'), 'utf8')) as string[][];
  const names = rows.slice(1).map((row) => row[2]);
  assert.ok(names.includes(`'=HYPERLINK("http://evil.example","click")`));
  assert.ok(names.includes("'@SUM(A1)"));
  assert.ok(names.includes("'-2+3"));
  assert.ok(names.includes("'\uFF1Dfull-width equals"));
  assert.ok(names.includes('comma, inside'));
  assert.ok(names.includes(' =leading space then equals'), 'only the first character is checked (documented)');
});

test('Parquet: same rows and values as the JSONL, 15 Utf8 columns, nulls as nulls', async () => {
  const table = parquetTable(await readFile(join(fixture.dir, 'inventory.parquet')));
  const lines = (await readFile(join(fixture.dir, 'inventory.jsonl'), 'utf8')).trimEnd().split('\n');
  assert.equal(
    table.schema.fields.map((field) => field.name),
    [...RECORD_KEYS],
  );
  assert.ok(table.schema.fields.every((field) => String(field.type) === 'Utf8'));
  assert.is(table.numRows, lines.length);
  lines.forEach((line, row) => {
    const parsed = JSON.parse(line) as Record<string, unknown>;
    for (const key of RECORD_KEYS) {
      const cell: unknown = table.getChild(key)!.get(row);
      const value = parsed[key];
      const expected = value === null ? null : JSON_VALUED.has(key) ? referenceCanonical(value) : value;
      assert.is(cell, expected, `row ${row} column ${key}`);
    }
  });
});

test('Parquet: every column chunk is Snappy-compressed', async () => {
  const bytes = await readFile(join(fixture.dir, 'inventory.parquet'));
  const file = await ParquetFile.fromFile(new Blob([bytes]));
  const metadata = file.metadata();
  assert.ok(metadata.numRowGroups() >= 1);
  for (const group of metadata.rowGroups()) {
    const codecs = group.columns().map((column) => column.compression());
    assert.is(codecs.length, RECORD_KEYS.length);
    assert.ok(
      codecs.every((codec) => codec === Compression.SNAPPY),
      `codecs: ${codecs.join(',')}`,
    );
  }
});

test('an empty inventory gives an empty JSONL, a header-only CSV and a Parquet file with the schema', async () => {
  const dir = await makeTempDir();
  try {
    const result = await writeExports(fromArray([]), { dir, formats: ['jsonl', 'csv', 'parquet'] });
    assert.is(result.records, 0);
    assert.is(await readFile(join(dir, 'inventory.jsonl'), 'utf8'), '');
    assert.is(await readFile(join(dir, 'inventory.csv'), 'utf8'), `${CSV_COLUMNS.join(',')}\r\n`);
    const table = parquetTable(await readFile(join(dir, 'inventory.parquet')));
    assert.is(table.numRows, 0);
    assert.equal(
      table.schema.fields.map((field) => field.name),
      [...RECORD_KEYS],
    );
  } finally {
    await removeDir(dir);
  }
});

test('a record stream that throws mid-way leaves no final file and no temporary file', async () => {
  const dir = await makeTempDir();
  const records = hostileRecords().sort(compareRecordKeys);
  async function* failing(): AsyncGenerator<InventoryRecord> {
    yield* records.slice(0, 10);
    throw new Error('region worker crashed');
  }
  try {
    await writeExports(failing(), { dir, formats: ['jsonl', 'csv', 'parquet'] }).then(
      () => assert.unreachable('should have failed'),
      (error: unknown) => assert.is((error as Error).message, 'region worker crashed'),
    );
    assert.equal(await listDir(dir), []);
  } finally {
    await removeDir(dir);
  }
});

test('a failed export leaves the previous export untouched', async () => {
  const dir = await makeTempDir();
  try {
    await writeFile(join(dir, 'inventory.jsonl'), 'previous night\n');
    const unsorted = [record({ ocid: 'ocid1.b' }), record({ ocid: 'ocid1.a' })];
    await writeExports(fromArray(unsorted), { dir, formats: ['jsonl', 'parquet'] }).then(
      () => assert.unreachable('should have failed'),
      (error: unknown) => {
        assert.instance(error, RecordOrderError);
        assert.match((error as Error).message, 'ocid1.a');
      },
    );
    assert.equal(await listDir(dir), ['inventory.jsonl']);
    assert.is(await readFile(join(dir, 'inventory.jsonl'), 'utf8'), 'previous night\n');
  } finally {
    await removeDir(dir);
  }
});

test('a record that cannot be serialised fails the export cleanly', async () => {
  const dir = await makeTempDir();
  const bad = { ...record({ ocid: 'ocid1.z' }), timeCreated: 1234 } as unknown as InventoryRecord;
  try {
    await writeExports(fromArray([record({ ocid: 'ocid1.a' }), bad]), { dir, formats: ['csv', 'jsonl'] }).then(
      () => assert.unreachable('should have failed'),
      (error: unknown) => assert.match((error as Error).message, 'timeCreated'),
    );
    assert.equal(await listDir(dir), []);
  } finally {
    await removeDir(dir);
  }
});

test('writeExports rejects repeated keys and bad options', async () => {
  const dir = await makeTempDir();
  try {
    const twice = [record({ ocid: 'ocid1.a' }), record({ ocid: 'ocid1.a', region: 'eu-frankfurt-1' })];
    await writeExports(fromArray(twice), { dir, formats: ['jsonl'] }).then(
      () => assert.unreachable('should have failed'),
      (error: unknown) => assert.match((error as Error).message, 'repeats the key'),
    );
    for (const options of [
      { dir, formats: [] },
      { dir, formats: ['xml'] },
      { dir, formats: ['csv', 'csv'] },
      { dir, formats: ['csv'], baseName: '../escape' },
      { dir, formats: ['csv'], compress: true },
    ]) {
      await writeExports(fromArray([]), options as never).then(
        () => assert.unreachable(`should reject ${JSON.stringify(options)}`),
        (error: unknown) => assert.instance(error, UsageError),
      );
    }
    assert.equal(await listDir(dir), []);
  } finally {
    await removeDir(dir);
  }
});

test('writes only the requested formats, with a custom base name', async () => {
  const dir = await makeTempDir();
  try {
    const result = await writeExports([record({ ocid: 'ocid1.a' })], { dir, formats: ['csv'], baseName: 'nightly' });
    assert.equal(await listDir(dir), ['nightly.csv']);
    assert.equal(
      result.files.map((file) => file.path),
      [join(dir, 'nightly.csv')],
    );
  } finally {
    await removeDir(dir);
  }
});

test.run();
