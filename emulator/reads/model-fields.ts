import type { FoundResource, JsonValue } from '../tenancy/types.ts';

/**
 * Reading a FoundResource the way every GET model needs it. The fields Search returns are copied verbatim
 * (so a GET and a Search hit of one OCID agree); relationship ids come from the tenancy's `references`;
 * notable fields from `additionalDetails` (what `return allAdditionalFields` shows).
 */

export type Model = Record<string, unknown>;

/** id, compartmentId, displayName, lifecycleState, timeCreated and the tags, as Search has them. */
export function commonFields(found: FoundResource, options: { systemTags?: boolean } = {}): Model {
  const s = found.summary;
  return {
    id: s.identifier,
    compartmentId: s.compartmentId,
    displayName: s.displayName,
    lifecycleState: s.lifecycleState,
    timeCreated: s.timeCreated,
    freeformTags: s.freeformTags,
    definedTags: s.definedTags,
    ...(options.systemTags ? { systemTags: s.systemTags } : {}),
  };
}

/** IAM models call the display name `name`. */
export function iamCommonFields(found: FoundResource): Model {
  const s = found.summary;
  return {
    id: s.identifier,
    compartmentId: s.compartmentId,
    name: s.displayName,
    timeCreated: s.timeCreated,
    lifecycleState: s.lifecycleState,
    freeformTags: s.freeformTags,
    definedTags: s.definedTags,
  };
}

/** A single relationship id, or null. */
export function refOf(found: FoundResource, name: string): string | null {
  const value = found.references[name];
  return typeof value === 'string' ? value : null;
}

/** A list relationship (always an array). */
export function refsOf(found: FoundResource, name: string): string[] {
  const value = found.references[name];
  return Array.isArray(value) ? [...value] : typeof value === 'string' ? [value] : [];
}

export function detail(found: FoundResource, name: string): JsonValue | undefined {
  return found.summary.additionalDetails[name];
}

export function detailString(found: FoundResource, name: string): string | undefined {
  const value = detail(found, name);
  return typeof value === 'string' ? value : undefined;
}

export function detailBoolean(found: FoundResource, name: string): boolean | undefined {
  const value = detail(found, name);
  return typeof value === 'boolean' ? value : undefined;
}

/** A copy of a JSON detail (rules, statements), so a model never shares structure with the tenancy. */
export function detailCopy(found: FoundResource, name: string): JsonValue | undefined {
  const value = detail(found, name);
  return value === undefined ? undefined : structuredClone(value);
}
