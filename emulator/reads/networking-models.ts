import type { FoundResource, RegionInfo } from '../tenancy/index.ts';
import { chanceFor, derivedOcid, pickFor, publicIpFor, textHash } from './derive.ts';
import { commonFields, detailBoolean, detailCopy, detailString, refOf, refsOf, type Model } from './model-fields.ts';
import type { ResourceReader } from './resource-reader.ts';
import type { VcnNeighbourhoods } from './vcn-neighbourhood.ts';

/**
 * VirtualNetworkClient models (oci-core `Vcn`, `Subnet`, `RouteTable`...) built from a FoundResource.
 * Common fields are Search's; relationship ids are the tenancy's references (or, for route rules and peers,
 * resources found through the VCN neighbourhood, always live ones of the same region); other type-specific
 * fields come from additionalDetails, else are derived from the OCID.
 */
export interface NetworkModelContext {
  reader: ResourceReader;
  neighbourhoods: VcnNeighbourhoods;
  region: RegionInfo;
}

export type NetworkModelBuilder = (found: FoundResource, context: NetworkModelContext) => Model;

function vcnOf(context: NetworkModelContext, found: FoundResource): FoundResource | undefined {
  return context.reader.find(refOf(found, 'vcnId'));
}

function vcnCidr(vcn: FoundResource | undefined, fallbackKey: string): string {
  return (vcn && detailString(vcn, 'cidrBlock')) ?? `10.${textHash(fallbackKey, 1) % 256}.0.0/16`;
}

function vcnDnsLabel(vcn: FoundResource | undefined, fallbackKey: string): string {
  return (vcn && detailString(vcn, 'dnsLabel')) ?? `vcn${textHash(fallbackKey, 2) % 10_000}`;
}

/** The Oracle Services Network service a service gateway enables (one per gateway, from its OCID). */
export function serviceOfGateway(region: RegionInfo, gatewayId: string): { serviceId: string; serviceName: string; cidrLabel: string } {
  const key = region.key;
  const all = chanceFor(gatewayId, 31, 70);
  const cidrLabel = all ? `all-${key.toLowerCase()}-services-in-oracle-services-network` : `oci-${key.toLowerCase()}-objectstorage`;
  return {
    serviceId: derivedOcid('service', region.ocidSegment, `${region.name}:${cidrLabel}`),
    serviceName: all ? `All ${key} Services In Oracle Services Network` : `OCI ${key} Object Storage`,
    cidrLabel,
  };
}

/** The CIDR of the VCN a local peering gateway's peer belongs to, or null without a peer. */
function peerVcnCidr(context: NetworkModelContext, peerId: string | null): string | null {
  if (peerId === null) return null;
  const vcn = context.reader.find(context.neighbourhoods.vcnOfPeeringGateway(context.region.name, peerId));
  return vcn === undefined ? null : vcnCidr(vcn, peerId);
}

function routeRule(destination: string, destinationType: 'CIDR_BLOCK' | 'SERVICE_CIDR_BLOCK', networkEntityId: string, description: string): Model {
  return {
    ...(destinationType === 'CIDR_BLOCK' ? { cidrBlock: destination } : {}),
    destination,
    destinationType,
    networkEntityId,
    description,
    routeType: 'STATIC',
  };
}

const vcn: NetworkModelBuilder = (found) => {
  const id = found.summary.identifier;
  const cidrBlock = vcnCidr(found, id);
  const dnsLabel = vcnDnsLabel(found, id);
  return {
    ...commonFields(found, { systemTags: true }),
    cidrBlock,
    cidrBlocks: [cidrBlock],
    ipv6CidrBlocks: [],
    dnsLabel,
    vcnDomainName: `${dnsLabel}.oraclevcn.com`,
    defaultRouteTableId: refOf(found, 'defaultRouteTableId'),
    defaultSecurityListId: refOf(found, 'defaultSecurityListId'),
    defaultDhcpOptionsId: refOf(found, 'defaultDhcpOptionsId'),
  };
};

const subnet: NetworkModelBuilder = (found, context) => {
  const id = found.summary.identifier;
  const vcnModel = vcnOf(context, found);
  const octets = vcnCidr(vcnModel, id).split('.');
  const third = textHash(id, 3) % 256;
  const cidrBlock = detailString(found, 'cidrBlock') ?? `${octets[0]}.${octets[1]}.${third}.0/24`;
  const dnsLabel = detailString(found, 'dnsLabel') ?? `sub${textHash(id, 4) % 10_000}`;
  const prohibitPublicIpOnVnic = detailBoolean(found, 'prohibitPublicIpOnVnic') ?? chanceFor(id, 5, 60);
  return {
    ...commonFields(found, { systemTags: true }),
    // Regional subnets (all the tenancy has) report null.
    availabilityDomain: found.summary.availabilityDomain,
    cidrBlock,
    ipv6CidrBlocks: [],
    vcnId: refOf(found, 'vcnId'),
    routeTableId: refOf(found, 'routeTableId'),
    securityListIds: refsOf(found, 'securityListIds'),
    dhcpOptionsId: refOf(found, 'dhcpOptionsId'),
    dnsLabel,
    subnetDomainName: `${dnsLabel}.${vcnDnsLabel(vcnModel, id)}.oraclevcn.com`,
    prohibitPublicIpOnVnic,
    prohibitInternetIngress: prohibitPublicIpOnVnic,
    virtualRouterIp: detailString(found, 'virtualRouterIp') ?? cidrBlock.replace(/\.0\/\d+$/, '.1'),
    virtualRouterMac: detailString(found, 'virtualRouterMac') ?? '00:00:17:00:00:01',
  };
};

const securityList: NetworkModelBuilder = (found) => ({
  ...commonFields(found, { systemTags: true }),
  vcnId: refOf(found, 'vcnId'),
  ingressSecurityRules: detailCopy(found, 'ingressSecurityRules') ?? [],
  egressSecurityRules: detailCopy(found, 'egressSecurityRules') ?? [{ destination: '0.0.0.0/0', protocol: 'all', isStateless: false }],
});

/**
 * The default route goes to the tenancy's `networkEntityId` (the VCN's internet gateway) or, without one, to
 * the VCN's first live NAT gateway; then, when the VCN has live ones, a route to Oracle services through its
 * service gateway, one to the peered VCN through a local peering gateway, one on-premises through an
 * attached DRG (each present or not by the route table's OCID).
 */
const routeTable: NetworkModelBuilder = (found, context) => {
  const id = found.summary.identifier;
  const vcnId = refOf(found, 'vcnId');
  const neighbours = context.neighbourhoods.of(context.region.name, vcnId);
  const routeRules: Model[] = [];
  const internet = refOf(found, 'networkEntityId');
  const nat = internet === null ? (neighbours.natGateways[0] ?? null) : null;
  if (internet !== null) routeRules.push(routeRule('0.0.0.0/0', 'CIDR_BLOCK', internet, 'Default route to the internet gateway'));
  else if (nat !== null) routeRules.push(routeRule('0.0.0.0/0', 'CIDR_BLOCK', nat, 'Default route through the NAT gateway'));
  const serviceGateway = neighbours.serviceGateways[0] ?? null;
  if (serviceGateway !== null && chanceFor(id, 11, 70)) {
    const service = serviceOfGateway(context.region, serviceGateway);
    routeRules.push(routeRule(service.cidrLabel, 'SERVICE_CIDR_BLOCK', serviceGateway, `${service.serviceName} through the service gateway`));
  }
  const peering = neighbours.localPeeringGateways[0] ?? null;
  if (peering !== null && chanceFor(id, 12, 60)) {
    const destination = peerVcnCidr(context, context.neighbourhoods.peerOf(context.region.name, peering)) ?? `192.168.${textHash(id, 13) % 256}.0/24`;
    routeRules.push(routeRule(destination, 'CIDR_BLOCK', peering, 'Peered VCN'));
  }
  const drg = neighbours.drgs[0] ?? null;
  if (drg !== null && chanceFor(id, 14, 60)) {
    routeRules.push(routeRule(`172.${16 + (textHash(id, 15) % 16)}.0.0/16`, 'CIDR_BLOCK', drg, 'On-premises network through the DRG'));
  }
  return { ...commonFields(found, { systemTags: true }), vcnId, routeRules };
};

const internetGateway: NetworkModelBuilder = (found) => ({
  ...commonFields(found),
  vcnId: refOf(found, 'vcnId'),
  isEnabled: detailBoolean(found, 'isEnabled') ?? true,
});

const natGateway: NetworkModelBuilder = (found) => ({
  ...commonFields(found),
  vcnId: refOf(found, 'vcnId'),
  blockTraffic: detailBoolean(found, 'blockTraffic') ?? false,
  natIp: publicIpFor(found.summary.identifier, 21),
});

const serviceGateway: NetworkModelBuilder = (found, context) => {
  const { serviceId, serviceName } = serviceOfGateway(context.region, found.summary.identifier);
  return {
    ...commonFields(found),
    vcnId: refOf(found, 'vcnId'),
    blockTraffic: detailBoolean(found, 'blockTraffic') ?? false,
    services: [{ serviceId, serviceName }],
  };
};

const PEERING_STATUS_DETAILS: Record<string, string> = {
  NEW: 'Not connected to a peer.',
  PENDING: 'Waiting for the peer to connect.',
  PEERED: 'Connected to a peer.',
  REVOKED: 'The peering was revoked: the peer was deleted or disconnected.',
};

/** A PEERED gateway names its peer (symmetrically); an unpaired one (odd count in the region) has peerId null. */
const localPeeringGateway: NetworkModelBuilder = (found, context) => {
  const id = found.summary.identifier;
  const peeringStatus = detailString(found, 'peeringStatus') ?? pickFor(id, 41, ['NEW', 'PEERED', 'REVOKED']);
  const peerId = peeringStatus === 'PEERED' ? context.neighbourhoods.peerOf(context.region.name, id) : null;
  const peerCidr = peerVcnCidr(context, peerId);
  return {
    ...commonFields(found),
    vcnId: refOf(found, 'vcnId'),
    isCrossTenancyPeering: false,
    peerAdvertisedCidr: peerCidr,
    peerAdvertisedCidrDetails: peerCidr === null ? [] : [peerCidr],
    peeringStatus,
    peeringStatusDetails: PEERING_STATUS_DETAILS[peeringStatus] ?? peeringStatus,
    peerId,
  };
};

const drg: NetworkModelBuilder = (found) => commonFields(found);

const drgAttachment: NetworkModelBuilder = (found) => {
  const vcnId = refOf(found, 'vcnId');
  return {
    ...commonFields(found),
    drgId: refOf(found, 'drgId'),
    vcnId,
    ...(vcnId === null ? {} : { networkDetails: { type: 'VCN', id: vcnId, vcnRouteType: 'SUBNET_CIDRS' } }),
    isCrossTenancy: false,
  };
};

/** The VCN's default options resolve in the VCN's domain; other sets use custom DNS servers half the time. */
const dhcpOptions: NetworkModelBuilder = (found, context) => {
  const id = found.summary.identifier;
  const vcnModel = vcnOf(context, found);
  const domain = `${vcnDnsLabel(vcnModel, id)}.oraclevcn.com`;
  const isDefault = vcnModel !== undefined && refOf(vcnModel, 'defaultDhcpOptionsId') === id;
  const custom = !isDefault && chanceFor(id, 51, 50);
  const [a, b] = vcnCidr(vcnModel, id).split('.');
  return {
    ...commonFields(found, { systemTags: true }),
    vcnId: refOf(found, 'vcnId'),
    options: custom
      ? [
          { type: 'DomainNameServer', serverType: 'CustomDnsServer', customDnsServers: [`${a}.${b}.0.10`, `${a}.${b}.0.11`] },
          { type: 'SearchDomain', searchDomainNames: [`${pickFor(id, 52, ['corp', 'internal', 'lab', 'ops'])}.example.com`] },
        ]
      : [
          { type: 'DomainNameServer', serverType: 'VcnLocalPlusInternet' },
          { type: 'SearchDomain', searchDomainNames: [domain] },
        ],
    domainNameType: custom ? 'CUSTOM_DOMAIN' : 'VCN_DOMAIN',
  };
};

const networkSecurityGroup: NetworkModelBuilder = (found) => ({
  ...commonFields(found, { systemTags: true }),
  vcnId: refOf(found, 'vcnId'),
});

/** Builders by Search type. */
export const NETWORK_MODELS: Readonly<Record<string, NetworkModelBuilder>> = {
  Vcn: vcn,
  Subnet: subnet,
  SecurityList: securityList,
  RouteTable: routeTable,
  InternetGateway: internetGateway,
  NatGateway: natGateway,
  ServiceGateway: serviceGateway,
  LocalPeeringGateway: localPeeringGateway,
  Drg: drg,
  DrgAttachment: drgAttachment,
  DHCPOptions: dhcpOptions,
  NetworkSecurityGroup: networkSecurityGroup,
};
