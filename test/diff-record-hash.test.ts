import { createHash } from 'node:crypto';
import { canonicalize } from 'json-canonicalize';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { canonicalJson } from '../shared/diff/canonical-json.ts';
import { canonicalRecordText, hashRecord, sha256Hex, withoutCollectedAt } from '../shared/diff/record-hash.ts';
import type { JsonObject, JsonValue } from '../shared/model/record.ts';
import { cloneJson, expectedHash, makeRecord, pick, randomKeys, randomRecord, randomText, seededRandom } from './diff-fixtures.ts';

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

test('canonicalJson: a key named "toJSON" does not break canonical order (json-canonicalize trap)', () => {
  const insertionOrder = JSON.parse('{"freeformTags":{"toJSON":"x","b":"1","a":"2"},"z":{"y":1,"x":2}}') as JsonValue;
  // The trap this module guards against: the library emits insertion order for such an object.
  assert.is(canonicalize(JSON.parse('{"toJSON":"x","b":1,"a":2}')), '{"toJSON":"x","b":1,"a":2}');
  assert.is(canonicalJson(insertionOrder), '{"freeformTags":{"a":"2","b":"1","toJSON":"x"},"z":{"x":2,"y":1}}');
  const a = makeRecord(KEY, { freeformTags: { toJSON: 'x', b: '1' } });
  const b = makeRecord(KEY, { freeformTags: { b: '1', toJSON: 'x' } });
  assert.is(hashRecord(a), hashRecord(b));
});

test('canonicalJson: one object under two keys where one name prefixes the other (false "Circular reference")', () => {
  const shared = { b: 1, a: 2 };
  assert.throws(() => canonicalize({ tags: shared, tagsCopy: shared }), /Circular/);
  assert.is(canonicalJson({ tags: shared, tagsCopy: shared }), '{"tags":{"a":2,"b":1},"tagsCopy":{"a":2,"b":1}}');
});

test('canonicalJson equals json-canonicalize on ordinary values (numbers, escapes, unicode)', () => {
  const value = JSON.parse('{"n":[1e21,1.5,-0,0.1,100],"s":"\\u0000\\"\\\\\\n\\u2028é😀","k":{"é":1,"e":2,"\\uE000":3,"😀":4}}') as JsonValue;
  assert.is(canonicalJson(value), canonicalize(value));
  assert.is(canonicalJson(value), '{"k":{"e":2,"é":1,"😀":4,"\uE000":3},"n":[1e+21,1.5,0,0.1,100],"s":"\\u0000\\"\\\\\\n\u2028é😀"}');
});

test('canonicalJson: integer-like keys, which V8 lists first in numeric order, still sort as strings', () => {
  const value = JSON.parse('{"b":{"10":1,"9":2,"a":3},"1":true,"20":null}') as JsonValue;
  assert.is(canonicalJson(value), '{"1":true,"20":null,"b":{"10":1,"9":2,"a":3}}');
});

test('property: canonicalJson equals json-canonicalize on random values in random key order', () => {
  const random = seededRandom(42);
  const keyAlphabet = ['a', 'B', '1', '0', '9', 'é', '😀', '\uE000', '"', '~'];
  const randomValue = (depth: number): JsonValue => {
    const roll = random();
    if (depth > 3 || roll < 0.3) return pick(random, [null, true, false, 0, -0, 1.5, 1e21, 5e-324, -12, 'x', '\u2028"\\', '😀']);
    if (roll < 0.5) return Array.from({ length: Math.floor(random() * 4) }, () => randomValue(depth + 1));
    const object: JsonObject = {};
    for (let i = Math.floor(random() * 5); i > 0; i -= 1) object[randomText(random, 3, keyAlphabet)] = randomValue(depth + 1);
    return object;
  };
  for (let i = 0; i < 2000; i += 1) {
    const value = randomValue(0);
    assert.is(canonicalJson(value), canonicalize(value), JSON.stringify(value));
    // Parsed back from its canonical text (the diff's case: keys already in order), still equal.
    const reparsed = JSON.parse(canonicalize(value)) as JsonValue;
    assert.is(canonicalJson(reparsed), canonicalize(value));
  }
});

function reverseKeys(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value === null || typeof value !== 'object') return value;
  const reversed: JsonObject = {};
  for (const key of Object.keys(value).reverse()) reversed[key] = reverseKeys(value[key] as JsonValue);
  return reversed;
}

test.run();
