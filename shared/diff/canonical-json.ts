/**
 * RFC 8785 canonical JSON of a parsed JSON value.
 *
 * Fast path: when every object's keys are already in sorted order (always true for a value parsed from
 * canonical JSON, such as an inventory line), JSON.stringify writes exactly the canonical text: it emits
 * keys in Object.keys order, and formats strings and numbers the way RFC 8785 specifies (RFC 8785 adopts
 * ECMAScript's JSON.stringify for both). Checking the order and calling JSON.stringify is ~3x faster than
 * json-canonicalize, which matters when a whole inventory changes (2M records to hash). Object.keys
 * order is what counts, not text order: V8 lists integer-like keys ("9", "10") first in numeric order,
 * which is not sorted order, so such objects take the slow path.
 *
 * Slow path: json-canonicalize, guarded against two wrong outputs of version 3.0.1 (measured):
 * - An object with an own non-null `toJSON` key (JSON.parse makes one for a freeform tag literally named
 *   "toJSON") is handed to JSON.stringify whole, so it and everything below it come out in insertion
 *   order: canonicalize(JSON.parse('{"b":1,"toJSON":"x","a":2}')) === '{"b":1,"toJSON":"x","a":2}'.
 *   Such output always contains the text `"toJSON":` (inside a JSON string a quote is escaped, so that
 *   text can only end a key); then the small sorted-keys serializer below is used instead.
 * - A false "Circular reference" when one object instance sits under two sibling keys where one name
 *   prefixes the other ({tags: o, tagsCopy: o}). Parsed JSON never shares instances, records built in
 *   code can; the sorted-keys serializer handles those too.
 */
import { canonicalize } from 'json-canonicalize';
import type { JsonValue } from '../model/record.ts';

export function canonicalJson(value: JsonValue): string {
  if (isInCanonicalOrder(value)) return JSON.stringify(value);
  let text: string;
  try {
    text = canonicalize(value);
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('Circular reference')) return serializeSorted(value);
    throw error;
  }
  return text.includes('"toJSON":') ? serializeSorted(value) : text;
}

/**
 * True when JSON.stringify(value) is canonical: every object's keys in sorted order, only plain objects,
 * arrays and finite numbers (anything else, e.g. NaN or a Date, goes to the slow path, which rejects or
 * handles it like json-canonicalize does).
 */
function isInCanonicalOrder(value: JsonValue): boolean {
  if (value === null) return true;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object':
      break;
    default:
      return false;
  }
  if (Array.isArray(value)) return value.every(isInCanonicalOrder);
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) return false;
  let previous: string | undefined;
  for (const key of Object.keys(value)) {
    if (previous !== undefined && !(previous < key)) return false;
    const member = value[key];
    if (member === undefined || !isInCanonicalOrder(member)) return false;
    previous = key;
  }
  return true;
}

function serializeSorted(value: JsonValue): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new RangeError(`Non-finite number ${value} is not JSON`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(serializeSorted).join(',')}]`;
  const members = Object.keys(value)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${serializeSorted(value[key] as JsonValue)}`);
  return `{${members.join(',')}}`;
}
