import type { ResourceContext } from './context.ts';
import type { JsonValue, References, Scope } from './types.ts';
import {
  APPS, ENVIRONMENTS, FIRST_NAMES, GROUP_NAMES, LAST_NAMES, OPERATING_SYSTEMS, SHAPES, TAG_NAMESPACE_NAMES, TEAMS, TIERS,
} from './vocabulary.ts';

/**
 * The resource-type catalogue: one declaration per Search type. Adding a type is one entry here; the layout,
 * OCIDs, Search and findByOcid all follow from it.
 *
 * Fields:
 * - `owner`: the type this one belongs to (a Subnet's Vcn, a Key's Vault). Ownership is proportional
 *   (child i of C belongs to owner floor(i*P/C)), so it is invertible without storage: an owner's children
 *   are one contiguous ordinal range. Children usually share the owner's compartment, are created after it
 *   and are gone when it is gone.
 * - `states`: lifecycle states in the service's own vocabulary with weights; the first is the normal live
 *   state, `goneState` the terminal one (TERMINATED, DELETED, ...) or null when the service has none.
 * - `weight`: share of the region's (or, for global types, the IAM) budget.
 * - `references`: relationship OCIDs (always resolvable in the same region via findByOcid).
 * - `details`: `additionalDetails` for `return allAdditionalFields`. Keys the reference lists as seen in
 *   real responses (CIS script) are used where known; other keys are the emulator's choice and are limited
 *   to relationship ids and a few notable fields, so a later GET endpoint can agree with them.
 */
export interface ResourceTypeSpec {
  readonly searchType: string;
  readonly ocidToken: string;
  readonly scope: Scope;
  readonly states: readonly (readonly [state: string, weight: number])[];
  readonly goneState: string | null;
  readonly weight: number;
  /** Minimum count per region (global: per tenancy) when the type is present at all. */
  readonly min?: number;
  readonly owner?: string;
  /** Every owner must have at least one child of this type (defaults: a VCN's route table...). */
  readonly oneChildPerOwner?: boolean;
  /** Free-form display names: hostile names may be planted here (not for buckets, users, policies...). */
  readonly freeformName: boolean;
  /** Users, groups, dynamic groups and tag namespaces live in the root compartment. */
  readonly inRoot?: boolean;
  /** Vault and Key OCIDs carry the vault's 13-character prefix segment before the unique part. */
  readonly vaultSegment?: 'own' | 'owner';
  readonly name: (g: ResourceContext) => string;
  readonly references?: (g: ResourceContext) => References;
  readonly details?: (g: ResourceContext, refs: References) => Record<string, JsonValue>;
}

const pad = (n: number, width = 3): string => String(n).padStart(width, '0');
const ocidOrNull = (g: ResourceContext, type: string, ordinal: number | null): string | null =>
  ordinal === null ? null : g.ocidOf(type, ordinal);
const optionalKms = (g: ResourceContext): References => ({
  kmsKeyId: g.chance(30, 90) ? ocidOrNull(g, 'Key', g.anyOf('Key', 91)) : null,
});
const sizeGbs = [50, 100, 256, 512, 1024, 2048] as const;
const hexByte = (v: number): string => (v & 0xff).toString(16).padStart(2, '0').toUpperCase();
const macAddress = (u: number): string => `00:00:17:${hexByte(u)}:${hexByte(u >>> 8)}:${hexByte(u >>> 16)}`;
const vcnOctet = (vcnOrdinal: number): number => vcnOrdinal % 256;

function privateIpAddress(g: ResourceContext, vnicOrdinal: number): string {
  const subnet = g.ownerOrdinalOf('Vnic', vnicOrdinal);
  const vcn = g.ownerOrdinalOf('Subnet', subnet);
  return `10.${vcnOctet(vcn)}.${subnet % 256}.${2 + (vnicOrdinal % 250)}`;
}

/** Lifecycle vocabularies shared by several services. */
const CORE_NET = [['AVAILABLE', 95], ['PROVISIONING', 1], ['TERMINATING', 1], ['TERMINATED', 3]] as const;
const BLOCK_VOLUME = [
  ['AVAILABLE', 88], ['PROVISIONING', 1], ['RESTORING', 1], ['FAULTY', 1], ['TERMINATING', 1], ['TERMINATED', 8],
] as const;
const BACKUP = [
  ['AVAILABLE', 90], ['CREATING', 1], ['REQUEST_RECEIVED', 1], ['FAULTY', 2], ['TERMINATING', 1], ['TERMINATED', 5],
] as const;
const GENERIC = [['ACTIVE', 92], ['CREATING', 1], ['FAILED', 2], ['DELETED', 5]] as const;

export const RESOURCE_TYPES: readonly ResourceTypeSpec[] = [
  // ---- IAM and compartments (global: same summary in every region's Search) ----
  {
    searchType: 'Compartment', ocidToken: 'compartment', scope: 'global', states: [['ACTIVE', 95], ['DELETED', 5]],
    goneState: 'DELETED', weight: 0, freeformName: false,
    // Compartments are materialized by compartments.ts; this entry only gives their Search type and token.
    name: () => '',
  },
  {
    searchType: 'User', ocidToken: 'user', scope: 'global', states: [['ACTIVE', 92], ['INACTIVE', 8]], goneState: null,
    weight: 40, min: 3, freeformName: false, inRoot: true,
    name: (g) => `${g.pick(FIRST_NAMES, 1)}.${g.pick(LAST_NAMES, 2)}${g.ordinal}@example.com`,
    details: (g) => ({ email: g.nameOf('User', g.ordinal), isMfaActivated: g.chance(70, 3) }),
  },
  {
    searchType: 'Group', ocidToken: 'group', scope: 'global', states: [['ACTIVE', 100]], goneState: null,
    weight: 12, min: 2, freeformName: false, inRoot: true,
    name: (g) => GROUP_NAMES[g.ordinal] ?? `${g.pick(TEAMS, 1)}-${g.pick(APPS, 2)}-group-${g.ordinal}`,
    details: (g) => ({ description: `Members of ${g.nameOf('Group', g.ordinal)}` }),
  },
  {
    searchType: 'Policy', ocidToken: 'policy', scope: 'global', states: [['ACTIVE', 100]], goneState: null,
    weight: 30, min: 3, freeformName: false,
    name: (g) => `${g.compartmentName()}-${g.pick(APPS, 1)}-policy-${g.ordinal}`,
    details: (g) => {
      const group = g.nameOf('Group', g.anyOf('Group', 2) ?? 0);
      const where = g.compartmentId() === g.rootId() ? 'tenancy' : `compartment ${g.compartmentName()}`;
      return {
        statements: [
          `Allow group ${group} to manage ${g.pick(['instance-family', 'virtual-network-family', 'object-family', 'database-family'], 3)} in ${where}`,
          `Allow group ${group} to read all-resources in ${where}`,
        ],
      };
    },
  },
  {
    searchType: 'DynamicResourceGroup', ocidToken: 'dynamicgroup', scope: 'global', states: [['ACTIVE', 95], ['INACTIVE', 5]],
    goneState: null, weight: 8, min: 1, freeformName: false, inRoot: true,
    name: (g) => `dg-${g.pick(APPS, 1)}-${g.ordinal}`,
    details: (g) => ({
      matchingRule: `ALL {resource.type = '${g.pick(['fnfunc', 'instance', 'computecontainerinstance'], 2)}', resource.compartment.id = '${g.anyCompartmentId(3)}'}`,
    }),
  },
  {
    searchType: 'TagNamespace', ocidToken: 'tagnamespace', scope: 'global', states: [['ACTIVE', 90], ['INACTIVE', 10]],
    goneState: null, weight: 10, min: TAG_NAMESPACE_NAMES.length, freeformName: false, inRoot: true,
    name: (g) => TAG_NAMESPACE_NAMES[g.ordinal] ?? `ns-${g.pick(TEAMS, 1)}-${g.ordinal}`,
    details: (g) => ({ isRetired: false, description: `Tags of ${g.nameOf('TagNamespace', g.ordinal)}` }),
  },

  // ---- Compute and block storage ----
  {
    searchType: 'Image', ocidToken: 'image', scope: 'regional',
    states: [['AVAILABLE', 90], ['IMPORTING', 2], ['DISABLED', 3], ['DELETED', 5]], goneState: 'DELETED',
    weight: 6, freeformName: true,
    name: (g) => { const [os, v] = g.pick(OPERATING_SYSTEMS, 1); return `${os}-${v}-${g.pick(APPS, 2)}-golden-${pad(g.ordinal)}`; },
    details: (g) => { const [os, v] = g.pick(OPERATING_SYSTEMS, 1); return { operatingSystem: os, operatingSystemVersion: v }; },
  },
  {
    searchType: 'Instance', ocidToken: 'instance', scope: 'ad',
    states: [['RUNNING', 78], ['STOPPED', 12], ['PROVISIONING', 1], ['STARTING', 1], ['STOPPING', 1], ['TERMINATING', 1], ['TERMINATED', 6]],
    goneState: 'TERMINATED', weight: 60, freeformName: true,
    name: (g) => `${g.pick(ENVIRONMENTS, 1)}-${g.pick(APPS, 2)}-${g.pick(TIERS, 3)}-${pad(g.ordinal)}`,
    references: (g) => ({ imageId: ocidOrNull(g, 'Image', g.anyOf('Image', 4)) }),
    details: (g, refs) => ({ shape: g.pick(SHAPES, 5), imageId: refs['imageId'] ?? null }),
  },
  {
    searchType: 'BootVolume', ocidToken: 'bootvolume', scope: 'ad', states: BLOCK_VOLUME, goneState: 'TERMINATED',
    weight: 55, owner: 'Instance', freeformName: false,
    name: (g) => `${g.nameOf('Instance', g.ownerOrdinal())} (Boot Volume)`,
    references: (g) => ({ imageId: g.referencesOf('Instance', g.ownerOrdinal())['imageId'] ?? null, ...optionalKms(g) }),
    details: (g, refs) => { const gb = g.pick(sizeGbs, 1); return { kmsKeyId: refs['kmsKeyId'] ?? null, sizeInGBs: gb, sizeInMBs: gb * 1024 }; },
  },
  {
    searchType: 'Volume', ocidToken: 'volume', scope: 'ad', states: BLOCK_VOLUME, goneState: 'TERMINATED',
    weight: 40, freeformName: true,
    name: (g) => `vol-${g.pick(APPS, 1)}-${g.pick(TIERS, 2)}-${pad(g.ordinal)}`,
    references: optionalKms,
    details: (g, refs) => { const gb = g.pick(sizeGbs, 1); return { kmsKeyId: refs['kmsKeyId'] ?? null, sizeInGBs: gb, sizeInMBs: gb * 1024 }; },
  },
  {
    searchType: 'VolumeBackup', ocidToken: 'volumebackup', scope: 'regional', states: BACKUP, goneState: 'TERMINATED',
    weight: 30, owner: 'Volume', freeformName: true,
    name: (g) => `${g.nameOf('Volume', g.ownerOrdinal())}-backup-${pad(g.ordinal, 4)}`,
    references: (g) => ({ volumeId: g.ocidOf('Volume', g.ownerOrdinal()) }),
    details: (g, refs) => ({ volumeId: refs['volumeId'] ?? null, type: g.pick(['FULL', 'INCREMENTAL'], 1), sourceType: g.pick(['MANUAL', 'SCHEDULED'], 2) }),
  },
  {
    searchType: 'BootVolumeBackup', ocidToken: 'bootvolumebackup', scope: 'regional', states: BACKUP, goneState: 'TERMINATED',
    weight: 20, owner: 'BootVolume', freeformName: true,
    name: (g) => `bootvol-backup-${pad(g.ordinal, 4)}`,
    references: (g) => ({ bootVolumeId: g.ocidOf('BootVolume', g.ownerOrdinal()) }),
    details: (g, refs) => ({ bootVolumeId: refs['bootVolumeId'] ?? null, type: g.pick(['FULL', 'INCREMENTAL'], 1) }),
  },
  {
    searchType: 'VolumeGroup', ocidToken: 'volumegroup', scope: 'ad',
    states: [['AVAILABLE', 90], ['PROVISIONING', 3], ['FAULTY', 2], ['TERMINATED', 5]], goneState: 'TERMINATED',
    weight: 3, freeformName: true,
    name: (g) => `vg-${g.pick(APPS, 1)}-${pad(g.ordinal)}`,
    references: (g) => {
      const ids = [g.anyOf('Volume', 1), g.anyOf('Volume', 2)].filter((v): v is number => v !== null);
      return { volumeIds: [...new Set(ids)].map((v) => g.ocidOf('Volume', v)) };
    },
    details: (_g, refs) => ({ volumeIds: refs['volumeIds'] ?? [] }),
  },
  {
    searchType: 'InstanceConfiguration', ocidToken: 'instanceconfiguration', scope: 'regional',
    // The API has no lifecycleState for instance configurations; Search is assumed to report ACTIVE.
    states: [['ACTIVE', 100]], goneState: null, weight: 4, freeformName: true,
    name: (g) => `ic-${g.pick(APPS, 1)}-${g.pick(SHAPES, 2).toLowerCase()}-${pad(g.ordinal)}`,
    references: (g) => ({ imageId: ocidOrNull(g, 'Image', g.anyOf('Image', 3)), subnetId: ocidOrNull(g, 'Subnet', g.anyOf('Subnet', 4)) }),
  },
  {
    searchType: 'InstancePool', ocidToken: 'instancepool', scope: 'regional',
    states: [['RUNNING', 80], ['SCALING', 2], ['STOPPED', 10], ['TERMINATED', 8]], goneState: 'TERMINATED',
    weight: 3, owner: 'InstanceConfiguration', freeformName: true,
    name: (g) => `pool-${g.pick(APPS, 1)}-${pad(g.ordinal)}`,
    references: (g) => ({
      instanceConfigurationId: g.ocidOf('InstanceConfiguration', g.ownerOrdinal()),
      subnetId: g.referencesOf('InstanceConfiguration', g.ownerOrdinal())['subnetId'] ?? null,
    }),
    details: (g, refs) => ({ instanceConfigurationId: refs['instanceConfigurationId'] ?? null, size: g.int(1, 12, 1) }),
  },

  // ---- Networking ----
  {
    searchType: 'Vcn', ocidToken: 'vcn', scope: 'regional', states: CORE_NET, goneState: 'TERMINATED',
    weight: 5, freeformName: true,
    name: (g) => `vcn-${g.pick(ENVIRONMENTS, 1)}-${g.pick(APPS, 2)}-${pad(g.ordinal)}`,
    references: (g) => ({
      defaultRouteTableId: ocidOrNull(g, 'RouteTable', g.firstChildOf('RouteTable', g.ordinal)),
      defaultSecurityListId: ocidOrNull(g, 'SecurityList', g.firstChildOf('SecurityList', g.ordinal)),
      defaultDhcpOptionsId: ocidOrNull(g, 'DHCPOptions', g.firstChildOf('DHCPOptions', g.ordinal)),
    }),
    details: (g) => ({ cidrBlock: `10.${vcnOctet(g.ordinal)}.0.0/16`, dnsLabel: `vcn${g.ordinal}` }),
  },
  {
    searchType: 'Subnet', ocidToken: 'subnet', scope: 'regional', states: CORE_NET, goneState: 'TERMINATED',
    weight: 20, owner: 'Vcn', freeformName: true,
    name: (g) => `subnet-${g.pick(TIERS, 1)}-${pad(g.ordinal)}`,
    references: (g) => {
      const vcn = g.ownerOrdinal();
      const securityList = g.firstChildOf('SecurityList', vcn);
      return {
        vcnId: g.ocidOf('Vcn', vcn),
        routeTableId: ocidOrNull(g, 'RouteTable', g.firstChildOf('RouteTable', vcn)),
        securityListIds: securityList === null ? [] : [g.ocidOf('SecurityList', securityList)],
        dhcpOptionsId: ocidOrNull(g, 'DHCPOptions', g.firstChildOf('DHCPOptions', vcn)),
      };
    },
    details: (g, refs) => {
      const vcn = g.ownerOrdinal();
      const third = g.ordinal % 256;
      return {
        vcnId: refs['vcnId'] ?? null,
        cidrBlock: `10.${vcnOctet(vcn)}.${third}.0/24`,
        routeTableId: refs['routeTableId'] ?? null,
        securityListIds: refs['securityListIds'] ?? [],
        dhcpOptionsId: refs['dhcpOptionsId'] ?? null,
        dnsLabel: `sub${g.ordinal}`,
        prohibitPublicIpOnVnic: g.chance(60, 1),
        virtualRouterIp: `10.${vcnOctet(vcn)}.${third}.1`,
        virtualRouterMac: macAddress(g.h(2)),
      };
    },
  },
  {
    searchType: 'Vnic', ocidToken: 'vnic', scope: 'ad', states: CORE_NET, goneState: 'TERMINATED',
    weight: 70, owner: 'Subnet', freeformName: false,
    name: (g) => `vnic-${pad(g.ordinal, 5)}`,
    references: (g) => ({ subnetId: g.ocidOf('Subnet', g.ownerOrdinal()) }),
    details: (g, refs) => ({ subnetId: refs['subnetId'] ?? null, privateIp: privateIpAddress(g, g.ordinal), isPrimary: g.chance(80, 1) }),
  },
  {
    searchType: 'PrivateIp', ocidToken: 'privateip', scope: 'regional', states: CORE_NET, goneState: 'TERMINATED',
    weight: 80, owner: 'Vnic', freeformName: false,
    name: (g) => `privateip-${privateIpAddress(g, g.ownerOrdinal()).replaceAll('.', '-')}-${g.ordinal}`,
    references: (g) => ({
      vnicId: g.ocidOf('Vnic', g.ownerOrdinal()),
      subnetId: g.ocidOf('Subnet', g.ownerOrdinalOf('Vnic', g.ownerOrdinal())),
    }),
    details: (g, refs) => ({ ipAddress: privateIpAddress(g, g.ownerOrdinal()), vnicId: refs['vnicId'] ?? null, subnetId: refs['subnetId'] ?? null }),
  },
  {
    searchType: 'PublicIp', ocidToken: 'publicip', scope: 'regional',
    states: [['ASSIGNED', 70], ['AVAILABLE', 18], ['UNASSIGNED', 5], ['PROVISIONING', 2], ['TERMINATED', 5]], goneState: 'TERMINATED',
    weight: 20, owner: 'PrivateIp', freeformName: true,
    name: (g) => `publicip-${pad(g.ordinal, 4)}`,
    references: (g) => ({ privateIpId: g.ocidOf('PrivateIp', g.ownerOrdinal()) }),
    details: (g, refs) => ({
      ipAddress: `129.${146 + (g.h(1) % 8)}.${(g.h(1) >>> 8) % 256}.${(g.h(1) >>> 16) % 256}`,
      lifetime: g.pick(['EPHEMERAL', 'RESERVED'], 2),
      privateIpId: refs['privateIpId'] ?? null,
    }),
  },
  {
    searchType: 'SecurityList', ocidToken: 'securitylist', scope: 'regional', states: CORE_NET, goneState: 'TERMINATED',
    weight: 12, owner: 'Vcn', oneChildPerOwner: true, freeformName: true,
    name: (g) => g.firstChildOf('SecurityList', g.ownerOrdinal()) === g.ordinal
      ? `Default Security List for ${g.nameOf('Vcn', g.ownerOrdinal())}`
      : `sl-${g.pick(TIERS, 1)}-${pad(g.ordinal)}`,
    references: (g) => ({ vcnId: g.ocidOf('Vcn', g.ownerOrdinal()) }),
    details: (g, refs) => ({
      vcnId: refs['vcnId'] ?? null,
      ingressSecurityRules: [
        { source: g.chance(30, 1) ? '0.0.0.0/0' : `10.${vcnOctet(g.ownerOrdinal())}.0.0/16`, protocol: '6', isStateless: false,
          tcpOptions: { destinationPortRange: { min: 22, max: 22 } } },
        { source: '0.0.0.0/0', protocol: '1', isStateless: false, icmpOptions: { type: 3, code: 4 } },
      ],
      egressSecurityRules: [{ destination: '0.0.0.0/0', protocol: 'all', isStateless: false }],
    }),
  },
  {
    searchType: 'RouteTable', ocidToken: 'routetable', scope: 'regional', states: CORE_NET, goneState: 'TERMINATED',
    weight: 12, owner: 'Vcn', oneChildPerOwner: true, freeformName: true,
    name: (g) => g.firstChildOf('RouteTable', g.ownerOrdinal()) === g.ordinal
      ? `Default Route Table for ${g.nameOf('Vcn', g.ownerOrdinal())}`
      : `rt-${g.pick(TIERS, 1)}-${pad(g.ordinal)}`,
    references: (g) => ({
      vcnId: g.ocidOf('Vcn', g.ownerOrdinal()),
      networkEntityId: ocidOrNull(g, 'InternetGateway', g.firstChildOf('InternetGateway', g.ownerOrdinal())),
    }),
    details: (_g, refs) => ({ vcnId: refs['vcnId'] ?? null }),
  },
  {
    searchType: 'NetworkSecurityGroup', ocidToken: 'networksecuritygroup', scope: 'regional', states: CORE_NET,
    goneState: 'TERMINATED', weight: 10, owner: 'Vcn', freeformName: true,
    name: (g) => `nsg-${g.pick(APPS, 1)}-${g.pick(TIERS, 2)}-${pad(g.ordinal)}`,
    references: (g) => ({ vcnId: g.ocidOf('Vcn', g.ownerOrdinal()) }),
    details: (_g, refs) => ({ vcnId: refs['vcnId'] ?? null }),
  },
  {
    searchType: 'InternetGateway', ocidToken: 'internetgateway', scope: 'regional', states: CORE_NET,
    goneState: 'TERMINATED', weight: 4, owner: 'Vcn', freeformName: true,
    name: (g) => `igw-${g.nameOf('Vcn', g.ownerOrdinal())}`,
    references: (g) => ({ vcnId: g.ocidOf('Vcn', g.ownerOrdinal()) }),
    details: (g, refs) => ({ vcnId: refs['vcnId'] ?? null, isEnabled: g.chance(95, 1) }),
  },
  {
    searchType: 'NatGateway', ocidToken: 'natgateway', scope: 'regional', states: CORE_NET, goneState: 'TERMINATED',
    weight: 4, owner: 'Vcn', freeformName: true,
    name: (g) => `nat-${g.nameOf('Vcn', g.ownerOrdinal())}`,
    references: (g) => ({ vcnId: g.ocidOf('Vcn', g.ownerOrdinal()) }),
    details: (g, refs) => ({ vcnId: refs['vcnId'] ?? null, blockTraffic: g.chance(5, 1) }),
  },
  {
    searchType: 'ServiceGateway', ocidToken: 'servicegateway', scope: 'regional', states: CORE_NET,
    goneState: 'TERMINATED', weight: 4, owner: 'Vcn', freeformName: true,
    name: (g) => `sgw-${g.nameOf('Vcn', g.ownerOrdinal())}`,
    references: (g) => ({ vcnId: g.ocidOf('Vcn', g.ownerOrdinal()) }),
    details: (g, refs) => ({ vcnId: refs['vcnId'] ?? null, blockTraffic: g.chance(5, 1) }),
  },
  {
    searchType: 'LocalPeeringGateway', ocidToken: 'localpeeringgateway', scope: 'regional', states: CORE_NET,
    goneState: 'TERMINATED', weight: 2, owner: 'Vcn', freeformName: true,
    name: (g) => `lpg-${pad(g.ordinal)}`,
    references: (g) => ({ vcnId: g.ocidOf('Vcn', g.ownerOrdinal()) }),
    details: (g, refs) => ({ vcnId: refs['vcnId'] ?? null, peeringStatus: g.pick(['NEW', 'PEERED', 'PEERED', 'REVOKED'], 1) }),
  },
  {
    searchType: 'Drg', ocidToken: 'drg', scope: 'regional', states: CORE_NET, goneState: 'TERMINATED',
    weight: 2, freeformName: true,
    name: (g) => `drg-${g.pick(ENVIRONMENTS, 1)}-${pad(g.ordinal)}`,
  },
  {
    searchType: 'DrgAttachment', ocidToken: 'drgattachment', scope: 'regional',
    states: [['ATTACHED', 94], ['ATTACHING', 1], ['DETACHING', 1], ['DETACHED', 4]], goneState: 'DETACHED',
    weight: 4, owner: 'Drg', freeformName: true,
    name: (g) => `drg-attachment-${pad(g.ordinal)}`,
    references: (g) => ({ drgId: g.ocidOf('Drg', g.ownerOrdinal()), vcnId: ocidOrNull(g, 'Vcn', g.anyOf('Vcn', 1)) }),
    details: (_g, refs) => ({ drgId: refs['drgId'] ?? null, vcnId: refs['vcnId'] ?? null }),
  },
  {
    // Search type name as in the reference ("also seen as DhcpOptions", unconfirmed).
    searchType: 'DHCPOptions', ocidToken: 'dhcpoptions', scope: 'regional', states: CORE_NET, goneState: 'TERMINATED',
    weight: 6, owner: 'Vcn', oneChildPerOwner: true, freeformName: true,
    name: (g) => g.firstChildOf('DHCPOptions', g.ownerOrdinal()) === g.ordinal
      ? `Default DHCP Options for ${g.nameOf('Vcn', g.ownerOrdinal())}`
      : `dhcp-${pad(g.ordinal)}`,
    references: (g) => ({ vcnId: g.ocidOf('Vcn', g.ownerOrdinal()) }),
    details: (_g, refs) => ({ vcnId: refs['vcnId'] ?? null }),
  },
  {
    // Customer-premises equipment; Search type name `Cpe` (unconfirmed). The API has no lifecycleState.
    searchType: 'Cpe', ocidToken: 'cpe', scope: 'regional', states: [['AVAILABLE', 100]], goneState: null,
    weight: 1, freeformName: true,
    name: (g) => `cpe-${g.pick(['frankfurt-dc', 'ashburn-dc', 'hq', 'branch'], 1)}-${pad(g.ordinal)}`,
  },
  {
    searchType: 'IPSecConnection', ocidToken: 'ipsecconnection', scope: 'regional', states: CORE_NET,
    goneState: 'TERMINATED', weight: 1, owner: 'Drg', freeformName: true,
    name: (g) => `ipsec-${pad(g.ordinal)}`,
    references: (g) => ({ drgId: g.ocidOf('Drg', g.ownerOrdinal()), cpeId: ocidOrNull(g, 'Cpe', g.anyOf('Cpe', 1)) }),
    details: (_g, refs) => ({ cpeId: refs['cpeId'] ?? null, drgId: refs['drgId'] ?? null }),
  },

  // ---- Load balancers, storage and databases ----
  {
    searchType: 'LoadBalancer', ocidToken: 'loadbalancer', scope: 'regional',
    states: [['ACTIVE', 94], ['CREATING', 1], ['FAILED', 2], ['DELETED', 3]], goneState: 'DELETED',
    weight: 5, freeformName: true,
    name: (g) => `lb-${g.pick(ENVIRONMENTS, 1)}-${g.pick(APPS, 2)}-${pad(g.ordinal)}`,
    references: (g) => ({ subnetIds: [g.anyOf('Subnet', 1)].filter((v): v is number => v !== null).map((v) => g.ocidOf('Subnet', v)) }),
    details: (g, refs) => ({ subnetIds: refs['subnetIds'] ?? [], shapeName: 'flexible', isPrivate: g.chance(40, 2) }),
  },
  {
    searchType: 'NetworkLoadBalancer', ocidToken: 'networkloadbalancer', scope: 'regional', states: GENERIC,
    goneState: 'DELETED', weight: 3, freeformName: true,
    name: (g) => `nlb-${g.pick(APPS, 1)}-${pad(g.ordinal)}`,
    references: (g) => ({ subnetId: ocidOrNull(g, 'Subnet', g.anyOf('Subnet', 1)) }),
    details: (g, refs) => ({ subnetId: refs['subnetId'] ?? null, isPrivate: g.chance(50, 2) }),
  },
  {
    // Buckets have no lifecycle state in the API; Search reports ACTIVE (assumed). Names: [A-Za-z0-9._-].
    searchType: 'Bucket', ocidToken: 'bucket', scope: 'regional', states: [['ACTIVE', 100]], goneState: null,
    weight: 25, freeformName: false,
    name: (g) => `${g.pick(APPS, 1)}-${g.pick(ENVIRONMENTS, 2)}-${g.pick(['data', 'logs', 'backups', 'exports', 'assets'], 3)}-${pad(g.ordinal, 4)}`,
    references: optionalKms,
    details: (g) => ({ namespace: g.namespace, publicAccessType: g.chance(5, 1) ? 'ObjectRead' : 'NoPublicAccess' }),
  },
  {
    searchType: 'FileSystem', ocidToken: 'filesystem', scope: 'ad', states: GENERIC, goneState: 'DELETED',
    weight: 5, freeformName: true,
    name: (g) => `fs-${g.pick(APPS, 1)}-${pad(g.ordinal)}`,
    references: optionalKms,
    details: (_g, refs) => ({ kmsKeyId: refs['kmsKeyId'] ?? null, sourceDetails: { parentFileSystemId: null, sourceSnapshotId: null } }),
  },
  {
    searchType: 'MountTarget', ocidToken: 'mounttarget', scope: 'ad', states: GENERIC, goneState: 'DELETED',
    weight: 3, freeformName: true,
    name: (g) => `mt-${g.pick(APPS, 1)}-${pad(g.ordinal)}`,
    references: (g) => ({ subnetId: ocidOrNull(g, 'Subnet', g.anyOf('Subnet', 1)) }),
    details: (_g, refs) => ({ subnetId: refs['subnetId'] ?? null }),
  },
  {
    searchType: 'AutonomousDatabase', ocidToken: 'autonomousdatabase', scope: 'regional',
    states: [['AVAILABLE', 80], ['STOPPED', 10], ['PROVISIONING', 1], ['UNAVAILABLE', 1], ['SCALE_IN_PROGRESS', 1], ['TERMINATED', 7]],
    goneState: 'TERMINATED', weight: 6, freeformName: true,
    name: (g) => `adb-${g.pick(APPS, 1)}-${g.pick(ENVIRONMENTS, 2)}-${pad(g.ordinal)}`,
    references: (g) => ({
      subnetId: g.chance(50, 1) ? ocidOrNull(g, 'Subnet', g.anyOf('Subnet', 2)) : null,
      ...optionalKms(g),
    }),
    details: (g) => ({
      dbName: `${g.pick(APPS, 1)}${g.ordinal}`.toUpperCase().slice(0, 14),
      dbWorkload: g.pick(['OLTP', 'DW', 'AJD', 'APEX'], 3),
      isFreeTier: g.chance(10, 4),
    }),
  },
  {
    searchType: 'DbSystem', ocidToken: 'dbsystem', scope: 'ad',
    states: [['AVAILABLE', 90], ['PROVISIONING', 2], ['FAILED', 2], ['TERMINATED', 6]], goneState: 'TERMINATED',
    weight: 2, freeformName: true,
    name: (g) => `dbsys-${g.pick(APPS, 1)}-${pad(g.ordinal)}`,
    references: (g) => ({ subnetId: ocidOrNull(g, 'Subnet', g.anyOf('Subnet', 1)) }),
    details: (g, refs) => ({ subnetId: refs['subnetId'] ?? null, shape: g.pick(['VM.Standard2.2', 'VM.Standard.E4.Flex', 'BM.DenseIO2.52'], 2) }),
  },
  {
    searchType: 'Database', ocidToken: 'database', scope: 'regional',
    states: [['AVAILABLE', 90], ['PROVISIONING', 2], ['FAILED', 2], ['TERMINATED', 6]], goneState: 'TERMINATED',
    weight: 3, owner: 'DbSystem', freeformName: false,
    name: (g) => `DB${pad(g.ordinal, 4)}`,
    references: (g) => ({ dbSystemId: g.ocidOf('DbSystem', g.ownerOrdinal()) }),
    details: (g, refs) => ({ dbSystemId: refs['dbSystemId'] ?? null, dbName: `DB${pad(g.ordinal, 4)}` }),
  },
  {
    searchType: 'MysqlDbSystem', ocidToken: 'mysqldbsystem', scope: 'regional',
    states: [['ACTIVE', 85], ['INACTIVE', 6], ['UPDATING', 1], ['FAILED', 2], ['DELETED', 6]], goneState: 'DELETED',
    weight: 2, freeformName: true,
    name: (g) => `mysql-${g.pick(APPS, 1)}-${pad(g.ordinal)}`,
    references: (g) => ({ subnetId: ocidOrNull(g, 'Subnet', g.anyOf('Subnet', 1)) }),
    details: (g, refs) => ({ subnetId: refs['subnetId'] ?? null, mysqlVersion: g.pick(['8.0.36', '8.4.0', '9.0.1'], 2) }),
  },

  // ---- Applications and containers ----
  {
    searchType: 'FunctionsApplication', ocidToken: 'fnapp', scope: 'regional',
    states: [['ACTIVE', 94], ['FAILED', 2], ['DELETED', 4]], goneState: 'DELETED', weight: 3, freeformName: false,
    name: (g) => `fnapp-${g.pick(APPS, 1)}-${pad(g.ordinal)}`,
    references: (g) => ({ subnetIds: [g.anyOf('Subnet', 1)].filter((v): v is number => v !== null).map((v) => g.ocidOf('Subnet', v)) }),
    details: (_g, refs) => ({ subnetIds: refs['subnetIds'] ?? [] }),
  },
  {
    searchType: 'FunctionsFunction', ocidToken: 'fnfunc', scope: 'regional',
    states: [['ACTIVE', 94], ['FAILED', 2], ['DELETED', 4]], goneState: 'DELETED', weight: 10, owner: 'FunctionsApplication',
    freeformName: false,
    name: (g) => `fn-${g.pick(['resize', 'notify', 'export', 'sync', 'audit', 'cleanup'], 1)}-${pad(g.ordinal)}`,
    references: (g) => ({ applicationId: g.ocidOf('FunctionsApplication', g.ownerOrdinal()) }),
    details: (g, refs) => ({ applicationId: refs['applicationId'] ?? null, memoryInMBs: g.pick([128, 256, 512, 1024], 2) }),
  },
  {
    searchType: 'ClustersCluster', ocidToken: 'cluster', scope: 'regional',
    states: [['ACTIVE', 90], ['CREATING', 1], ['UPDATING', 1], ['FAILED', 2], ['DELETED', 6]], goneState: 'DELETED',
    weight: 2, freeformName: true,
    name: (g) => `oke-${g.pick(ENVIRONMENTS, 1)}-${pad(g.ordinal)}`,
    references: (g) => ({ vcnId: ocidOrNull(g, 'Vcn', g.anyOf('Vcn', 1)) }),
    details: (g, refs) => ({ vcnId: refs['vcnId'] ?? null, kubernetesVersion: g.pick(['v1.29.1', 'v1.30.1', 'v1.31.1'], 2) }),
  },
  {
    searchType: 'ContainerInstance', ocidToken: 'computecontainerinstance', scope: 'ad',
    states: [['ACTIVE', 80], ['INACTIVE', 8], ['FAILED', 2], ['DELETED', 10]], goneState: 'DELETED', weight: 3,
    freeformName: true,
    name: (g) => `ci-${g.pick(APPS, 1)}-${pad(g.ordinal)}`,
  },
  {
    searchType: 'ContainerRepo', ocidToken: 'containerrepo', scope: 'regional',
    states: [['AVAILABLE', 95], ['DELETED', 5]], goneState: 'DELETED', weight: 6, freeformName: false,
    // displayName is the repository path (may contain '/').
    name: (g) => `${g.pick(TEAMS, 1)}/${g.pick(APPS, 2)}-${pad(g.ordinal)}`,
    details: (g) => ({ namespace: g.namespace, isPublic: g.chance(10, 3) }),
  },
  {
    searchType: 'DataScienceProject', ocidToken: 'datascienceproject', scope: 'regional',
    states: [['ACTIVE', 90], ['DELETED', 10]], goneState: 'DELETED', weight: 2, freeformName: true,
    name: (g) => `ds-${g.pick(APPS, 1)}-${pad(g.ordinal)}`,
  },

  // ---- Security, logging, messaging and integration ----
  {
    searchType: 'Vault', ocidToken: 'vault', scope: 'regional',
    states: [['ACTIVE', 90], ['PENDING_DELETION', 5], ['DELETED', 5]], goneState: 'DELETED', weight: 2,
    freeformName: true, vaultSegment: 'own',
    name: (g) => `vault-${g.pick(TEAMS, 1)}-${pad(g.ordinal)}`,
    details: (g) => ({ vaultType: g.chance(10, 1) ? 'VIRTUAL_PRIVATE' : 'DEFAULT' }),
  },
  {
    searchType: 'Key', ocidToken: 'key', scope: 'regional',
    states: [['ENABLED', 85], ['DISABLED', 8], ['PENDING_DELETION', 4], ['DELETED', 3]], goneState: 'DELETED',
    weight: 8, owner: 'Vault', oneChildPerOwner: true, freeformName: true, vaultSegment: 'owner',
    name: (g) => `key-${g.pick(APPS, 1)}-${pad(g.ordinal)}`,
    references: (g) => ({ vaultId: g.ocidOf('Vault', g.ownerOrdinal()) }),
    details: (g, refs) => ({ vaultId: refs['vaultId'] ?? null, currentKeyVersion: g.keyVersionId() }),
  },
  {
    searchType: 'VaultSecret', ocidToken: 'vaultsecret', scope: 'regional',
    states: [['ACTIVE', 90], ['PENDING_DELETION', 5], ['DELETED', 5]], goneState: 'DELETED', weight: 10,
    owner: 'Vault', freeformName: false,
    name: (g) => `${g.pick(APPS, 1)}-${g.pick(['db-password', 'api-token', 'tls-key', 'webhook-secret'], 2)}-${pad(g.ordinal)}`,
    references: (g) => ({
      vaultId: g.ocidOf('Vault', g.ownerOrdinal()),
      keyId: ocidOrNull(g, 'Key', g.firstChildOf('Key', g.ownerOrdinal())),
    }),
    details: (_g, refs) => ({ vaultId: refs['vaultId'] ?? null, keyId: refs['keyId'] ?? null }),
  },
  {
    searchType: 'Bastion', ocidToken: 'bastion', scope: 'regional', states: GENERIC, goneState: 'DELETED',
    weight: 2, freeformName: false,
    name: (g) => `bastion${pad(g.ordinal)}`,
    references: (g) => {
      const subnet = g.anyOf('Subnet', 1);
      return {
        targetSubnetId: ocidOrNull(g, 'Subnet', subnet),
        targetVcnId: subnet === null ? null : g.ocidOf('Vcn', g.ownerOrdinalOf('Subnet', subnet)),
      };
    },
  },
  {
    searchType: 'LogGroup', ocidToken: 'loggroup', scope: 'regional', states: [['ACTIVE', 97], ['INACTIVE', 3]],
    goneState: null, weight: 4, freeformName: true,
    name: (g) => `lg-${g.pick(APPS, 1)}-${pad(g.ordinal)}`,
    details: (g) => ({ description: `Logs of ${g.pick(APPS, 1)} (${g.pick(ENVIRONMENTS, 2)})` }),
  },
  {
    searchType: 'Log', ocidToken: 'log', scope: 'regional', states: [['ACTIVE', 95], ['INACTIVE', 5]], goneState: null,
    weight: 15, owner: 'LogGroup', freeformName: true,
    name: (g) => `${g.pick(['flowlogs', 'audit', 'access', 'app', 'invoke'], 1)}-log-${pad(g.ordinal)}`,
    references: (g) => ({ logGroupId: g.ocidOf('LogGroup', g.ownerOrdinal()) }),
    // logGroupId in additionalDetails is what third-party code reads (unconfirmed for the real service).
    details: (_g, refs) => ({ logGroupId: refs['logGroupId'] ?? null }),
  },
  {
    searchType: 'StreamPool', ocidToken: 'streampool', scope: 'regional', states: GENERIC, goneState: 'DELETED',
    weight: 2, freeformName: true,
    name: (g) => `pool-${g.pick(TEAMS, 1)}-${pad(g.ordinal)}`,
  },
  {
    searchType: 'Stream', ocidToken: 'stream', scope: 'regional', states: GENERIC, goneState: 'DELETED',
    weight: 4, owner: 'StreamPool', freeformName: false,
    name: (g) => `stream-${g.pick(APPS, 1)}-${pad(g.ordinal)}`,
    references: (g) => ({ streamPoolId: g.ocidOf('StreamPool', g.ownerOrdinal()) }),
    details: (_g, refs) => ({ streamPoolId: refs['streamPoolId'] ?? null }),
  },
  {
    // ONS topics have no DELETED state: deleting ends in DELETING, then the topic disappears.
    searchType: 'OnsTopic', ocidToken: 'onstopic', scope: 'regional', states: [['ACTIVE', 97], ['DELETING', 3]],
    goneState: null, weight: 4, freeformName: false,
    name: (g) => `topic-${g.pick(APPS, 1)}-${pad(g.ordinal)}`,
  },
  {
    searchType: 'OnsSubscription', ocidToken: 'onssubscription', scope: 'regional',
    states: [['ACTIVE', 85], ['PENDING', 10], ['DELETED', 5]], goneState: 'DELETED', weight: 6, owner: 'OnsTopic',
    freeformName: false,
    name: (g) => `subscription-${pad(g.ordinal)}`,
    references: (g) => ({ topicId: g.ocidOf('OnsTopic', g.ownerOrdinal()) }),
    details: (g, refs) => {
      const email = g.chance(70, 1);
      return {
        topicId: refs['topicId'] ?? null,
        protocol: email ? 'EMAIL' : 'HTTPS',
        endpoint: email ? `${g.pick(TEAMS, 2)}-alerts@example.com` : `https://hooks.example.com/${g.ordinal}`,
      };
    },
  },
  {
    searchType: 'EventRule', ocidToken: 'eventrule', scope: 'regional',
    states: [['ACTIVE', 85], ['INACTIVE', 10], ['DELETED', 5]], goneState: 'DELETED', weight: 5, freeformName: true,
    name: (g) => `rule-${g.pick(['on-create', 'on-delete', 'on-upload', 'on-alarm'], 1)}-${pad(g.ordinal)}`,
    references: (g) => ({ topicId: ocidOrNull(g, 'OnsTopic', g.anyOf('OnsTopic', 2)) }),
    details: (g, refs) => ({
      condition: JSON.stringify({ eventType: [g.pick(['com.oraclecloud.objectstorage.createobject', 'com.oraclecloud.computeapi.terminateinstance.end'], 3)] }),
      actionsDetails: refs['topicId'] ? [{ actionType: 'ONS', topicId: refs['topicId'], isEnabled: true }] : [],
    }),
  },
  {
    searchType: 'ServiceConnector', ocidToken: 'serviceconnector', scope: 'regional', states: GENERIC,
    goneState: 'DELETED', weight: 2, freeformName: true,
    name: (g) => `sch-${g.pick(APPS, 1)}-${pad(g.ordinal)}`,
    references: (g) => ({
      logGroupId: ocidOrNull(g, 'LogGroup', g.anyOf('LogGroup', 1)),
      streamId: ocidOrNull(g, 'Stream', g.anyOf('Stream', 2)),
    }),
  },
  {
    searchType: 'ApiGateway', ocidToken: 'apigateway', scope: 'regional', states: GENERIC, goneState: 'DELETED',
    weight: 2, freeformName: true,
    name: (g) => `apigw-${g.pick(ENVIRONMENTS, 1)}-${pad(g.ordinal)}`,
    references: (g) => ({ subnetId: ocidOrNull(g, 'Subnet', g.anyOf('Subnet', 1)) }),
  },
  {
    searchType: 'ApiDeployment', ocidToken: 'apideployment', scope: 'regional', states: GENERIC, goneState: 'DELETED',
    weight: 4, owner: 'ApiGateway', freeformName: true,
    name: (g) => `deploy-${g.pick(APPS, 1)}-v${g.int(1, 9, 2)}-${pad(g.ordinal)}`,
    references: (g) => ({ gatewayId: g.ocidOf('ApiGateway', g.ownerOrdinal()) }),
    details: (g, refs) => ({ gatewayId: refs['gatewayId'] ?? null, pathPrefix: `/${g.pick(APPS, 1)}/v${g.int(1, 9, 2)}` }),
  },
];

/** Type index by exact Search type name. */
export const TYPE_INDEX: ReadonlyMap<string, number> = new Map(RESOURCE_TYPES.map((t, i) => [t.searchType, i]));
/** Type index by lower-cased Search type name (queries are case-insensitive). */
export const TYPE_INDEX_LOWER: ReadonlyMap<string, number> = new Map(RESOURCE_TYPES.map((t, i) => [t.searchType.toLowerCase(), i]));
/** Type indexes by OCID token (the root tenancy's token `tenancy` is handled separately). */
export const TYPE_INDEX_BY_TOKEN: ReadonlyMap<string, number> = new Map(RESOURCE_TYPES.map((t, i) => [t.ocidToken, i]));

export const COMPARTMENT_TYPE = typeIndex('Compartment');
export const GLOBAL_TYPES: readonly number[] = RESOURCE_TYPES.flatMap((t, i) => (t.scope === 'global' ? [i] : []));
export const REGIONAL_TYPES: readonly number[] = RESOURCE_TYPES.flatMap((t, i) => (t.scope === 'global' ? [] : [i]));

export function typeIndex(searchType: string): number {
  const index = TYPE_INDEX.get(searchType);
  if (index === undefined) throw new RangeError(`Unknown resource type '${searchType}'`);
  return index;
}

/** Types some other type points at (as owner or reference): random removals avoid them to keep references valid. */
export const REFERENCED_TYPES: ReadonlySet<string> = new Set([
  ...RESOURCE_TYPES.flatMap((t) => (t.owner ? [t.owner] : [])),
  'Image', 'Key', 'Subnet', 'Vcn', 'Cpe', 'OnsTopic', 'LogGroup', 'Stream', 'Volume', 'RouteTable', 'SecurityList',
  'DHCPOptions', 'InternetGateway', 'Group', 'TagNamespace', 'User',
]);
