import type { ByteRange } from './records.ts';

/** A `Range: bytes=...` request before it meets the object's size; either bound may be missing. */
export interface RangeRequest {
  first: number | undefined;
  last: number | undefined;
}

/**
 * Parses a single-range `Range` header. Anything else (several ranges, other units, garbage) gives
 * undefined, and RFC 9110 says to ignore such a header and answer the whole object.
 * The OCI SDK renders a one-sided `common.Range` as `bytes=5-undefined`; that is read as `bytes=5-`.
 */
export function parseRangeHeader(header: string | undefined): RangeRequest | undefined {
  if (header === undefined) return undefined;
  const match = /^\s*bytes\s*=\s*(\d*|undefined)\s*-\s*(\d*|undefined)\s*$/i.exec(header);
  if (!match) return undefined;
  const first = toBound(match[1]);
  const last = toBound(match[2]);
  if (first === undefined && last === undefined) return undefined;
  if (first !== undefined && last !== undefined && last < first) return undefined;
  return { first, last };
}

function toBound(text: string | undefined): number | undefined {
  if (text === undefined || text === '' || text === 'undefined') return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : undefined;
}

/**
 * Applies a range to an object of `size` bytes: the inclusive byte range to send, or 'unsatisfiable'
 * (416) when it selects no byte. `bytes=-n` is the last n bytes; an end past the object is clamped.
 */
export function resolveRange(range: RangeRequest, size: number): ByteRange | 'unsatisfiable' {
  if (range.first === undefined) {
    const suffix = range.last ?? 0;
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  if (range.first >= size) return 'unsatisfiable';
  return { start: range.first, end: Math.min(range.last ?? size - 1, size - 1) };
}
