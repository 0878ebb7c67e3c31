import type { FoundResource } from '../../tenancy/index.ts';
import { chanceFor, hexFor, textHash } from '../derive.ts';
import { commonFields, detailBoolean, detailString, refOf } from '../model-fields.ts';
import type { ComputeModelBuilder, ComputeModelContext } from './model-context.ts';

/**
 * VirtualNetworkClient models of addresses (oci-core `Vnic`, `PrivateIp`, `PublicIp`). Subnets, VNICs and
 * private IPs are the tenancy's references; a VNIC's public IP is the ASSIGNED one of its private IPs, its
 * primary private IP the first of them; its network security groups (some VNICs have one) are live ones of
 * its subnet's VCN.
 */

function hostnameOf(vnic: FoundResource): string | null {
  const label = vnic.summary.displayName.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 63);
  return label === '' ? null : label;
}

function macAddressOf(id: string): string {
  const hex = hexFor(id, 43, 6).toUpperCase();
  return `02:00:17:${hex.slice(0, 2)}:${hex.slice(2, 4)}:${hex.slice(4, 6)}`;
}

/**
 * 40% of VNICs (by OCID) are in one live NSG of their subnet's VCN: the one whose hash with the VNIC's is
 * highest, so a new, removed or terminated NSG changes the choice only of VNICs that pick, or picked, it.
 */
function nsgIdsOf(found: FoundResource, context: ComputeModelContext): string[] {
  const id = found.summary.identifier;
  if (!chanceFor(id, 41, 40)) return [];
  const subnet = context.reader.find(refOf(found, 'subnetId'));
  const vcnId = subnet === undefined ? null : refOf(subnet, 'vcnId');
  const nsgs = vcnId === null ? [] : (context.links.of(context.region.name).nsgsByVcn.get(vcnId) ?? []);
  let best: string | undefined;
  let bestScore = -1;
  for (const nsg of nsgs) {
    const score = textHash(`${id}|${nsg}`, 42);
    if (score > bestScore) [best, bestScore] = [nsg, score];
  }
  return best === undefined ? [] : [best];
}

const vnic: ComputeModelBuilder = (found, context) => {
  const id = found.summary.identifier;
  const links = context.links.of(context.region.name);
  const publicIp = (links.privateIpsByVnic.get(id) ?? [])
    .flatMap((privateIpId) => links.publicIpsByPrivateIp.get(privateIpId) ?? [])
    .find((link) => link.lifecycleState === 'ASSIGNED')?.ipAddress ?? null;
  return {
    ...commonFields(found, { systemTags: true }),
    availabilityDomain: found.summary.availabilityDomain,
    hostnameLabel: hostnameOf(found),
    isPrimary: detailBoolean(found, 'isPrimary') ?? true,
    macAddress: macAddressOf(id),
    nsgIds: nsgIdsOf(found, context),
    vlanId: null,
    privateIp: detailString(found, 'privateIp') ?? null,
    publicIp,
    skipSourceDestCheck: false,
    subnetId: refOf(found, 'subnetId'),
    routeTableId: null,
    ipv6Addresses: [],
  };
};

/** Private IPs have no lifecycle state in the API (Search has one). */
const privateIp: ComputeModelBuilder = (found, context) => {
  const s = found.summary;
  const vnicId = refOf(found, 'vnicId');
  const owner = context.reader.find(vnicId);
  const isPrimary = vnicId !== null && context.links.of(context.region.name).privateIpsByVnic.get(vnicId)?.[0] === s.identifier;
  return {
    id: s.identifier,
    compartmentId: s.compartmentId,
    displayName: s.displayName,
    timeCreated: s.timeCreated,
    freeformTags: s.freeformTags,
    definedTags: s.definedTags,
    availabilityDomain: owner?.summary.availabilityDomain ?? null,
    hostnameLabel: isPrimary && owner !== undefined ? hostnameOf(owner) : null,
    ipAddress: detailString(found, 'ipAddress') ?? null,
    isPrimary,
    vlanId: null,
    subnetId: refOf(found, 'subnetId'),
    vnicId,
    ipState: 'ASSIGNED',
    lifetime: 'EPHEMERAL',
    routeTableId: null,
  };
};

/**
 * Assigned to its private IP (the tenancy's reference, also for unassigned states, as Search's
 * additionalDetails keep it). Ephemeral IPs live in the AD of their VNIC, reserved ones in the region.
 */
const publicIp: ComputeModelBuilder = (found, context) => {
  const privateIpId = refOf(found, 'privateIpId');
  const lifetime = detailString(found, 'lifetime') ?? 'EPHEMERAL';
  const target = context.reader.find(privateIpId);
  const vnicOfTarget = target === undefined ? undefined : context.reader.find(refOf(target, 'vnicId'));
  const adScoped = lifetime === 'EPHEMERAL' && vnicOfTarget !== undefined;
  return {
    ...commonFields(found),
    assignedEntityId: privateIpId,
    assignedEntityType: privateIpId === null ? null : 'PRIVATE_IP',
    availabilityDomain: adScoped ? vnicOfTarget.summary.availabilityDomain : null,
    ipAddress: detailString(found, 'ipAddress') ?? null,
    lifetime,
    privateIpId,
    scope: adScoped ? 'AVAILABILITY_DOMAIN' : 'REGION',
    publicIpPoolId: null,
  };
};

/** Builders by Search type. */
export const VNIC_MODELS: Readonly<Record<string, ComputeModelBuilder>> = {
  Vnic: vnic,
  PrivateIp: privateIp,
  PublicIp: publicIp,
};
