import { typeIndex } from '../../tenancy/catalogue.ts';
import type { ResourceSummary, Tenancy } from '../../tenancy/index.ts';
import { RegionCache, scanTypes } from '../region-cache.ts';
import { HashBuckets } from './picks.ts';

/**
 * What the network-services models need to know about a region that no single resource holds: the subnets
 * and NSGs of each VCN, the private IPs of each subnet and VCN, the instances, keys, container repositories,
 * mount targets and file systems to choose from. Each index is built on first use per region from Search
 * (additionalDetails carry subnetId, vcnId, ipAddress), again after each mutation; lists keep Search order.
 */

/** The synthetic tenancy's "now" (tenancy.ts): base resources are dated before it, added ones from it on. */
const AS_OF_MS = Date.UTC(2025, 5, 1);

/**
 * Base resources only are candidates for derived relationships: a resource added by a mutation never
 * becomes another's backend or export, so adding one never changes what other resources' GETs answer.
 */
export function isBaseResource(summary: ResourceSummary): boolean {
  return Date.parse(summary.timeCreated) < AS_OF_MS;
}

export interface PrivateIpEntry {
  id: string;
  ipAddress: string;
}

export interface SubnetFacts {
  vcnId: string | null;
  cidrBlock: string | null;
}

interface NetworkIndex {
  /** Every subnet of the region (added ones too): what a model needs of a subnet without regenerating it. */
  subnets: ReadonlyMap<string, SubnetFacts>;
  subnetsByVcn: ReadonlyMap<string, readonly string[]>;
  nsgsByVcn: ReadonlyMap<string, readonly string[]>;
}

interface PrivateIpIndex {
  bySubnet: ReadonlyMap<string, readonly PrivateIpEntry[]>;
  byVcn: ReadonlyMap<string, readonly PrivateIpEntry[]>;
}

/** A region's container repositories: picked through hash buckets (about 8 per bucket), named by Search. */
export interface RepositoryIndex {
  buckets: HashBuckets;
  names: ReadonlyMap<string, string>;
}

export interface PlacedEntry {
  id: string;
  availabilityDomain: string | null;
  timeCreated: string;
}

const EMPTY: readonly never[] = Object.freeze([]);

export class RegionIndexes {
  readonly #network: RegionCache<NetworkIndex>;
  readonly #privateIps: RegionCache<PrivateIpIndex>;
  readonly #instances: RegionCache<readonly string[]>;
  readonly #keys: RegionCache<readonly string[]>;
  readonly #repositories: RegionCache<RepositoryIndex>;
  readonly #mountTargets: RegionCache<readonly PlacedEntry[]>;
  readonly #fileSystems: RegionCache<readonly PlacedEntry[]>;
  readonly #tenancy: Tenancy;

  constructor(tenancy: Tenancy) {
    this.#tenancy = tenancy;
    const all = (region: string, type: string, withDetails: boolean): ResourceSummary[] => [...scanTypes(tenancy, region, [typeIndex(type)], withDetails)];
    const base = (region: string, type: string, withDetails: boolean): ResourceSummary[] => all(region, type, withDetails).filter(isBaseResource);
    this.#network = new RegionCache(tenancy, (region) => {
      const subnets = all(region, 'Subnet', true);
      const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
      return {
        subnets: new Map(subnets.map((s) => [s.identifier, { vcnId: text(s.additionalDetails['vcnId']), cidrBlock: text(s.additionalDetails['cidrBlock']) }])),
        subnetsByVcn: groupBy(subnets.filter(isBaseResource), (s) => s.additionalDetails['vcnId'], (s) => s.identifier),
        nsgsByVcn: groupBy(base(region, 'NetworkSecurityGroup', true), (s) => s.additionalDetails['vcnId'], (s) => s.identifier),
      };
    });
    this.#privateIps = new RegionCache(tenancy, (region) => {
      const vcnOfSubnet = new Map<string, string>();
      for (const [vcnId, subnets] of this.#network.get(region).subnetsByVcn) for (const subnet of subnets) vcnOfSubnet.set(subnet, vcnId);
      const entry = (s: ResourceSummary): PrivateIpEntry => ({ id: s.identifier, ipAddress: String(s.additionalDetails['ipAddress']) });
      const privateIps = base(region, 'PrivateIp', true).filter((s) => typeof s.additionalDetails['ipAddress'] === 'string');
      return {
        bySubnet: groupBy(privateIps, (s) => s.additionalDetails['subnetId'], entry),
        byVcn: groupBy(privateIps, (s) => vcnOfSubnet.get(String(s.additionalDetails['subnetId'])), entry),
      };
    });
    this.#instances = new RegionCache(tenancy, (region) => base(region, 'Instance', false).map((s) => s.identifier));
    this.#keys = new RegionCache(tenancy, (region) => base(region, 'Key', false).map((s) => s.identifier));
    this.#repositories = new RegionCache(tenancy, (region) => {
      const repositories = base(region, 'ContainerRepo', false);
      return {
        buckets: new HashBuckets(repositories.map((s) => s.identifier), Math.ceil(this.baseCount(region, 'ContainerRepo') / 8)),
        names: new Map(repositories.map((s) => [s.identifier, s.displayName])),
      };
    });
    this.#mountTargets = new RegionCache(tenancy, (region) =>
      base(region, 'MountTarget', false).map((s) => ({ id: s.identifier, availabilityDomain: s.availabilityDomain, timeCreated: s.timeCreated })));
    this.#fileSystems = new RegionCache(tenancy, (region) =>
      base(region, 'FileSystem', false).map((s) => ({ id: s.identifier, availabilityDomain: s.availabilityDomain, timeCreated: s.timeCreated })));
  }

  /** A subnet's VCN and CIDR as Search has them, or undefined when the region has no such subnet. */
  subnet(region: string, subnetId: string | null): SubnetFacts | undefined {
    return subnetId === null ? undefined : this.#network.get(region).subnets.get(subnetId);
  }

  subnetsOfVcn(region: string, vcnId: string | null): readonly string[] {
    return (vcnId === null ? undefined : this.#network.get(region).subnetsByVcn.get(vcnId)) ?? EMPTY;
  }

  nsgsOfVcn(region: string, vcnId: string | null): readonly string[] {
    return (vcnId === null ? undefined : this.#network.get(region).nsgsByVcn.get(vcnId)) ?? EMPTY;
  }

  privateIpsOfSubnet(region: string, subnetId: string | null): readonly PrivateIpEntry[] {
    return (subnetId === null ? undefined : this.#privateIps.get(region).bySubnet.get(subnetId)) ?? EMPTY;
  }

  privateIpsOfVcn(region: string, vcnId: string | null): readonly PrivateIpEntry[] {
    return (vcnId === null ? undefined : this.#privateIps.get(region).byVcn.get(vcnId)) ?? EMPTY;
  }

  instances(region: string): readonly string[] {
    return this.#instances.get(region);
  }

  keys(region: string): readonly string[] {
    return this.#keys.get(region);
  }

  repositories(region: string): RepositoryIndex {
    return this.#repositories.get(region);
  }

  /** The base count of a type in a region (mutations not applied): a size that mutations never change. */
  baseCount(region: string, type: string): number {
    return this.#tenancy.baseTypeCounts(region)[type] ?? 0;
  }

  mountTargets(region: string): readonly PlacedEntry[] {
    return this.#mountTargets.get(region);
  }

  fileSystems(region: string): readonly PlacedEntry[] {
    return this.#fileSystems.get(region);
  }
}

function groupBy<V>(items: readonly ResourceSummary[], keyOf: (s: ResourceSummary) => unknown, valueOf: (s: ResourceSummary) => V): Map<string, V[]> {
  const out = new Map<string, V[]>();
  for (const item of items) {
    const key = keyOf(item);
    if (typeof key !== 'string') continue;
    const list = out.get(key);
    if (list === undefined) out.set(key, [valueOf(item)]);
    else list.push(valueOf(item));
  }
  return out;
}
