/**
 * The diff's fast path: finding the top-level `"collectedAt":"…"` member in a raw JSONL line without
 * parsing it.
 *
 * Between two nightly runs ~99% of records differ only in `collectedAt`. Two lines whose text is equal
 * once that member is cut out hold equal records (equal text parses to equal values), so the diff can
 * count the pair as unchanged after parsing only one of them, and without hashing either. JSON.parse is
 * the dominant cost of the diff (~4.5 s per 1M lines of ~900 bytes), so this halves it.
 *
 * Soundness: the scanner follows the top-level structure from the first byte and accepts only the exact
 * shapes canonical JSON has (no whitespace between top-level tokens, a string value). Anything else
 * returns undefined, and the caller falls back to parsing both lines: the fast path can only ever miss,
 * never misjudge. It does not validate JSON; the caller parses one line of the pair fully and checks the
 * other line's collectedAt value on its own.
 */

/** Where the member sits: line.slice(0, start) + line.slice(end) is the line without it. */
export interface CollectedAtSpan {
  start: number;
  end: number;
  /** The member's value as JSON text, e.g. `"2025-06-01T02:00:00Z"` (quotes included). */
  valueStart: number;
  valueEnd: number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const KEY = '"collectedAt"';

/**
 * Locates the top-level `collectedAt` member of a one-line JSON object, with one adjacent comma so that
 * the rest stays well-formed. Returns undefined when the line is not in canonical shape, has no such
 * member, or its value is not a string.
 */
export function findCollectedAtSpan(line: string): CollectedAtSpan | undefined {
  if (line.charCodeAt(0) !== OPEN_BRACE) return undefined;
  if (line.charCodeAt(1) === CLOSE_BRACE) return undefined; // {}
  let position = 1;
  for (;;) {
    const memberStart = position;
    if (line.charCodeAt(position) !== QUOTE) return undefined;
    const keyEnd = skipString(line, position);
    if (keyEnd < 0 || line.charCodeAt(keyEnd) !== COLON) return undefined;
    const valueStart = keyEnd + 1;
    const valueEnd = skipValue(line, valueStart);
    if (valueEnd < 0) return undefined;
    const next = line.charCodeAt(valueEnd);
    if (next !== COMMA && next !== CLOSE_BRACE) return undefined;
    if (keyEnd - memberStart === KEY.length && line.startsWith(KEY, memberStart)) {
      if (line.charCodeAt(valueStart) !== QUOTE) return undefined;
      // Cut the following comma; for the last member cut the preceding one; a sole member has neither.
      if (next === COMMA) return { start: memberStart, end: valueEnd + 1, valueStart, valueEnd };
      if (memberStart > 1) return { start: memberStart - 1, end: valueEnd, valueStart, valueEnd };
      return { start: memberStart, end: valueEnd, valueStart, valueEnd };
    }
    if (next === CLOSE_BRACE) return undefined; // end of the object without the member
    position = valueEnd + 1;
  }
}

/** Given the index of an opening quote, returns the index after the closing quote, or -1. */
function skipString(line: string, openQuote: number): number {
  let position = openQuote + 1;
  for (;;) {
    const quote = line.indexOf('"', position);
    if (quote < 0) return -1;
    // The quote is escaped when an odd number of backslashes precede it.
    let backslashes = 0;
    while (line.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes += 1;
    if (backslashes % 2 === 0) return quote + 1;
    position = quote + 1;
  }
}

/** Returns the index right after the value starting at `start`, or -1 when it does not end in this line. */
function skipValue(line: string, start: number): number {
  const first = line.charCodeAt(start);
  if (first === QUOTE) return skipString(line, start);
  if (first === OPEN_BRACE || first === OPEN_BRACKET) {
    let depth = 0;
    let position = start;
    while (position < line.length) {
      const code = line.charCodeAt(position);
      if (code === QUOTE) {
        position = skipString(line, position);
        if (position < 0) return -1;
        continue;
      }
      if (code === OPEN_BRACE || code === OPEN_BRACKET) depth += 1;
      else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
        depth -= 1;
        if (depth === 0) return position + 1;
      }
      position += 1;
    }
    return -1;
  }
  // A number, true, false or null: runs to the next comma or closing brace of this object.
  let position = start;
  while (position < line.length) {
    const code = line.charCodeAt(position);
    if (code === COMMA || code === CLOSE_BRACE) return position === start ? -1 : position;
    position += 1;
  }
  return -1;
}

/**
 * True when the two lines are byte-identical apart from their top-level collectedAt members (or are
 * identical and neither has one). Spans come from findCollectedAtSpan on the same lines.
 */
export function equalApartFromCollectedAt(
  a: string,
  spanA: CollectedAtSpan | undefined,
  b: string,
  spanB: CollectedAtSpan | undefined,
): boolean {
  if (spanA === undefined || spanB === undefined) return spanA === spanB && a === b;
  if (spanA.start !== spanB.start || a.length - spanA.end !== b.length - spanB.end) return false;
  return a.slice(0, spanA.start) === b.slice(0, spanB.start) && a.slice(spanA.end) === b.slice(spanB.end);
}
