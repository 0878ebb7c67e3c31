import { base32Chars } from './base32.ts';
import { COMPARTMENT_TYPE, RESOURCE_TYPES, TYPE_INDEX, type ResourceTypeSpec } from './catalogue.ts';
import type { CompartmentNode } from './compartments.ts';
import type { ResourceContext } from './context.ts';
import { hash4, pickWeighted, unit } from './hash.ts';
import { isoTime } from './iso-time.ts';
import { HOSTILE_NAME_KINDS, hostileName, hostileTags, isHostileNameKind, type HostileKind } from './hostile.ts';
import type { Layout } from './layout.ts';
import { GLOBAL_SCOPE, type OcidCodec } from './ocid.ts';
import type { RegionSpec } from './regions.ts';
import type { DefinedTags, FreeformTags, JsonValue, References, ResourceSummary } from './types.ts';
import { APPS, ENVIRONMENTS, TEAMS, TIERS } from './vocabulary.ts';

/**
 * Regenerates any base resource from (scope, type, ordinal): scope is a region index or GLOBAL_SCOPE.
 * Nothing is cached or stored: every field is a hash of the seed and the position, plus the catalogue's
 * proportional ownership (so a Subnet's Vcn is computed, not remembered).
 */
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

// Salts of the generator's own draws (catalogue builders use small salts < 100).
const SALT_COMPARTMENT = 1001;
const SALT_FOLLOW_OWNER = 1002;
const SALT_STATE = 1003;
const SALT_TIME = 1004;
const SALT_TIME_MS = 1005;
const SALT_AD = 1006;
const SALT_SPRINKLE = 1007;
const SALT_SPRINKLE_KIND = 1008;
const SALT_TAGS = 1009;
const SALT_TAG_PICK = 1010;
const SALT_DEFINED = 1011;
const SALT_USER = 1012;
const SALT_SYSTEM = 1013;
const SALT_ADDED_OWNER = 1014;
const SALT_KEY_VERSION = 1015;

/** One in this many free-form names is replaced by a random hostile one (besides the guaranteed ones). */
const SPRINKLE_ONE_IN = 173;
/** Users that appear as `Oracle-Tags.CreatedBy`. */
const CREATORS = 16;

/** A resource created by a mutation: its identity derives from (scope, type, ordinal), the rest is stored. */
export interface StoredResource {
  readonly scope: number;
  readonly type: number;
  readonly ordinal: number;
  readonly summary: ResourceSummary;
  readonly references: References;
}

/** Identity of a resource across the tenancy; a plain number so overlay lookups are cheap. */
export function resourceKey(scope: number, type: number, ordinal: number): number {
  return (type * 32 + scope) * 4294967296 + ordinal;
}

export interface GeneratorInit {
  layout: Layout;
  codec: OcidCodec;
  key: number;
  compartments: readonly CompartmentNode[];
  compartmentIds: readonly string[];
  namespace: string;
  adPrefix: string;
  resourceStartMs: number;
  asOfMs: number;
  hostileSlots: ReadonlyMap<number, HostileKind>;
  added: (key: number) => StoredResource | undefined;
}

const FREEFORM_VOCABULARY: readonly (readonly [string, readonly string[]])[] = [
  ['env', ENVIRONMENTS],
  ['owner', TEAMS],
  ['app', APPS],
  ['tier', TIERS],
  ['cost-center', ['CC-1001', 'CC-2040', 'CC-3300', 'CC-4711']],
  ['backup', ['daily', 'weekly', 'none']],
];

export class ResourceGenerator {
  readonly layout: Layout;
  readonly codec: OcidCodec;
  readonly compartments: readonly CompartmentNode[];
  readonly compartmentIds: readonly string[];
  readonly namespace: string;
  /** Root + ACTIVE compartments: where base resources are placed. */
  readonly liveCompartments: readonly number[];
  readonly #key: number;
  readonly #adPrefix: string;
  readonly #resourceStartMs: number;
  readonly #asOfMs: number;
  readonly #hostile: ReadonlyMap<number, HostileKind>;
  readonly #added: (key: number) => StoredResource | undefined;
  readonly #stateWeights: readonly number[][];
  readonly #stateTotals: readonly number[];
  readonly #ownerType: readonly number[];
  readonly #userType = TYPE_INDEX.get('User')!;
  readonly #tagNamespaceType = TYPE_INDEX.get('TagNamespace')!;
  #creatorNames: readonly string[] | undefined;

  constructor(init: GeneratorInit) {
    this.layout = init.layout;
    this.codec = init.codec;
    this.compartments = init.compartments;
    this.compartmentIds = init.compartmentIds;
    this.namespace = init.namespace;
    this.liveCompartments = init.compartments.filter((c) => c.lifecycleState === 'ACTIVE').map((c) => c.index);
    this.#key = init.key;
    this.#adPrefix = init.adPrefix;
    this.#resourceStartMs = init.resourceStartMs;
    this.#asOfMs = init.asOfMs;
    this.#hostile = init.hostileSlots;
    this.#added = init.added;
    this.#stateWeights = RESOURCE_TYPES.map((t) => t.states.map(([, w]) => w));
    this.#stateTotals = this.#stateWeights.map((w) => w.reduce((a, b) => a + b, 0));
    this.#ownerType = RESOURCE_TYPES.map((t) => (t.owner === undefined ? -1 : TYPE_INDEX.get(t.owner)!));
  }

  /** uint32 draw for a resource and salt. */
  h(scope: number, type: number, ordinal: number, salt: number): number {
    return hash4(this.#key, (scope << 8) | type, ordinal, salt);
  }

  scopeOf(type: number, regionScope: number): number {
    return RESOURCE_TYPES[type]!.scope === 'global' ? GLOBAL_SCOPE : regionScope;
  }

  count(scope: number, type: number): number {
    return scope === GLOBAL_SCOPE ? this.layout.globalCounts[type]! : this.layout.regionCounts[scope]![type]!;
  }

  region(scope: number): RegionSpec {
    return this.layout.regions[scope === GLOBAL_SCOPE ? 0 : scope]!;
  }

  ownerType(type: number): number {
    return this.#ownerType[type]!;
  }

  /** Owner ordinal: proportional for base resources, a hash for added ones. */
  ownerOrdinal(scope: number, type: number, ordinal: number): number {
    const owner = this.#ownerType[type]!;
    if (owner < 0) return -1;
    const parents = this.count(scope, owner);
    const children = this.count(scope, type);
    if (ordinal < children) return Math.floor((ordinal * parents) / children);
    return this.h(scope, type, ordinal, SALT_ADDED_OWNER) % parents;
  }

  /** First child of `childType` owned by owner #parent, or null when that owner has none. */
  firstChild(scope: number, childType: number, parent: number): number | null {
    const owner = this.#ownerType[childType]!;
    if (owner < 0) return null;
    const parents = this.count(scope, owner);
    const children = this.count(scope, childType);
    if (parents === 0 || children === 0 || parent >= parents) return null;
    const first = Math.floor((parent * children + parents - 1) / parents);
    if (first >= children || Math.floor((first * parents) / children) !== parent) return null;
    return first;
  }

  ocid(scope: number, type: number, ordinal: number): string {
    const spec = RESOURCE_TYPES[type]!;
    if (spec.vaultSegment === 'own') return this.codec.format(scope, type, ordinal, this.codec.vaultSegment(scope, ordinal));
    if (spec.vaultSegment === 'owner') {
      return this.codec.format(scope, type, ordinal, this.codec.vaultSegment(scope, this.ownerOrdinal(scope, type, ordinal)));
    }
    return this.codec.format(scope, type, ordinal);
  }

  compartmentIndex(scope: number, type: number, ordinal: number): number {
    if (type === COMPARTMENT_TYPE) return this.compartments[ordinal + 1]!.parentIndex;
    const spec = RESOURCE_TYPES[type]!;
    if (spec.inRoot) return 0;
    const owner = this.#ownerType[type]!;
    if (owner >= 0 && this.h(scope, type, ordinal, SALT_FOLLOW_OWNER) % 100 < 75) {
      return this.compartmentIndex(scope, owner, this.ownerOrdinal(scope, type, ordinal));
    }
    const live = this.liveCompartments;
    return live[this.h(scope, type, ordinal, SALT_COMPARTMENT) % live.length]!;
  }

  lifecycleState(scope: number, type: number, ordinal: number): string {
    if (type === COMPARTMENT_TYPE) return this.compartments[ordinal + 1]!.lifecycleState;
    const spec = RESOURCE_TYPES[type]!;
    // The namespaces that resources' defined tags use must stay usable.
    if (type === this.#tagNamespaceType && ordinal < 4) return 'ACTIVE';
    const owner = this.#ownerType[type]!;
    if (owner >= 0 && spec.goneState !== null) {
      const ownerSpec = RESOURCE_TYPES[owner]!;
      const ownerState = this.lifecycleState(scope, owner, this.ownerOrdinal(scope, type, ordinal));
      if (ownerState === ownerSpec.goneState) return spec.goneState;
    }
    const pick = pickWeighted(this.#stateWeights[type]!, this.#stateTotals[type]!, this.h(scope, type, ordinal, SALT_STATE));
    return spec.states[pick]![0];
  }

  timeMs(scope: number, type: number, ordinal: number): number {
    if (type === COMPARTMENT_TYPE) return this.compartments[ordinal + 1]!.timeMs;
    const owner = this.#ownerType[type]!;
    const ms = this.h(scope, type, ordinal, SALT_TIME_MS) % 1000;
    if (owner >= 0) {
      const ownerMs = this.timeMs(scope, owner, this.ownerOrdinal(scope, type, ordinal));
      const later = ownerMs + MINUTE_MS + (this.h(scope, type, ordinal, SALT_TIME) % (30 * DAY_MS));
      return Math.min(this.#asOfMs - 1000 + ms, later);
    }
    const span = this.#asOfMs - this.#resourceStartMs;
    return this.#resourceStartMs + Math.floor(unit(this.h(scope, type, ordinal, SALT_TIME)) * span / 1000) * 1000 + ms;
  }

  availabilityDomain(scope: number, type: number, ordinal: number): string | null {
    if (RESOURCE_TYPES[type]!.scope !== 'ad') return null;
    const owner = this.#ownerType[type]!;
    if (owner >= 0 && RESOURCE_TYPES[owner]!.scope === 'ad') {
      return this.availabilityDomain(scope, owner, this.ownerOrdinal(scope, type, ordinal));
    }
    const region = this.region(scope);
    const n = 1 + (this.h(scope, type, ordinal, SALT_AD) % region.adCount);
    return this.adName(region, n);
  }

  adName(region: RegionSpec, n: number): string {
    return `${this.#adPrefix}:${region.key}-AD-${n}`;
  }

  displayName(scope: number, type: number, ordinal: number): string {
    if (type === COMPARTMENT_TYPE) return this.compartments[ordinal + 1]!.name;
    const hostile = this.#hostile.get(resourceKey(scope, type, ordinal));
    if (hostile !== undefined && isHostileNameKind(hostile)) return hostileName(hostile, ordinal);
    const spec = RESOURCE_TYPES[type]!;
    if (spec.freeformName && this.h(scope, type, ordinal, SALT_SPRINKLE) % SPRINKLE_ONE_IN === 0) {
      const kind = HOSTILE_NAME_KINDS[this.h(scope, type, ordinal, SALT_SPRINKLE_KIND) % HOSTILE_NAME_KINDS.length]!;
      return hostileName(kind, ordinal);
    }
    return spec.name(this.context(scope, type, ordinal));
  }

  /** `timeCreated` may be passed when the caller already has it (summary does), to save recomputing it. */
  tags(scope: number, type: number, ordinal: number, timeCreated?: string): { freeformTags: FreeformTags; definedTags: DefinedTags; systemTags: DefinedTags } {
    if (type === COMPARTMENT_TYPE) {
      return { freeformTags: { ...this.compartments[ordinal + 1]!.freeformTags }, definedTags: {}, systemTags: {} };
    }
    const hostile = this.#hostile.get(resourceKey(scope, type, ordinal));
    if (hostile !== undefined && !isHostileNameKind(hostile)) return { ...hostileTags(hostile), systemTags: {} };

    const draw = this.h(scope, type, ordinal, SALT_TAGS);
    const freeformTags: FreeformTags = {};
    const keyCount = draw % 4;
    const start = (draw >>> 2) % FREEFORM_VOCABULARY.length;
    for (let k = 0; k < keyCount; k++) {
      const [name, values] = FREEFORM_VOCABULARY[(start + k) % FREEFORM_VOCABULARY.length]!;
      freeformTags[name] = values[this.h(scope, type, ordinal, SALT_TAG_PICK + 100 * k) % values.length]!;
    }

    const definedTags: DefinedTags = {};
    const defined = this.h(scope, type, ordinal, SALT_DEFINED);
    if (defined % 100 < 60) {
      const creators = this.#creators();
      definedTags['Oracle-Tags'] = {
        CreatedBy: creators[this.h(scope, type, ordinal, SALT_USER) % creators.length]!,
        CreatedOn: timeCreated ?? isoTime(this.timeMs(scope, type, ordinal)),
      };
    }
    if ((defined >>> 8) % 100 < 30) definedTags['Operations'] = { Environment: ENVIRONMENTS[(defined >>> 16) % ENVIRONMENTS.length]! };
    if ((defined >>> 12) % 100 < 20) definedTags['Finance'] = { CostCenter: `CC-${1000 + ((defined >>> 4) % 9000)}` };

    const spec = RESOURCE_TYPES[type]!;
    const freeTier = (spec.searchType === 'Instance' || spec.searchType === 'AutonomousDatabase') &&
      this.h(scope, type, ordinal, SALT_SYSTEM) % 100 < 5;
    const systemTags: DefinedTags = freeTier ? { 'orcl-cloud': { 'free-tier-retained': 'true' } } : {};
    return { freeformTags, definedTags, systemTags };
  }

  /**
   * `Oracle-Tags.CreatedBy` values: the first users (at most CREATORS), as a few administrators create most
   * resources. Computed once: a bounded cache, whatever the tenancy size.
   */
  #creators(): readonly string[] {
    if (this.#creatorNames === undefined) {
      const users = Math.min(CREATORS, this.layout.globalCounts[this.#userType]!);
      this.#creatorNames = Array.from({ length: users }, (_, u) =>
        `oracleidentitycloudservice/${this.displayName(GLOBAL_SCOPE, this.#userType, u)}`);
    }
    return this.#creatorNames;
  }

  references(scope: number, type: number, ordinal: number): References {
    if (ordinal >= this.count(scope, type)) {
      const stored = this.#added(resourceKey(scope, type, ordinal));
      if (stored) return stored.references;
    }
    const builder = RESOURCE_TYPES[type]!.references;
    return builder ? builder(this.context(scope, type, ordinal)) : {};
  }

  details(scope: number, type: number, ordinal: number, references: References): Record<string, JsonValue> {
    const builder = RESOURCE_TYPES[type]!.details;
    return builder ? builder(this.context(scope, type, ordinal), references) : {};
  }

  /** The base summary; `additionalDetails` only when asked (it costs the references). */
  summary(scope: number, type: number, ordinal: number, withDetails: boolean): ResourceSummary {
    const spec = RESOURCE_TYPES[type]!;
    const timeCreated = isoTime(this.timeMs(scope, type, ordinal));
    const { freeformTags, definedTags, systemTags } = this.tags(scope, type, ordinal, timeCreated);
    return {
      resourceType: spec.searchType,
      identifier: this.ocid(scope, type, ordinal),
      compartmentId: this.compartmentIds[this.compartmentIndex(scope, type, ordinal)]!,
      timeCreated,
      displayName: this.displayName(scope, type, ordinal),
      availabilityDomain: this.availabilityDomain(scope, type, ordinal),
      lifecycleState: this.lifecycleState(scope, type, ordinal),
      freeformTags,
      definedTags,
      systemTags,
      searchContext: null,
      identityContext: {},
      additionalDetails: withDetails ? this.details(scope, type, ordinal, this.references(scope, type, ordinal)) : {},
    };
  }

  context(scope: number, type: number, ordinal: number, overrides?: { compartmentIndex?: number; timeMs?: number }): ResourceContext {
    return new GenerationContext(this, scope, type, ordinal, overrides ?? {});
  }

  keyVersionId(scope: number, type: number, ordinal: number): string {
    const vault = this.codec.vaultSegment(scope, this.ownerOrdinal(scope, type, ordinal));
    const unique = 'a' + base32Chars(59, (n) => hash4(this.#key, (scope << 8) | type, ordinal, SALT_KEY_VERSION + n));
    return `ocid1.keyversion.oc1.${this.region(scope).ocidSegment}.${vault}.${unique}`;
  }
}

function typeNumber(searchType: string): number {
  const type = TYPE_INDEX.get(searchType);
  if (type === undefined) throw new RangeError(`catalogue refers to unknown type '${searchType}'`);
  return type;
}

/** The ResourceContext handed to catalogue builders. */
class GenerationContext implements ResourceContext {
  readonly #g: ResourceGenerator;
  readonly #scope: number;
  readonly #type: number;
  readonly #spec: ResourceTypeSpec;
  readonly #overrides: { compartmentIndex?: number; timeMs?: number };
  readonly ordinal: number;

  constructor(g: ResourceGenerator, scope: number, type: number, ordinal: number, overrides: { compartmentIndex?: number; timeMs?: number }) {
    this.#g = g;
    this.#scope = scope;
    this.#type = type;
    this.#spec = RESOURCE_TYPES[type]!;
    this.#overrides = overrides;
    this.ordinal = ordinal;
  }

  get region(): RegionSpec {
    return this.#g.region(this.#scope);
  }

  get namespace(): string {
    return this.#g.namespace;
  }

  h(salt: number): number {
    return this.#g.h(this.#scope, this.#type, this.ordinal, salt);
  }

  pick<T>(list: readonly T[], salt: number): T {
    return list[this.h(salt) % list.length]!;
  }

  int(min: number, max: number, salt: number): number {
    return min + (this.h(salt) % (max - min + 1));
  }

  chance(percent: number, salt: number): boolean {
    return this.h(salt) % 100 < percent;
  }

  #scopeFor(type: number): number {
    return this.#g.scopeOf(type, this.#scope === GLOBAL_SCOPE ? 0 : this.#scope);
  }

  ownerOrdinal(): number {
    if (this.#spec.owner === undefined) throw new RangeError(`${this.#spec.searchType} has no owner`);
    return this.#g.ownerOrdinal(this.#scope, this.#type, this.ordinal);
  }

  ownerOrdinalOf(type: string, ordinal: number): number {
    const t = typeNumber(type);
    return this.#g.ownerOrdinal(this.#scopeFor(t), t, ordinal);
  }

  firstChildOf(childType: string, parentOrdinal: number): number | null {
    const t = typeNumber(childType);
    return this.#g.firstChild(this.#scopeFor(t), t, parentOrdinal);
  }

  anyOf(type: string, salt: number): number | null {
    const t = typeNumber(type);
    const count = this.#g.count(this.#scopeFor(t), t);
    return count === 0 ? null : this.h(200 + salt) % count;
  }

  ocidOf(type: string, ordinal: number): string {
    const t = typeNumber(type);
    return this.#g.ocid(this.#scopeFor(t), t, ordinal);
  }

  nameOf(type: string, ordinal: number): string {
    const t = typeNumber(type);
    return this.#g.displayName(this.#scopeFor(t), t, ordinal);
  }

  referencesOf(type: string, ordinal: number): References {
    const t = typeNumber(type);
    return this.#g.references(this.#scopeFor(t), t, ordinal);
  }

  #compartmentIndex(): number {
    return this.#overrides.compartmentIndex ?? this.#g.compartmentIndex(this.#scope, this.#type, this.ordinal);
  }

  compartmentName(): string {
    return this.#g.compartments[this.#compartmentIndex()]?.name ?? 'unknown';
  }

  compartmentId(): string {
    return this.#g.compartmentIds[this.#compartmentIndex()]!;
  }

  anyCompartmentId(salt: number): string {
    const live = this.#g.liveCompartments;
    return this.#g.compartmentIds[live[this.h(300 + salt) % live.length]!]!;
  }

  rootId(): string {
    return this.#g.compartmentIds[0]!;
  }

  timeCreated(): string {
    return isoTime(this.#overrides.timeMs ?? this.#g.timeMs(this.#scope, this.#type, this.ordinal));
  }

  keyVersionId(): string {
    return this.#g.keyVersionId(this.#scope, this.#type, this.ordinal);
  }
}
