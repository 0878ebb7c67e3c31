/**
 * Object Storage lists names in the order of their UTF-8 bytes, which is Unicode code point order.
 * JavaScript's default string order compares UTF-16 code units instead, and disagrees for characters
 * above U+FFFF (surrogate pairs, e.g. emoji) versus U+E000..U+FFFF. This comparator follows code points.
 */
export function compareNames(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

/** Moves surrogates (D800..DFFF, which stand for code points above FFFF) after E000..FFFF. */
function codePointRank(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000;
  if (unit >= 0xe000) return unit - 0x800;
  return unit;
}
