/**
 * RFC 8785 canonical JSON of one value (shared/json/canonical-json.ts), which the export's record lines and
 * the diff's record hash and diff.json both use: json-canonicalize's known defects and our guards, the fast
 * path for values already in canonical order, and property tests against the library and a naive reference.
 */
import { canonicalize } from 'json-canonicalize';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { canonicalJson } from '../shared/json/canonical-json.ts';
import type { JsonObject, JsonValue } from '../shared/model/record.ts';
import { pick, randomText, seededRandom } from './diff-fixtures.ts';
import { referenceCanonical, throwsSerialization } from './export-fixtures.ts';

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
    canonicalJson({ ab: shared, a: shared, 'a.b': shared, list: [shared, shared] }),
    '{"a":{"x":"same","y":[1,2]},"a.b":{"x":"same","y":[1,2]},"ab":{"x":"same","y":[1,2]},"list":[{"x":"same","y":[1,2]},{"x":"same","y":[1,2]}]}',
  );
});

test('an object with a toJSON data key is still sorted, at any depth', () => {
  assert.is(canonicalJson({ zz: 'last', toJSON: 'tag value', aa: 'first' }), '{"aa":"first","toJSON":"tag value","zz":"last"}');
  assert.is(canonicalJson({ outer: { toJSON: { y: 1, x: 2 }, b: [{ d: 1, c: 2 }] } }), '{"outer":{"b":[{"c":2,"d":1}],"toJSON":{"x":2,"y":1}}}');
});

test('a key that merely ends in "toJSON takes the careful path and is still right', () => {
  assert.is(canonicalJson({ 'say "toJSON': 1, a: 2 }), '{"a":2,"say \\"toJSON":1}');
});

test('objects that define toJSON (Date) serialise as JSON.stringify would', () => {
  assert.is(canonicalJson({ when: new Date(0) }), '{"when":"1970-01-01T00:00:00.000Z"}');
});

test('a true cycle, a non-finite number and a function fail with a typed error naming the path', () => {
  const cyclic: Record<string, unknown> = { name: 'loop' };
  cyclic['self'] = { back: cyclic };
  const error = throwsSerialization(() => canonicalJson(cyclic, { ocid: 'ocid1.x' }), 'circular', '$.self.back');
  assert.is(error.context['ocid'], 'ocid1.x');
  throwsSerialization(() => canonicalJson({ n: Number.NaN }), 'Non-finite');
  throwsSerialization(() => canonicalJson({ f: () => 1 }), 'function', '$.f');
  throwsSerialization(() => canonicalJson(undefined), 'undefined');
});

test('undefined properties are left out and undefined array items become null, as in JSON', () => {
  assert.is(canonicalJson({ b: undefined, a: [undefined, 1] }), '{"a":[null,1]}');
});

test('property: random JSON values match a naive reference serialiser and parse back to themselves', () => {
  const random = seededRandom(2024);
  const choose = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const keys = ['a', 'ab', 'a.b', 'b', 'toJSON', '10', '2', '', 'é', 'e\u0301', '\u20ac', '\ud83d\ude00', 'Z', 'z', ' '];
  const numbers = [0, -0, 1, -1.5, 1e21, 1e-7, 0.1 + 0.2, 123456789012345680000, Number.MAX_SAFE_INTEGER, 5e-324, -1e-300];
  const strings = ['', 'plain', 'quote"', 'back\\slash', 'nl\n', 'tab\t', '\u0000\u001f', '\u2028\u2029', '日本', '🚀', 'עברית', '\u007f'];
  const shared = { shared: true };
  const value = (depth: number): unknown => {
    const roll = random();
    if (depth > 3 || roll < 0.35) return choose<unknown>([...numbers, ...strings, true, false, null]);
    if (roll < 0.45) return shared;
    if (roll < 0.7) return Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1));
    const object: Record<string, unknown> = {};
    for (let count = Math.floor(random() * 5); count > 0; count--) object[choose(keys)] = value(depth + 1);
    return object;
  };
  for (let run = 0; run < 2000; run++) {
    const input = value(0);
    const text = canonicalJson(input);
    assert.is(text, referenceCanonical(input), `run ${run}`);
    assert.equal(JSON.parse(text), JSON.parse(JSON.stringify(input)), `run ${run} round trip`);
  }
});

test('canonicalJson: a key named "toJSON" does not break canonical order (json-canonicalize trap)', () => {
  const insertionOrder = JSON.parse('{"freeformTags":{"toJSON":"x","b":"1","a":"2"},"z":{"y":1,"x":2}}') as JsonValue;
  // The trap this module guards against: the library emits insertion order for such an object.
  assert.is(canonicalize(JSON.parse('{"toJSON":"x","b":1,"a":2}')), '{"toJSON":"x","b":1,"a":2}');
  assert.is(canonicalJson(insertionOrder), '{"freeformTags":{"a":"2","b":"1","toJSON":"x"},"z":{"x":2,"y":1}}');
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

test('the fast path (keys already sorted) and the checked path agree, also for shared objects', () => {
  const shared = { a: 1, b: [true, null] };
  const sorted = { a: shared, ab: shared, list: [shared, 'x', -0, 1e21] };
  const unsorted = { list: [shared, 'x', -0, 1e21], ab: shared, a: shared };
  const expected = '{"a":{"a":1,"b":[true,null]},"ab":{"a":1,"b":[true,null]},"list":[{"a":1,"b":[true,null]},"x",0,1e+21]}';
  assert.is(canonicalJson(sorted), expected);
  assert.is(canonicalJson(unsorted), expected);
  assert.is(canonicalJson(Object.assign(Object.create(null) as object, sorted)), expected, 'an object without prototype');
});

test('values JSON.stringify would get wrong never take the fast path, even with sorted keys', () => {
  // An undefined item: null, as in JSON. An undefined member: left out.
  assert.is(canonicalJson({ a: [1, undefined, 3], b: undefined, c: [undefined] }), '{"a":[1,null,3],"c":[null]}');
  // A toJSON method (not a data key) and a Date are honoured like JSON.stringify does.
  assert.is(canonicalJson({ a: { toJSON: () => [2, 'one'] }, b: new Date(0) }), '{"a":[2,"one"],"b":"1970-01-01T00:00:00.000Z"}');
  throwsSerialization(() => canonicalJson({ a: 1, b: Number.POSITIVE_INFINITY }), 'Non-finite');
  throwsSerialization(() => canonicalJson({ a: Symbol('s') }), 'symbol', '$.a');
});

test('a true cycle whose keys are in sorted order is reported with its path, not a stack overflow', () => {
  const cyclic: Record<string, unknown> = { a: 1 };
  cyclic['b'] = { c: cyclic };
  throwsSerialization(() => canonicalJson(cyclic), 'circular', '$.b.c');
});

test('deeply nested values (beyond the fast path depth) still serialise canonically', () => {
  let sorted: JsonValue = 'leaf';
  let unsorted: JsonValue = 'leaf';
  for (let depth = 0; depth < 200; depth += 1) {
    sorted = { a: sorted, b: depth };
    unsorted = { b: depth, a: unsorted };
  }
  assert.is(canonicalJson(sorted), canonicalize(sorted));
  assert.is(canonicalJson(unsorted), canonicalize(sorted));
});

test.run();
