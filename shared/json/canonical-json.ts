/**
 * RFC 8785 canonical JSON of one JSON value: correct whatever the value, and fast on the common case.
 *
 * Fast path: when every object's keys are already in sorted order (always true for a value parsed from
 * canonical JSON, such as an inventory line, and for objects built in canonical order), JSON.stringify
 * writes exactly the canonical text: it emits keys in Object.keys order, and formats strings and numbers
 * the way RFC 8785 specifies (RFC 8785 adopts ECMAScript's JSON.stringify for both). Checking the order
 * and calling JSON.stringify is ~3x faster than json-canonicalize, which matters when a whole inventory
 * changes (2M records to hash). Object.keys order is what counts, not text order: V8 lists integer-like
 * keys ("9", "10") first in numeric order, which is not sorted order, so such objects take the checked
 * path. So does anything that is not plainly JSON (undefined, functions, symbols, non-finite numbers,
 * class instances such as Date, values nested deeper than FAST_PATH_MAX_DEPTH, and so true cycles).
 *
 * Checked path: json-canonicalize (3.0.1), guarded against its known defects (measured) so that a JSON
 * value can never fail to serialise or serialise wrongly:
 * 1. False "Circular reference detected": the library remembers where it first met an object and calls a
 *    later meeting circular when the new path merely *starts with* the old one. The same object under
 *    sibling keys `a` and `ab` (or `a` and `a.b`) throws although nothing is circular.
 * 2. An object with a non-null `toJSON` property is handed to `JSON.stringify` as a whole, so an object
 *    with a plain data key named `toJSON` (e.g. a freeform tag a user called "toJSON") comes out in
 *    insertion order, not canonical order, and silently.
 * 3. A function or symbol value is appended as the bare text `undefined`, which is not JSON.
 * Its output is checked cheaply (two substring tests) and, in the rare cases above, the value is
 * serialised by a small tree walk that delegates every primitive back to the library, so numbers and
 * strings are formatted by one implementation only. A true cycle, a non-finite number or a non-JSON value
 * raises a RecordSerializationError naming the path.
 *
 * Not guarded (measured, never made by JSON.parse or the OCI SDK): the library skips the holes of a sparse
 * array (`[1, , 3]` becomes `[1,3]`), and writes what a toJSON *method* returns in insertion order (a Date's
 * string is fine; an object is not). The fast path sends both to the library, so that the text of a value
 * never depends on the key order of another part of it.
 */
import { canonicalize } from 'json-canonicalize';
import { RecordSerializationError, type ErrorContext } from '../errors.ts';

const LIBRARY_CIRCULAR_MESSAGE = 'Circular reference detected';

/**
 * Present in the library's output when an object with a `toJSON` data key went through JSON.stringify.
 * It cannot come from inside a string value (JSON escapes the quotes there) but can from a key that
 * ends in `"toJSON`; such a false alarm only costs the slower, still correct, path.
 */
const TOJSON_KEY_MARKER = '"toJSON":';

/** The bare word `undefined` after `[`, `,` or `:` is the library's rendering of a function or symbol. */
const BARE_UNDEFINED = /[[,:]undefined/;

/**
 * Deeper values take the checked path. Bounds the order check's recursion, which has no cycle detection
 * of its own: a cycle is infinitely deep, so it always reaches the checked path, which reports it.
 */
const FAST_PATH_MAX_DEPTH = 64;

/**
 * The RFC 8785 canonical JSON text of `value`.
 * Like JSON, object properties whose value is `undefined` are left out and `undefined` array items
 * become `null`. `context` (e.g. ocid and field) is attached to any error.
 */
export function canonicalJson(value: unknown, context: ErrorContext = {}): string {
  if (isInCanonicalOrder(value, 0)) return JSON.stringify(value);
  if (value === undefined) {
    throw new RecordSerializationError('Cannot serialise undefined as JSON: pass null for a missing value.', { context });
  }
  let text: string;
  try {
    text = canonicalize(value);
  } catch (error) {
    if (error instanceof Error && error.message === LIBRARY_CIRCULAR_MESSAGE) return canonicalJsonByTreeWalk(value, context);
    throw asSerializationError(error, '$', context);
  }
  if (text.includes(TOJSON_KEY_MARKER) || BARE_UNDEFINED.test(text)) return canonicalJsonByTreeWalk(value, context);
  return text;
}

/**
 * True when JSON.stringify(value) is canonical: only null, strings, booleans, finite numbers, arrays
 * without holes or undefined items, and plain objects whose keys are in sorted order and whose members
 * are all defined, no deeper than FAST_PATH_MAX_DEPTH.
 */
function isInCanonicalOrder(value: unknown, depth: number): boolean {
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
  if (depth >= FAST_PATH_MAX_DEPTH) return false;
  if (Array.isArray(value)) {
    // An index loop, not every(): every() skips holes, which JSON.stringify writes as null but the library drops.
    for (let index = 0; index < value.length; index++) {
      if (!isInCanonicalOrder(value[index], depth + 1)) return false;
    }
    return true;
  }
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return false;
  const object = value as Record<string, unknown>;
  let previous: string | undefined;
  for (const key of Object.keys(object)) {
    // Strict `<` compares UTF-16 code units, the order RFC 8785 section 3.2.3 prescribes.
    if (previous !== undefined && !(previous < key)) return false;
    if (!isInCanonicalOrder(object[key], depth + 1)) return false;
    previous = key;
  }
  return true;
}

/** RFC 8785 by hand for the values the library gets wrong; only the structure is walked here. */
function canonicalJsonByTreeWalk(root: unknown, context: ErrorContext): string {
  // Only the objects on the current path: the same object may legitimately appear side by side.
  const onPath = new Set<object>();

  const walk = (value: unknown, path: string): string => {
    if (value === null || typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number') {
      try {
        return canonicalize(value);
      } catch (error) {
        throw asSerializationError(error, path, context);
      }
    }
    if (typeof value !== 'object') {
      throw new RecordSerializationError(`Cannot serialise a ${typeof value} at ${path}: only JSON values can be exported.`, {
        context: { ...context, path },
      });
    }
    const withToJson = value as { toJSON?: unknown };
    // Objects such as Date define how they become JSON; JSON.stringify honours that, and so do we.
    if (typeof withToJson.toJSON === 'function') return walk((withToJson.toJSON as () => unknown)(), path);
    if (onPath.has(value)) {
      throw new RecordSerializationError(`Cannot serialise a circular reference at ${path}: a value contains itself.`, {
        context: { ...context, path },
      });
    }
    onPath.add(value);
    try {
      if (Array.isArray(value)) {
        const items: string[] = [];
        for (let index = 0; index < value.length; index++) {
          const item: unknown = value[index];
          items.push(item === undefined ? 'null' : walk(item, `${path}[${index}]`));
        }
        return `[${items.join(',')}]`;
      }
      const object = value as Record<string, unknown>;
      // Default sort compares UTF-16 code units: the order RFC 8785 section 3.2.3 prescribes.
      const keys = Object.keys(object)
        .filter((key) => object[key] !== undefined)
        .sort();
      const members = keys.map((key) => `${JSON.stringify(key)}:${walk(object[key], `${path}.${key}`)}`);
      return `{${members.join(',')}}`;
    } finally {
      onPath.delete(value);
    }
  };

  return walk(root, '$');
}

function asSerializationError(error: unknown, path: string, context: ErrorContext): RecordSerializationError {
  const reason = error instanceof Error ? error.message : String(error);
  return new RecordSerializationError(`Cannot serialise the value at ${path} as canonical JSON: ${reason}`, {
    cause: error,
    context: { ...context, path },
  });
}
