/**
 * The export's faster paths give the same bytes as the plain ones: Parquet encoded on the encoder thread
 * equals Parquet encoded on the writer's thread, rows rebuilt from canonical lines equal rows built from
 * records, and rows survive the sorter's binary run files unchanged.
 */
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { canonicalize } from 'json-canonicalize';
import { RecordSerializationError } from '../shared/errors.ts';
import { canonicalLine } from '../shared/export/canonical-json.ts';
import { createCsvStringifyWriter, createCsvWriter } from '../shared/export/csv-writer.ts';
import { ExportRow } from '../shared/export/export-row.ts';
import { createParquetWriter, type ParquetThread } from '../shared/export/parquet-writer.ts';
import { readRowFile, RowFileWriter } from '../shared/export/row-codec.ts';
import { canonicalJson } from '../shared/json/canonical-json.ts';
import { RECORD_KEYS } from '../shared/model/record.ts';
import { generatedRecords, hostileRecords, makeTempDir, memorySink, removeDir, seededRandom } from './export-fixtures.ts';

const RECORDS = [...hostileRecords(), ...generatedRecords(2500)];

async function parquetBytes(thread: ParquetThread, rows: readonly ExportRow[]): Promise<Buffer> {
  const sink = memorySink();
  const writer = createParquetWriter(sink, { rowsPerBatch: 700, rowsPerRowGroup: 1000, thread });
  for (const row of rows) await writer.write(row);
  await writer.end();
  return sink.bytes();
}

test('Parquet encoded on the encoder thread is byte-identical to Parquet encoded on the writer thread', async () => {
  const rows = RECORDS.map((item) => ExportRow.fromRecord(item));
  const onMain = await parquetBytes('main', rows);
  const onWorker = await parquetBytes('worker', rows);
  const auto = await parquetBytes('auto', rows);
  assert.ok(onMain.length > 1000);
  assert.ok(onMain.equals(onWorker), 'worker bytes differ');
  assert.ok(onMain.equals(auto), 'auto bytes differ');
});

test('Parquet writer: an unknown thread option is rejected, naming it', () => {
  assert.throws(() => createParquetWriter(memorySink(), { thread: 'gpu' as ParquetThread }), /thread must be 'auto', 'main' or 'worker', got "gpu"/);
});

test('Parquet encoder thread: a failing sink fails the writer instead of hanging', async () => {
  const writer = createParquetWriter({ write: async () => Promise.reject(new Error('disk full')) }, { rowsPerBatch: 50, thread: 'worker' });
  const rows = RECORDS.slice(0, 500).map((item) => ExportRow.fromRecord(item));
  const failure = await (async () => {
    for (const row of rows) await writer.write(row);
    await writer.end();
  })().then(
    () => undefined,
    (error: unknown) => error,
  );
  await writer.abort(failure);
  assert.instance(failure, Error);
  assert.match((failure as Error).message, /disk full/);
});

test('fromCanonicalLine takes the line as it is: same line, same columns, same bytes as fromRecord', () => {
  for (const item of RECORDS) {
    const fromRecord = ExportRow.fromRecord(item);
    const line = fromRecord.line;
    const fromLine = ExportRow.fromCanonicalLine(line);
    assert.is(fromLine.line, line);
    assert.is(fromLine.ocid, fromRecord.ocid);
    assert.is(fromLine.resourceType, fromRecord.resourceType);
    assert.ok(fromLine.bytes.equals(fromRecord.bytes), `bytes of ${item.ocid}`);
    RECORD_KEYS.forEach((_, column) => assert.is(fromLine.column(column), fromRecord.column(column)));
  }
});

test('fromCanonicalLines gives the rows fromCanonicalLine gives, skipping blank lines', () => {
  const lines = RECORDS.map((item) => ExportRow.fromRecord(item).line);
  const text = Buffer.from(`junk\n${lines.join('\n\n')}\n`, 'utf8');
  const starts: number[] = [];
  const ends: number[] = [];
  for (let at = 0; at < text.length; ) {
    const lf = text.indexOf(0x0a, at);
    starts.push(at);
    ends.push(lf);
    at = lf + 1;
  }
  const rows = ExportRow.fromCanonicalLines(text, starts, ends, 1, starts.length);
  text.fill(0); // the rows own their bytes
  assert.is(rows.length, lines.length);
  rows.forEach((row, index) => {
    const expected = ExportRow.fromCanonicalLine(lines[index]!);
    assert.ok(row.bytes.equals(expected.bytes), `bytes of line ${index}`);
    assert.is(row.ocid, expected.ocid);
    assert.is(row.resourceType, expected.resourceType);
  });
  assert.throws(() => ExportRow.fromCanonicalLines(Buffer.from('junk'), [0], [4], 0, 1, 7), (error: unknown) => error instanceof RecordSerializationError && /^Line 7: /.test((error as Error).message));
});

test('fromCanonicalLine rejects malformed lines with a message naming the problem', () => {
  const line = ExportRow.fromRecord(RECORDS[RECORDS.length - 1]!).line;
  const cases: [string, RegExp][] = [
    ['not json', /expected "\{\\"availabilityDomain\\":"/],
    [`${line} `, /closing "\}" as the last character/],
    [line.replace('"collectedAt"', '"collectedAT"'), /key collectedAt/],
    [line.replace(/"displayName":("[^"]*"|null)/, '"displayName":42'), /displayName must be a string or null/],
    [line.replace(/"details":/, '"details":"text",'), /details must be an object, an array or null/],
    [line.replace(/"ocid":"[^"]*"/, '"ocid":""'), /ocid must be a non-empty string/],
    [line.replace(/"region":"/, '"region":"\\x'), /invalid escape/],
    [line.replace(/"relationships":\[/, '"relationships":[['), /relationships (has unbalanced brackets|is not closed)/],
    [line.slice(0, -1), /closing "\}"/],
  ];
  for (const [bad, message] of cases) {
    const error = (() => {
      try {
        ExportRow.fromCanonicalLine(bad);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    assert.instance(error, RecordSerializationError, `no error for ${bad.slice(0, 60)}`);
    assert.match((error as Error).message, message);
  }
});

test('rows survive the binary run files unchanged, including rows larger than one read', async () => {
  const dir = await makeTempDir('row-codec-');
  try {
    const big = ExportRow.fromRecord({ ...RECORDS[0]!, ocid: 'ocid1.big.oc1..x', details: { blob: 'x'.repeat(3 << 20) } });
    const rows = [...RECORDS.map((item) => ExportRow.fromRecord(item)), big];
    const path = join(dir, 'rows');
    const handle = await open(path, 'wx');
    const writer = new RowFileWriter(handle);
    for (const row of rows) await writer.write(row);
    await writer.flush();
    await handle.close();
    const back: ExportRow[] = [];
    for await (const row of readRowFile(path)) back.push(row);
    assert.is(back.length, rows.length);
    back.forEach((row, index) => assert.ok(row.bytes.equals(rows[index]!.bytes), `row ${index}`));

  } finally {
    await removeDir(dir);
  }
});

test('a truncated run file is an error, not a short read', async () => {
  const dir = await makeTempDir('row-codec-');
  try {
    const path = join(dir, 'rows');
    const handle = await open(path, 'wx');
    const writer = new RowFileWriter(handle);
    for (const item of RECORDS.slice(0, 20)) await writer.write(ExportRow.fromRecord(item));
    await writer.flush();
    await handle.truncate(1000);
    await handle.close();
    let failure: unknown;
    try {
      for await (const row of readRowFile(path)) void row;
    } catch (error) {
      failure = error;
    }
    assert.instance(failure, Error);
    assert.match((failure as Error).message, /truncated/);
  } finally {
    await removeDir(dir);
  }
});

test('property: unsorted plain values take the sorting fast path and equal json-canonicalize', () => {
  const random = seededRandom(99);
  const key = () => ['b', 'a', 'Z', 'é', '10', '9', 'aa', 'a b', '\u{1F600}', ''][Math.floor(random() * 10)]!;
  const value = (depth: number): unknown => {
    const pick = Math.floor(random() * (depth > 3 ? 4 : 6));
    if (pick === 0) return random() < 0.5 ? null : random() < 0.5;
    if (pick === 1) return Math.round((random() - 0.5) * 1e6) / 100;
    if (pick === 2 || pick === 3) return `s${key()}"\\\n${Math.floor(random() * 100)}`;
    if (pick === 4) return Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1));
    const object: Record<string, unknown> = {};
    for (let index = Math.floor(random() * 5); index > 0; index--) object[key() + key()] = value(depth + 1);
    return object;
  };
  for (let round = 0; round < 2000; round++) {
    const input = value(0);
    assert.is(canonicalJson(input), canonicalize(input));
  }
});

test('canonicalLine of a record with unsorted details equals the library on the whole record', () => {
  const item = { ...RECORDS[0]!, details: { zeta: 1, alpha: { y: [2, { d: 1, c: 0 }], x: 'v' }, '10': 'ten', '9': 'nine' } };
  assert.is(canonicalLine(item), canonicalize(item));
});

test('the byte-level CSV writer gives exactly the bytes of csv-stringify with our options', async () => {
  const extra = ['=1+1', '+x', '-y', '@z', '\tt', '\rr', '\uFF1Da', '\uFF0Bb', '\uFF0Dc', '\uFF20d', '\uFF1E no', 'a"b', '"', ',', '', 'é,"ü"\r\n', '\\back\\slash'];
  const items = [...RECORDS, ...extra.map((displayName, index) => ({ ...RECORDS[0]!, ocid: `ocid1.csv.oc1..${index}`, displayName, lifecycleState: displayName }))];
  const rows = items.map((item) => ExportRow.fromRecord(item));
  for (const subset of [rows, []]) {
    const fast = memorySink();
    const reference = memorySink();
    for (const [create, sink] of [[createCsvWriter, fast], [createCsvStringifyWriter, reference]] as const) {
      const writer = create(sink);
      for (const row of subset) await writer.write(row);
      await writer.end();
    }
    assert.ok(fast.bytes().equals(reference.bytes()), `CSV differs for ${subset.length} rows`);
  }
});

test.run();
