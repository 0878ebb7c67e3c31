import { typeIndex } from '../tenancy/catalogue.ts';
import type { Tenancy } from '../tenancy/index.ts';
import { RegionCache, scanTypes } from './region-cache.ts';

/**
 * What a route table or a peering gateway needs to know about its VCN that no single resource holds: the
 * live gateways of each VCN, the live DRGs attached to it, and who peers with whom. Built per region from
 * Search (additionalDetails carry vcnId, drgId, peeringStatus; lifecycle states are current), again after
 * each mutation. Lists keep Search order, so every choice made from them is deterministic.
 */
export interface VcnNeighbours {
  internetGateways: string[];
  natGateways: string[];
  serviceGateways: string[];
  localPeeringGateways: string[];
  /** DRGs with an ATTACHED attachment to this VCN. */
  drgs: string[];
}

export interface RegionNeighbourhood {
  byVcn: ReadonlyMap<string, VcnNeighbours>;
  /** PEERED local peering gateways, paired symmetrically (an odd one out has no entry). */
  lpgPeers: ReadonlyMap<string, string>;
  /** The VCN of every local peering gateway. */
  lpgVcn: ReadonlyMap<string, string>;
}

const SCANNED_TYPES = ['InternetGateway', 'NatGateway', 'ServiceGateway', 'LocalPeeringGateway', 'Drg', 'DrgAttachment'] as const;
const FIELD_BY_TYPE: Readonly<Record<string, 'internetGateways' | 'natGateways' | 'serviceGateways' | 'localPeeringGateways'>> = {
  InternetGateway: 'internetGateways',
  NatGateway: 'natGateways',
  ServiceGateway: 'serviceGateways',
  LocalPeeringGateway: 'localPeeringGateways',
};
/** States in which a gateway cannot carry traffic: never a route target. */
const TERMINAL_STATES = new Set(['TERMINATING', 'TERMINATED']);

export class VcnNeighbourhoods {
  readonly #cache: RegionCache<RegionNeighbourhood>;

  constructor(tenancy: Tenancy) {
    const types = SCANNED_TYPES.map((name) => typeIndex(name));
    this.#cache = new RegionCache(tenancy, (region) => build(tenancy, region, types));
  }

  of(region: string, vcnId: string | null): VcnNeighbours {
    return (vcnId === null ? undefined : this.#cache.get(region).byVcn.get(vcnId)) ?? EMPTY;
  }

  peerOf(region: string, lpgId: string): string | null {
    return this.#cache.get(region).lpgPeers.get(lpgId) ?? null;
  }

  vcnOfPeeringGateway(region: string, lpgId: string): string | null {
    return this.#cache.get(region).lpgVcn.get(lpgId) ?? null;
  }
}

const EMPTY: VcnNeighbours = Object.freeze({
  internetGateways: [], natGateways: [], serviceGateways: [], localPeeringGateways: [], drgs: [],
}) as VcnNeighbours;

function build(tenancy: Tenancy, region: string, types: readonly number[]): RegionNeighbourhood {
  const byVcn = new Map<string, VcnNeighbours>();
  const neighboursOf = (vcnId: string): VcnNeighbours => {
    let entry = byVcn.get(vcnId);
    if (entry === undefined) {
      entry = { internetGateways: [], natGateways: [], serviceGateways: [], localPeeringGateways: [], drgs: [] };
      byVcn.set(vcnId, entry);
    }
    return entry;
  };
  const liveDrgs = new Set<string>();
  const peered: string[] = [];
  const lpgVcn = new Map<string, string>();
  for (const item of scanTypes(tenancy, region, types, true)) {
    const live = !TERMINAL_STATES.has(item.lifecycleState);
    if (item.resourceType === 'Drg') {
      if (live) liveDrgs.add(item.identifier);
      continue;
    }
    const vcnId = item.additionalDetails['vcnId'];
    if (typeof vcnId !== 'string') continue;
    if (item.resourceType === 'DrgAttachment') {
      const drgId = item.additionalDetails['drgId'];
      const drgs = neighboursOf(vcnId).drgs;
      if (typeof drgId === 'string' && item.lifecycleState === 'ATTACHED' && !drgs.includes(drgId)) drgs.push(drgId);
      continue;
    }
    if (item.resourceType === 'LocalPeeringGateway') {
      lpgVcn.set(item.identifier, vcnId);
      if (item.additionalDetails['peeringStatus'] === 'PEERED') peered.push(item.identifier);
    }
    const field = FIELD_BY_TYPE[item.resourceType];
    if (field !== undefined && live) neighboursOf(vcnId)[field].push(item.identifier);
  }
  // Only DRGs that can carry traffic.
  for (const neighbours of byVcn.values()) neighbours.drgs = neighbours.drgs.filter((drg) => liveDrgs.has(drg));
  // Pair the first half with the second: neighbours in Search order mostly share a VCN, and OCI refuses
  // to peer two gateways of one VCN.
  const lpgPeers = new Map<string, string>();
  const half = Math.floor(peered.length / 2);
  for (let i = 0; i < half; i++) {
    const a = peered[i]!;
    const b = peered[i + half]!;
    lpgPeers.set(a, b);
    lpgPeers.set(b, a);
  }
  return { byVcn, lpgPeers, lpgVcn };
}
