import { base32Chars, codesToString, decode64, write64, writeChars } from './base32.ts';
import { RESOURCE_TYPES, TYPE_INDEX_BY_TOKEN } from './catalogue.ts';
import { hash4 } from './hash.ts';
import type { RegionSpec } from './regions.ts';

/**
 * OCIDs that encode where a resource lives, so findByOcid is a decode, not a scan.
 *
 * Form: `ocid1.<token>.oc1.<region-segment>.<unique>` (global types: empty region segment; Vault and Key:
 * an extra 13-character vault segment before the unique part, as real KMS OCIDs have).
 *
 * The 60-character unique part is `prefix(8) + block(13) + filler(39)`:
 * - prefix: `aaaaaaaa` for global OCIDs, a per-(tenancy, region) `a.......` otherwise (real OCIDs share
 *   such prefixes);
 * - block: 64 bits = scope (5 bits; region index, 31 = global) | type (7) | tenancy tag (20) | ordinal (32),
 *   passed through a 4-round Feistel permutation keyed by the seed, so consecutive ordinals look unrelated
 *   but decode exactly;
 * - filler: base32 derived from the block and the seed.
 * Decoding checks the tag (random strings fail with probability 1 - 2^-20); the caller then regenerates
 * the whole OCID and compares, which rejects every forgery.
 */
export const GLOBAL_SCOPE = 31;
/** Type number of the root tenancy OCID (not a catalogue type). */
export const TENANCY_TYPE = 127;

const toCodes = (text: string): number[] => Array.from(text, (c) => c.charCodeAt(0));
const GLOBAL_PREFIX = toCodes('aaaaaaaa');

export interface DecodedOcid {
  scope: number;
  type: number;
  ordinal: number;
}

export class OcidCodec {
  readonly #rounds: readonly number[];
  readonly #tag: number;
  readonly #fillerKey: number;
  /** Char codes of each region's 8-character prefix. */
  readonly #regionPrefixes: readonly number[][];
  /** Reused buffer for building unique parts (single-threaded, never held across calls). */
  readonly #scratch: number[] = new Array<number>(60).fill(97);
  readonly #regionBySegment: ReadonlyMap<string, number>;
  readonly #regions: readonly RegionSpec[];
  readonly #vaultKey: number;

  constructor(keys: Uint32Array, regions: readonly RegionSpec[]) {
    this.#rounds = [keys[0]!, keys[1]!, keys[2]!, keys[3]!];
    this.#tag = keys[4]! & 0xfffff;
    this.#fillerKey = keys[5]!;
    this.#vaultKey = keys[6]!;
    const prefixKey = keys[7]!;
    this.#regions = regions;
    this.#regionPrefixes = regions.map((_, r) => toCodes('a' + base32Chars(7, (n) => hash4(prefixKey, r, n))));
    this.#regionBySegment = new Map(regions.map((region, r) => [region.ocidSegment, r]));
  }

  /** The 60-character unique part for (scope, type, ordinal). */
  unique(scope: number, type: number, ordinal: number): string {
    let left = ((scope << 27) | (type << 20) | this.#tag) >>> 0;
    let right = ordinal >>> 0;
    for (const key of this.#rounds) {
      const next = (left ^ hash4(key, right)) >>> 0;
      left = right;
      right = next;
    }
    const l = left;
    const r = right;
    const out = this.#scratch;
    const prefix = scope === GLOBAL_SCOPE ? GLOBAL_PREFIX : this.#regionPrefixes[scope]!;
    for (let k = 0; k < 8; k++) out[k] = prefix[k]!;
    write64(out, 8, l, r);
    writeChars(out, 21, 39, (n) => hash4(this.#fillerKey, l, r, n));
    return codesToString(out, 60);
  }

  /** 13-character vault segment of a Vault (and of its Keys), derived from the vault's position. */
  vaultSegment(scope: number, vaultOrdinal: number): string {
    return 'b' + base32Chars(12, (n) => hash4(this.#vaultKey, scope, vaultOrdinal, n));
  }

  format(scope: number, type: number, ordinal: number, vaultSegment?: string): string {
    const token = type === TENANCY_TYPE ? 'tenancy' : RESOURCE_TYPES[type]!.ocidToken;
    const region = scope === GLOBAL_SCOPE ? '' : this.#regions[scope]!.ocidSegment;
    const vault = vaultSegment === undefined ? '' : `${vaultSegment}.`;
    return `ocid1.${token}.oc1.${region}.${vault}${this.unique(scope, type, ordinal)}`;
  }

  /** Structural decode; undefined when the text cannot be one of this tenancy's OCIDs. */
  decode(ocid: string): DecodedOcid | undefined {
    const parts = ocid.split('.');
    if (parts.length < 5 || parts.length > 6 || parts[0] !== 'ocid1' || parts[2] !== 'oc1') return undefined;
    const token = parts[1]!;
    const type = token === 'tenancy' ? TENANCY_TYPE : TYPE_INDEX_BY_TOKEN.get(token);
    if (type === undefined) return undefined;
    const global = type === TENANCY_TYPE || RESOURCE_TYPES[type]!.scope === 'global';
    const hasVaultSegment = type !== TENANCY_TYPE && RESOURCE_TYPES[type]!.vaultSegment !== undefined;
    if (parts.length !== (hasVaultSegment ? 6 : 5)) return undefined;
    let scope: number;
    if (global) {
      if (parts[3] !== '') return undefined;
      scope = GLOBAL_SCOPE;
    } else {
      const region = this.#regionBySegment.get(parts[3]!);
      if (region === undefined) return undefined;
      scope = region;
    }
    const unique = parts[parts.length - 1]!;
    if (unique.length !== 60) return undefined;
    const prefix = scope === GLOBAL_SCOPE ? GLOBAL_PREFIX : this.#regionPrefixes[scope]!;
    for (let k = 0; k < 8; k++) if (unique.charCodeAt(k) !== prefix[k]) return undefined;
    const block = decode64(unique, 8);
    if (block === undefined) return undefined;
    let left = block.hi;
    let right = block.lo;
    for (let k = this.#rounds.length - 1; k >= 0; k--) {
      const previousRight = left;
      const previousLeft = (right ^ hash4(this.#rounds[k]!, previousRight)) >>> 0;
      left = previousLeft;
      right = previousRight;
    }
    if ((left & 0xfffff) !== this.#tag) return undefined;
    if (left >>> 27 !== scope || ((left >>> 20) & 0x7f) !== type) return undefined;
    return { scope, type, ordinal: right };
  }
}
