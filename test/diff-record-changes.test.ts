import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { appendPointer, escapePointerSegment, parsePointer } from '../shared/diff/json-pointer.ts';
import { diffRecordFields, jsonEqual } from '../shared/diff/record-changes.ts';
import type { InventoryRecord, JsonObject } from '../shared/model/record.ts';
import { applyChanges, cloneJson, makeRecord, pick, randomKeys, randomRecord, randomText, seededRandom } from './diff-fixtures.ts';

const KEY = { ocid: 'ocid1.instance.oc1..x', resourceType: 'Instance' };
const asObject = (record: InventoryRecord) => record as unknown as JsonObject;
const changesOf = (prev: InventoryRecord, curr: InventoryRecord) => diffRecordFields(asObject(prev), asObject(curr));

test('equal records, or records differing only in the top-level collectedAt, have no changes', () => {
  assert.equal(changesOf(makeRecord(KEY), makeRecord(KEY)), []);
  assert.equal(changesOf(makeRecord(KEY), makeRecord(KEY, { collectedAt: '2030-01-01T00:00:00Z' })), []);
});

test('a scalar change reports before and after at its path', () => {
  assert.equal(changesOf(makeRecord(KEY), makeRecord(KEY, { displayName: 'web-2' })), [{ path: '/displayName', before: 'web-1', after: 'web-2' }]);
});

test('nested objects are recursed: a changed defined tag has its own path', () => {
  const curr = makeRecord(KEY, { definedTags: { Operations: { CostCenter: '43', Owner: 'sre' } } });
  assert.equal(changesOf(makeRecord(KEY), curr), [{ path: '/definedTags/Operations/CostCenter', before: '42', after: '43' }]);
});

test('a removed key has no "after"; an added key has no "before"', () => {
  const removed = changesOf(makeRecord(KEY), makeRecord(KEY, { freeformTags: { app: 'shop' } }));
  assert.equal(removed, [{ path: '/freeformTags/env', before: 'prod' }]);
  assert.not.ok('after' in (removed[0] ?? {}), 'no after key at all, not after: undefined');
  const added = changesOf(makeRecord(KEY), makeRecord(KEY, { freeformTags: { app: 'shop', env: 'prod', team: 'x' } }));
  assert.equal(added, [{ path: '/freeformTags/team', after: 'x' }]);
  assert.not.ok('before' in (added[0] ?? {}));
});

test('null is a value, not absence: a tag set to null is a change with before and after', () => {
  const prev = { ocid: 'o', resourceType: 'T', tags: { a: 'x' } };
  const curr = { ocid: 'o', resourceType: 'T', tags: { a: null } };
  assert.equal(diffRecordFields(prev, curr), [{ path: '/tags/a', before: 'x', after: null }]);
});

test('arrays compare as whole values: a relationships change is one change at /relationships', () => {
  const before = [{ relation: 'in_subnet', target: 'ocid1.subnet.oc1..bbbb' }];
  const after = [{ relation: 'in_subnet', target: 'ocid1.subnet.oc1..cccc' }, { relation: 'in_vcn', target: 'v' }];
  assert.equal(changesOf(makeRecord(KEY), makeRecord(KEY, { relationships: after })), [{ path: '/relationships', before, after }]);
  // Same elements, other order: still a change (the hash is order-sensitive too).
  const reordered = makeRecord(KEY, { relationships: [...after].reverse() });
  assert.equal(changesOf(makeRecord(KEY, { relationships: after }), reordered).map((change) => change.path), ['/relationships']);
});

test('an object replaced by null or a scalar is one change at the object path', () => {
  assert.equal(changesOf(makeRecord(KEY), makeRecord(KEY, { definedTags: null })), [
    { path: '/definedTags', before: { Operations: { CostCenter: '42', Owner: 'sre' } }, after: null },
  ]);
});

test('details.collectedAt and a moved compartment are changes; several changes come in key order', () => {
  const curr = makeRecord(KEY, {
    compartmentId: 'ocid1.compartment.oc1..moved',
    details: { shape: 'VM.Standard.E4.Flex', ocpus: 2, collectedAt: '2025-06-01T23:00:00.000Z' },
    displayName: 'renamed',
  });
  assert.equal(
    changesOf(makeRecord(KEY), curr).map((change) => change.path),
    ['/compartmentId', '/details/collectedAt', '/displayName'],
  );
});

test('keys with "/" and "~" are escaped in paths (RFC 6901)', () => {
  const prev = makeRecord(KEY, { freeformTags: { 'a/b': '1', '~x': '1', '~1': '1' } });
  const curr = makeRecord(KEY, { freeformTags: { 'a/b': '2', '~x': '2', '~1': '2' } });
  assert.equal(
    changesOf(prev, curr).map((change) => change.path),
    ['/freeformTags/a~1b', '/freeformTags/~01', '/freeformTags/~0x'],
  );
});

test('json-pointer helpers: escape order and round trip', () => {
  assert.is(escapePointerSegment('~1'), '~01');
  assert.is(escapePointerSegment('a/b~'), 'a~1b~0');
  assert.is(appendPointer('', ''), '/');
  assert.equal(parsePointer(''), []);
  assert.equal(parsePointer('/'), ['']);
  const random = seededRandom(11);
  for (let i = 0; i < 200; i += 1) {
    const keys = Array.from({ length: 1 + Math.floor(random() * 3) }, () => randomText(random, 5, ['~', '/', '0', '1', 'a']));
    assert.equal(parsePointer(keys.reduce(appendPointer, '')), keys);
  }
  assert.throws(() => parsePointer('a'), /must be empty or start with/);
});

test('jsonEqual: key order does not matter, array order does', () => {
  assert.ok(jsonEqual({ a: 1, b: [1, { c: null }] }, { b: [1, { c: null }], a: 1 }));
  assert.not.ok(jsonEqual([1, 2], [2, 1]));
  assert.not.ok(jsonEqual({ a: 1 }, { a: 1, b: 2 }));
  assert.not.ok(jsonEqual({ a: undefined as never }, { b: undefined as never }));
  assert.not.ok(jsonEqual(null, {}));
  assert.not.ok(jsonEqual([], {}));
  assert.not.ok(jsonEqual('1', 1));
});

test('property: prev + changes = curr, and no changes exactly when equal', () => {
  const random = seededRandom(99);
  for (const key of randomKeys(random, 300)) {
    const prev = randomRecord(random, key);
    const curr = random() < 0.3 ? cloneJson(prev) : mutate(random, cloneJson(prev));
    curr.collectedAt = '2025-06-02T02:00:00.000Z';
    const changes = changesOf(prev, curr);
    const { collectedAt: _p, ...prevRest } = prev;
    const { collectedAt: _c, ...currRest } = curr;
    assert.equal(changes.length === 0, JSON.stringify(sortDeep(prevRest)) === JSON.stringify(sortDeep(currRest)));
    const patched = applyChanges(asObject(prev), changes);
    patched['collectedAt'] = curr.collectedAt;
    assert.equal(sortDeep(patched), sortDeep(curr));
  }
});

function mutate(random: () => number, record: InventoryRecord): InventoryRecord {
  const kind = pick(random, ['displayName', 'tag', 'dropTag', 'relationships', 'compartment', 'details', 'definedTags']);
  if (kind === 'displayName') record.displayName = randomText(random, 5);
  if (kind === 'tag') record.freeformTags = { ...record.freeformTags, [randomText(random, 3)]: randomText(random, 3) };
  if (kind === 'dropTag' && record.freeformTags) delete record.freeformTags[Object.keys(record.freeformTags)[0] ?? ''];
  if (kind === 'relationships') record.relationships = [...record.relationships, { relation: 'in_vcn', target: randomText(random, 4) }];
  if (kind === 'compartment') record.compartmentId = `ocid1.compartment.oc1..${randomText(random, 3)}`;
  if (kind === 'details') record.details = random() < 0.5 ? null : { ...record.details, collectedAt: randomText(random, 4) };
  if (kind === 'definedTags') record.definedTags = { ...record.definedTags, [randomText(random, 2)]: { [randomText(random, 2)]: randomText(random, 2) } };
  return record;
}

function sortDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortDeep);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortDeep((value as Record<string, unknown>)[key])]));
}

test.run();
