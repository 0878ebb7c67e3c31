import { createHash } from 'node:crypto';
import { base32Chars } from './base32.ts';
import { COMPARTMENT_TYPE, RESOURCE_TYPES, TYPE_INDEX } from './catalogue.ts';
import { generateCompartments } from './compartments.ts';
import { LazyFields } from './fields-view.ts';
import { isoTime } from './iso-time.ts';
import { ResourceGenerator, resourceKey, type StoredResource } from './generate.ts';
import { hash4, seedKeys } from './hash.ts';
import { HOSTILE_HOST_TYPES, HOSTILE_KINDS, type HostileKind } from './hostile.ts';
import { buildLayout, compartmentCountFor, resolveSize, typeAt, type Layout, type TenancySize } from './layout.ts';
import { MutationEngine, type Mutation, type MutationReport, type RandomMutationOptions } from './mutations.ts';
import { GLOBAL_SCOPE, OcidCodec, TENANCY_TYPE } from './ocid.ts';
import { Overlay, type Patch } from './overlay.ts';
import type { Compartment, FoundResource, References, RegionSubscription, ResourceFields, ResourceSummary } from './types.ts';

export interface CreateTenancyOptions {
  /** 'small' (480 resources, 3 regions), 'demo' (10,000, 4 regions) or a resource count up to 1,000,000. */
  size: TenancySize;
  seed: string;
  /** 1..20; defaults to the preset's, or 3 below 2,000 resources and 4 above. */
  regionCount?: number;
}

export interface RegionInfo {
  name: string;
  key: string;
  ocidSegment: string;
  status: 'READY';
  isHomeRegion: boolean;
  availabilityDomains: string[];
}

export interface HostileExample {
  kind: HostileKind;
  ocid: string;
  region: string;
  resourceType: string;
}

export interface ScanOptions {
  /** Position to start at (0, or a position a previous scan returned as `next`). */
  from: number;
  /** Catalogue type indexes to visit; null = every type. Other types' blocks are skipped without a look. */
  types: readonly number[] | null;
  /** Condition on the cheap fields; null = everything matches. */
  filter: ((fields: ResourceFields) => boolean) | null;
  limit: number;
  withDetails: boolean;
}

export interface ScanResult {
  items: ResourceSummary[];
  /** Position of the next matching resource, or null when there is none. */
  next: number | null;
}

/** The fixed "now" of every synthetic tenancy: base resources are older, added ones newer. */
const AS_OF_MS = Date.UTC(2025, 5, 1);
const DAY_MS = 86_400_000;
const TENANCY_WORDS = ['acme', 'globex', 'initech', 'umbrella', 'hooli', 'stark', 'wayne', 'tyrell', 'cyberdyne', 'soylent'] as const;
const TENANCY_SUFFIXES = ['corp', 'labs', 'systems', 'industries', 'group', 'cloud'] as const;

/** Creates a deterministic synthetic tenancy; cost is O(regions x types + compartments), whatever the size. */
export function createTenancy(options: CreateTenancyOptions): Tenancy {
  return new Tenancy(options);
}

export class Tenancy {
  readonly seed: string;
  readonly id: string;
  readonly name: string;
  readonly homeRegion: string;
  readonly homeRegionKey: string;
  /** The Object Storage namespace (Bucket additionalDetails.namespace). */
  readonly namespace: string;
  readonly regions: readonly RegionInfo[];
  /** Distinct base resources (global ones once, root tenancy excluded). */
  readonly baseResourceCount: number;
  /** Key for page-token HMACs; derived from the seed so tokens of another tenancy are rejected. */
  readonly tokenKey: Buffer;

  readonly #layout: Layout;
  readonly #g: ResourceGenerator;
  readonly #codec: OcidCodec;
  readonly #overlay: Overlay;
  readonly #regionIndex: ReadonlyMap<string, number>;
  readonly #hostile: readonly { kind: HostileKind; scope: number; type: number; ordinal: number }[];
  readonly #mutations: MutationEngine;
  readonly #fields: LazyFields;

  constructor(options: CreateTenancyOptions) {
    if (typeof options.seed !== 'string' || options.seed === '') throw new TypeError('seed must be a non-empty string');
    const { total, regionCount } = resolveSize(options.size, options.regionCount);
    this.seed = options.seed;
    const keys = seedKeys(options.seed, 'generator');
    this.#layout = buildLayout(total, regionCount);
    this.#codec = new OcidCodec(seedKeys(options.seed, 'ocid'), this.#layout.regions);
    this.#overlay = new Overlay(regionCount);
    this.tokenKey = createHash('sha256').update(`page-token\u0000${options.seed}`).digest();

    this.id = this.#codec.format(GLOBAL_SCOPE, TENANCY_TYPE, 0);
    this.name = TENANCY_WORDS[keys[3]! % TENANCY_WORDS.length]! + TENANCY_SUFFIXES[(keys[3]! >>> 8) % TENANCY_SUFFIXES.length]!;
    this.namespace = base32Chars(12, (n) => hash4(keys[1]!, n));
    const adPrefix = String.fromCharCode(65 + (keys[2]! % 26)) +
      base32Chars(3, (n) => hash4(keys[2]!, n)).replace(/[2-7]/g, (d) => String.fromCharCode(97 + Number(d)));
    const rootTimeMs = Date.UTC(2018, 0, 1) + (keys[4]! % 365) * DAY_MS;

    const compartments = generateCompartments({
      count: compartmentCountFor(total),
      key: keys[5]!,
      tenancyName: this.name,
      rootTimeMs,
    });
    const compartmentIds = compartments.map((c) =>
      c.index === 0 ? this.id : this.#codec.format(GLOBAL_SCOPE, COMPARTMENT_TYPE, c.index - 1),
    );

    const hostileSlots = planHostileSlots(this.#layout, keys[6]!);
    this.#hostile = hostileSlots;
    this.#g = new ResourceGenerator({
      layout: this.#layout,
      codec: this.#codec,
      key: keys[0]!,
      compartments,
      compartmentIds,
      namespace: this.namespace,
      adPrefix,
      resourceStartMs: rootTimeMs + 400 * DAY_MS,
      asOfMs: AS_OF_MS,
      hostileSlots: new Map(hostileSlots.map((s) => [resourceKey(s.scope, s.type, s.ordinal), s.kind])),
      added: (key) => this.#overlay.added.get(key),
    });
    this.#fields = new LazyFields(this.#g);

    const regions = this.#layout.regions;
    this.homeRegion = regions[0]!.name;
    this.homeRegionKey = regions[0]!.key;
    this.regions = regions.map((region, r) => ({
      name: region.name,
      key: region.key,
      ocidSegment: region.ocidSegment,
      status: 'READY' as const,
      isHomeRegion: r === 0,
      availabilityDomains: Array.from({ length: region.adCount }, (_, n) => this.#g.adName(region, n + 1)),
    }));
    this.#regionIndex = new Map(regions.map((region, r) => [region.name, r]));
    this.baseResourceCount = total;
    this.#mutations = new MutationEngine({
      generator: this.#g,
      overlay: this.#overlay,
      regionIndex: (name) => this.#regionIndex.get(name),
      locate: (ocid) => this.#locate(ocid),
      compartments: () => this.compartments,
      asOfMs: AS_OF_MS,
    });
  }

  /** `listRegionSubscriptions` items. */
  regionSubscriptions(): RegionSubscription[] {
    return this.regions.map((r) => ({ regionName: r.name, regionKey: r.key, status: r.status, isHomeRegion: r.isHomeRegion }));
  }

  /**
   * Grows with every mutate()/applyRandomMutations() call (0 before any): a cache derived from the tenancy
   * is current while this has not changed.
   */
  get generation(): number {
    return this.#overlay.generation;
  }

  /** Region index for a region name, or undefined when the tenancy is not subscribed to it. */
  regionIndexOf(region: string): number | undefined {
    return this.#regionIndex.get(region);
  }

  #region(region: string): number {
    const index = this.#regionIndex.get(region);
    if (index === undefined) throw new RangeError(`tenancy is not subscribed to region '${region}'`);
    return index;
  }

  /**
   * Every compartment (root first, DELETED ones included), with mutations applied. Materialized on each
   * call: there are at most a few hundred.
   */
  get compartments(): Compartment[] {
    const g = this.#g;
    const overlay = this.#overlay;
    const list: Compartment[] = [];
    for (const node of g.compartments) {
      const key = node.index === 0 ? -1 : resourceKey(GLOBAL_SCOPE, COMPARTMENT_TYPE, node.index - 1);
      if (overlay.removed.has(key)) continue;
      const patch = overlay.patches.get(key);
      list.push({
        id: g.compartmentIds[node.index]!,
        compartmentId: patch?.compartmentId ?? (node.parentIndex < 0 ? null : g.compartmentIds[node.parentIndex]!),
        name: patch?.displayName ?? node.name,
        description: node.description,
        lifecycleState: patch?.lifecycleState ?? node.lifecycleState,
        timeCreated: isoTime(node.timeMs),
        isAccessible: true,
        freeformTags: { ...(patch?.freeformTags ?? node.freeformTags) },
        definedTags: structuredClone(patch?.definedTags ?? {}),
        depth: 0,
      });
    }
    // Added compartments are global, so the home region's added list holds all of them.
    for (const key of overlay.addedByRegion[0]!) {
      const stored = overlay.added.get(key)!;
      if (stored.type !== COMPARTMENT_TYPE || overlay.removed.has(key)) continue;
      const summary = applyPatch(structuredClone(stored.summary), overlay.patches.get(key));
      list.push({
        id: summary.identifier,
        compartmentId: summary.compartmentId,
        name: summary.displayName,
        description: `${summary.displayName} compartment`,
        lifecycleState: summary.lifecycleState,
        timeCreated: summary.timeCreated,
        isAccessible: true,
        freeformTags: summary.freeformTags,
        definedTags: summary.definedTags,
        depth: 0,
      });
    }
    const byId = new Map(list.map((c) => [c.id, c]));
    for (const c of list) {
      let depth = 0;
      for (let parent = c.compartmentId; parent !== null && depth <= list.length; depth++) {
        parent = byId.get(parent)?.compartmentId ?? null;
      }
      c.depth = depth;
    }
    return list;
  }

  /** Availability domain names of a region, e.g. `Uocm:IAD-AD-1`. */
  availabilityDomains(region: string): string[] {
    return [...this.regions[this.#region(region)]!.availabilityDomains];
  }

  /** Live resources Search returns in a region: regional ones there plus every global one. */
  resourceCount(region: string): number {
    const r = this.#region(region);
    const base = this.#layout.offsets[r]![RESOURCE_TYPES.length]!;
    return base + this.#overlay.addedByRegion[r]!.length - this.#overlay.removedIn(r);
  }

  /** Base count of each type in a region's Search (global types included; mutations not applied). */
  baseTypeCounts(region: string): Record<string, number> {
    const r = this.#region(region);
    const counts: Record<string, number> = {};
    RESOURCE_TYPES.forEach((spec, t) => {
      counts[spec.searchType] = this.#g.count(this.#g.scopeOf(t, r), t);
    });
    return counts;
  }

  /** The resources that carry the guaranteed hostile values, one per kind (base tenancy, before mutations). */
  hostileExamples(): HostileExample[] {
    return this.#hostile.map((s) => ({
      kind: s.kind,
      ocid: this.#g.ocid(s.scope, s.type, s.ordinal),
      region: this.#g.region(s.scope).name,
      resourceType: RESOURCE_TYPES[s.type]!.searchType,
    }));
  }

  /**
   * Walks a region's Search sequence from `from`: the base blocks in catalogue order (global types first,
   * identical in every region), then resources added by mutations in insertion order. Removed resources
   * are skipped; patches are applied. `next` is the position of the first match beyond the page, so a
   * page token never leads to an empty page.
   */
  scan(region: string, options: ScanOptions): ScanResult {
    const r = this.#region(region);
    const { limit, filter, withDetails } = options;
    const g = this.#g;
    const overlay = this.#overlay;
    const plain = overlay.isEmpty;
    const offsets = this.#layout.offsets[r]!;
    const typeCount = RESOURCE_TYPES.length;
    const baseLength = offsets[typeCount]!;
    const wanted = options.types === null ? null : new Set(options.types);
    const items: ResourceSummary[] = [];
    const fields = this.#fields;

    for (let t = typeAt(offsets, Math.min(options.from, Math.max(0, baseLength - 1))); t < typeCount; t++) {
      const start = offsets[t]!;
      const end = offsets[t + 1]!;
      if (end <= options.from || end === start || (wanted !== null && !wanted.has(t))) continue;
      const scope = g.scopeOf(t, r);
      for (let position = Math.max(start, options.from); position < end; position++) {
        const ordinal = position - start;
        let patch: Patch | undefined;
        if (!plain) {
          const key = resourceKey(scope, t, ordinal);
          if (overlay.removed.has(key)) continue;
          patch = overlay.patches.get(key);
        }
        if (filter !== null && !filter(fields.reset(scope, t, ordinal, patch, undefined))) continue;
        if (items.length === limit) return { items, next: position };
        items.push(applyPatch(g.summary(scope, t, ordinal, withDetails), patch));
      }
    }

    const added = overlay.addedByRegion[r]!;
    for (let j = Math.max(0, options.from - baseLength); j < added.length; j++) {
      const key = added[j]!;
      if (overlay.removed.has(key)) continue;
      const stored = overlay.added.get(key)!;
      if (wanted !== null && !wanted.has(stored.type)) continue;
      const patch = overlay.patches.get(key);
      if (filter !== null && !filter(fields.reset(stored.scope, stored.type, stored.ordinal, patch, stored))) continue;
      if (items.length === limit) return { items, next: baseLength + j };
      items.push(applyPatch(copyStored(stored, withDetails), patch));
    }
    return { items, next: null };
  }

  /** Every live resource of a region's Search, in Search order. */
  *iterate(region: string, options: { withDetails?: boolean } = {}): Generator<ResourceSummary> {
    let from: number | null = 0;
    while (from !== null) {
      const page: ScanResult = this.scan(region, { from, types: null, filter: null, limit: 1000, withDetails: options.withDetails ?? false });
      yield* page.items;
      from = page.next;
    }
  }

  /**
   * A live resource by OCID, in O(log) (decode, then regenerate and compare): undefined for unknown,
   * forged, other-tenancy and removed OCIDs. The root tenancy OCID is not a Search resource: undefined.
   */
  findByOcid(ocid: string): FoundResource | undefined {
    const location = this.#locate(ocid);
    if (location === undefined) return undefined;
    const { scope, type, ordinal, key, stored } = location;
    const patch = this.#overlay.patches.get(key);
    const summary = stored
      ? applyPatch(copyStored(stored, true), patch)
      : applyPatch(this.#g.summary(scope, type, ordinal, true), patch);
    return {
      summary,
      region: this.#g.region(scope).name,
      scope: RESOURCE_TYPES[type]!.scope,
      added: stored !== undefined,
      references: copyReferences(stored ? stored.references : this.#g.references(scope, type, ordinal)),
    };
  }

  #locate(ocid: string): { scope: number; type: number; ordinal: number; key: number; stored: StoredResource | undefined } | undefined {
    if (typeof ocid !== 'string') return undefined;
    const decoded = this.#codec.decode(ocid);
    if (decoded === undefined || decoded.type === TENANCY_TYPE) return undefined;
    const { scope, type, ordinal } = decoded;
    const key = resourceKey(scope, type, ordinal);
    if (this.#overlay.removed.has(key)) return undefined;
    if (ordinal < this.#g.count(scope, type)) {
      return this.#g.ocid(scope, type, ordinal) === ocid ? { scope, type, ordinal, key, stored: undefined } : undefined;
    }
    const stored = this.#overlay.added.get(key);
    return stored && stored.summary.identifier === ocid ? { scope, type, ordinal, key, stored } : undefined;
  }

  /** Applies explicit changes; returns the net change per OCID (see MutationReport). */
  mutate(mutations: Mutation | readonly Mutation[]): MutationReport {
    return this.#mutations.mutate(Array.isArray(mutations) ? mutations : [mutations as Mutation]);
  }

  /** `count` changes, each to a different resource, chosen from `seed` and the current state. */
  applyRandomMutations(options: RandomMutationOptions): MutationReport {
    return this.#mutations.applyRandom(options, this.#layout);
  }
}

function copyStored(stored: StoredResource, withDetails: boolean): ResourceSummary {
  const copy = structuredClone(stored.summary);
  if (!withDetails) copy.additionalDetails = {};
  return copy;
}

function copyReferences(references: References): References {
  const copy: References = {};
  for (const [name, value] of Object.entries(references)) copy[name] = Array.isArray(value) ? [...value] : value;
  return copy;
}

function applyPatch(summary: ResourceSummary, patch: Patch | undefined): ResourceSummary {
  if (patch === undefined) return summary;
  if (patch.displayName !== undefined) summary.displayName = patch.displayName;
  if (patch.lifecycleState !== undefined) summary.lifecycleState = patch.lifecycleState;
  if (patch.compartmentId !== undefined) summary.compartmentId = patch.compartmentId;
  if (patch.freeformTags !== undefined) summary.freeformTags = { ...patch.freeformTags };
  if (patch.definedTags !== undefined) summary.definedTags = structuredClone(patch.definedTags);
  return summary;
}

/** One fixed resource per hostile kind, spread over regions and over free-form-name types. */
function planHostileSlots(layout: Layout, key: number): { kind: HostileKind; scope: number; type: number; ordinal: number }[] {
  const taken = new Set<number>();
  return HOSTILE_KINDS.map((kind, k) => {
    const scope = k % layout.regions.length;
    for (let attempt = 0; attempt < HOSTILE_HOST_TYPES.length; attempt++) {
      const type = TYPE_INDEX.get(HOSTILE_HOST_TYPES[(k + attempt) % HOSTILE_HOST_TYPES.length]!)!;
      const count = layout.regionCounts[scope]![type]!;
      const first = hash4(key, k) % count;
      for (let step = 0; step < count; step++) {
        const ordinal = (first + step) % count;
        const slot = resourceKey(scope, type, ordinal);
        if (taken.has(slot)) continue;
        taken.add(slot);
        return { kind, scope, type, ordinal };
      }
    }
    throw new RangeError(`no free resource for hostile kind ${kind}`);
  });
}
