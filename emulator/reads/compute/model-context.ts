import type { FoundResource, RegionInfo } from '../../tenancy/index.ts';
import type { Model } from '../model-fields.ts';
import type { ResourceReader } from '../resource-reader.ts';
import type { InstanceAttachments } from './attachments.ts';
import type { ComputeRegionLinks } from './region-links.ts';

/**
 * What a compute, block storage or VNIC model may consult besides its own resource: related resources (no
 * controls: a GET never fails because of another resource), the derived attachments, the per-region links.
 */
export interface ComputeModelContext {
  reader: ResourceReader;
  region: RegionInfo;
  attachments: InstanceAttachments;
  links: ComputeRegionLinks;
}

export type ComputeModelBuilder = (found: FoundResource, context: ComputeModelContext) => Model;

/** A numeric additionalDetails value (sizes), or undefined. */
export function detailNumber(found: FoundResource | undefined, name: string): number | undefined {
  const value = found?.summary.additionalDetails[name];
  return typeof value === 'number' ? value : undefined;
}
