import { canonicalize } from 'json-canonicalize';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { equalApartFromCollectedAt, findCollectedAtSpan } from '../shared/diff/collected-at-span.ts';
import type { JsonObject } from '../shared/model/record.ts';
import { makeRecord, randomKeys, randomRecord, randomText, seededRandom } from './diff-fixtures.ts';

function cut(line: string): string | undefined {
  const span = findCollectedAtSpan(line);
  return span === undefined ? undefined : line.slice(0, span.start) + line.slice(span.end);
}

function withoutTopLevelCollectedAt(record: object): JsonObject {
  const { collectedAt: _collectedAt, ...rest } = record as JsonObject;
  return rest;
}

test('cuts the member and the comma after it in a canonical record line', () => {
  const line = '{"availabilityDomain":"AD-1","collectedAt":"2025-06-01T02:00:00Z","details":{"collectedAt":"x"},"ocid":"o"}';
  assert.is(cut(line), '{"availabilityDomain":"AD-1","details":{"collectedAt":"x"},"ocid":"o"}');
  const span = findCollectedAtSpan(line);
  assert.is(span && line.slice(span.valueStart, span.valueEnd), '"2025-06-01T02:00:00Z"');
});

test('last member: cuts the comma before it; sole member: cuts just the member', () => {
  assert.is(cut('{"a":1,"collectedAt":"t"}'), '{"a":1}');
  assert.is(cut('{"collectedAt":"t"}'), '{}');
  assert.is(cut('{"collectedAt":"t","z":[1,{"a":"}"}]}'), '{"z":[1,{"a":"}"}]}');
});

test('finds the top-level member only: nested, escaped and quoted look-alikes are skipped', () => {
  // A nested collectedAt before the top-level one (non-canonical order).
  assert.is(cut('{"b":{"collectedAt":"n"},"collectedAt":"t"}'), '{"b":{"collectedAt":"n"}}');
  // Look-alikes inside strings and keys, with escaped quotes and backslashes.
  const tricky = '{"a":"\\"collectedAt\\":\\"x\\"","b\\\\":"\\\\","c\\"collectedAt":"y","collectedAt":"t","d":"}"}';
  assert.ok(JSON.parse(tricky), 'the fixture is valid JSON');
  assert.is(cut(tricky), '{"a":"\\"collectedAt\\":\\"x\\"","b\\\\":"\\\\","c\\"collectedAt":"y","d":"}"}');
  // Only nested.
  assert.is(findCollectedAtSpan('{"details":{"collectedAt":"t"}}'), undefined);
});

test('returns undefined for shapes the fast path does not handle (the caller then parses)', () => {
  for (const line of [
    '',
    '{}',
    '[{"collectedAt":"t"}]',
    '{"collectedAt":12}', // not a string
    '{"collectedAt":null}',
    '{ "collectedAt":"t"}', // whitespace: not canonical
    '{"collectedAt" :"t"}',
    '{"collected\\u0041t":"t"}', // escaped key text
    '{"a":1}',
    '{"a":"unterminated',
    '{"a":{"b":1}',
    '{"collectedAt":"t"',
  ]) {
    assert.is(findCollectedAtSpan(line), undefined, line);
  }
});

test('property: on canonical record lines the cut text is the canonical record without collectedAt', () => {
  const random = seededRandom(3);
  for (const key of randomKeys(random, 300)) {
    const record = randomRecord(random, key);
    record.collectedAt = randomText(random, 8);
    const line = canonicalize(record);
    assert.is(cut(line), canonicalize(withoutTopLevelCollectedAt(record)), line);
    const span = findCollectedAtSpan(line);
    assert.is(span && JSON.parse(line.slice(span.valueStart, span.valueEnd)), record.collectedAt);
  }
});

test('property: on random JSON objects the cut is exact or absent, never wrong', () => {
  const random = seededRandom(5);
  for (let i = 0; i < 500; i += 1) {
    const object: JsonObject = {};
    for (let j = Math.floor(random() * 4); j > 0; j -= 1) object[randomText(random, 3, ['a', 'c', '"', '\\', '}', ':'])] = randomText(random, 4, ['"', '\\', ',', '}', '{', 'x']);
    if (random() < 0.7) object['collectedAt'] = randomText(random, 4, ['"', '\\', 'x', ',']);
    if (random() < 0.3) object['nested'] = { collectedAt: 'n', list: ['"collectedAt":', '{', ']'] };
    // Also insertion order (JSON.stringify), not only canonical order.
    for (const line of [canonicalize(object), JSON.stringify(object)]) {
      const result = cut(line);
      if ('collectedAt' in object) assert.equal(result === undefined ? undefined : JSON.parse(result), withoutTopLevelCollectedAt(object), line);
      else assert.is(result, undefined, line);
    }
  }
});

test('equalApartFromCollectedAt: equal records from two runs match, any other difference does not', () => {
  const key = { ocid: 'ocid1.x', resourceType: 'Vcn' };
  const a = canonicalize(makeRecord(key, { collectedAt: '2025-06-01T02:00:00.000Z' }));
  const b = canonicalize(makeRecord(key, { collectedAt: '2025-06-02T02:00:00.123456Z' }));
  const c = canonicalize(makeRecord(key, { collectedAt: '2025-06-02T02:00:00.000Z', displayName: 'web-2' }));
  const d = canonicalize(makeRecord(key, { collectedAt: '2025-06-02T02:00:00.000Z', details: { collectedAt: 'other' } }));
  const match = (x: string, y: string) => equalApartFromCollectedAt(x, findCollectedAtSpan(x), y, findCollectedAtSpan(y));
  assert.ok(match(a, b));
  assert.not.ok(match(a, c));
  assert.not.ok(match(a, d));
  // Lines without the member match only when identical.
  assert.ok(match('{"a":1}', '{"a":1}'));
  assert.not.ok(match('{"a":1}', '{"a":2}'));
  assert.not.ok(match('{"a":1}', '{"a":1,"collectedAt":"t"}'));
});

test.run();
