import type { FoundResource, RegionInfo } from '../../tenancy/index.ts';
import { isoAfter, textHash } from '../derive.ts';
import { detailString, type Model } from '../model-fields.ts';
import type { ResourceReader } from '../resource-reader.ts';
import type { RegionPicks } from './region-picks.ts';

/**
 * What a data-services model builder may ask besides the resource itself: related resources (the reader,
 * no controls), the region, the emulator's own base URL (for endpoints the SDK calls next: a vault's
 * management endpoint) and deterministic picks among the region's resources (for relationships the
 * tenancy catalogue does not hold, e.g. a flow log's subnet).
 */
export interface DataModelContext {
  reader: ResourceReader;
  region: RegionInfo;
  /** `http://127.0.0.1:<port>`, as the caller addressed the emulator. */
  baseUrl: string;
  picks: RegionPicks;
  tenancyId: string;
}

export type DataModelBuilder = (found: FoundResource, context: DataModelContext) => Model;

/** The synthetic tenancy's "now" (as in the identity models): modification times are not later. */
export const AS_OF_MS = Date.UTC(2025, 5, 1);

/**
 * id, compartmentId, lifecycleState, timeCreated and the tags as Search has them, with the display name under
 * the model's own field (`displayName`; `name` for streams, stream pools and bastions; none for databases).
 */
export function baseFields(found: FoundResource, options: { name: 'displayName' | 'name' | null; systemTags: boolean }): Model {
  const s = found.summary;
  return {
    id: s.identifier,
    compartmentId: s.compartmentId,
    ...(options.name === null ? {} : { [options.name]: s.displayName }),
    lifecycleState: s.lifecycleState,
    timeCreated: s.timeCreated,
    freeformTags: s.freeformTags,
    definedTags: s.definedTags,
    ...(options.systemTags ? { systemTags: s.systemTags } : {}),
  };
}

/** A last-modified time between creation and the tenancy's "now". */
export function timeUpdated(found: FoundResource, salt: number): string {
  const id = found.summary.identifier;
  return isoAfter(found.summary.timeCreated, (textHash(id, salt) % 20_000) / 100, Math.max(AS_OF_MS, Date.parse(found.summary.timeCreated)));
}

/** An address of the subnet (from its `10.a.b.0/24` CIDR) for the resource `key`, or null without a subnet. */
export function addressInSubnet(subnet: FoundResource | undefined, key: string, salt: number): string | null {
  const cidr = subnet && detailString(subnet, 'cidrBlock');
  if (cidr === undefined) return null;
  const [a, b, c] = cidr.split('/')[0]!.split('.');
  return `${a}.${b}.${c}.${10 + (textHash(key, salt) % 240)}`;
}

/** The vault segment of a Vault or Key OCID (`ocid1.key.oc1.<region>.<vault segment>.<unique>`), or null. */
export function vaultSegmentOf(ocid: string): string | null {
  const parts = ocid.split('.');
  return parts.length === 6 ? parts[4]! : null;
}
