/** Canonical JSON of values and records, including json-canonicalize's known defects and our guards. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { canonicalize } from 'json-canonicalize';
import { RECORD_KEYS, type InventoryRecord } from '../shared/model/record.ts';
import { canonicalJsonValue } from '../shared/export/canonical-json-value.ts';
import { canonicalLine, recordColumns } from '../shared/export/canonical-json.ts';
import { RecordSerializationError } from '../shared/export/export-errors.ts';
import { ExportRow } from '../shared/export/export-row.ts';
import { generatedRecords, hostileRecords, record, referenceCanonical, seededRandom } from './export-fixtures.ts';

function throwsSerialization(action: () => unknown, ...fragments: string[]): RecordSerializationError {
  try {
    action();
  } catch (error) {
    assert.instance(error, RecordSerializationError);
    for (const fragment of fragments) assert.match((error as Error).message, fragment);
    return error as RecordSerializationError;
  }
  assert.unreachable('expected a RecordSerializationError');
  throw new Error('unreachable');
}

// Canaries: the library defects we work around. If one starts failing, the library changed; re-check the guard.
test('canary: json-canonicalize reports a false circular reference for one object under keys a and ab', () => {
  const shared = { x: 1 };
  assert.throws(() => canonicalize({ a: shared, ab: shared }), /Circular reference/);
});

test('canary: json-canonicalize emits insertion order for an object with a toJSON data key', () => {
  assert.is(canonicalize({ toJSON: 'v', b: 1, a: 2 }), '{"toJSON":"v","b":1,"a":2}');
});

test('the same object under sibling keys a, ab and a.b serialises (twice) instead of failing', () => {
  const shared = { y: [1, 2], x: 'same' };
  assert.is(
    canonicalJsonValue({ ab: shared, a: shared, 'a.b': shared, list: [shared, shared] }),
    '{"a":{"x":"same","y":[1,2]},"a.b":{"x":"same","y":[1,2]},"ab":{"x":"same","y":[1,2]},"list":[{"x":"same","y":[1,2]},{"x":"same","y":[1,2]}]}',
  );
});

test('an object with a toJSON data key is still sorted, at any depth', () => {
  assert.is(canonicalJsonValue({ zz: 'last', toJSON: 'tag value', aa: 'first' }), '{"aa":"first","toJSON":"tag value","zz":"last"}');
  assert.is(canonicalJsonValue({ outer: { toJSON: { y: 1, x: 2 }, b: [{ d: 1, c: 2 }] } }), '{"outer":{"b":[{"c":2,"d":1}],"toJSON":{"x":2,"y":1}}}');
});

test('a key that merely ends in "toJSON takes the careful path and is still right', () => {
  assert.is(canonicalJsonValue({ 'say "toJSON': 1, a: 2 }), '{"a":2,"say \\"toJSON":1}');
});

test('objects that define toJSON (Date) serialise as JSON.stringify would', () => {
  assert.is(canonicalJsonValue({ when: new Date(0) }), '{"when":"1970-01-01T00:00:00.000Z"}');
});

test('a true cycle, a non-finite number and a function fail with a typed error naming the path', () => {
  const cyclic: Record<string, unknown> = { name: 'loop' };
  cyclic['self'] = { back: cyclic };
  const error = throwsSerialization(() => canonicalJsonValue(cyclic, { ocid: 'ocid1.x' }), 'circular', '$.self.back');
  assert.is(error.context['ocid'], 'ocid1.x');
  throwsSerialization(() => canonicalJsonValue({ n: Number.NaN }), 'Non-finite');
  throwsSerialization(() => canonicalJsonValue({ f: () => 1 }), 'function', '$.f');
  throwsSerialization(() => canonicalJsonValue(undefined), 'undefined');
});

test('undefined properties are left out and undefined array items become null, as in JSON', () => {
  assert.is(canonicalJsonValue({ b: undefined, a: [undefined, 1] }), '{"a":[null,1]}');
});

test('property: random JSON values match a naive reference serialiser and parse back to themselves', () => {
  const random = seededRandom(2024);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const keys = ['a', 'ab', 'a.b', 'b', 'toJSON', '10', '2', '', 'é', 'e\u0301', '\u20ac', '\ud83d\ude00', 'Z', 'z', ' '];
  const numbers = [0, -0, 1, -1.5, 1e21, 1e-7, 0.1 + 0.2, 123456789012345680000, Number.MAX_SAFE_INTEGER, 5e-324, -1e-300];
  const strings = ['', 'plain', 'quote"', 'back\\slash', 'nl\n', 'tab\t', '\u0000\u001f', '\u2028\u2029', '日本', '🚀', 'עברית', '\u007f'];
  const shared = { shared: true };
  const value = (depth: number): unknown => {
    const roll = random();
    if (depth > 3 || roll < 0.35) return pick<unknown>([...numbers, ...strings, true, false, null]);
    if (roll < 0.45) return shared;
    if (roll < 0.7) return Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1));
    const object: Record<string, unknown> = {};
    for (let count = Math.floor(random() * 5); count > 0; count--) object[pick(keys)] = value(depth + 1);
    return object;
  };
  for (let run = 0; run < 2000; run++) {
    const input = value(0);
    const text = canonicalJsonValue(input);
    assert.is(text, referenceCanonical(input), `run ${run}`);
    assert.equal(JSON.parse(text), JSON.parse(JSON.stringify(input)), `run ${run} round trip`);
  }
});

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

test.run();
