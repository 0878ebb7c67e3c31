import type { JsonValue } from '../../shared/model/record.ts';

export type { JsonValue };

export type FreeformTags = Record<string, string>;
/** namespace -> key -> value, as Search and every GET return them. */
export type DefinedTags = Record<string, Record<string, string>>;

/**
 * One Search hit, shaped as the Resource Search API returns it (`ResourceSummary` in oci-resourcesearch).
 * There is deliberately no region field: the real API has none; callers know which region they asked.
 */
export interface ResourceSummary {
  resourceType: string;
  identifier: string;
  compartmentId: string;
  /** ISO-8601 with milliseconds, e.g. `2023-04-12T10:11:12.345Z`. */
  timeCreated: string;
  displayName: string;
  /** `<prefix>:<REGION-KEY>-AD-n` for AD-scoped types, else null. */
  availabilityDomain: string | null;
  lifecycleState: string;
  freeformTags: FreeformTags;
  definedTags: DefinedTags;
  systemTags: DefinedTags;
  searchContext: null;
  identityContext: Record<string, string>;
  /** Filled only for `return allAdditionalFields`; `{}` otherwise. */
  additionalDetails: Record<string, JsonValue>;
}

/** Relationship fields of a resource (OCIDs), the same ones a later GET endpoint must return. */
export type References = Record<string, string | string[] | null>;

/** The fields a mutation or a Search condition can address without building a whole summary. */
export interface ResourceFields {
  readonly resourceType: string;
  readonly identifier: string;
  readonly compartmentId: string;
  readonly lifecycleState: string;
  readonly displayName: string;
  readonly availabilityDomain: string | null;
}

export type Scope = 'regional' | 'ad' | 'global';

export interface RegionSubscription {
  regionName: string;
  regionKey: string;
  status: 'READY';
  isHomeRegion: boolean;
}

export interface Compartment {
  id: string;
  /** Parent compartment OCID; null for the root (the tenancy). */
  compartmentId: string | null;
  name: string;
  description: string;
  lifecycleState: 'ACTIVE' | 'DELETED' | string;
  timeCreated: string;
  /** Always true: the emulator models an administrator who can read every compartment. */
  isAccessible: boolean;
  freeformTags: FreeformTags;
  definedTags: DefinedTags;
  /** Depth below the root (root = 0). */
  depth: number;
}

/** What findByOcid returns: the summary (with additionalDetails), where it lives, and its references. */
export interface FoundResource {
  summary: ResourceSummary;
  /** The region the resource lives in; for global (IAM) types, the home region. */
  region: string;
  scope: Scope;
  /** True for resources added by a mutation rather than generated from the seed. */
  added: boolean;
  references: References;
}
