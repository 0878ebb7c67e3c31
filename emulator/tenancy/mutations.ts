import { OciHttpError } from '../http/errors.ts';
import { COMPARTMENT_TYPE, REFERENCED_TYPES, REGIONAL_TYPES, RESOURCE_TYPES, TYPE_INDEX_LOWER } from './catalogue.ts';
import { resourceKey, type ResourceGenerator, type StoredResource } from './generate.ts';
import { hash4, pickWeighted, seedKeys } from './hash.ts';
import { typeAt, type Layout } from './layout.ts';
import { GLOBAL_SCOPE } from './ocid.ts';
import { PATCHABLE_FIELDS, type Overlay, type Patch, type PatchableField } from './overlay.ts';
import type { Compartment, DefinedTags, FreeformTags, ResourceSummary } from './types.ts';

/**
 * Changes to a tenancy for diff tests, kept in the Overlay so the base stays lazy.
 *
 * - add: a new resource (its OCID continues its type's ordinals, so it decodes like a base one);
 * - remove: gone from Search and findByOcid (no cascade: like a stale index, children may still point at it);
 * - modify: displayName and/or lifecycleState; move: compartmentId; retag: freeformTags and/or definedTags.
 *
 * Invalid mutations throw OciHttpError (404 NotAuthorizedOrNotFound for unknown OCIDs, 400 InvalidParameter
 * for bad values), so the same code can back HTTP write endpoints later. Mutations of one call are applied in
 * order; one that throws leaves the earlier ones applied.
 */
export type Mutation =
  | {
      kind: 'add';
      resourceType: string;
      /** Region of a regional resource (default: home region); ignored for global types. */
      region?: string;
      /** Default: the root compartment. Must be an ACTIVE compartment. */
      compartmentId?: string;
      displayName?: string;
      lifecycleState?: string;
      freeformTags?: FreeformTags;
      definedTags?: DefinedTags;
    }
  | { kind: 'remove'; ocid: string }
  | { kind: 'modify'; ocid: string; displayName?: string; lifecycleState?: string }
  | { kind: 'move'; ocid: string; compartmentId: string }
  | { kind: 'retag'; ocid: string; freeformTags?: FreeformTags; definedTags?: DefinedTags };

/**
 * The net effect of one mutate()/applyRandomMutations() call, as a diff of Search before and after would
 * see it: OCIDs sorted, fields sorted. A resource added then changed in the same call is only `added`;
 * one changed then removed is only `removed`; an add then remove is nowhere.
 */
export interface MutationReport {
  added: string[];
  removed: string[];
  modified: { ocid: string; fields: PatchableField[] }[];
}

export interface RandomMutationOptions {
  seed: string;
  count: number;
}

type Snapshot = Pick<ResourceSummary, PatchableField>;

interface Location {
  scope: number;
  type: number;
  ordinal: number;
  key: number;
  stored: StoredResource | undefined;
}

export interface MutationHost {
  generator: ResourceGenerator;
  overlay: Overlay;
  regionIndex: (name: string) => number | undefined;
  locate: (ocid: string) => Location | undefined;
  compartments: () => Compartment[];
  asOfMs: number;
}

const MINUTE_MS = 60_000;

export class MutationEngine {
  readonly #host: MutationHost;

  constructor(host: MutationHost) {
    this.#host = host;
  }

  mutate(mutations: readonly Mutation[]): MutationReport {
    const overlay = this.#host.overlay;
    overlay.generation++;
    const before = new Map<string, Snapshot | null>();
    mutations.forEach((mutation, index) => this.#apply(mutation, index, before));
    return this.#report(before);
  }

  #apply(mutation: Mutation, index: number, before: Map<string, Snapshot | null>): void {
    const overlay = this.#host.overlay;
    if (mutation.kind === 'add') {
      const ocid = this.#add(mutation, index);
      before.set(ocid, null);
      return;
    }
    const location = this.#host.locate(mutation.ocid);
    if (location === undefined) {
      throw new OciHttpError(404, 'NotAuthorizedOrNotFound', `Resource ${String(mutation.ocid)} not found (mutation #${index}, ${mutation.kind})`);
    }
    if (!before.has(mutation.ocid)) before.set(mutation.ocid, this.#snapshot(location));
    switch (mutation.kind) {
      case 'remove':
        overlay.remove(location.key, location.scope);
        return;
      case 'modify': {
        const change: Patch = {};
        if (mutation.displayName !== undefined) change.displayName = requireString(mutation.displayName, 'displayName', index);
        if (mutation.lifecycleState !== undefined) change.lifecycleState = requireString(mutation.lifecycleState, 'lifecycleState', index);
        if (Object.keys(change).length === 0) {
          throw new OciHttpError(400, 'InvalidParameter', `mutation #${index} (modify) needs displayName or lifecycleState`);
        }
        overlay.patch(location.key, change);
        return;
      }
      case 'move':
        this.#requireLiveCompartment(mutation.compartmentId, index);
        if (location.type === COMPARTMENT_TYPE) this.#refuseCycle(mutation.ocid, mutation.compartmentId, index);
        overlay.patch(location.key, { compartmentId: mutation.compartmentId });
        return;
      case 'retag': {
        const change: Patch = {};
        if (mutation.freeformTags !== undefined) change.freeformTags = { ...mutation.freeformTags };
        if (mutation.definedTags !== undefined) change.definedTags = structuredClone(mutation.definedTags);
        if (Object.keys(change).length === 0) {
          throw new OciHttpError(400, 'InvalidParameter', `mutation #${index} (retag) needs freeformTags or definedTags`);
        }
        overlay.patch(location.key, change);
        return;
      }
      default:
        throw new OciHttpError(400, 'InvalidParameter', `mutation #${index} has unknown kind '${String((mutation as { kind: unknown }).kind)}'`);
    }
  }

  #add(mutation: Extract<Mutation, { kind: 'add' }>, index: number): string {
    const { generator: g, overlay } = this.#host;
    const type = TYPE_INDEX_LOWER.get(String(mutation.resourceType).toLowerCase());
    if (type === undefined) {
      throw new OciHttpError(400, 'InvalidParameter', `mutation #${index} (add): unknown resourceType '${String(mutation.resourceType)}'`);
    }
    const spec = RESOURCE_TYPES[type]!;
    let scope = GLOBAL_SCOPE;
    if (spec.scope !== 'global') {
      const region = mutation.region === undefined ? 0 : this.#host.regionIndex(mutation.region);
      if (region === undefined) {
        throw new OciHttpError(400, 'InvalidParameter', `mutation #${index} (add): region '${mutation.region}' is not subscribed`);
      }
      scope = region;
    }
    const compartmentId = mutation.compartmentId ?? g.compartmentIds[0]!;
    this.#requireLiveCompartment(compartmentId, index);
    if (spec.owner !== undefined && g.count(scope, g.ownerType(type)) === 0) {
      throw new OciHttpError(400, 'InvalidParameter', `mutation #${index} (add): no ${spec.owner} in this region to own a ${spec.searchType}`);
    }

    const ordinal = overlay.takeOrdinal(scope, type, g.count(scope, type));
    const timeMs = this.#host.asOfMs + overlay.generation * MINUTE_MS + index * 1000;
    const baseCompartment = g.compartmentIds.indexOf(compartmentId);
    const context = g.context(scope, type, ordinal, baseCompartment >= 0 ? { timeMs, compartmentIndex: baseCompartment } : { timeMs });
    const references = spec.references ? spec.references(context) : {};
    const identifier = g.ocid(scope, type, ordinal);
    const availabilityDomain = spec.scope === 'ad'
      ? g.adName(g.region(scope), 1 + (hash4(ordinal, type, scope) % g.region(scope).adCount))
      : null;
    const summary: ResourceSummary = {
      resourceType: spec.searchType,
      identifier,
      compartmentId,
      timeCreated: new Date(timeMs).toISOString(),
      displayName: mutation.displayName ?? (type === COMPARTMENT_TYPE ? `added-compartment-${ordinal}` : spec.name(context)),
      availabilityDomain,
      lifecycleState: mutation.lifecycleState ?? spec.states[0]![0],
      freeformTags: { ...(mutation.freeformTags ?? {}) },
      definedTags: structuredClone(mutation.definedTags ?? {}),
      systemTags: {},
      searchContext: null,
      identityContext: {},
      additionalDetails: spec.details ? spec.details(context, references) : {},
    };
    overlay.add(resourceKey(scope, type, ordinal), { scope, type, ordinal, summary, references });
    return identifier;
  }

  #requireLiveCompartment(compartmentId: string, index: number): void {
    const compartment = this.#host.compartments().find((c) => c.id === compartmentId);
    if (compartment === undefined || compartment.lifecycleState !== 'ACTIVE') {
      throw new OciHttpError(400, 'InvalidParameter', `mutation #${index}: compartment ${String(compartmentId)} does not exist or is not ACTIVE`);
    }
  }

  #refuseCycle(compartment: string, newParent: string, index: number): void {
    const parents = new Map(this.#host.compartments().map((c) => [c.id, c.compartmentId]));
    for (let at: string | null | undefined = newParent; at; at = parents.get(at)) {
      if (at === compartment) {
        throw new OciHttpError(400, 'InvalidParameter', `mutation #${index}: cannot move compartment ${compartment} under itself`);
      }
    }
  }

  #snapshot(location: Location): Snapshot {
    const { generator: g, overlay } = this.#host;
    const { scope, type, ordinal, key, stored } = location;
    const base: Snapshot = stored
      ? {
          displayName: stored.summary.displayName,
          lifecycleState: stored.summary.lifecycleState,
          compartmentId: stored.summary.compartmentId,
          freeformTags: stored.summary.freeformTags,
          definedTags: stored.summary.definedTags,
        }
      : (() => {
          const tags = g.tags(scope, type, ordinal);
          return {
            displayName: g.displayName(scope, type, ordinal),
            lifecycleState: g.lifecycleState(scope, type, ordinal),
            compartmentId: g.compartmentIds[g.compartmentIndex(scope, type, ordinal)]!,
            freeformTags: tags.freeformTags,
            definedTags: tags.definedTags,
          };
        })();
    return structuredClone({ ...base, ...overlay.patches.get(key) });
  }

  #report(before: Map<string, Snapshot | null>): MutationReport {
    const report: MutationReport = { added: [], removed: [], modified: [] };
    for (const [ocid, was] of before) {
      const location = this.#host.locate(ocid);
      const now = location === undefined ? null : this.#snapshot(location);
      if (was === null && now !== null) report.added.push(ocid);
      else if (was !== null && now === null) report.removed.push(ocid);
      else if (was !== null && now !== null) {
        const fields = PATCHABLE_FIELDS.filter((f) => canonical(was[f]) !== canonical(now[f])).sort();
        if (fields.length > 0) report.modified.push({ ocid, fields });
      }
    }
    report.added.sort();
    report.removed.sort();
    report.modified.sort((a, b) => (a.ocid < b.ocid ? -1 : a.ocid > b.ocid ? 1 : 0));
    return report;
  }

  /**
   * `count` mutations (about 20% add, 20% remove, 25% modify, 15% move, 20% retag), each on a different
   * resource, so the report has exactly `count` entries. Removals only hit types nothing else points at,
   * so references stay resolvable. Deterministic for a seed and the tenancy's mutation history.
   */
  applyRandom(options: RandomMutationOptions, layout: Layout): MutationReport {
    const { seed, count } = options;
    if (typeof seed !== 'string' || seed === '') throw new TypeError('seed must be a non-empty string');
    if (!Number.isInteger(count) || count < 0 || count > 100_000) throw new RangeError(`count must be an integer 0..100000; got ${count}`);
    const key = seedKeys(seed, 'mutations')[0]!;
    const { generator: g, overlay } = this.#host;
    const generation = overlay.generation + 1;
    const live = this.#host.compartments().filter((c) => c.lifecycleState === 'ACTIVE').map((c) => c.id);
    const touched = new Set<number>();
    const regionalWeights = REGIONAL_TYPES.map((t) => RESOURCE_TYPES[t]!.weight);
    const regionalTotal = regionalWeights.reduce((a, b) => a + b, 0);
    const mutations: Mutation[] = [];

    for (let k = 0; k < count; k++) {
      const draw = hash4(key, k, 1) % 100;
      if (draw < 20) {
        const type = REGIONAL_TYPES[pickWeighted(regionalWeights, regionalTotal, hash4(key, k, 2))]!;
        mutations.push({
          kind: 'add',
          resourceType: RESOURCE_TYPES[type]!.searchType,
          region: layout.regions[hash4(key, k, 3) % layout.regions.length]!.name,
          compartmentId: live[hash4(key, k, 4) % live.length]!,
        });
        continue;
      }
      const kind = draw < 40 ? 'remove' : draw < 65 ? 'modify' : draw < 80 ? 'move' : 'retag';
      const target = this.#pickTarget(key, k, layout, touched, kind === 'remove');
      const current = this.#snapshot(target);
      const ocid = g.ocid(target.scope, target.type, target.ordinal);
      const spec = RESOURCE_TYPES[target.type]!;
      if (kind === 'remove') {
        mutations.push({ kind, ocid });
      } else if (kind === 'modify') {
        const otherStates = spec.states.map(([s]) => s).filter((s) => s !== current.lifecycleState);
        if (otherStates.length > 0 && hash4(key, k, 5) % 2 === 0) {
          mutations.push({ kind, ocid, lifecycleState: otherStates[hash4(key, k, 6) % otherStates.length]! });
        } else {
          mutations.push({ kind, ocid, displayName: `${current.displayName} (renamed g${generation}.${k})` });
        }
      } else if (kind === 'move') {
        const targets = live.filter((id) => id !== current.compartmentId);
        mutations.push({ kind, ocid, compartmentId: targets[hash4(key, k, 7) % targets.length]! });
      } else {
        mutations.push({ kind, ocid, freeformTags: { ...current.freeformTags, mutation: `g${generation}-${k}` } });
      }
    }
    return this.mutate(mutations);
  }

  /** A live base resource not yet touched in this batch (never a compartment), chosen by hash. */
  #pickTarget(key: number, k: number, layout: Layout, touched: Set<number>, forRemoval: boolean): Location {
    const { generator: g, overlay } = this.#host;
    const typeCount = RESOURCE_TYPES.length;
    for (let attempt = 0; attempt < 10_000; attempt++) {
      const r = hash4(key, k, 100, attempt) % layout.regions.length;
      const offsets = layout.offsets[r]!;
      const position = hash4(key, k, 101, attempt) % offsets[typeCount]!;
      const type = typeAt(offsets, position);
      if (type === COMPARTMENT_TYPE) continue;
      if (forRemoval && REFERENCED_TYPES.has(RESOURCE_TYPES[type]!.searchType)) continue;
      const scope = g.scopeOf(type, r);
      const ordinal = position - offsets[type]!;
      const rk = resourceKey(scope, type, ordinal);
      if (touched.has(rk) || overlay.removed.has(rk)) continue;
      touched.add(rk);
      return { scope, type, ordinal, key: rk, stored: undefined };
    }
    throw new RangeError('could not find an untouched resource to mutate; the tenancy is too small for this count');
  }
}

function requireString(value: unknown, field: string, index: number): string {
  if (typeof value !== 'string') throw new OciHttpError(400, 'InvalidParameter', `mutation #${index}: ${field} must be a string`);
  return value;
}

/** JSON with sorted keys: tag maps that differ only in key order are equal. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
