/**
 * RFC 6901 JSON Pointers, the `path` of every field change in diff.json.
 * A pointer is "" (the whole document) or "/" + segments joined by "/"; inside a segment "~" is written
 * "~0" and "/" is written "~1" (in that order, so "~1" in a key becomes "~01" and not "/").
 */
import { UsageError } from '../errors.ts';

/** Escapes one object key for use as a pointer segment. */
export function escapePointerSegment(key: string): string {
  if (!key.includes('~') && !key.includes('/')) return key;
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}

/** Appends one object key to a pointer: appendPointer('/definedTags', 'a/b') === '/definedTags/a~1b'. */
export function appendPointer(pointer: string, key: string): string {
  return `${pointer}/${escapePointerSegment(key)}`;
}

/** Splits a pointer back into object keys (the inverse of appendPointer), for consumers and tests. */
export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new UsageError(`A JSON pointer must be empty or start with "/", got ${JSON.stringify(pointer)}`);
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'));
}
