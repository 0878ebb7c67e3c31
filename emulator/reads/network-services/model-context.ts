import type { FoundResource, RegionInfo } from '../../tenancy/index.ts';
import { textHash } from '../derive.ts';
import type { Model } from '../model-fields.ts';
import type { ResourceReader } from '../resource-reader.ts';
import { rendezvous } from './picks.ts';
import type { RegionIndexes } from './region-indexes.ts';

/**
 * What a network-services model builder may consult besides its own resource: related resources (no
 * controls: a GET never fails because of another resource), the region's indexes, the region itself.
 */
export interface ServiceModelContext {
  reader: ResourceReader;
  indexes: RegionIndexes;
  region: RegionInfo;
  /** The tenancy's Object Storage namespace (also its OCIR namespace). */
  namespace: string;
}

export type ServiceModelBuilder = (found: FoundResource, context: ServiceModelContext) => Model;

/** The VCN of a subnet of the region (Search's vcnId, the tenancy reference), or null for an unknown subnet. */
export function vcnOfSubnet(context: ServiceModelContext, subnetId: string | null): string | null {
  return context.indexes.subnet(context.region.name, subnetId)?.vcnId ?? null;
}

/** A subnet's CIDR as Search has it, else one derived from its OCID. */
export function subnetCidr(context: ServiceModelContext, subnetId: string | null): string {
  return context.indexes.subnet(context.region.name, subnetId)?.cidrBlock ??
    `10.${textHash(subnetId ?? '', 1) % 256}.${textHash(subnetId ?? '', 2) % 256}.0/24`;
}

/** An address inside a /24-or-larger IPv4 CIDR, host part 10..249 from the key. */
export function addressIn(cidr: string, key: string, salt: number): string {
  const [a = '10', b = '0', c = '0'] = cidr.split('/')[0]!.split('.');
  return `${a}.${b}.${c}.${10 + (textHash(key, salt) % 240)}`;
}

/** Up to `max` NSGs of the VCN (0..max by the key), chosen by rendezvous so removing an NSG moves only its own picks. */
export function nsgsFor(context: ServiceModelContext, vcnId: string | null, key: string, salt: number, max: number): string[] {
  const count = textHash(key, salt) % (max + 1);
  return rendezvous(context.indexes.nsgsOfVcn(context.region.name, vcnId), key, salt + 1, count);
}
