import { typeIndex } from '../../tenancy/catalogue.ts';
import type { Tenancy } from '../../tenancy/index.ts';
import { RegionCache, scanTypes } from '../region-cache.ts';

/**
 * What a VNIC, IP or volume model needs to know that only other resources hold: a VNIC's private IPs, a
 * private IP's public IPs, a VCN's network security groups, a volume's volume group. Built per region from
 * Search (additionalDetails carry vnicId, privateIpId, vcnId, volumeIds; lifecycle states are current), again
 * after each mutation. Lists keep Search order, so every choice made from them is deterministic.
 */
export interface PublicIpLink {
  id: string;
  ipAddress: string | null;
  lifecycleState: string;
}

export interface RegionLinks {
  /** Private IPs of each VNIC; the first is the VNIC's primary one. */
  privateIpsByVnic: ReadonlyMap<string, readonly string[]>;
  publicIpsByPrivateIp: ReadonlyMap<string, readonly PublicIpLink[]>;
  /** Live (not TERMINATING or TERMINATED) network security groups of each VCN. */
  nsgsByVcn: ReadonlyMap<string, readonly string[]>;
  /** The first live volume group (Search order) that lists the volume. */
  volumeGroupByVolume: ReadonlyMap<string, string>;
}

const SCANNED = ['PrivateIp', 'PublicIp', 'NetworkSecurityGroup', 'VolumeGroup'] as const;
const TERMINAL_STATES = new Set(['TERMINATING', 'TERMINATED']);

export class ComputeRegionLinks {
  readonly #cache: RegionCache<RegionLinks>;

  constructor(tenancy: Tenancy) {
    const types = SCANNED.map((name) => typeIndex(name));
    this.#cache = new RegionCache(tenancy, (region) => build(tenancy, region, types));
  }

  of(region: string): RegionLinks {
    return this.#cache.get(region);
  }
}

function build(tenancy: Tenancy, region: string, types: readonly number[]): RegionLinks {
  const privateIpsByVnic = new Map<string, string[]>();
  const publicIpsByPrivateIp = new Map<string, PublicIpLink[]>();
  const nsgsByVcn = new Map<string, string[]>();
  const volumeGroupByVolume = new Map<string, string>();
  for (const item of scanTypes(tenancy, region, types, true)) {
    const details = item.additionalDetails;
    switch (item.resourceType) {
      case 'PrivateIp':
        if (typeof details['vnicId'] === 'string') push(privateIpsByVnic, details['vnicId'], item.identifier);
        break;
      case 'PublicIp':
        if (typeof details['privateIpId'] === 'string') {
          const ipAddress = typeof details['ipAddress'] === 'string' ? details['ipAddress'] : null;
          push(publicIpsByPrivateIp, details['privateIpId'], { id: item.identifier, ipAddress, lifecycleState: item.lifecycleState });
        }
        break;
      case 'NetworkSecurityGroup':
        if (typeof details['vcnId'] === 'string' && !TERMINAL_STATES.has(item.lifecycleState)) push(nsgsByVcn, details['vcnId'], item.identifier);
        break;
      case 'VolumeGroup':
        if (item.lifecycleState === 'TERMINATED' || !Array.isArray(details['volumeIds'])) break;
        for (const volumeId of details['volumeIds']) {
          if (typeof volumeId === 'string' && !volumeGroupByVolume.has(volumeId)) volumeGroupByVolume.set(volumeId, item.identifier);
        }
        break;
    }
  }
  return { privateIpsByVnic, publicIpsByPrivateIp, nsgsByVcn, volumeGroupByVolume };
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
