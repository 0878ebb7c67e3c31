import { COMPARTMENT_TYPE, GLOBAL_TYPES, REGIONAL_TYPES, RESOURCE_TYPES, TYPE_INDEX } from './catalogue.ts';
import { MAX_REGIONS, REGION_TABLE, type RegionSpec } from './regions.ts';

/**
 * How many resources of each type live where, and where each type's block starts in a region's Search order.
 *
 * A region's Search sequence is the catalogue order: the global types (compartments, IAM; the same block in
 * every region) and then one block per regional type. Position -> (type, ordinal) is a binary search over the
 * block offsets, so memory is O(regions x types) whatever the resource count.
 *
 * Global types in Search: IAM resources (compartments, users, groups, policies, dynamic groups, tag
 * namespaces) are cross-region, and the real service appears to return them from every region's Search
 * (unconfirmed; the reference's caveats). The emulator does exactly that: the same summaries, at the same
 * positions, in every subscribed region. Consumers must dedupe by identifier. They are counted once in the
 * tenancy size.
 */
export type TenancySize = 'small' | 'demo' | number;

export const SIZE_PRESETS = {
  /** For tests: a few hundred resources over 3 regions. */
  small: { total: 480, regionCount: 3 },
  /** For demos: 10,000 resources over 4 regions. */
  demo: { total: 10_000, regionCount: 4 },
} as const;
export const MAX_TOTAL_RESOURCES = 1_000_000;

export interface Layout {
  /** Distinct resources in the base tenancy (global ones counted once), excluding the root tenancy. */
  readonly total: number;
  readonly regions: readonly RegionSpec[];
  /** Count per type index for global types (0 for regional ones). Compartment = non-root compartments. */
  readonly globalCounts: Int32Array;
  /** Count per type index per region (0 for global types). */
  readonly regionCounts: readonly Int32Array[];
  /** Per region, offsets[t] = first position of type t's block; offsets[types] = base length. */
  readonly offsets: readonly Float64Array[];
}

export function resolveSize(size: TenancySize, regionCount: number | undefined): { total: number; regionCount: number } {
  let total: number;
  let defaultRegions: number;
  if (size === 'small' || size === 'demo') {
    ({ total, regionCount: defaultRegions } = SIZE_PRESETS[size]);
  } else if (typeof size === 'number' && Number.isInteger(size) && size > 0 && size <= MAX_TOTAL_RESOURCES) {
    total = size;
    defaultRegions = size < 2_000 ? 3 : 4;
  } else {
    throw new RangeError(`size must be 'small', 'demo' or an integer 1..${MAX_TOTAL_RESOURCES}; got ${String(size)}`);
  }
  const regions = regionCount ?? defaultRegions;
  if (!Number.isInteger(regions) || regions < 1 || regions > MAX_REGIONS) {
    throw new RangeError(`regionCount must be an integer 1..${MAX_REGIONS}; got ${String(regionCount)}`);
  }
  return { total, regionCount: regions };
}

/** Non-root compartments: tens for small tenancies, a few hundred for the largest. */
export function compartmentCountFor(total: number): number {
  return clamp(Math.round(Math.sqrt(total) * 0.4), 24, 300);
}

function iamCountFor(total: number): number {
  return clamp(Math.round(total * 0.004), 20, 3_000);
}

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

/**
 * Splits `budget` over `weights` (largest remainder, ties to the lower index) after giving each its minimum.
 */
export function allocate(budget: number, weights: readonly number[], mins: readonly number[]): number[] {
  const counts = mins.slice();
  let left = budget - mins.reduce((a, b) => a + b, 0);
  if (left < 0) throw new RangeError(`budget ${budget} is below the minimum ${budget - left}`);
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  if (totalWeight === 0) return counts;
  const shares = weights.map((w) => (left * w) / totalWeight);
  const floors = shares.map(Math.floor);
  for (let i = 0; i < counts.length; i++) counts[i] = (counts[i] ?? 0) + (floors[i] ?? 0);
  left -= floors.reduce((a, b) => a + b, 0);
  const order = shares.map((s, i) => ({ i, r: s - Math.floor(s) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; k < left; k++) {
    const slot = order[k % order.length]!.i;
    counts[slot] = (counts[slot] ?? 0) + 1;
  }
  return counts;
}

/** Raises each "one child per owner" type to at least its owner's count, taking from the largest type. */
function enforceOwnerCoverage(counts: Int32Array): void {
  for (let pass = 0; pass < 4; pass++) {
    let changed = false;
    for (const [t, spec] of RESOURCE_TYPES.entries()) {
      if (!spec.oneChildPerOwner || !spec.owner) continue;
      const owner = TYPE_INDEX.get(spec.owner)!;
      const deficit = counts[owner]! - counts[t]!;
      if (deficit <= 0) continue;
      counts[t] = counts[t]! + deficit;
      let largest = 0;
      for (let k = 0; k < counts.length; k++) if (counts[k]! > counts[largest]!) largest = k;
      counts[largest] = counts[largest]! - deficit;
      changed = true;
    }
    if (!changed) return;
  }
}

export function buildLayout(total: number, regionCount: number): Layout {
  const typeCount = RESOURCE_TYPES.length;
  const compartments = compartmentCountFor(total);
  const iam = iamCountFor(total);
  const regionalTypes = REGIONAL_TYPES.length;
  const minimum = compartments + iam + regionCount * regionalTypes;
  if (total < minimum) {
    throw new RangeError(
      `size ${total} is too small for ${regionCount} region(s): need at least ${minimum} ` +
        `(${compartments} compartments, ${iam} IAM resources, one of each of ${regionalTypes} regional types per region)`,
    );
  }

  const globalCounts = new Int32Array(typeCount);
  globalCounts[COMPARTMENT_TYPE] = compartments;
  const iamTypes = GLOBAL_TYPES.filter((t) => t !== COMPARTMENT_TYPE);
  const iamCounts = allocate(iam, iamTypes.map((t) => RESOURCE_TYPES[t]!.weight), iamTypes.map((t) => RESOURCE_TYPES[t]!.min ?? 1));
  iamTypes.forEach((t, k) => (globalCounts[t] = iamCounts[k]!));

  const regions = REGION_TABLE.slice(0, regionCount);
  const regionalBudget = total - compartments - iam;
  const regionBudgets = allocate(
    regionalBudget,
    regions.map((_, r) => 1 / (1 + 0.5 * r)),
    regions.map(() => regionalTypes),
  );

  const regionCounts: Int32Array[] = [];
  const offsets: Float64Array[] = [];
  for (let r = 0; r < regionCount; r++) {
    const counts = new Int32Array(typeCount);
    const allocated = allocate(
      regionBudgets[r]!,
      REGIONAL_TYPES.map((t) => RESOURCE_TYPES[t]!.weight),
      REGIONAL_TYPES.map((t) => RESOURCE_TYPES[t]!.min ?? 1),
    );
    REGIONAL_TYPES.forEach((t, k) => (counts[t] = allocated[k]!));
    enforceOwnerCoverage(counts);
    regionCounts.push(counts);

    const starts = new Float64Array(typeCount + 1);
    let position = 0;
    for (let t = 0; t < typeCount; t++) {
      starts[t] = position;
      position += RESOURCE_TYPES[t]!.scope === 'global' ? globalCounts[t]! : counts[t]!;
    }
    starts[typeCount] = position;
    offsets.push(starts);
  }
  return { total, regions, globalCounts, regionCounts, offsets };
}

/** The type whose block holds `position` (offsets[t] <= position < offsets[t + 1]). */
export function typeAt(offsets: Float64Array, position: number): number {
  let lo = 0;
  let hi = offsets.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (offsets[mid]! <= position) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
