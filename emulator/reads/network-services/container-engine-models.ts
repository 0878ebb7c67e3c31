import type { FoundResource } from '../../tenancy/index.ts';
import { chanceFor, derivedOcid, isoAfter, pickFor, publicIpFor, textHash } from '../derive.ts';
import { detailString, refOf, type Model } from '../model-fields.ts';
import { addressIn, nsgsFor, subnetCidr, type ServiceModelBuilder, type ServiceModelContext } from './model-context.ts';
import { intFor, pickOne, pickSpread } from './picks.ts';

/**
 * ContainerEngineClient models (oci-containerengine `Cluster`, `NodePoolSummary`). The cluster's VCN is
 * the tenancy's reference; its API endpoint, service load balancer and node subnets are subnets of that
 * VCN, its NSGs that VCN's, its KMS key (when it has one) a key of its region. Node pools are not Search
 * resources: one to three per cluster, derived from the cluster's OCID.
 */

/** The synthetic tenancy's "now": updates are not dated after it. */
const AS_OF_MS = Date.UTC(2025, 5, 1);
const VERSIONS = ['v1.29.1', 'v1.30.1', 'v1.31.1', 'v1.32.1'] as const;
const NODE_SHAPES = [
  ['VM.Standard.E4.Flex', 2, 16],
  ['VM.Standard.E5.Flex', 4, 32],
  ['VM.Standard.A1.Flex', 2, 12],
] as const;
const POOL_ROLES = ['general', 'system', 'batch', 'ingress'] as const;

function versionOf(found: FoundResource): string {
  return detailString(found, 'kubernetesVersion') ?? pickFor(found.summary.identifier, 81, VERSIONS);
}

export const cluster: ServiceModelBuilder = (found, context) => {
  const s = found.summary;
  const id = s.identifier;
  const vcnId = refOf(found, 'vcnId');
  const subnets = context.indexes.subnetsOfVcn(context.region.name, vcnId);
  const endpointSubnet = pickOne(subnets, id, 82) ?? null;
  const isPublicIpEnabled = chanceFor(id, 83, 50);
  const kmsKeyId = chanceFor(id, 84, 30) ? pickOne(context.indexes.keys(context.region.name), id, 85) : undefined;
  const version = versionOf(found);
  const privateEndpoint = endpointSubnet === null ? null : `${addressIn(subnetCidr(context, endpointSubnet), id, 86)}:6443`;
  const publicEndpoint = isPublicIpEnabled ? `${publicIpFor(id, 87)}:6443` : null;
  return {
    id,
    name: s.displayName,
    compartmentId: s.compartmentId,
    endpointConfig: {
      ...(endpointSubnet === null ? {} : { subnetId: endpointSubnet }),
      nsgIds: nsgsFor(context, vcnId, id, 88, 1),
      isPublicIpEnabled,
    },
    vcnId,
    kubernetesVersion: version,
    ...(kmsKeyId === undefined ? {} : { kmsKeyId }),
    freeformTags: s.freeformTags,
    definedTags: s.definedTags,
    systemTags: s.systemTags,
    options: {
      serviceLbSubnetIds: pickSpread(subnets, id, 89, 1),
      ipFamilies: ['IPv4'],
      kubernetesNetworkConfig: { podsCidr: '10.244.0.0/16', servicesCidr: '10.96.0.0/16' },
      addOns: { isKubernetesDashboardEnabled: false, isTillerEnabled: false },
      admissionControllerOptions: { isPodSecurityPolicyEnabled: false },
    },
    // The Cluster model has no top-level timeCreated: it is in metadata.
    metadata: {
      timeCreated: s.timeCreated,
      timeUpdated: isoAfter(s.timeCreated, (textHash(id, 90) % 300) + 1, AS_OF_MS),
    },
    lifecycleState: s.lifecycleState,
    lifecycleDetails: '',
    endpoints: {
      ...(publicEndpoint === null ? {} : { kubernetes: publicEndpoint, publicEndpoint }),
      ...(privateEndpoint === null ? {} : { privateEndpoint }),
    },
    availableKubernetesUpgrades: VERSIONS.filter((v) => v.localeCompare(version, 'en', { numeric: true }) > 0),
    imagePolicyConfig: { isPolicyEnabled: false },
    clusterPodNetworkOptions: [{ cniType: chanceFor(id, 91, 30) ? 'OCI_VCN_IP_NATIVE' : 'FLANNEL_OVERLAY' }],
    type: chanceFor(id, 92, 40) ? 'ENHANCED_CLUSTER' : 'BASIC_CLUSTER',
  };
};

/** A node pool summary and the time it sorts by (NodePoolSummary has no timeCreated). */
export interface NodePoolEntry {
  summary: Model;
  timeCreated: string;
}

/** The node pools of a cluster (none once it is DELETED), in creation order. */
export function nodePoolsOf(found: FoundResource, context: ServiceModelContext): NodePoolEntry[] {
  const s = found.summary;
  const id = s.identifier;
  if (s.lifecycleState === 'DELETED') return [];
  const subnets = context.indexes.subnetsOfVcn(context.region.name, refOf(found, 'vcnId'));
  const version = versionOf(found);
  const state = s.lifecycleState === 'CREATING' ? 'CREATING' : s.lifecycleState === 'FAILED' ? 'FAILED' : 'ACTIVE';
  const ads = context.region.availabilityDomains;
  const pools: NodePoolEntry[] = [];
  const count = intFor(id, 93, 1, 3);
  for (let n = 0; n < count; n++) {
    const key = `${id}#${n}`;
    const [nodeShape, ocpus, memoryInGBs] = pickFor(key, 94, NODE_SHAPES);
    const placementConfigs = pickSpread(ads, key, 95, intFor(key, 96, 1, ads.length)).flatMap((availabilityDomain) => {
      const subnetId = pickOne(subnets, `${key}|${availabilityDomain}`, 97);
      return subnetId === undefined ? [] : [{ availabilityDomain, subnetId, faultDomains: [] }];
    });
    pools.push({
      timeCreated: isoAfter(s.timeCreated, n + (textHash(key, 98) % 60) / 1440, AS_OF_MS),
      summary: {
        id: derivedOcid('nodepool', context.region.ocidSegment, key),
        lifecycleState: state,
        lifecycleDetails: '',
        compartmentId: s.compartmentId,
        clusterId: id,
        name: `${pickFor(key, 99, POOL_ROLES)}-pool-${n + 1}`,
        kubernetesVersion: version,
        nodeShape,
        nodeShapeConfig: { ocpus, memoryInGBs },
        initialNodeLabels: [],
        quantityPerSubnet: 0,
        subnetIds: [],
        nodeConfigDetails: {
          size: intFor(key, 100, 1, 6),
          nsgIds: [],
          isPvEncryptionInTransitEnabled: false,
          freeformTags: {},
          definedTags: {},
          placementConfigs,
        },
        freeformTags: {},
        definedTags: {},
        systemTags: {},
      },
    });
  }
  return pools;
}
