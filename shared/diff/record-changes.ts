/**
 * What changed inside one record between two runs, as a list of `{path, before, after}`.
 *
 * - Objects are compared key by key and recursed into, so a changed tag shows as
 *   `/definedTags/Operations/CostCenter` rather than as the whole `definedTags`.
 * - Arrays and scalars are compared as whole values at their path. `relationships` is a set of edges in
 *   whatever order the enricher produced them; index paths (`/relationships/3/target`) would report
 *   every later element as changed when one edge is inserted, which is noise, not information.
 * - A key present on one side only: the missing side is left out of the change (no `before` for an
 *   added key, no `after` for a removed key). `null` cannot mean "absent": null is a real value here.
 * - The top-level `collectedAt` is not compared (see record-hash.ts); `details.collectedAt` is.
 * - Order: depth first, keys at each level in plain JavaScript string order (the canonical JSON order),
 *   so the list is the same on every platform and run.
 */
import type { JsonObject, JsonValue } from '../model/record.ts';
import { appendPointer } from './json-pointer.ts';
import { VOLATILE_RECORD_KEY } from './record-hash.ts';

export interface FieldChange {
  /** RFC 6901 JSON pointer of the value that changed. */
  path: string;
  /** The previous value; absent when the key did not exist in the previous record. */
  before?: JsonValue;
  /** The current value; absent when the key no longer exists in the current record. */
  after?: JsonValue;
}

/** The field changes from `prev` to `curr`, ignoring the top-level `collectedAt`; empty when they are equal. */
export function diffRecordFields(prev: JsonObject, curr: JsonObject): FieldChange[] {
  const changes: FieldChange[] = [];
  compareObjects(prev, curr, '', changes, true);
  return changes;
}

function compareObjects(prev: JsonObject, curr: JsonObject, pointer: string, changes: FieldChange[], topLevel: boolean): void {
  for (const key of unionOfKeys(prev, curr)) {
    if (topLevel && key === VOLATILE_RECORD_KEY) continue;
    const path = appendPointer(pointer, key);
    const inPrev = Object.hasOwn(prev, key);
    const inCurr = Object.hasOwn(curr, key);
    const before = prev[key];
    const after = curr[key];
    if (!inCurr) changes.push({ path, before: before as JsonValue });
    else if (!inPrev) changes.push({ path, after: after as JsonValue });
    else compareValues(before as JsonValue, after as JsonValue, path, changes);
  }
}

function compareValues(before: JsonValue, after: JsonValue, path: string, changes: FieldChange[]): void {
  if (isPlainObject(before) && isPlainObject(after)) compareObjects(before, after, path, changes, false);
  else if (!jsonEqual(before, after)) changes.push({ path, before, after });
}

function unionOfKeys(a: JsonObject, b: JsonObject): string[] {
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  // Common case, parsed from canonical JSON with the same keys: already the answer, skip the Set and sort.
  if (keysA.length === keysB.length && keysA.every((key, index) => key === keysB[index] && (index === 0 || (keysA[index - 1] as string) < key))) {
    return keysA;
  }
  // Default sort compares UTF-16 code units: the canonical JSON key order.
  return [...new Set([...keysA, ...keysB])].sort();
}

function isPlainObject(value: JsonValue): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep equality of JSON values: object key order does not matter, array order does. */
export function jsonEqual(a: JsonValue, b: JsonValue): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, index) => jsonEqual(item, b[index] as JsonValue));
  }
  const keysA = Object.keys(a);
  if (keysA.length !== Object.keys(b).length) return false;
  return keysA.every((key) => Object.hasOwn(b, key) && jsonEqual(a[key] as JsonValue, b[key] as JsonValue));
}
