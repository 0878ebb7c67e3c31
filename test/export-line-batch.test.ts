/**
 * The sorter's fast path for records: one JSON.stringify for a record already in canonical form
 * (canonicalLineIfReady), lines collected as UTF-8 (LineBatchBuilder) and turned into rows by a byte scan
 * (ExportRow.fromLineBatch). Each must give exactly what the field-by-field path gives.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { InventoryRecord } from '../shared/model/record.ts';
import { canonicalLine, canonicalLineIfReady, CANONICAL_RECORD_KEYS } from '../shared/export/canonical-json.ts';
import { ExportRow } from '../shared/export/export-row.ts';
import { LineBatchBuilder } from '../shared/export/line-batch.ts';
import { recordFromSummary } from '../shared/normalize/record-from-summary.ts';
import type { ResourceSummary } from '../shared/discovery/search-pages.ts';
import { generatedRecords, hostileRecords } from './export-fixtures.ts';

/** The record with its keys in canonical order, as recordFromSummary builds records. */
function inCanonicalKeyOrder(item: InventoryRecord): InventoryRecord {
  const copy: Record<string, unknown> = {};
  for (const key of CANONICAL_RECORD_KEYS) copy[key] = (item as unknown as Record<string, unknown>)[key];
  return copy as unknown as InventoryRecord;
}

const RECORDS = [...generatedRecords(400), ...hostileRecords()];

test('a record in canonical form gets the very line canonicalLine writes, in one call', () => {
  let ready = 0;
  for (const item of RECORDS) {
    // Parsed from its line: keys sorted at every depth, as records built in canonical order are.
    const ordered = JSON.parse(canonicalLine(item)) as InventoryRecord;
    const fast = canonicalLineIfReady(ordered);
    // Integer-like keys ("10") are listed first by V8, whatever the order they were written in: such
    // a record is not ready and must be left to canonicalLine.
    if (fast === undefined) continue;
    ready++;
    assert.is(fast, canonicalLine(item), `line of ${item.ocid}`);
  }
  assert.ok(ready >= RECORDS.length - 5, `${ready} of ${RECORDS.length} records took the fast path`);
});

test('anything not exactly in canonical form is left to the checked path', () => {
  const base = inCanonicalKeyOrder(generatedRecords(1)[0]!);
  const notReady: [string, unknown][] = [
    ['keys in contract order', generatedRecords(1)[0]],
    ['an extra key', { ...base, extra: 1 }],
    ['a missing key', (({ region: _region, ...rest }) => rest)(base)],
    ['an undefined field', { ...base, displayName: undefined }],
    ['a lone surrogate', { ...base, displayName: 'bad \ud800 name' }],
    ['a number where text belongs', { ...base, region: 42 }],
    ['unsorted nested keys', { ...base, details: { b: 1, a: 2 } }],
    ['a Date inside', { ...base, details: { when: new Date(0) } }],
    ['a toJSON method', Object.assign(Object.create({ toJSON: () => ({}) }) as object, base)],
    ['an empty ocid', { ...base, ocid: '' }],
    ['text where an object belongs', { ...base, definedTags: 'tags' }],
  ];
  for (const [what, value] of notReady) assert.is(canonicalLineIfReady(value as InventoryRecord), undefined, what);
});

test('recordFromSummary builds records in canonical form (the export fast path applies)', () => {
  const summary = {
    identifier: 'ocid1.instance.oc1.iad.x',
    resourceType: 'Instance',
    displayName: 'vm "one", 日本',
    compartmentId: 'ocid1.compartment.oc1..c',
    availabilityDomain: 'AD-1',
    lifecycleState: 'RUNNING',
    timeCreated: new Date(Date.UTC(2024, 0, 2)),
    definedTags: { Ops: { Team: 'a', Cost: '1' } },
    freeformTags: { z: '1', a: '2' },
  } as unknown as ResourceSummary;
  const built = recordFromSummary(summary, 'us-ashburn-1', { status: 'OK', details: { a: 1, b: [{ c: null }] }, relationships: [], error: null }, new Date(0));
  assert.equal(Object.keys(built), [...CANONICAL_RECORD_KEYS]);
  assert.is(canonicalLineIfReady(built), canonicalLine(built));
});

test('rows from a line batch are byte for byte the rows of the records', () => {
  const batch = new LineBatchBuilder(new ArrayBuffer(64)); // tiny: grows many times
  for (const item of RECORDS) batch.add(canonicalLine(item));
  assert.is(batch.count, RECORDS.length);
  const rows = ExportRow.fromLineBatch(batch.take());
  assert.is(batch.count, 0);
  assert.is(rows.length, RECORDS.length);
  rows.forEach((row, index) => {
    const expected = ExportRow.fromRecord(RECORDS[index]!);
    assert.ok(row.bytes.equals(expected.bytes), `row ${index} (${RECORDS[index]!.ocid})`);
    assert.is(row.ocid, expected.ocid);
    assert.is(row.resourceType, expected.resourceType);
  });
  assert.equal(ExportRow.fromLineBatch(batch.take()), [], 'an empty batch');
});

test('values after details, read from the line end backwards, keep their exact extents', () => {
  // The scan skips details and reads the later values backwards: strings ending in backslashes, escaped
  // quotes, brackets and key-like text inside strings must not move any boundary.
  const base = generatedRecords(1)[0]!;
  const tricky: InventoryRecord[] = [
    { ...base, ocid: 'ocid1.a.oc1..ends-in-backslash\\', displayName: 'x\\', timeCreated: '\\', resourceType: 'T"\\"' },
    { ...base, ocid: 'ocid1.a.oc1..quotes', displayName: '","details":{', region: '"}]', lifecycleState: '\\"' },
    {
      ...base,
      ocid: 'ocid1.a.oc1..nested',
      details: { displayName: ',"displayName":"fake"', freeformTags: { a: ']}' } },
      freeformTags: { ']': '[', '"': '\\', 'k,"region":"x"': '}' },
      relationships: [{ relation: 'in_compartment', target: '"]}' }, { relation: '\\', target: '[' }],
    },
    { ...base, ocid: 'ocid1.a.oc1..array-details', details: [1, '"', ['}'], {}] as unknown as InventoryRecord['details'] },
    { ...base, ocid: 'ocid1.a.oc1..nulls-after', displayName: null, freeformTags: null, relationships: null as unknown as InventoryRecord['relationships'], timeCreated: null },
    { ...base, ocid: 'ocid1.a.oc1..empty', details: {}, freeformTags: {}, relationships: [], displayName: '' },
  ];
  const batch = new LineBatchBuilder();
  for (const item of tricky) batch.add(canonicalLine(item));
  const rows = ExportRow.fromLineBatch(batch.take());
  rows.forEach((row, index) => {
    const expected = ExportRow.fromRecord(tricky[index]!);
    assert.ok(row.bytes.equals(expected.bytes), `row of ${tricky[index]!.ocid}`);
    assert.equal([...row.columns], [...expected.columns], `columns of ${tricky[index]!.ocid}`);
  });
});

test('a line this layer did not write is refused, not given wrong offsets', () => {
  const good = canonicalLine(RECORDS[0]!);
  const refused = [
    '{"ocid":"x"}',
    `${good.slice(0, -1)},"extra":1}`,
    good.replace('"collectedAt":', '"collectedAT":'),
    good.replace('"timeCreated":', '"timeCreatex":'),
    good.replace('"displayName":', '"displayNAME":'),
    good.replace('"details":{', '"details":"'),
    good.replace('"details":{', '"details":7,"x":{'),
  ];
  for (const line of refused) {
    const batch = new LineBatchBuilder();
    batch.add(line);
    assert.throws(() => ExportRow.fromLineBatch(batch.take()), /Not a canonical line of this export layer/);
  }
});

test.run();
