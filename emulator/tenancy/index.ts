export { createTenancy, Tenancy } from './tenancy.ts';
export type { CreateTenancyOptions, RegionInfo, HostileExample, ScanOptions, ScanResult } from './tenancy.ts';
export type { Mutation, MutationReport, RandomMutationOptions } from './mutations.ts';
export type { PatchableField } from './overlay.ts';
export { HOSTILE_KINDS } from './hostile.ts';
export type { HostileKind } from './hostile.ts';
export { RESOURCE_TYPES } from './catalogue.ts';
export type { ResourceTypeSpec } from './catalogue.ts';
export { REGION_TABLE, MAX_REGIONS } from './regions.ts';
export { SIZE_PRESETS, MAX_TOTAL_RESOURCES } from './layout.ts';
export type { TenancySize } from './layout.ts';
export type {
  Compartment, DefinedTags, FoundResource, FreeformTags, References, RegionSubscription, ResourceFields, ResourceSummary, Scope,
} from './types.ts';
