import { hash4 } from '../tenancy/hash.ts';

/**
 * Deterministic values for fields the tenancy does not hold (a NAT gateway's IP, a bucket's versioning...):
 * pure functions of a resource's OCID and a salt, so every GET of one resource answers the same, in every
 * run, without storage and without Math.random.
 */

/** A uint32 from a text (FNV-1a) mixed with a salt (MurmurHash3 finaliser). */
export function textHash(text: string, salt = 0): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return hash4(h >>> 0, salt);
}

export function pickFor<T>(text: string, salt: number, list: readonly T[]): T {
  return list[textHash(text, salt) % list.length]!;
}

export function chanceFor(text: string, salt: number, percent: number): boolean {
  return textHash(text, salt) % 100 < percent;
}

/** `count` lowercase hex characters. */
export function hexFor(text: string, salt: number, count: number): string {
  let out = '';
  for (let n = 0; out.length < count; n++) out += textHash(text, salt * 64 + n).toString(16).padStart(8, '0');
  return out.slice(0, count);
}

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** `count` characters of the OCID alphabet (lowercase base32). */
export function base32For(text: string, salt: number, count: number): string {
  let out = '';
  for (let n = 0; out.length < count; n++) {
    let word = textHash(text, salt * 64 + n);
    for (let k = 0; k < 6 && out.length < count; k++) {
      out += BASE32[word & 31];
      word >>>= 5;
    }
  }
  return out;
}

/** An OCID of something that is not a Search resource (a membership, an OCI service), from a text. */
export function derivedOcid(token: string, regionSegment: string, text: string): string {
  return `ocid1.${token}.oc1.${regionSegment}.aaaaaaaa${base32For(text, 7, 52)}`;
}

/** A public IPv4 address in Oracle-like ranges. */
export function publicIpFor(text: string, salt: number): string {
  const h = textHash(text, salt);
  return `${129 + (h % 30)}.${(h >>> 8) & 255}.${(h >>> 16) & 255}.${1 + ((h >>> 24) % 254)}`;
}

/** An ISO time `days` (fractional allowed) after `iso`, never after `notAfterMs`. */
export function isoAfter(iso: string, days: number, notAfterMs: number): string {
  const ms = Math.min(Date.parse(iso) + Math.floor(days * 86_400_000), notAfterMs);
  return new Date(Math.max(ms, Date.parse(iso))).toISOString();
}
