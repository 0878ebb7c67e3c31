import { createHash } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { canonicalRecordText, hashRecord, sha256Hex, withoutCollectedAt } from '../shared/diff/record-hash.ts';
import type { JsonObject, JsonValue } from '../shared/model/record.ts';
import { cloneJson, expectedHash, makeRecord, randomKeys, randomRecord, seededRandom } from './diff-fixtures.ts';

const KEY = { ocid: 'ocid1.instance.oc1..x', resourceType: 'Instance' };

test('golden: the hash of a fixed record is sha256 of its hand-written canonical text', () => {
  const record: JsonObject = { ocid: 'o', resourceType: 'T', collectedAt: '2025-06-01T02:00:00Z', details: { collectedAt: 'd', b: [2, 1] }, a: null };
  const canonical = '{"a":null,"details":{"b":[2,1],"collectedAt":"d"},"ocid":"o","resourceType":"T"}';
  assert.is(canonicalRecordText(record), canonical);
  assert.is(hashRecord(record), createHash('sha256').update(canonical).digest('hex'));
  assert.is(hashRecord(record), 'e33df428586715d7d0798ca10783c7c0539cf8b993b23da414b1be686dafceb5');
});

test('only the top-level collectedAt is left out: a different run time keeps the hash', () => {
  const a = makeRecord(KEY, { collectedAt: '2025-06-01T02:00:00.000Z' });
  const b = makeRecord(KEY, { collectedAt: '2025-06-02T02:00:00.000Z' });
  assert.is(hashRecord(a), hashRecord(b));
  assert.is(hashRecord(a), expectedHash(a));
});

test('details.collectedAt is data: changing it changes the hash', () => {
  const a = makeRecord(KEY);
  const b = makeRecord(KEY, { details: { shape: 'VM.Standard.E4.Flex', ocpus: 2, collectedAt: '2025-06-01T00:00:00.000Z' } });
  assert.is.not(hashRecord(a), hashRecord(b));
  assert.ok(canonicalRecordText(a).includes('"collectedAt":"2025-05-31T23:00:00.000Z"'), 'details.collectedAt is kept');
});

test('withoutCollectedAt copies: the input record keeps its collectedAt', () => {
  const record = makeRecord(KEY) as unknown as JsonObject;
  const copy = withoutCollectedAt(record);
  assert.not.ok(Object.hasOwn(copy, 'collectedAt'));
  assert.is(record['collectedAt'], '2025-06-01T02:00:00.000Z');
});

test('property: the hash ignores key order at every depth and matches the independent computation', () => {
  const random = seededRandom(7);
  for (const key of randomKeys(random, 200)) {
    const record = randomRecord(random, key);
    const reordered = reverseKeys(cloneJson(record) as unknown as JsonValue) as JsonObject;
    assert.is(hashRecord(reordered), hashRecord(record));
    assert.is(hashRecord(record), expectedHash(record));
  }
});

test('sha256Hex hashes the UTF-8 bytes', () => {
  const text = 'é日😀';
  assert.is(sha256Hex(text), createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex'));
});

test('a freeform tag named "toJSON" (a json-canonicalize trap) does not make the hash depend on key order', () => {
  const a = makeRecord(KEY, { freeformTags: { toJSON: 'x', b: '1' } });
  const b = makeRecord(KEY, { freeformTags: { b: '1', toJSON: 'x' } });
  assert.is(hashRecord(a), hashRecord(b));
});

function reverseKeys(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value === null || typeof value !== 'object') return value;
  const reversed: JsonObject = {};
  for (const key of Object.keys(value).reverse()) reversed[key] = reverseKeys(value[key] as JsonValue);
  return reversed;
}

test.run();
