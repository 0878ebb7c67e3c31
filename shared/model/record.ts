/**
 * The canonical inventory record: one per resource, the unit of every export and of the diff.
 *
 * Every record carries every key (null where unknown) so that JSONL lines, CSV rows and Parquet
 * rows line up one to one and a diff never confuses "absent" with "null".
 */
export const ENRICH_STATUSES = ['OK', 'NOT_IMPLEMENTED', 'NOT_FOUND', 'ERROR'] as const;
export type EnrichStatus = (typeof ENRICH_STATUSES)[number];

/** A graph edge from this record to another resource, e.g. `{relation: 'in_subnet', target: 'ocid1.subnet...'}`. */
export interface Relationship {
  relation: string;
  target: string;
}

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface InventoryRecord {
  ocid: string;
  resourceType: string;
  displayName: string | null;
  compartmentId: string | null;
  region: string | null;
  availabilityDomain: string | null;
  lifecycleState: string | null;
  timeCreated: string | null;
  definedTags: JsonObject | null;
  freeformTags: Record<string, string> | null;
  collectedAt: string;
  enrichStatus: EnrichStatus;
  enrichError: string | null;
  details: JsonObject | null;
  relationships: Relationship[];
}

/** The record keys in their documented order (canonical JSON re-sorts them; CSV/Parquet use this order). */
export const RECORD_KEYS = [
  'ocid',
  'resourceType',
  'displayName',
  'compartmentId',
  'region',
  'availabilityDomain',
  'lifecycleState',
  'timeCreated',
  'definedTags',
  'freeformTags',
  'collectedAt',
  'enrichStatus',
  'enrichError',
  'details',
  'relationships',
] as const satisfies readonly (keyof InventoryRecord)[];

/** The CSV report columns, in order. */
export const CSV_COLUMNS = [
  'ocid',
  'resourceType',
  'displayName',
  'compartmentId',
  'region',
  'lifecycleState',
  'timeCreated',
  'enrichStatus',
] as const satisfies readonly (keyof InventoryRecord)[];

/** The key that identifies a record across runs. */
export interface RecordKey {
  ocid: string;
  resourceType: string;
}

/**
 * The one order of every artifact: by ocid, then resourceType, in plain JavaScript string order
 * (UTF-16 code units, no locale, no case folding), so every platform sorts identically.
 */
export function compareRecordKeys(a: RecordKey, b: RecordKey): number {
  if (a.ocid !== b.ocid) return a.ocid < b.ocid ? -1 : 1;
  if (a.resourceType !== b.resourceType) return a.resourceType < b.resourceType ? -1 : 1;
  return 0;
}
