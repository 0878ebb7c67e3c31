import { join } from 'node:path';
import type { AuthenticationDetailsProvider } from 'oci-common';
import { VirtualNetworkClient } from 'oci-core';
import { requests as identityRequests, type IdentityClient, type models as identityModels } from 'oci-identity';
import { models as storageModels, requests as storageRequests } from 'oci-objectstorage';
import type { models as searchModels } from 'oci-resourcesearch';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startEmulator, type Emulator } from '../emulator/index.ts';
import type { FoundResource, ResourceSummary } from '../emulator/tenancy/index.ts';
import {
  configFileProvider,
  expectSdkFailure,
  identityClient,
  makeTempDir,
  noRetryClientConfiguration,
  objectStorageClient,
  removeDir,
  searchAll,
  searchClient,
} from './support/emulator-clients.ts';

/*
 * Single-resource GETs (Networking, IAM, GetBucket) through the real SDK clients: every type answers with
 * what Search says about the same OCID, relationship ids resolve to live resources of the right type in the
 * same region, and the controls (gone, forbidden), region and id-kind rules answer as OCI does.
 */

let emulator: Emulator;
/** A second tenancy for mutations, so they do not disturb the others' expectations. */
let mutable: Emulator;
let dir: string;
let provider: AuthenticationDetailsProvider;
let mutableProvider: AuthenticationDetailsProvider;

test.before(async () => {
  [emulator, mutable] = await Promise.all([
    startEmulator({ tenancy: 'small', seed: 'emulator-reads' }),
    startEmulator({ tenancy: 'small', seed: 'emulator-reads-mutations' }),
  ]);
  dir = await makeTempDir('emulator-reads');
  provider = (await configFileProvider(emulator, join(dir, 'main'))).provider;
  mutableProvider = (await configFileProvider(mutable, join(dir, 'mutable'))).provider;
});

test.after(async () => {
  await Promise.all([emulator?.close(), mutable?.close()]);
  await removeDir(dir);
});

test.before.each(() => {
  emulator.reads.reset();
  emulator.faults.setPlan({ rules: [] });
});

function networkClient(target: Emulator, auth: AuthenticationDetailsProvider, region: string): VirtualNetworkClient {
  const client = new VirtualNetworkClient({ authenticationDetailsProvider: auth }, noRetryClientConfiguration());
  // After construction: setting a region later would overwrite it.
  client.endpoint = target.endpoint('iaas', region);
  return client;
}

const regions = (): string[] => emulator.tenancy.regions.map((region) => region.name);

/** Search's view of a region with additionalDetails (what `return allAdditionalFields` shows). */
function searchOf(target: Emulator, region: string, resourceType: string): ResourceSummary[] {
  return [...target.tenancy.iterate(region, { withDetails: true })].filter((item) => item.resourceType === resourceType);
}

function found(ocid: string): FoundResource {
  const resource = emulator.tenancy.findByOcid(ocid);
  if (resource === undefined) throw new Error(`${ocid} does not resolve`);
  return resource;
}

/** The JSON a model came from: the SDK's deserializers add keys with undefined values for absent fields. */
function plain(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

/** The fields every GET model shares with the Search summary of the same OCID. */
function assertCommonFields(model: Record<string, unknown>, summary: ResourceSummary, nameField: 'displayName' | 'name'): void {
  const what = `${summary.resourceType} ${summary.identifier}`;
  assert.is(model['id'], summary.identifier, `${what}: id`);
  assert.is(model['compartmentId'], summary.compartmentId, `${what}: compartmentId`);
  assert.is(model[nameField], summary.displayName, `${what}: ${nameField}`);
  assert.is(model['lifecycleState'], summary.lifecycleState, `${what}: lifecycleState`);
  assert.is(String(model['timeCreated']), summary.timeCreated, `${what}: timeCreated`);
  assert.equal(model['freeformTags'], summary.freeformTags, `${what}: freeformTags`);
  assert.equal(model['definedTags'], summary.definedTags, `${what}: definedTags`);
}

/** A relationship id resolves via findByOcid to a live resource of `expectedType` in `region`. */
function assertResolves(ocid: unknown, expectedType: string, region: string, what: string): FoundResource {
  assert.type(ocid, 'string', `${what}: an OCID`);
  const target = emulator.tenancy.findByOcid(ocid as string);
  assert.ok(target, `${what}: ${String(ocid)} resolves`);
  assert.is(target.summary.resourceType, expectedType, `${what}: type`);
  if (target.scope !== 'global') assert.is(target.region, region, `${what}: same region`);
  return target;
}

// ---------------------------------------------------------------------------------------------------
// Networking
// ---------------------------------------------------------------------------------------------------

interface NetworkGet {
  type: string;
  get: (client: VirtualNetworkClient, id: string) => Promise<object>;
  /** Single and list relationship fields of the model and the type they point at. */
  relations: Record<string, string>;
}

const NETWORK_GETS: readonly NetworkGet[] = [
  {
    type: 'Vcn', get: async (c, vcnId) => (await c.getVcn({ vcnId })).vcn,
    relations: { defaultRouteTableId: 'RouteTable', defaultSecurityListId: 'SecurityList', defaultDhcpOptionsId: 'DHCPOptions' },
  },
  {
    type: 'Subnet', get: async (c, subnetId) => (await c.getSubnet({ subnetId })).subnet,
    relations: { vcnId: 'Vcn', routeTableId: 'RouteTable', securityListIds: 'SecurityList', dhcpOptionsId: 'DHCPOptions' },
  },
  { type: 'SecurityList', get: async (c, securityListId) => (await c.getSecurityList({ securityListId })).securityList, relations: { vcnId: 'Vcn' } },
  { type: 'RouteTable', get: async (c, rtId) => (await c.getRouteTable({ rtId })).routeTable, relations: { vcnId: 'Vcn' } },
  { type: 'InternetGateway', get: async (c, igId) => (await c.getInternetGateway({ igId })).internetGateway, relations: { vcnId: 'Vcn' } },
  { type: 'NatGateway', get: async (c, natGatewayId) => (await c.getNatGateway({ natGatewayId })).natGateway, relations: { vcnId: 'Vcn' } },
  {
    type: 'ServiceGateway', get: async (c, serviceGatewayId) => (await c.getServiceGateway({ serviceGatewayId })).serviceGateway,
    relations: { vcnId: 'Vcn' },
  },
  {
    type: 'LocalPeeringGateway',
    get: async (c, localPeeringGatewayId) => (await c.getLocalPeeringGateway({ localPeeringGatewayId })).localPeeringGateway,
    relations: { vcnId: 'Vcn', peerId: 'LocalPeeringGateway' },
  },
  { type: 'Drg', get: async (c, drgId) => (await c.getDrg({ drgId })).drg, relations: {} },
  {
    type: 'DrgAttachment', get: async (c, drgAttachmentId) => (await c.getDrgAttachment({ drgAttachmentId })).drgAttachment,
    relations: { drgId: 'Drg', vcnId: 'Vcn' },
  },
  { type: 'DHCPOptions', get: async (c, dhcpId) => (await c.getDhcpOptions({ dhcpId })).dhcpOptions, relations: { vcnId: 'Vcn' } },
  {
    type: 'NetworkSecurityGroup',
    get: async (c, networkSecurityGroupId) => (await c.getNetworkSecurityGroup({ networkSecurityGroupId })).networkSecurityGroup,
    relations: { vcnId: 'Vcn' },
  },
];

/** Every networking GET of every region, fetched once and shared by the tests below. */
const networkModels = new Map<string, { region: string; summary: ResourceSummary; model: Record<string, unknown> }>();

test('every networking type: GET agrees with Search, references and additionalDetails; relations resolve in the region', async () => {
  for (const region of regions()) {
    const client = networkClient(emulator, provider, region);
    for (const spec of NETWORK_GETS) {
      const summaries = searchOf(emulator, region, spec.type);
      assert.ok(summaries.length > 0, `${region}: the tenancy has ${spec.type} resources`);
      for (const summary of summaries) {
        const model = (await spec.get(client, summary.identifier)) as Record<string, unknown>;
        networkModels.set(summary.identifier, { region, summary, model });
        assertCommonFields(model, summary, 'displayName');
        const what = `${spec.type} ${summary.identifier}`;

        // Relationship ids are the tenancy's references (RouteTable's networkEntityId is checked with the rules).
        for (const [field, value] of Object.entries(found(summary.identifier).references)) {
          if (field === 'networkEntityId') continue;
          assert.equal(model[field], value, `${what}: ${field} equals the tenancy's reference`);
        }
        for (const [field, type] of Object.entries(spec.relations)) {
          const value = model[field];
          if (value === null || value === undefined) continue;
          for (const id of Array.isArray(value) ? value : [value]) assertResolves(id, type, region, `${what}.${field}`);
        }
        // Whatever Search's additionalDetails say, the GET says too.
        for (const [field, value] of Object.entries(summary.additionalDetails)) {
          if (field in model) assert.equal(plain(model[field]), value, `${what}: ${field} as in additionalDetails`);
        }
      }
    }
  }
  assert.ok(networkModels.size > 50, `fetched ${networkModels.size} networking resources`);
});

function modelsOf(type: string): { region: string; summary: ResourceSummary; model: Record<string, unknown> }[] {
  return [...networkModels.values()].filter((entry) => entry.summary.resourceType === type);
}

test('VCN and subnet models: CIDRs, DNS names, regional subnets', () => {
  for (const { model } of modelsOf('Vcn')) {
    assert.equal(model['cidrBlocks'], [model['cidrBlock']]);
    assert.is(model['vcnDomainName'], `${String(model['dnsLabel'])}.oraclevcn.com`);
  }
  for (const { model } of modelsOf('Subnet')) {
    assert.is(model['availabilityDomain'], null, 'regional subnet');
    const vcn = networkModels.get(model['vcnId'] as string)?.model;
    assert.ok(vcn, 'the VCN was fetched too');
    assert.is(model['subnetDomainName'], `${String(model['dnsLabel'])}.${String(vcn['vcnDomainName'])}`);
    assert.type(model['virtualRouterIp'], 'string');
    assert.type(model['prohibitPublicIpOnVnic'], 'boolean');
  }
});

const ROUTE_TARGETS = new Set(['InternetGateway', 'NatGateway', 'ServiceGateway', 'LocalPeeringGateway', 'Drg']);

test('route tables: the reference is a rule, every networkEntityId is a gateway of the same VCN (or a DRG attached to it)', () => {
  const attachments = new Set(
    regions().flatMap((region) => searchOf(emulator, region, 'DrgAttachment'))
      .map((attachment) => `${String(attachment.additionalDetails['drgId'])}|${String(attachment.additionalDetails['vcnId'])}`),
  );
  const targetTypes = new Set<string>();
  let rules = 0;
  for (const { region, summary, model } of modelsOf('RouteTable')) {
    const routeRules = model['routeRules'] as Record<string, unknown>[];
    const reference = found(summary.identifier).references['networkEntityId'];
    if (typeof reference === 'string') {
      assert.ok(routeRules.some((rule) => rule['networkEntityId'] === reference), `${summary.identifier}: the referenced gateway has a rule`);
    }
    for (const rule of routeRules) {
      rules++;
      const target = emulator.tenancy.findByOcid(String(rule['networkEntityId']));
      assert.ok(target, `route rule target ${String(rule['networkEntityId'])} resolves`);
      assert.ok(ROUTE_TARGETS.has(target.summary.resourceType), `route rule target type ${target.summary.resourceType}`);
      assert.is(target.region, region, 'route rule target in the same region');
      targetTypes.add(target.summary.resourceType);
      if (target.summary.resourceType === 'Drg') {
        assert.ok(attachments.has(`${target.summary.identifier}|${String(model['vcnId'])}`), 'the DRG is attached to the VCN');
      } else {
        assert.is(target.references['vcnId'], model['vcnId'], 'the gateway belongs to the route table\'s VCN');
      }
      assert.ok(['CIDR_BLOCK', 'SERVICE_CIDR_BLOCK'].includes(rule['destinationType'] as string));
    }
  }
  assert.ok(rules > 0, 'some route rules');
  assert.ok(targetTypes.size >= 3, `several kinds of targets: ${[...targetTypes].join(', ')}`);
});

test('gateways: NAT IPs, services, symmetric local peering, DRG attachment network details, DHCP options', () => {
  for (const { model } of modelsOf('NatGateway')) assert.match(String(model['natIp']), /^\d+\.\d+\.\d+\.\d+$/);
  for (const { model } of modelsOf('ServiceGateway')) {
    const services = model['services'] as { serviceId: string; serviceName: string }[];
    assert.is(services.length, 1);
    assert.match(services[0]!.serviceId, /^ocid1\.service\.oc1\./);
  }
  for (const { model } of modelsOf('LocalPeeringGateway')) {
    // This tenancy has one PEERED gateway per region at most: nothing to pair it with (see the next test).
    assert.is(model['peerId'], null);
    assert.is(model['peerAdvertisedCidr'], null);
  }
  for (const { model } of modelsOf('DrgAttachment')) {
    assert.equal(model['networkDetails'], { type: 'VCN', id: model['vcnId'], vcnRouteType: 'SUBNET_CIDRS' });
  }
  for (const { model } of modelsOf('DHCPOptions')) {
    const options = model['options'] as { type: string }[];
    assert.equal(options.map((option) => option.type), ['DomainNameServer', 'SearchDomain']);
    const vcn = networkModels.get(model['vcnId'] as string)?.model;
    if (vcn?.['defaultDhcpOptionsId'] === model['id']) assert.is(model['domainNameType'], 'VCN_DOMAIN');
  }
});

test('local peering: PEERED gateways of a region are paired symmetrically across VCNs', async () => {
  const peering = await startEmulator({ tenancy: 3000, regionCount: 4, seed: 'emulator-reads-peering' });
  try {
    const auth = (await configFileProvider(peering, join(dir, 'peering'))).provider;
    let pairs = 0;
    for (const region of peering.tenancy.regions.map((r) => r.name)) {
      const client = networkClient(peering, auth, region);
      const models = new Map<string, Record<string, unknown>>();
      for (const summary of searchOf(peering, region, 'LocalPeeringGateway')) {
        const model = (await client.getLocalPeeringGateway({ localPeeringGatewayId: summary.identifier })).localPeeringGateway;
        models.set(summary.identifier, model as unknown as Record<string, unknown>);
      }
      const peered = [...models.values()].filter((model) => model['peeringStatus'] === 'PEERED');
      for (const model of models.values()) {
        if (model['peerId'] === null) continue;
        const peer = models.get(model['peerId'] as string);
        assert.ok(peer, 'the peer is a gateway of the same region');
        assert.is(peer['peerId'], model['id'], 'peering is symmetric');
        assert.equal([model['peeringStatus'], peer['peeringStatus']], ['PEERED', 'PEERED']);
        assert.is.not(peer['vcnId'], model['vcnId'], 'peers are in different VCNs');
        const peerVcn = (await client.getVcn({ vcnId: peer['vcnId'] as string })).vcn;
        assert.is(model['peerAdvertisedCidr'], peerVcn.cidrBlock);
        pairs += 0.5;
      }
      assert.is(peered.filter((model) => model['peerId'] === null).length, peered.length % 2, `${region}: only an odd one out is unpaired`);
    }
    assert.ok(pairs >= 3, `${pairs} peerings`);
  } finally {
    await peering.close();
  }
});

test('networking GETs agree with a Search made through the SDK (return allAdditionalFields)', async () => {
  const region = emulator.tenancy.homeRegion;
  const { items } = await searchAll(searchClient(emulator, provider, region), 'query Subnet, Vcn resources return allAdditionalFields');
  assert.ok(items.length > 0);
  const client = networkClient(emulator, provider, region);
  for (const item of items as searchModels.ResourceSummary[]) {
    const model = (item.resourceType === 'Vcn'
      ? (await client.getVcn({ vcnId: item.identifier })).vcn
      : (await client.getSubnet({ subnetId: item.identifier })).subnet) as unknown as Record<string, unknown>;
    assertCommonFields(model, item as unknown as ResourceSummary, 'displayName');
    for (const [field, value] of Object.entries(item.additionalDetails ?? {})) {
      if (field in model) assert.equal(plain(model[field]), value, `${item.identifier}: ${field}`);
    }
  }
});

test('networking: wrong region, wrong id kind, unknown and forged OCIDs answer 404 NotAuthorizedOrNotFound', async () => {
  const [home, other] = regions() as [string, string];
  const vcn = searchOf(emulator, home, 'Vcn')[0]!;
  const subnet = searchOf(emulator, home, 'Subnet')[0]!;
  const otherClient = networkClient(emulator, provider, other);
  const homeClient = networkClient(emulator, provider, home);
  const forged = `${vcn.identifier.slice(0, -4)}aaaa`;
  const failures = [
    await expectSdkFailure(() => otherClient.getVcn({ vcnId: vcn.identifier })),
    await expectSdkFailure(() => homeClient.getSubnet({ subnetId: vcn.identifier })),
    await expectSdkFailure(() => homeClient.getRouteTable({ rtId: subnet.identifier })),
    await expectSdkFailure(() => homeClient.getVcn({ vcnId: 'ocid1.vcn.oc1.iad.doesnotexist' })),
    await expectSdkFailure(() => homeClient.getVcn({ vcnId: forged })),
  ];
  for (const failure of failures) {
    assert.is(failure.statusCode, 404);
    assert.is(failure.serviceCode, 'NotAuthorizedOrNotFound');
    assert.is(failure.message, 'Authorization failed or requested resource not found.');
  }
});

test('markGone: Search still lists it, GETs answer 404; markForbidden: 403 NotAuthorized; reset restores both', async () => {
  const region = emulator.tenancy.homeRegion;
  const client = networkClient(emulator, provider, region);
  const [vcn] = searchOf(emulator, region, 'Vcn');
  const [subnet] = searchOf(emulator, region, 'Subnet');
  assert.ok(vcn && subnet);

  emulator.reads.markGone(vcn.identifier);
  emulator.reads.markForbidden(subnet.identifier);
  const { items } = await searchAll(searchClient(emulator, provider, region), 'query Vcn resources');
  assert.ok(items.some((item) => item.identifier === vcn.identifier), 'Search still returns the gone VCN');
  const gone = await expectSdkFailure(() => client.getVcn({ vcnId: vcn.identifier }));
  assert.equal([gone.statusCode, gone.serviceCode], [404, 'NotAuthorizedOrNotFound']);
  const forbidden = await expectSdkFailure(() => client.getSubnet({ subnetId: subnet.identifier }));
  assert.equal([forbidden.statusCode, forbidden.serviceCode], [403, 'NotAuthorized']);
  assert.ok(forbidden.opcRequestId, 'errors carry opc-request-id');
  // A GET of something related still works (the subnet's VCN is gone, the subnet's route table is not).
  const routeTableId = found(subnet.identifier).references['routeTableId'] as string;
  assert.is((await client.getRouteTable({ rtId: routeTableId })).routeTable.id, routeTableId);

  emulator.reads.reset();
  assert.is((await client.getVcn({ vcnId: vcn.identifier })).vcn.id, vcn.identifier);
  assert.is((await client.getSubnet({ subnetId: subnet.identifier })).subnet.id, subnet.identifier);
});

test('counters count per operation; a fault rule can target one operation of iaas', async () => {
  const region = emulator.tenancy.homeRegion;
  const client = networkClient(emulator, provider, region);
  const [vcn] = searchOf(emulator, region, 'Vcn');
  const subnets = searchOf(emulator, region, 'Subnet').slice(0, 3);
  assert.ok(vcn && subnets.length === 3);
  emulator.counters.reset();
  await client.getVcn({ vcnId: vcn.identifier });
  for (const subnet of subnets) await client.getSubnet({ subnetId: subnet.identifier });
  assert.is(emulator.counters.get({ service: 'iaas', region, operation: 'GetVcn' }).requests, 1);
  assert.is(emulator.counters.get({ service: 'iaas', region, operation: 'GetSubnet' }).requests, 3);
  assert.is(emulator.counters.get({ service: 'iaas' }).requests, 4);

  emulator.faults.setPlan({ rules: [{ match: { service: 'iaas', operation: 'GetSubnet' }, rateLimit: { ratePerSecond: 0.001, burst: 1 } }] });
  await client.getSubnet({ subnetId: subnets[0]!.identifier });
  const throttled = await expectSdkFailure(() => client.getSubnet({ subnetId: subnets[0]!.identifier }));
  assert.equal([throttled.statusCode, throttled.serviceCode], [429, 'TooManyRequests']);
  assert.is((await client.getVcn({ vcnId: vcn.identifier })).vcn.id, vcn.identifier, 'other operations are not limited');
  assert.is(emulator.counters.get({ service: 'iaas', operation: 'GetSubnet' }).throttled, 1);
});

test('GETs are deterministic: two emulators of one seed answer byte-for-byte the same', async () => {
  const twin = await startEmulator({ tenancy: 'small', seed: 'emulator-reads' });
  try {
    const twinProvider = (await configFileProvider(twin, join(dir, 'twin'))).provider;
    const region = emulator.tenancy.homeRegion;
    const ours = networkClient(emulator, provider, region);
    const theirs = networkClient(twin, twinProvider, region);
    for (const spec of NETWORK_GETS) {
      for (const summary of searchOf(emulator, region, spec.type).slice(0, 3)) {
        assert.equal(await spec.get(theirs, summary.identifier), await spec.get(ours, summary.identifier), `${spec.type} ${summary.identifier}`);
      }
    }
  } finally {
    await twin.close();
  }
});

// ---------------------------------------------------------------------------------------------------
// Identity
// ---------------------------------------------------------------------------------------------------

interface IamGet {
  type: string;
  get: (client: IdentityClient, id: string) => Promise<object>;
  /** Fields equal to Search's additionalDetails of the same name. */
  details: readonly string[];
}

const IAM_GETS: readonly IamGet[] = [
  { type: 'User', get: async (c, userId) => (await c.getUser({ userId })).user, details: ['email', 'isMfaActivated'] },
  { type: 'Group', get: async (c, groupId) => (await c.getGroup({ groupId })).group, details: ['description'] },
  { type: 'Policy', get: async (c, policyId) => (await c.getPolicy({ policyId })).policy, details: ['statements'] },
  { type: 'DynamicResourceGroup', get: async (c, dynamicGroupId) => (await c.getDynamicGroup({ dynamicGroupId })).dynamicGroup, details: ['matchingRule'] },
  { type: 'TagNamespace', get: async (c, tagNamespaceId) => (await c.getTagNamespace({ tagNamespaceId })).tagNamespace, details: ['isRetired', 'description'] },
  { type: 'Compartment', get: async (c, compartmentId) => (await c.getCompartment({ compartmentId })).compartment, details: [] },
];

test('every IAM type: GET from any region agrees with Search (name = displayName)', async () => {
  const all = regions();
  let n = 0;
  for (const spec of IAM_GETS) {
    const summaries = searchOf(emulator, emulator.tenancy.homeRegion, spec.type);
    assert.ok(summaries.length > 0, `the tenancy has ${spec.type} resources`);
    for (const summary of summaries) {
      const region = all[n++ % all.length]!;
      const model = (await spec.get(identityClient(emulator, provider, region), summary.identifier)) as Record<string, unknown>;
      assertCommonFields(model, summary, 'name');
      for (const field of spec.details) {
        assert.equal(model[field], summary.additionalDetails[field], `${spec.type} ${summary.identifier}: ${field}`);
      }
      if (spec.type === 'Policy') {
        assert.ok((model['statements'] as string[]).length > 0, 'a policy has statements');
      }
    }
  }
});

test('getCompartment answers DELETED compartments, agrees with listCompartments and Search; the root still works', async () => {
  const client = identityClient(emulator, provider);
  const tenancyId = emulator.tenancy.id;
  const listed = new Map<string, identityModels.Compartment>();
  let page: string | undefined;
  do {
    const response = await client.listCompartments({
      compartmentId: tenancyId,
      compartmentIdInSubtree: true,
      accessLevel: identityRequests.ListCompartmentsRequest.AccessLevel.Any,
      limit: 50,
      ...(page ? { page } : {}),
    });
    for (const item of response.items) listed.set(item.id, item);
    page = response.opcNextPage;
  } while (page !== undefined);
  const summaries = searchOf(emulator, emulator.tenancy.homeRegion, 'Compartment');
  const deleted = summaries.filter((summary) => summary.lifecycleState === 'DELETED');
  assert.ok(deleted.length > 0, 'the tenancy has DELETED compartments');
  for (const summary of summaries) {
    const compartment = (await client.getCompartment({ compartmentId: summary.identifier })).compartment;
    assertCommonFields(compartment as unknown as Record<string, unknown>, summary, 'name');
    assert.equal(compartment, listed.get(summary.identifier), `${summary.identifier}: as listed`);
  }
  const root = (await client.getCompartment({ compartmentId: tenancyId })).compartment;
  assert.is(root.id, tenancyId);
  assert.is(root.name, emulator.tenancy.name);
});

test('IAM: gone and forbidden; a networking OCID on an IAM GET is 404', async () => {
  const client = identityClient(emulator, provider, regions()[1]);
  const [user] = searchOf(emulator, emulator.tenancy.homeRegion, 'User');
  const [group] = searchOf(emulator, emulator.tenancy.homeRegion, 'Group');
  const compartment = searchOf(emulator, emulator.tenancy.homeRegion, 'Compartment').find((c) => c.lifecycleState === 'ACTIVE');
  const [vcn] = searchOf(emulator, emulator.tenancy.homeRegion, 'Vcn');
  assert.ok(user && group && compartment && vcn);
  emulator.reads.markGone(user.identifier);
  emulator.reads.markForbidden(group.identifier);
  emulator.reads.markGone(compartment.identifier);
  const failures = {
    user: await expectSdkFailure(() => client.getUser({ userId: user.identifier })),
    group: await expectSdkFailure(() => client.getGroup({ groupId: group.identifier })),
    compartment: await expectSdkFailure(() => client.getCompartment({ compartmentId: compartment.identifier })),
    kind: await expectSdkFailure(() => client.getGroup({ groupId: user.identifier })),
    network: await expectSdkFailure(() => client.getPolicy({ policyId: vcn.identifier })),
  };
  assert.equal(
    Object.fromEntries(Object.entries(failures).map(([name, failure]) => [name, [failure.statusCode, failure.serviceCode]])),
    {
      user: [404, 'NotAuthorizedOrNotFound'],
      group: [403, 'NotAuthorized'],
      compartment: [404, 'NotAuthorizedOrNotFound'],
      kind: [404, 'NotAuthorizedOrNotFound'],
      network: [404, 'NotAuthorizedOrNotFound'],
    },
  );
  const memberships = await client.listUserGroupMemberships({ compartmentId: emulator.tenancy.id, userId: user.identifier });
  assert.equal(memberships.items, [], 'a gone user has no memberships');
});

/** Every membership of a listing, one page of `limit` at a time. */
async function allMemberships(client: IdentityClient, filter: { userId?: string; groupId?: string }, limit: number): Promise<identityModels.UserGroupMembership[]> {
  const items: identityModels.UserGroupMembership[] = [];
  let page: string | undefined;
  let pages = 0;
  do {
    const response = await client.listUserGroupMemberships({ compartmentId: emulator.tenancy.id, ...filter, limit, ...(page ? { page } : {}) });
    if (++pages > 1000) throw new Error('pagination does not end');
    items.push(...response.items);
    page = response.opcNextPage;
  } while (page !== undefined);
  return items;
}

test('listUserGroupMemberships: each user in 1-2 groups, the same relation from both sides, paged', async () => {
  const client = identityClient(emulator, provider);
  const users = searchOf(emulator, emulator.tenancy.homeRegion, 'User');
  const groups = searchOf(emulator, emulator.tenancy.homeRegion, 'Group');
  const fromUsers = new Set<string>();
  for (const user of users) {
    const items = await allMemberships(client, { userId: user.identifier }, 1);
    assert.ok(items.length >= 1 && items.length <= 2, `${user.displayName} is in ${items.length} group(s)`);
    for (const membership of items) {
      assert.is(membership.userId, user.identifier);
      assert.is(membership.compartmentId, emulator.tenancy.id);
      assert.is(membership.lifecycleState, 'ACTIVE');
      assertResolves(membership.groupId, 'Group', emulator.tenancy.homeRegion, 'membership.groupId');
      fromUsers.add(`${membership.userId}|${membership.groupId}|${membership.id}`);
    }
  }
  const fromGroups = new Set<string>();
  for (const group of groups) {
    for (const membership of await allMemberships(client, { groupId: group.identifier }, 2)) {
      assert.is(membership.groupId, group.identifier);
      assertResolves(membership.userId, 'User', emulator.tenancy.homeRegion, 'membership.userId');
      fromGroups.add(`${membership.userId}|${membership.groupId}|${membership.id}`);
    }
  }
  assert.equal([...fromGroups].sort(), [...fromUsers].sort());
  const everything = await allMemberships(client, {}, 4);
  assert.equal(everything.map((m) => `${m.userId}|${m.groupId}|${m.id}`).sort(), [...fromUsers].sort());
  assert.ok(groups.some((group) => [...fromUsers].some((m) => m.includes(`|${group.identifier}|`))), 'groups have members');

  const subCompartment = searchOf(emulator, emulator.tenancy.homeRegion, 'Compartment')[0]!.identifier;
  const bad = await expectSdkFailure(() => client.listUserGroupMemberships({ compartmentId: subCompartment }));
  assert.equal([bad.statusCode, bad.serviceCode], [400, 'InvalidParameter']);
});

// ---------------------------------------------------------------------------------------------------
// Object Storage
// ---------------------------------------------------------------------------------------------------

test('getBucket answers the tenancy\'s buckets by Search displayName, in their region', async () => {
  let n = 0;
  for (const region of regions()) {
    const client = objectStorageClient(emulator, provider, region);
    for (const summary of searchOf(emulator, region, 'Bucket')) {
      const { bucket, eTag } = await client.getBucket({ namespaceName: emulator.namespace, bucketName: summary.displayName });
      n++;
      const what = `bucket ${summary.displayName}`;
      assert.is(bucket.name, summary.displayName, what);
      assert.is(bucket.namespace, emulator.namespace, what);
      assert.is(bucket.id, summary.identifier, what);
      assert.is(bucket.compartmentId, summary.compartmentId, what);
      assert.is(String(bucket.timeCreated), summary.timeCreated, what);
      assert.equal(bucket.freeformTags, summary.freeformTags, what);
      assert.equal(bucket.definedTags, summary.definedTags, what);
      assert.is(bucket.publicAccessType, summary.additionalDetails['publicAccessType'], what);
      assert.ok(['Enabled', 'Disabled', 'Suspended'].includes(String(bucket.versioning)), what);
      assert.ok(['Standard', 'Archive'].includes(String(bucket.storageTier)), what);
      assert.type(bucket.objectEventsEnabled, 'boolean');
      assert.is(eTag, bucket.etag);
      const kmsKeyId = found(summary.identifier).references['kmsKeyId'];
      if (typeof kmsKeyId === 'string') {
        assert.is(bucket.kmsKeyId, kmsKeyId, what);
        assertResolves(kmsKeyId, 'Key', region, `${what}.kmsKeyId`);
      } else {
        assert.is(bucket.kmsKeyId, undefined, what);
      }
      assertResolves(bucket.createdBy, 'User', region, `${what}.createdBy`);
    }
  }
  assert.ok(n > 5, `${n} buckets`);
});

test('getBucket: approximate fields, HeadBucket, wrong region, gone and forbidden', async () => {
  const [home, other] = regions() as [string, string];
  const [summary] = searchOf(emulator, home, 'Bucket');
  assert.ok(summary);
  const homeClient = objectStorageClient(emulator, provider, home);
  const request = { namespaceName: emulator.namespace, bucketName: summary.displayName };
  const { ApproximateCount, ApproximateSize } = storageRequests.GetBucketRequest.Fields;
  const withUsage = (await homeClient.getBucket({ ...request, fields: [ApproximateCount, ApproximateSize] })).bucket;
  assert.type(withUsage.approximateCount, 'number');
  assert.type(withUsage.approximateSize, 'number');
  assert.ok((await homeClient.headBucket(request)).eTag);

  const wrongRegion = await expectSdkFailure(() => objectStorageClient(emulator, provider, other).getBucket(request));
  assert.equal([wrongRegion.statusCode, wrongRegion.serviceCode], [404, 'BucketNotFound']);
  emulator.reads.markGone(summary.identifier);
  const gone = await expectSdkFailure(() => homeClient.getBucket(request));
  assert.equal([gone.statusCode, gone.serviceCode], [404, 'BucketNotFound']);
  emulator.reads.reset();
  emulator.reads.markForbidden(summary.identifier);
  const forbidden = await expectSdkFailure(() => homeClient.getBucket(request));
  assert.equal([forbidden.statusCode, forbidden.serviceCode], [403, 'NotAuthorized']);
  emulator.reads.reset();
  assert.is((await homeClient.getBucket(request)).bucket.id, summary.identifier);
  assert.is(emulator.counters.get({ service: 'objectstorage', operation: 'GetBucket' }).requests > 0, true);
});

test('buckets created through the API still work, and win over a tenancy bucket of the same name', async () => {
  const region = emulator.tenancy.homeRegion;
  const client = objectStorageClient(emulator, provider, region);
  const [summary] = searchOf(emulator, region, 'Bucket');
  assert.ok(summary);
  const compartmentId = emulator.tenancy.id;
  for (const name of ['reads-real-bucket', summary.displayName]) {
    const versioning = storageModels.CreateBucketDetails.Versioning.Enabled;
    await client.createBucket({ namespaceName: emulator.namespace, createBucketDetails: { name, compartmentId, versioning } });
    const { bucket } = await client.getBucket({ namespaceName: emulator.namespace, bucketName: name });
    assert.is(bucket.compartmentId, compartmentId);
    assert.is(bucket.createdBy, emulator.defaultUser.userId);
    assert.is.not(bucket.id, summary.identifier);
    await client.deleteBucket({ namespaceName: emulator.namespace, bucketName: name });
  }
  assert.is((await client.getBucket({ namespaceName: emulator.namespace, bucketName: summary.displayName })).bucket.id, summary.identifier);
  const missing = await expectSdkFailure(() => client.getBucket({ namespaceName: emulator.namespace, bucketName: 'no-such-bucket' }));
  assert.equal([missing.statusCode, missing.serviceCode], [404, 'BucketNotFound']);
});

// ---------------------------------------------------------------------------------------------------
// Mutations (a tenancy of its own)
// ---------------------------------------------------------------------------------------------------

test('after mutations: removed resources are 404, renamed buckets answer by their new name, added resources are served', async () => {
  const region = mutable.tenancy.homeRegion;
  const network = networkClient(mutable, mutableProvider, region);
  const storage = objectStorageClient(mutable, mutableProvider, region);
  const [nsg] = searchOf(mutable, region, 'NetworkSecurityGroup');
  const [bucket] = searchOf(mutable, region, 'Bucket');
  const [routeTable] = searchOf(mutable, region, 'RouteTable');
  assert.ok(nsg && bucket && routeTable);
  // Warm every cache first, so the mutations below must invalidate them.
  await network.getNetworkSecurityGroup({ networkSecurityGroupId: nsg.identifier });
  await storage.getBucket({ namespaceName: mutable.namespace, bucketName: bucket.displayName });
  await network.getRouteTable({ rtId: routeTable.identifier });

  const report = mutable.tenancy.mutate([
    { kind: 'remove', ocid: nsg.identifier },
    { kind: 'modify', ocid: bucket.identifier, displayName: `${bucket.displayName}-renamed` },
    { kind: 'add', resourceType: 'Bucket', region, displayName: 'added-bucket' },
    { kind: 'add', resourceType: 'Vcn', region },
  ]);
  const removed = await expectSdkFailure(() => network.getNetworkSecurityGroup({ networkSecurityGroupId: nsg.identifier }));
  assert.equal([removed.statusCode, removed.serviceCode], [404, 'NotAuthorizedOrNotFound']);
  const oldName = await expectSdkFailure(() => storage.getBucket({ namespaceName: mutable.namespace, bucketName: bucket.displayName }));
  assert.is(oldName.statusCode, 404);
  assert.is((await storage.getBucket({ namespaceName: mutable.namespace, bucketName: `${bucket.displayName}-renamed` })).bucket.id, bucket.identifier);
  const added = (await storage.getBucket({ namespaceName: mutable.namespace, bucketName: 'added-bucket' })).bucket;
  assert.ok(report.added.includes(added.id!));
  const addedVcn = report.added.find((ocid) => ocid.startsWith('ocid1.vcn.'));
  assert.ok(addedVcn);
  assert.is((await network.getVcn({ vcnId: addedVcn })).vcn.id, addedVcn);
});

test('after mutations: memberships follow removed and added users from both sides', async () => {
  const identity = identityClient(mutable, mutableProvider);
  const tenancyId = mutable.tenancy.id;
  const [user] = searchOf(mutable, mutable.tenancy.homeRegion, 'User');
  assert.ok(user);
  const before = await identity.listUserGroupMemberships({ compartmentId: tenancyId, userId: user.identifier });
  assert.ok(before.items.length > 0);
  const groupId = before.items[0]!.groupId;

  const report = mutable.tenancy.mutate([{ kind: 'remove', ocid: user.identifier }, { kind: 'add', resourceType: 'User' }]);
  const addedUser = report.added[0]!;
  const ofGroup = (await identity.listUserGroupMemberships({ compartmentId: tenancyId, groupId, limit: 1000 })).items;
  assert.not.ok(ofGroup.some((m) => m.userId === user.identifier), 'a removed user leaves its groups');
  assert.equal((await identity.listUserGroupMemberships({ compartmentId: tenancyId, userId: user.identifier })).items, []);
  const ofAdded = (await identity.listUserGroupMemberships({ compartmentId: tenancyId, userId: addedUser })).items;
  assert.ok(ofAdded.length >= 1 && ofAdded.length <= 2, 'an added user is in one or two groups');
  assert.is((await identity.getUser({ userId: addedUser })).user.id, addedUser);
  const removed = await expectSdkFailure(() => identity.getUser({ userId: user.identifier }));
  assert.equal([removed.statusCode, removed.serviceCode], [404, 'NotAuthorizedOrNotFound']);
});

test.run();
