import { createHash } from 'node:crypto';

/**
 * Deterministic hashing for the synthetic tenancy. Every generated value is a pure function of
 * (seed, position, salt), so nothing is stored per resource and two runs with one seed agree byte for byte.
 * MurmurHash3's 32-bit body and finaliser: cheap (a few multiplies), well mixed, identical on every platform.
 */

function absorb(h: number, k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function finalise(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A uint32 from a key and up to four uint32 words. */
export function hash4(key: number, a: number, b = 0, c = 0, d = 0): number {
  let h = key | 0;
  h = absorb(h, a);
  h = absorb(h, b);
  h = absorb(h, c);
  h = absorb(h, d);
  return finalise(h ^ 16);
}

/** Uniform float in [0, 1) from a uint32. */
export function unit(u32: number): number {
  return u32 / 4294967296;
}

/** The independent 32-bit keys one seed string yields (SHA-256, so similar seeds give unrelated keys). */
export function seedKeys(seed: string, purpose: string): Uint32Array {
  const digest = createHash('sha256').update(`${purpose}\u0000${seed}`).digest();
  const words = new Uint32Array(8);
  for (let i = 0; i < 8; i++) words[i] = digest.readUInt32BE(i * 4);
  return words;
}

/** Picks an index by weight; `u` is a uint32. */
export function pickWeighted(weights: readonly number[], total: number, u: number): number {
  let target = unit(u) * total;
  for (let i = 0; i < weights.length; i++) {
    target -= weights[i] ?? 0;
    if (target < 0) return i;
  }
  return weights.length - 1;
}
