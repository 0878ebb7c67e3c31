/** Canonical JSON of records: the columns and the line (the canonical JSON of a value is json-canonical-json.test.ts). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { canonicalize } from 'json-canonicalize';
import { RECORD_KEYS, type InventoryRecord } from '../shared/model/record.ts';
import { canonicalLine, recordColumns } from '../shared/export/canonical-json.ts';
import { ExportRow } from '../shared/export/export-row.ts';
import { generatedRecords, hostileRecords, record, referenceCanonical, throwsSerialization } from './export-fixtures.ts';

test('canonicalLine equals the library on the whole record, for records the library handles', () => {
  for (const input of generatedRecords(300)) {
    const projected = Object.fromEntries(RECORD_KEYS.map((key) => [key, input[key]]));
    assert.is(canonicalLine(input), canonicalize(projected));
  }
});

test('canonicalLine is canonical for every hostile record and carries exactly the contract keys', () => {
  for (const input of hostileRecords()) {
    const line = canonicalLine(input);
    const parsed = JSON.parse(line) as Record<string, unknown>;
    assert.is(line, referenceCanonical(parsed));
    assert.equal(Object.keys(parsed), [...RECORD_KEYS].sort());
  }
});

test('extra properties are dropped, undefined fields are written as null', () => {
  const input = { ...record({ ocid: 'ocid1.a' }), displayName: undefined, extra: 'not in the contract' } as unknown as InventoryRecord;
  const parsed = JSON.parse(canonicalLine(input)) as Record<string, unknown>;
  assert.is(parsed['displayName'], null);
  assert.not.ok('extra' in parsed);
});

test('wrong field types and empty keys fail with the field named', () => {
  const withNumber = { ...record({ ocid: 'ocid1.a' }), lifecycleState: 3 } as unknown as InventoryRecord;
  const error = throwsSerialization(() => canonicalLine(withNumber), 'lifecycleState');
  assert.is(error.context['ocid'], 'ocid1.a');
  throwsSerialization(() => canonicalLine(record({ ocid: '' })), 'ocid');
  throwsSerialization(() => canonicalLine({ ...record({ ocid: 'ocid1.a' }), resourceType: null } as unknown as InventoryRecord), 'resourceType');
});

test('a lone surrogate becomes U+FFFD in text fields so JSONL, CSV and Parquet agree', () => {
  const columns = recordColumns(record({ ocid: 'ocid1.a', displayName: 'bad \ud800 half' }));
  assert.is(columns[RECORD_KEYS.indexOf('displayName')], 'bad \ufffd half');
  assert.is(recordColumns(record({ ocid: 'ocid1.a', displayName: 'ok 🚀' }))[RECORD_KEYS.indexOf('displayName')], 'ok 🚀');
});

test('ExportRow round-trips through its run-file form and rebuilds the record', () => {
  for (const input of hostileRecords()) {
    const row = ExportRow.fromRecord(input);
    const text = row.serialize();
    assert.not.ok(text.includes('\n'), 'one line');
    const back = ExportRow.deserialize(text);
    assert.is(back.line, row.line);
    assert.is(back.ocid, input.ocid);
    assert.is(back.resourceType, input.resourceType);
    assert.equal(back.toRecord(), JSON.parse(row.line));
  }
  assert.throws(() => ExportRow.deserialize('["too","short"]'), /Not a serialised export row/);
});

test('every column of a row reads back from its byte offsets, whatever mix of 1- to 4-byte UTF-8 the line holds', () => {
  const unicode = ['plain', 'é ñ ü', '日本語', '🚀 👩‍💻', 'mixed ® ™ ø 🔥 end', 'quote " and \\ escape é'];
  const inputs: InventoryRecord[] = [...hostileRecords()];
  unicode.forEach((text, index) => {
    inputs.push(
      record({
        ocid: `ocid1.instance.oc1..${text.length}${index}`,
        displayName: text,
        lifecycleState: index % 2 === 0 ? null : `STATE ${text}`,
        freeformTags: { [`key ${text}`]: text },
        details: { description: text, nested: { note: `${text} ${text}` } },
      }),
    );
  });
  for (const input of inputs) {
    const expected = recordColumns(input);
    const row = ExportRow.fromRecord(input);
    for (let column = 0; column < RECORD_KEYS.length; column++) {
      const value = expected[column] ?? null;
      assert.is(row.column(column), value, `${input.ocid} column ${RECORD_KEYS[column]}`);
      const bytes = row.columnBytes(column);
      assert.equal(bytes === null ? null : Buffer.from(bytes).toString('utf8'), value, `${input.ocid} bytes of ${RECORD_KEYS[column]}`);
    }
    assert.is(row.ocid, input.ocid);
    assert.is(row.resourceType, input.resourceType);
  }
});

test.run();
