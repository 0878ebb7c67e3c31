import type { StoredResource } from './generate.ts';
import { GLOBAL_SCOPE } from './ocid.ts';
import type { DefinedTags, FreeformTags } from './types.ts';

/**
 * Mutations live here, over the lazy base: Maps and Sets keyed by resource key, so their cost is
 * proportional to the number of changes, never to the tenancy size.
 */
export const PATCHABLE_FIELDS = ['displayName', 'lifecycleState', 'compartmentId', 'freeformTags', 'definedTags'] as const;
export type PatchableField = (typeof PATCHABLE_FIELDS)[number];

export interface Patch {
  displayName?: string;
  lifecycleState?: string;
  compartmentId?: string;
  freeformTags?: FreeformTags;
  definedTags?: DefinedTags;
}

export class Overlay {
  readonly removed = new Set<number>();
  readonly patches = new Map<number, Patch>();
  readonly added = new Map<number, StoredResource>();
  /** Per region, keys of added resources in insertion order (global ones are in every region's list). */
  readonly addedByRegion: number[][];
  readonly #removedByScope: number[];
  #removedGlobal = 0;
  readonly #nextOrdinal = new Map<number, number>();
  /** Number of mutate() calls so far; makes values written by random mutations unique. */
  generation = 0;

  constructor(regionCount: number) {
    this.addedByRegion = Array.from({ length: regionCount }, () => []);
    this.#removedByScope = new Array<number>(regionCount).fill(0);
  }

  get isEmpty(): boolean {
    return this.removed.size === 0 && this.patches.size === 0 && this.added.size === 0;
  }

  /** Ordinals of added resources continue after the base ones, so their OCIDs decode like any other. */
  takeOrdinal(scope: number, type: number, baseCount: number): number {
    const slot = type * 32 + scope;
    const next = this.#nextOrdinal.get(slot) ?? baseCount;
    this.#nextOrdinal.set(slot, next + 1);
    return next;
  }

  add(key: number, stored: StoredResource): void {
    this.added.set(key, stored);
    if (stored.scope === GLOBAL_SCOPE) for (const list of this.addedByRegion) list.push(key);
    else this.addedByRegion[stored.scope]!.push(key);
  }

  remove(key: number, scope: number): void {
    if (this.removed.has(key)) return;
    this.removed.add(key);
    if (scope === GLOBAL_SCOPE) this.#removedGlobal++;
    else this.#removedByScope[scope] = (this.#removedByScope[scope] ?? 0) + 1;
  }

  patch(key: number, change: Patch): void {
    this.patches.set(key, { ...this.patches.get(key), ...change });
  }

  /** Removed resources visible in a region's Search (regional ones there plus global ones). */
  removedIn(region: number): number {
    return (this.#removedByScope[region] ?? 0) + this.#removedGlobal;
  }
}
