import { textHash } from '../derive.ts';

/**
 * Deterministic choices among a region's resources for relationship ids the tenancy does not hold (a load
 * balancer's backends, a mount target's private IP...). Three kinds, by how the candidate list can change:
 *
 * - `pickSpread`: O(1), for lists that random mutations never shrink (types other resources reference, which
 *   random removals avoid: Subnet, Vcn, PrivateIp, Instance, Key). Stable while the list is.
 * - `rendezvous`: O(n), for small lists that can lose members (the NSGs of a VCN): removing a candidate only
 *   changes the picks that had chosen it.
 * - `HashBuckets`: the same for large lists (a region's container repositories, an AD's mount targets).
 *
 * All see base resources only (see `isBaseResource`), so adding a resource never reshuffles the others.
 */

/** `count` distinct consecutive elements (wrapping) from a hashed start, in list order of the walk. */
export function pickSpread<T>(list: readonly T[], key: string, salt: number, count: number): T[] {
  const n = list.length;
  if (n === 0 || count <= 0) return [];
  const start = textHash(key, salt) % n;
  const out: T[] = [];
  for (let k = 0; k < Math.min(count, n); k++) out.push(list[(start + k) % n]!);
  return out;
}

/** One element, or undefined for an empty list. */
export function pickOne<T>(list: readonly T[], key: string, salt: number): T | undefined {
  return pickSpread(list, key, salt, 1)[0];
}

/** The `count` candidates with the highest hash of (key, candidate), returned in the list's order. */
export function rendezvous(list: readonly string[], key: string, salt: number, count: number): string[] {
  if (count <= 0 || list.length === 0) return [];
  const scored = list.map((candidate, index) => ({ index, score: textHash(`${key}|${candidate}`, salt) }));
  scored.sort((a, b) => b.score - a.score || a.index - b.index);
  return scored
    .slice(0, count)
    .sort((a, b) => a.index - b.index)
    .map((entry) => list[entry.index]!);
}

/** An integer in [min, max] from a key and a salt. */
export function intFor(key: string, salt: number, min: number, max: number): number {
  return min + (textHash(key, salt) % (max - min + 1));
}

/**
 * Candidates spread over a fixed number of buckets by the hash of their id, for large lists that can lose
 * members (a region's container repositories, an availability domain's mount targets). A key picks by
 * rendezvous in its own bucket, then the following ones while it needs more (or its bucket is empty): O(bucket
 * size) per pick. With the bucket count fixed by the caller from the base count (which mutations do not change),
 * removing a candidate only moves the keys that had picked it.
 */
export class HashBuckets {
  readonly #buckets: string[][];

  constructor(ids: readonly string[], bucketCount: number) {
    this.#buckets = Array.from({ length: Math.max(1, bucketCount) }, () => []);
    for (const id of ids) this.#buckets[textHash(id, 0x5eed) % this.#buckets.length]!.push(id);
  }

  /** Up to `count` distinct ids for `key` (fewer only when there are fewer candidates in all). */
  pick(key: string, salt: number, count: number): string[] {
    const out: string[] = [];
    const n = this.#buckets.length;
    const start = textHash(key, salt) % n;
    for (let step = 0; step < n && out.length < count; step++) {
      out.push(...rendezvous(this.#buckets[(start + step) % n]!, key, salt + 1, count - out.length));
    }
    return out;
  }
}
