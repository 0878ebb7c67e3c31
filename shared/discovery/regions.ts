import { IdentityClient } from 'oci-identity';
import { UsageError } from '../errors.ts';
import type { OciClientFactory } from '../oci/client-factory.ts';
import { asAuthErrorIfDenied } from '../oci/service-errors.ts';

export interface SubscribedRegion {
  name: string;
  key: string;
  isHomeRegion: boolean;
  status: string;
}

/**
 * The tenancy's subscribed regions (READY only: a region still being subscribed has no data yet),
 * sorted by name, narrowed to `wanted` when given. Asking for a region the tenancy has not
 * subscribed to is a usage error that names it.
 */
export async function listSubscribedRegions(
  factory: OciClientFactory,
  options: { tenancyId: string; callRegion: string; wanted: readonly string[] | null },
): Promise<SubscribedRegion[]> {
  const identity = factory.forRegion(IdentityClient, 'identity', options.callRegion);
  let items;
  try {
    items = (await factory.call(options.callRegion, () => identity.listRegionSubscriptions({ tenancyId: options.tenancyId }))).items;
  } catch (error) {
    throw asAuthErrorIfDenied(error, `listing the region subscriptions of ${options.tenancyId}`);
  }
  const regions = items
    .filter((item) => item.status === 'READY')
    .map((item) => ({ name: item.regionName, key: item.regionKey, isHomeRegion: Boolean(item.isHomeRegion), status: item.status }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (options.wanted === null) return regions;
  const known = new Set(regions.map((region) => region.name));
  const missing = options.wanted.filter((name) => !known.has(name));
  if (missing.length > 0) {
    throw new UsageError(
      `--regions names ${missing.join(', ')}, which the tenancy is not subscribed to; subscribed: ${[...known].join(', ') || '(none)'}`,
      { context: { regions: missing.join(',') } },
    );
  }
  const wanted = new Set(options.wanted);
  return regions.filter((region) => wanted.has(region.name));
}
