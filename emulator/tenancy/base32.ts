/**
 * The OCID alphabet: lowercase RFC 4648 base32 (`[a-z2-7]`), as in real OCIDs' unique part.
 * Writers fill an array of char codes, turned into a string once: about twice as fast as concatenation,
 * which matters because every Search item needs a fresh OCID.
 */
export const BASE32_ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

const CODES = Uint8Array.from(BASE32_ALPHABET, (c) => c.charCodeAt(0));
const DECODE = new Int8Array(128).fill(-1);
for (let i = 0; i < CODES.length; i++) DECODE[CODES[i]!] = i;

/** Writes 13 characters holding a 64-bit value given as two uint32 halves (the leading bit is always 0). */
export function write64(out: number[], at: number, hi: number, lo: number): void {
  for (let k = 12; k >= 0; k--) {
    out[at + k] = CODES[lo & 31]!;
    lo = ((lo >>> 5) | ((hi & 31) << 27)) >>> 0;
    hi = hi >>> 5;
  }
}

/** Writes `count` characters drawn from uint32 words produced by `word(n)` (six characters per word). */
export function writeChars(out: number[], at: number, count: number, word: (n: number) => number): void {
  const end = at + count;
  for (let n = 0; at < end; n++) {
    let w = word(n);
    for (let j = 0; j < 6 && at < end; j++) {
      out[at++] = CODES[w & 31]!;
      w >>>= 5;
    }
  }
}

export function codesToString(out: number[], length: number): string {
  return String.fromCharCode.apply(null, out.length === length ? out : out.slice(0, length));
}

/** Thirteen characters holding a 64-bit value (see write64). */
export function encode64(hi: number, lo: number): string {
  const out = new Array<number>(13);
  write64(out, 0, hi, lo);
  return codesToString(out, 13);
}

/** Inverse of {@link encode64}; undefined when the text is not 13 base32 characters or overflows 64 bits. */
export function decode64(text: string, offset: number): { hi: number; lo: number } | undefined {
  let hi = 0;
  let lo = 0;
  for (let i = 0; i < 13; i++) {
    const code = text.charCodeAt(offset + i);
    const v = code < 128 ? (DECODE[code] ?? -1) : -1;
    if (v < 0) return undefined;
    if (i === 0 && v >= 16) return undefined;
    hi = ((hi << 5) | (lo >>> 27)) >>> 0;
    lo = ((lo << 5) | v) >>> 0;
  }
  return { hi, lo };
}

/** `count` base32 characters drawn from `word(n)`. */
export function base32Chars(count: number, word: (n: number) => number): string {
  const out = new Array<number>(count);
  writeChars(out, 0, count, word);
  return codesToString(out, count);
}
