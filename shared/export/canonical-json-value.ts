/**
 * RFC 8785 canonical JSON of one JSON value, through json-canonicalize, guarded against that library's
 * known defects so that a JSON value can never fail to serialise or serialise wrongly:
 *
 * 1. False "Circular reference detected": the library remembers where it first met an object and calls a
 *    later meeting circular when the new path merely *starts with* the old one. The same object under
 *    sibling keys `a` and `ab` (or `a` and `a.b`) throws although nothing is circular.
 * 2. An object with a non-null `toJSON` property is handed to `JSON.stringify` as a whole, so an object
 *    with a plain data key named `toJSON` (e.g. a freeform tag a user called "toJSON") comes out in
 *    insertion order, not canonical order, and silently.
 * 3. A function or symbol value is appended as the bare text `undefined`, which is not JSON.
 *
 * The library stays the fast path. Its output is checked cheaply (two substring tests) and, in the rare
 * cases above, the value is serialised by a small tree walk that delegates every primitive back to the
 * library, so numbers and strings are formatted by one implementation only. A true cycle, a non-finite
 * number or a non-JSON value raises a RecordSerializationError naming the path.
 */
import { canonicalize } from 'json-canonicalize';
import type { ErrorContext } from '../errors.ts';
import { RecordSerializationError } from './export-errors.ts';

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
 * The RFC 8785 canonical JSON text of `value`.
 * Like JSON, object properties whose value is `undefined` are left out and `undefined` array items
 * become `null`. `context` (e.g. ocid and field) is attached to any error.
 */
export function canonicalJsonValue(value: unknown, context: ErrorContext = {}): string {
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
