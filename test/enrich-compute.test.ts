import { join } from 'node:path';
import type { AuthenticationDetailsProvider, ClientConfiguration } from 'oci-common';
import { BlockstorageClient, ComputeClient, ComputeManagementClient, VirtualNetworkClient, type models as coreModels } from 'oci-core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startEmulator, type Emulator } from '../emulator/index.ts';
import { ComputeReads } from '../emulator/reads/compute/index.ts';
import { TenancyReads } from '../emulator/reads/index.ts';
import type { FoundResource, ResourceSummary } from '../emulator/tenancy/index.ts';
import type { ResourceSummary as SearchSummary } from '../shared/discovery/search-pages.ts';
import { declarativeEnricher } from '../shared/enrich/declaration.ts';
import type { EnrichmentResult } from '../shared/enrich/enricher.ts';
import { valuesAt } from '../shared/enrich/field-paths.ts';
import { RELATIONS } from '../shared/enrich/relations.ts';
import { COMPUTE } from '../shared/enrich/services/group-compute.ts';
import type { InventoryRecord } from '../shared/model/record.ts';
import { OciClientFactory } from '../shared/oci/client-factory.ts';
import { emulatorAuthArgs, readJsonlRecords, runCli, runDirOf } from './support/cli-harness.ts';
import {
  configFileProvider,
  expectSdkFailure,
  makeTempDir,
  noRetryClientConfiguration,
  removeDir,
  signedRequest,
} from './support/emulator-clients.ts';

/*
 * Compute, block storage and instance addresses: the emulator's GETs and attachment lists through the real
 * SDK clients (they agree with Search, attachments agree both ways, controls and pagination answer as OCI
 * does), then a CLI run whose records of these twelve types are enriched with their details and typed edges.
 */

let emulator: Emulator;
/** A second tenancy for mutations, so they do not disturb the others' expectations. */
let mutable: Emulator;
let dir: string;
let provider: AuthenticationDetailsProvider;
let mutableProvider: AuthenticationDetailsProvider;
let records: InventoryRecord[];
let byOcid: Map<string, InventoryRecord>;

test.before(async () => {
  [emulator, mutable] = await Promise.all([
    startEmulator({ tenancy: 'small', seed: 'enrich-compute' }),
    startEmulator({ tenancy: 'small', seed: 'enrich-compute-mutations' }),
  ]);
  dir = await makeTempDir('enrich-compute');
  provider = (await configFileProvider(emulator, join(dir, 'main'))).provider;
  mutableProvider = (await configFileProvider(mutable, join(dir, 'mutable'))).provider;
  const { configPath } = await emulator.writeOciConfig(join(dir, 'cli'));
  const result = await runCli(['run', ...emulatorAuthArgs(emulator, configPath), '--outdir', join(dir, 'out'), '--log-level', 'warn'], { cwd: dir });
  assert.is(result.exitCode, 0, result.stderr);
  records = (await readJsonlRecords(join(runDirOf(result), 'inventory.jsonl'))) as unknown as InventoryRecord[];
  byOcid = new Map(records.map((record) => [record.ocid, record]));
});

test.after(async () => {
  await Promise.all([emulator?.close(), mutable?.close()]);
  await removeDir(dir);
});

test.before.each(() => {
  emulator.reads.reset();
  emulator.faults.setPlan({ rules: [] });
});

// ---------------------------------------------------------------------------------------------------
// Clients and Search
// ---------------------------------------------------------------------------------------------------

type ClientCtor<C> = new (params: { authenticationDetailsProvider: AuthenticationDetailsProvider }, configuration?: ClientConfiguration) => C;

interface Clients {
  compute: ComputeClient;
  management: ComputeManagementClient;
  block: BlockstorageClient;
  network: VirtualNetworkClient;
}

function client<C extends { endpoint: string }>(ctor: ClientCtor<C>, target: Emulator, auth: AuthenticationDetailsProvider, region: string): C {
  const made = new ctor({ authenticationDetailsProvider: auth }, noRetryClientConfiguration());
  // After construction: setting a region later would overwrite it.
  made.endpoint = target.endpoint('iaas', region);
  return made;
}

function clientsFor(region: string, target = emulator, auth = provider): Clients {
  return {
    compute: client(ComputeClient, target, auth, region),
    management: client(ComputeManagementClient, target, auth, region),
    block: client(BlockstorageClient, target, auth, region),
    network: client(VirtualNetworkClient, target, auth, region),
  };
}

const regions = (): string[] => emulator.tenancy.regions.map((region) => region.name);

function searchOf(region: string, resourceType: string, target = emulator): ResourceSummary[] {
  return [...target.tenancy.iterate(region, { withDetails: true })].filter((item) => item.resourceType === resourceType);
}

function found(ocid: string, target = emulator): FoundResource {
  const resource = target.tenancy.findByOcid(ocid);
  if (resource === undefined) throw new Error(`${ocid} does not resolve`);
  return resource;
}

/** The JSON a model came from: the SDK's deserializers add keys with undefined values for absent fields. */
function plain(value: unknown): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}

/** Every page of a list call, following opc-next-page; the page sizes show the pagination happened. */
async function allPages<T>(list: (page: string | undefined) => Promise<{ items: T[]; opcNextPage?: string }>): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let pages = 0;
  let page: string | undefined;
  do {
    const response = await list(page);
    if (response.items.length === 0 && page !== undefined) throw new Error(`page ${pages + 1} is empty`);
    if (++pages > 10_000) throw new Error('pagination does not end');
    items.push(...response.items);
    page = response.opcNextPage;
  } while (page !== undefined);
  return { items, pages };
}

// ---------------------------------------------------------------------------------------------------
// GETs
// ---------------------------------------------------------------------------------------------------

interface ComputeGet {
  type: string;
  get: (clients: Clients, id: string) => Promise<object>;
  /** Every reference of the tenancy: where the model has it, and the type it points at. */
  references: Record<string, readonly [path: string, targetType: string]>;
  /** Instance configurations and private IPs have no lifecycle state in the API. */
  lifecycle: boolean;
}

const COMPUTE_GETS: readonly ComputeGet[] = [
  {
    type: 'Instance', get: async (c, instanceId) => (await c.compute.getInstance({ instanceId })).instance,
    references: { imageId: ['imageId', 'Image'] }, lifecycle: true,
  },
  { type: 'Image', get: async (c, imageId) => (await c.compute.getImage({ imageId })).image, references: {}, lifecycle: true },
  {
    type: 'BootVolume', get: async (c, bootVolumeId) => (await c.block.getBootVolume({ bootVolumeId })).bootVolume,
    references: { imageId: ['imageId', 'Image'], kmsKeyId: ['kmsKeyId', 'Key'] }, lifecycle: true,
  },
  {
    type: 'Volume', get: async (c, volumeId) => (await c.block.getVolume({ volumeId })).volume,
    references: { kmsKeyId: ['kmsKeyId', 'Key'] }, lifecycle: true,
  },
  {
    type: 'VolumeBackup', get: async (c, volumeBackupId) => (await c.block.getVolumeBackup({ volumeBackupId })).volumeBackup,
    references: { volumeId: ['volumeId', 'Volume'] }, lifecycle: true,
  },
  {
    type: 'BootVolumeBackup',
    get: async (c, bootVolumeBackupId) => (await c.block.getBootVolumeBackup({ bootVolumeBackupId })).bootVolumeBackup,
    references: { bootVolumeId: ['bootVolumeId', 'BootVolume'] }, lifecycle: true,
  },
  {
    type: 'VolumeGroup', get: async (c, volumeGroupId) => (await c.block.getVolumeGroup({ volumeGroupId })).volumeGroup,
    references: { volumeIds: ['volumeIds[]', 'Volume'] }, lifecycle: true,
  },
  {
    type: 'InstanceConfiguration',
    get: async (c, instanceConfigurationId) => (await c.management.getInstanceConfiguration({ instanceConfigurationId })).instanceConfiguration,
    references: {
      imageId: ['instanceDetails.launchDetails.sourceDetails.imageId', 'Image'],
      subnetId: ['instanceDetails.launchDetails.createVnicDetails.subnetId', 'Subnet'],
    },
    lifecycle: false,
  },
  {
    type: 'InstancePool', get: async (c, instancePoolId) => (await c.management.getInstancePool({ instancePoolId })).instancePool,
    references: {
      instanceConfigurationId: ['instanceConfigurationId', 'InstanceConfiguration'],
      subnetId: ['placementConfigurations[].primarySubnetId', 'Subnet'],
    },
    lifecycle: true,
  },
  { type: 'Vnic', get: async (c, vnicId) => (await c.network.getVnic({ vnicId })).vnic, references: { subnetId: ['subnetId', 'Subnet'] }, lifecycle: true },
  {
    type: 'PrivateIp', get: async (c, privateIpId) => (await c.network.getPrivateIp({ privateIpId })).privateIp,
    references: { vnicId: ['vnicId', 'Vnic'], subnetId: ['subnetId', 'Subnet'] }, lifecycle: false,
  },
  {
    type: 'PublicIp', get: async (c, publicIpId) => (await c.network.getPublicIp({ publicIpId })).publicIp,
    references: { privateIpId: ['privateIpId', 'PrivateIp'] }, lifecycle: true,
  },
];

/** Every GET of every region, fetched once and shared by the tests below. */
const models = new Map<string, { region: string; summary: ResourceSummary; model: Record<string, unknown> }>();

test('the twelve types: every GET agrees with Search, its references and additionalDetails; relations resolve in the region', async () => {
  assert.equal(COMPUTE_GETS.map((spec) => spec.type).sort(), COMPUTE.map((declaration) => declaration.resourceType).sort());
  for (const region of regions()) {
    const clients = clientsFor(region);
    for (const spec of COMPUTE_GETS) {
      const summaries = searchOf(region, spec.type);
      assert.ok(summaries.length > 0, `${region}: the tenancy has ${spec.type} resources`);
      for (const summary of summaries) {
        const model = plain(await spec.get(clients, summary.identifier));
        models.set(summary.identifier, { region, summary, model });
        const what = `${spec.type} ${summary.identifier}`;
        assert.is(model['id'], summary.identifier, `${what}: id`);
        assert.is(model['compartmentId'], summary.compartmentId, `${what}: compartmentId`);
        assert.is(model['displayName'], summary.displayName, `${what}: displayName`);
        assert.is(model['timeCreated'], summary.timeCreated, `${what}: timeCreated`);
        assert.equal(model['freeformTags'], summary.freeformTags, `${what}: freeformTags`);
        assert.equal(model['definedTags'], summary.definedTags, `${what}: definedTags`);
        assert.is('lifecycleState' in model, spec.lifecycle, `${what}: lifecycleState in the model`);
        if (spec.lifecycle) assert.is(model['lifecycleState'], summary.lifecycleState, `${what}: lifecycleState`);
        if (summary.availabilityDomain !== null) assert.is(model['availabilityDomain'], summary.availabilityDomain, `${what}: AD`);

        for (const [name, value] of Object.entries(found(summary.identifier).references)) {
          const reference = spec.references[name];
          assert.ok(reference, `${what}: the test knows where the model keeps the reference ${name}`);
          const [path, targetType] = reference;
          const expected = value === null ? [] : Array.isArray(value) ? value : [value];
          assert.equal(valuesAt(model, path).filter((id) => id !== null), expected, `${what}: ${path} is the tenancy's ${name}`);
          for (const id of expected) {
            const target = found(id);
            assert.is(target.summary.resourceType, targetType, `${what}.${path}: type`);
            assert.is(target.region, region, `${what}.${path}: same region`);
          }
        }
        for (const [field, value] of Object.entries(summary.additionalDetails)) {
          if (field in model) assert.equal(model[field], value, `${what}: ${field} as in additionalDetails`);
        }
      }
    }
  }
  assert.ok(models.size > 100, `fetched ${models.size} resources`);
});

function modelsOf(type: string): { region: string; summary: ResourceSummary; model: Record<string, unknown> }[] {
  return [...models.values()].filter((entry) => entry.summary.resourceType === type);
}

test('models hang together: instance source and shape, backups and their volumes, volume groups, VNIC addresses', () => {
  for (const { region, model } of modelsOf('Instance')) {
    assert.is(model['region'], emulator.tenancy.regions.find((r) => r.name === region)!.ocidSegment);
    assert.match(String(model['faultDomain']), /^FAULT-DOMAIN-[123]$/);
    const config = model['shapeConfig'] as { ocpus: number; memoryInGBs: number; vcpus: number };
    assert.ok(config.ocpus > 0 && config.memoryInGBs >= config.ocpus && config.vcpus >= config.ocpus, `${String(model['shape'])} shape config`);
    const source = model['sourceDetails'] as { sourceType: string; imageId: string; bootVolumeSizeInGBs: number | null };
    assert.is(source.sourceType, 'image');
    assert.is(source.imageId, model['imageId']);
  }
  for (const { model } of modelsOf('VolumeBackup')) {
    const volume = models.get(model['volumeId'] as string)?.model;
    assert.ok(volume, 'the backed-up volume was fetched');
    assert.is(model['sizeInGBs'], volume['sizeInGBs']);
    assert.is(model['kmsKeyId'], volume['kmsKeyId'] ?? null);
    assert.ok((model['uniqueSizeInGBs'] as number) <= (model['sizeInGBs'] as number));
  }
  for (const { model } of modelsOf('BootVolumeBackup')) {
    const bootVolume = models.get(model['bootVolumeId'] as string)?.model;
    assert.ok(bootVolume, 'the backed-up boot volume was fetched');
    assert.is(model['imageId'], bootVolume['imageId']);
  }
  let grouped = 0;
  for (const { model } of modelsOf('Volume')) {
    if (model['volumeGroupId'] === null) continue;
    grouped++;
    const group = models.get(model['volumeGroupId'] as string)?.model;
    assert.ok(group && (group['volumeIds'] as string[]).includes(model['id'] as string), 'a volume is in the group that lists it');
    assert.is.not(group['lifecycleState'], 'TERMINATED');
  }
  assert.ok(grouped > 0, 'some volumes are in a volume group');
  for (const { model } of modelsOf('VolumeGroup')) {
    const volumeIds = model['volumeIds'] as string[];
    assert.equal(model['sourceDetails'], { type: 'volumeIds', volumeIds });
    assert.is(model['sizeInMBs'], volumeIds.reduce((sum, id) => sum + (models.get(id)!.model['sizeInMBs'] as number), 0));
  }
  const primaries = new Map<string, number>();
  for (const { model } of modelsOf('PrivateIp')) {
    const vnic = models.get(model['vnicId'] as string)?.model;
    assert.ok(vnic, 'the private IP\'s VNIC was fetched');
    assert.is(model['ipAddress'], vnic['privateIp'], 'a VNIC\'s private IPs share its address in this tenancy');
    assert.is(model['subnetId'], vnic['subnetId']);
    assert.is(model['availabilityDomain'], vnic['availabilityDomain']);
    if (model['isPrimary'] === true) primaries.set(model['vnicId'] as string, (primaries.get(model['vnicId'] as string) ?? 0) + 1);
  }
  assert.ok([...primaries.values()].every((count) => count === 1), 'one primary private IP per VNIC');
  let withPublicIp = 0;
  for (const { model } of modelsOf('Vnic')) {
    for (const nsgId of model['nsgIds'] as string[]) {
      const nsg = found(nsgId);
      const subnet = found(model['subnetId'] as string);
      assert.is(nsg.references['vcnId'], subnet.references['vcnId'], 'a VNIC\'s NSG belongs to its subnet\'s VCN');
    }
    if (model['publicIp'] === null) continue;
    withPublicIp++;
    const assigned = modelsOf('PublicIp').filter(({ model: ip }) => ip['ipAddress'] === model['publicIp'] && ip['lifecycleState'] === 'ASSIGNED');
    assert.ok(assigned.some(({ model: ip }) => models.get(ip['privateIpId'] as string)?.model['vnicId'] === model['id']), 'the VNIC\'s public IP is assigned to one of its private IPs');
  }
  assert.ok(withPublicIp > 0, 'some VNICs have a public IP');
  for (const { model } of modelsOf('PublicIp')) {
    assert.is(model['assignedEntityId'], model['privateIpId']);
    assert.is(model['scope'], model['lifetime'] === 'EPHEMERAL' ? 'AVAILABILITY_DOMAIN' : 'REGION');
  }
});

test('gone: 404 NotAuthorizedOrNotFound; forbidden: 403 NotAuthorized; wrong region and wrong id kind: 404 (every type)', async () => {
  const [home, other] = regions() as [string, string];
  const homeClients = clientsFor(home);
  const otherClients = clientsFor(other);
  for (const spec of COMPUTE_GETS) {
    const [first, second] = searchOf(home, spec.type);
    assert.ok(first && second, `two ${spec.type} resources in ${home}`);
    emulator.reads.markGone(first.identifier);
    emulator.reads.markForbidden(second.identifier);
    const gone = await expectSdkFailure(() => spec.get(homeClients, first.identifier));
    assert.equal([gone.statusCode, gone.serviceCode, gone.message], [404, 'NotAuthorizedOrNotFound', 'Authorization failed or requested resource not found.'], `${spec.type} gone`);
    const forbidden = await expectSdkFailure(() => spec.get(homeClients, second.identifier));
    assert.equal([forbidden.statusCode, forbidden.serviceCode], [403, 'NotAuthorized'], `${spec.type} forbidden`);
    emulator.reads.reset();
    assert.is(plain(await spec.get(homeClients, first.identifier))['id'], first.identifier, `${spec.type}: reset restores it`);
    const elsewhere = await expectSdkFailure(() => spec.get(otherClients, first.identifier));
    assert.equal([elsewhere.statusCode, elsewhere.serviceCode], [404, 'NotAuthorizedOrNotFound'], `${spec.type} from ${other}`);
    const otherKind = COMPUTE_GETS.find((candidate) => candidate.type !== spec.type)!;
    const wrongKind = await expectSdkFailure(() => otherKind.get(homeClients, first.identifier));
    assert.equal([wrongKind.statusCode, wrongKind.serviceCode], [404, 'NotAuthorizedOrNotFound'], `${spec.type} id at ${otherKind.type}`);
  }
});

// ---------------------------------------------------------------------------------------------------
// Attachments
// ---------------------------------------------------------------------------------------------------

type Attachment = Record<string, unknown> & { id: string; instanceId: string; compartmentId: string; availabilityDomain: string; lifecycleState: string };

interface RegionAttachmentsSeen {
  vnic: Attachment[];
  volume: Attachment[];
  bootVolume: Attachment[];
}

const seen = new Map<string, RegionAttachmentsSeen>();

test('attachments by instance and by VNIC or volume agree; same AD and compartment as the instance; each resource attached once', async () => {
  for (const region of regions()) {
    const { compute } = clientsFor(region);
    const all: RegionAttachmentsSeen = { vnic: [], volume: [], bootVolume: [] };
    for (const instance of searchOf(region, 'Instance')) {
      const where = { compartmentId: instance.compartmentId, instanceId: instance.identifier };
      const lists = {
        vnic: (await compute.listVnicAttachments(where)).items,
        volume: (await compute.listVolumeAttachments(where)).items,
        bootVolume: (await compute.listBootVolumeAttachments({ ...where, availabilityDomain: instance.availabilityDomain! })).items,
      };
      assert.ok(lists.bootVolume.length <= 1, 'at most one boot volume');
      for (const [kind, items] of Object.entries(lists) as [keyof RegionAttachmentsSeen, object[]][]) {
        for (const item of items.map(plain) as Attachment[]) {
          assert.is(item.instanceId, instance.identifier);
          assert.is(item.availabilityDomain, instance.availabilityDomain, `${kind} attachment in the instance's AD`);
          assert.is(item.compartmentId, instance.compartmentId, `${kind} attachment in the instance's compartment`);
          const expectDetached = instance.lifecycleState === 'TERMINATED';
          if (expectDetached) assert.is(item.lifecycleState, 'DETACHED', 'a terminated instance has nothing attached');
          all[kind].push(item);
        }
      }
    }

    for (const attachment of all.vnic) {
      const vnic = found(attachment['vnicId'] as string);
      assert.is(vnic.summary.resourceType, 'Vnic');
      assert.is(vnic.region, region);
      assert.is(vnic.summary.availabilityDomain, attachment.availabilityDomain, 'the VNIC is in the instance\'s AD');
      assert.is(attachment['subnetId'], vnic.references['subnetId'], 'the attachment names the VNIC\'s subnet');
      const back = (await compute.listVnicAttachments({ compartmentId: attachment.compartmentId, vnicId: vnic.summary.identifier })).items;
      assert.equal(back.map(plain), [attachment], 'listed by vnicId: the same attachment');
    }
    for (const attachment of all.volume) {
      const volume = found(attachment['volumeId'] as string);
      assert.is(volume.summary.resourceType, 'Volume');
      assert.is(volume.summary.availabilityDomain, attachment.availabilityDomain, 'the volume is in the instance\'s AD');
      assert.match(String(attachment['device']), /^\/dev\/oracleoci\/oraclevd[b-z]$/);
      assert.ok(['paravirtualized', 'iscsi'].includes(attachment['attachmentType'] as string));
      const back = (await compute.listVolumeAttachments({ compartmentId: attachment.compartmentId, volumeId: volume.summary.identifier })).items;
      assert.equal(back.map(plain), [attachment], 'listed by volumeId: the same attachment');
    }
    for (const attachment of all.bootVolume) {
      const bootVolume = found(attachment['bootVolumeId'] as string);
      const instance = found(attachment.instanceId);
      assert.is(bootVolume.summary.resourceType, 'BootVolume');
      assert.is(bootVolume.summary.availabilityDomain, attachment.availabilityDomain, 'the boot volume is in the instance\'s AD');
      assert.is(bootVolume.summary.displayName, `${instance.summary.displayName} (Boot Volume)`, 'the boot volume the catalogue made for the instance');
      assert.is(bootVolume.references['imageId'], instance.references['imageId'], 'the boot volume holds the instance\'s image');
      const back = (await compute.listBootVolumeAttachments({
        compartmentId: attachment.compartmentId, availabilityDomain: attachment.availabilityDomain, bootVolumeId: bootVolume.summary.identifier,
      })).items;
      assert.equal(back.map(plain), [attachment], 'listed by bootVolumeId: the same attachment');
    }
    for (const [kind, field] of [['vnic', 'vnicId'], ['volume', 'volumeId'], ['bootVolume', 'bootVolumeId']] as const) {
      const ids = all[kind].map((attachment) => attachment[field]);
      assert.is(new Set(ids).size, ids.length, `${region}: each ${field} attached once`);
    }
    // Every base boot volume is its instance's (none was added or removed in this tenancy).
    assert.is(all.bootVolume.length, searchOf(region, 'BootVolume').length, `${region}: every boot volume attached`);
    seen.set(region, all);
  }
  const totals = [...seen.values()].reduce((sum, r) => [sum[0]! + r.vnic.length, sum[1]! + r.volume.length, sum[2]! + r.bootVolume.length], [0, 0, 0]);
  assert.ok(totals.every((count) => count > 5), `attachments: ${totals.join(', ')} (VNIC, volume, boot volume)`);
});

test('instance source details report the attached boot volume (size, performance, key)', () => {
  for (const { summary, model } of modelsOf('Instance')) {
    const boot = [...seen.values()].flatMap((r) => r.bootVolume).find((attachment) => attachment.instanceId === summary.identifier);
    const source = model['sourceDetails'] as Record<string, unknown>;
    if (boot === undefined) {
      assert.is(source['bootVolumeSizeInGBs'], null);
      continue;
    }
    const bootVolume = models.get(boot['bootVolumeId'] as string)!.model;
    assert.is(source['bootVolumeSizeInGBs'], bootVolume['sizeInGBs']);
    assert.is(source['bootVolumeVpusPerGB'], bootVolume['vpusPerGB']);
    assert.is(source['kmsKeyId'], bootVolume['kmsKeyId'] ?? null);
  }
});

test('attachment lists paginate with opc-next-page; filters by compartment and AD; bad page tokens and limits are 400', async () => {
  const region = emulator.tenancy.homeRegion;
  const { compute } = clientsFor(region);
  const attachments = seen.get(region)!.vnic;
  const byCompartment = new Map<string, Attachment[]>();
  for (const attachment of attachments) byCompartment.set(attachment.compartmentId, [...(byCompartment.get(attachment.compartmentId) ?? []), attachment]);
  let paged = 0;
  for (const [compartmentId, expected] of byCompartment) {
    const { items, pages } = await allPages((page) => compute.listVnicAttachments({ compartmentId, limit: 1, ...(page ? { page } : {}) }));
    assert.equal(items.map(plain), expected, `${compartmentId}: every page together is the compartment's attachments`);
    assert.is(pages, expected.length);
    if (pages > 1) paged++;
  }
  assert.ok(paged > 0, 'some compartment needed several pages');
  const compartmentId = attachments[0]!.compartmentId;
  const inAd = (await compute.listVnicAttachments({ compartmentId, availabilityDomain: attachments[0]!.availabilityDomain })).items.map(plain);
  assert.ok(inAd.length > 0 && inAd.every((item) => item['availabilityDomain'] === attachments[0]!.availabilityDomain));

  const badPage = await expectSdkFailure(() => compute.listVnicAttachments({ compartmentId, page: 'not-a-token' }));
  assert.equal([badPage.statusCode, badPage.serviceCode], [400, 'InvalidParameter']);
  const badLimit = await expectSdkFailure(() => compute.listVolumeAttachments({ compartmentId, limit: 5000 }));
  assert.equal([badLimit.statusCode, badLimit.serviceCode], [400, 'InvalidParameter']);
  const unknown = await expectSdkFailure(() => compute.listVnicAttachments({ compartmentId: 'ocid1.compartment.oc1..doesnotexist' }));
  assert.equal([unknown.statusCode, unknown.serviceCode], [404, 'NotAuthorizedOrNotFound']);

  const base = emulator.endpoint('iaas', region);
  const missingCompartment = await signedRequest(provider, { method: 'GET', url: `${base}/20160918/vnicAttachments` });
  assert.equal([missingCompartment.status, JSON.parse(missingCompartment.body).code], [400, 'MissingParameter']);
  const missingAd = await signedRequest(provider, {
    method: 'GET', url: `${base}/20160918/bootVolumeAttachments?compartmentId=${encodeURIComponent(compartmentId)}`,
  });
  assert.equal([missingAd.status, JSON.parse(missingAd.body).code], [400, 'MissingParameter']);
});

test('a gone instance lists no attachments; forbidden does not hide them; other regions list none of them', async () => {
  const [home, other] = regions() as [string, string];
  const attachment = seen.get(home)!.vnic[0]!;
  const where = { compartmentId: attachment.compartmentId, instanceId: attachment.instanceId };
  const { compute } = clientsFor(home);
  emulator.reads.markForbidden(attachment.instanceId);
  assert.ok((await compute.listVnicAttachments(where)).items.length > 0);
  const forbidden = await expectSdkFailure(() => compute.getInstance({ instanceId: attachment.instanceId }));
  assert.is(forbidden.statusCode, 403);
  emulator.reads.markGone(attachment.instanceId);
  assert.equal((await compute.listVnicAttachments(where)).items, []);
  assert.equal((await compute.listVnicAttachments({ compartmentId: attachment.compartmentId, vnicId: attachment['vnicId'] as string })).items, []);
  emulator.reads.reset();
  assert.equal((await clientsFor(other).compute.listVnicAttachments(where)).items, []);
});

test('attachments follow mutations: a moved instance takes them along, a removed boot volume detaches', async () => {
  const region = mutable.tenancy.homeRegion;
  const { compute } = clientsFor(region, mutable, mutableProvider);
  const instance = searchOf(region, 'Instance', mutable).find((item) => item.lifecycleState === 'RUNNING')!;
  const before = (await compute.listVnicAttachments({ compartmentId: instance.compartmentId, instanceId: instance.identifier })).items.map(plain);
  const boot = (await compute.listBootVolumeAttachments({
    compartmentId: instance.compartmentId, instanceId: instance.identifier, availabilityDomain: instance.availabilityDomain!,
  })).items.map(plain);
  assert.ok(before.length > 0 && boot.length === 1, 'the instance has a VNIC and a boot volume');
  const target = mutable.tenancy.compartments.find((c) => c.lifecycleState === 'ACTIVE' && c.id !== instance.compartmentId)!;
  mutable.tenancy.mutate([{ kind: 'move', ocid: instance.identifier, compartmentId: target.id }]);
  const moved = (await compute.listVnicAttachments({ compartmentId: target.id, instanceId: instance.identifier })).items.map(plain);
  assert.equal(moved, before.map((attachment) => ({ ...attachment, compartmentId: target.id })));
  assert.equal((await compute.listVnicAttachments({ compartmentId: instance.compartmentId, instanceId: instance.identifier })).items, []);

  mutable.tenancy.mutate([{ kind: 'remove', ocid: boot[0]!['bootVolumeId'] as string }]);
  const after = await compute.listBootVolumeAttachments({
    compartmentId: target.id, instanceId: instance.identifier, availabilityDomain: instance.availabilityDomain!,
  });
  assert.equal(after.items, []);
  const model = plain((await compute.getInstance({ instanceId: instance.identifier })).instance);
  assert.is((model['sourceDetails'] as Record<string, unknown>)['bootVolumeSizeInGBs'], null);
});

test('counters count per SDK operation; a fault rule can target one of them', async () => {
  const region = emulator.tenancy.homeRegion;
  const { compute, block } = clientsFor(region);
  const instance = searchOf(region, 'Instance')[0]!;
  const volume = searchOf(region, 'Volume')[0]!;
  emulator.counters.reset();
  await compute.getInstance({ instanceId: instance.identifier });
  await compute.listVnicAttachments({ compartmentId: instance.compartmentId, instanceId: instance.identifier });
  await compute.listVnicAttachments({ compartmentId: instance.compartmentId, instanceId: instance.identifier });
  await block.getVolume({ volumeId: volume.identifier });
  assert.is(emulator.counters.get({ service: 'iaas', region, operation: 'GetInstance' }).requests, 1);
  assert.is(emulator.counters.get({ service: 'iaas', region, operation: 'ListVnicAttachments' }).requests, 2);
  assert.is(emulator.counters.get({ service: 'iaas', region, operation: 'GetVolume' }).requests, 1);

  emulator.faults.setPlan({ rules: [{ match: { service: 'iaas', operation: 'ListVolumeAttachments' }, rateLimit: { ratePerSecond: 0.001, burst: 1 } }] });
  await compute.listVolumeAttachments({ compartmentId: instance.compartmentId });
  const throttled = await expectSdkFailure(() => compute.listVolumeAttachments({ compartmentId: instance.compartmentId }));
  assert.equal([throttled.statusCode, throttled.serviceCode], [429, 'TooManyRequests']);
  assert.is((await block.getVolume({ volumeId: volume.identifier })).volume.id, volume.identifier, 'other operations are not limited');
});

test('GETs and lists are deterministic: two emulators of one seed answer byte-for-byte the same', async () => {
  const twin = await startEmulator({ tenancy: 'small', seed: 'enrich-compute' });
  try {
    const twinProvider = (await configFileProvider(twin, join(dir, 'twin'))).provider;
    const region = emulator.tenancy.homeRegion;
    const ours = clientsFor(region);
    const theirs = clientsFor(region, twin, twinProvider);
    for (const spec of COMPUTE_GETS) {
      for (const summary of searchOf(region, spec.type).slice(0, 3)) {
        assert.equal(plain(await spec.get(theirs, summary.identifier)), plain(await spec.get(ours, summary.identifier)), `${spec.type} ${summary.identifier}`);
      }
    }
    const compartmentId = seen.get(region)!.vnic[0]!.compartmentId;
    assert.equal(
      (await theirs.compute.listVnicAttachments({ compartmentId })).items.map(plain),
      (await ours.compute.listVnicAttachments({ compartmentId })).items.map(plain),
    );
  } finally {
    await twin.close();
  }
});

test('a GET answers in microseconds once the region is indexed (no per-GET scan of the region)', () => {
  const reads = new ComputeReads(new TenancyReads(emulator.tenancy));
  const region = emulator.tenancy.homeRegion;
  const scope = { region, tenancyId: emulator.tenancy.id };
  for (const spec of COMPUTE_GETS) {
    const id = searchOf(region, spec.type)[0]!.identifier;
    reads.model(spec.type, id, scope); // builds the region's indexes
    const started = performance.now();
    for (let i = 0; i < 1000; i++) reads.model(spec.type, id, scope);
    const perGetMicros = performance.now() - started; // ms for 1000 = µs per GET
    // Tens of µs on an idle machine (most of it regenerating resources); a scan of the region would be milliseconds.
    assert.ok(perGetMicros < 1000, `${spec.type}: ${perGetMicros.toFixed(1)} µs per GET`);
  }
  const instance = searchOf(region, 'Instance')[0]!;
  const started = performance.now();
  for (let i = 0; i < 1000; i++) reads.attachments('vnic', { compartmentId: instance.compartmentId, availabilityDomain: null, instanceId: instance.identifier, attachedId: null }, scope);
  assert.ok(performance.now() - started < 1000, 'listing an instance\'s attachments is as cheap');
});

/** What enrichment makes of every resource of the twelve types, through the real enrichers and SDK clients. */
async function enrichAll(target: Emulator, auth: AuthenticationDetailsProvider): Promise<Map<string, EnrichmentResult>> {
  const factory = new OciClientFactory({ authProvider: auth, endpointTemplate: target.endpointTemplate });
  const results = new Map<string, EnrichmentResult>();
  for (const region of target.tenancy.regions.map((r) => r.name)) {
    for (const declaration of COMPUTE) {
      const enricher = declarativeEnricher(declaration);
      await Promise.all(searchOf(region, declaration.resourceType, target).map(async (summary) => {
        const result = await enricher.enrich(summary as unknown as SearchSummary, { region, tenancyId: target.tenancy.id, factory });
        assert.is(result.status, 'OK', `${summary.identifier}: ${result.error}`);
        results.set(summary.identifier, result);
      }));
    }
  }
  return results;
}

test('random mutations change other records only around what they mutated (what a diff attributes to an edge)', async () => {
  for (const seed of ['a', 'b']) {
    const target = await startEmulator({ tenancy: 'small', seed: `enrich-compute-stability-${seed}` });
    try {
      const auth = (await configFileProvider(target, join(dir, `stability-${seed}`))).provider;
      const before = await enrichAll(target, auth);
      const report = target.tenancy.applyRandomMutations({ seed, count: 60 });
      const mutated = new Set([...report.added, ...report.removed, ...report.modified.map((entry) => entry.ocid)]);
      const after = await enrichAll(target, auth);
      let derived = 0;
      for (const [ocid, previous] of before) {
        const current = after.get(ocid);
        if (current === undefined || mutated.has(ocid)) continue;
        const view = (result: EnrichmentResult) => JSON.stringify([result.details, [...result.relationships].sort((a, b) => (`${a.relation}${a.target}` < `${b.relation}${b.target}` ? -1 : 1))]);
        if (view(previous) === view(current)) continue;
        derived++;
        const targets = [...previous.relationships, ...current.relationships].map((edge) => edge.target);
        assert.ok(targets.some((id) => mutated.has(id)), `${seed}: ${ocid} changed without an edge to a mutated resource`);
      }
      assert.ok(mutated.size === 60 && before.size > 100, `${seed}: ${derived} derived changes`);
    } finally {
      await target.close();
    }
  }
});

// ---------------------------------------------------------------------------------------------------
// Enrichment (a CLI run against the emulator)
// ---------------------------------------------------------------------------------------------------

/**
 * The types an edge may point at. Every target is inside this inventory (the emulator's tenancy has no
 * platform images or dedicated hosts); in a real tenancy uses_image and created_from may name platform
 * images, which Search does not return.
 */
const TARGET_TYPES: Readonly<Record<string, readonly string[]>> = {
  in_compartment: ['Compartment', 'tenancy'],
  uses_image: ['Image'],
  created_from: ['Image', 'Volume', 'BootVolume', 'VolumeBackup', 'BootVolumeBackup'],
  has_vnic: ['Vnic'],
  has_boot_volume: ['BootVolume'],
  has_volume: ['Volume'],
  in_subnet: ['Subnet'],
  in_security_group: ['NetworkSecurityGroup'],
  uses_route_table: ['RouteTable'],
  encrypted_by: ['Key'],
  in_volume_group: ['VolumeGroup'],
  contains_volume: ['Volume', 'BootVolume'],
  backup_of: ['Volume', 'BootVolume'],
  uses_instance_configuration: ['InstanceConfiguration'],
  assigned_to: ['Vnic', 'PrivateIp', 'NatGateway'],
};

function edges(record: InventoryRecord, relation: string): string[] {
  return record.relationships.filter((edge) => edge.relation === relation).map((edge) => edge.target).sort();
}

test('every record of the twelve types is OK, with exactly its declared details and typed edges to resources in the inventory', () => {
  const seenRelations = new Set<string>();
  for (const declaration of COMPUTE) {
    const ofType = records.filter((record) => record.resourceType === declaration.resourceType);
    assert.ok(ofType.length > 0, `the small tenancy has ${declaration.resourceType} resources`);
    for (const [relation] of declaration.relations) assert.ok(Object.hasOwn(RELATIONS, relation), `${declaration.resourceType}: ${relation} is in the vocabulary`);
    for (const record of ofType) {
      assert.is(record.enrichStatus, 'OK', `${record.ocid}: ${record.enrichError}`);
      assert.equal(Object.keys(record.details ?? {}).sort(), [...declaration.details, ...Object.keys(declaration.lists)].sort(), declaration.resourceType);
      assert.ok(record.relationships.some((edge) => edge.relation === 'in_compartment' && edge.target === record.compartmentId));
      for (const edge of record.relationships) {
        seenRelations.add(edge.relation);
        const target = byOcid.get(edge.target);
        const type = target?.resourceType ?? (edge.target.startsWith('ocid1.tenancy.') ? 'tenancy' : 'outside the inventory');
        assert.ok((TARGET_TYPES[edge.relation] ?? []).includes(type), `${declaration.resourceType} ${edge.relation} -> ${type} (${edge.target})`);
        if (target !== undefined && edge.relation !== 'in_compartment') assert.is(target.region, record.region, `${edge.relation}: same region`);
      }
    }
  }
  const expected = [
    'uses_image', 'has_vnic', 'has_boot_volume', 'has_volume', 'in_subnet', 'in_security_group', 'encrypted_by', 'in_volume_group',
    'contains_volume', 'backup_of', 'uses_instance_configuration', 'assigned_to',
  ];
  for (const relation of expected) assert.ok(seenRelations.has(relation), `some record has a ${relation} edge`);
});

test('records agree with each other: instance attachments and the VNIC, volume and boot volume records, backups, groups, IPs', () => {
  const ofType = (type: string) => records.filter((record) => record.resourceType === type);
  const attachedVnics = new Map<string, string>();
  const attachedBootVolumes = new Map<string, string>();
  for (const instance of ofType('Instance')) {
    const details = instance.details as Record<string, unknown>;
    const vnicAttachments = details['vnicAttachments'] as { vnicId: string; subnetId: string; lifecycleState: string }[];
    assert.equal(edges(instance, 'has_vnic'), [...new Set(vnicAttachments.map((a) => a.vnicId))].sort());
    for (const attachment of vnicAttachments) {
      assert.is.not(attachment.lifecycleState, 'DETACHED');
      const vnic = byOcid.get(attachment.vnicId);
      assert.ok(vnic && vnic.resourceType === 'Vnic', 'the attached VNIC is a Vnic record');
      assert.is(vnic.availabilityDomain, instance.availabilityDomain);
      assert.is((vnic.details as Record<string, unknown>)['subnetId'], attachment.subnetId);
      assert.ok(edges(instance, 'in_subnet').includes(attachment.subnetId));
      assert.ok(!attachedVnics.has(attachment.vnicId), 'a VNIC is attached to one instance');
      attachedVnics.set(attachment.vnicId, instance.ocid);
    }
    const boot = edges(instance, 'has_boot_volume');
    assert.ok(boot.length <= 1, 'one boot volume');
    for (const bootVolumeId of boot) {
      const bootVolume = byOcid.get(bootVolumeId)!;
      const bootDetails = bootVolume.details as Record<string, unknown>;
      const source = details['sourceDetails'] as Record<string, unknown>;
      assert.is(bootVolume.availabilityDomain, instance.availabilityDomain);
      assert.is(bootDetails['imageId'], details['imageId']);
      assert.is(bootDetails['sizeInGBs'], source['bootVolumeSizeInGBs']);
      assert.is(bootDetails['kmsKeyId'], source['kmsKeyId']);
      assert.ok(!attachedBootVolumes.has(bootVolumeId));
      attachedBootVolumes.set(bootVolumeId, instance.ocid);
    }
    if (instance.lifecycleState === 'TERMINATED') {
      assert.equal([edges(instance, 'has_vnic'), boot, edges(instance, 'has_volume')], [[], [], []], 'nothing stays attached to a terminated instance');
    }
    for (const volumeId of edges(instance, 'has_volume')) assert.is(byOcid.get(volumeId)!.availabilityDomain, instance.availabilityDomain);
  }
  assert.ok(attachedVnics.size > 5 && attachedBootVolumes.size > 5, `${attachedVnics.size} VNICs and ${attachedBootVolumes.size} boot volumes attached`);
  // What the emulator lists agrees with what the records hold (attachments in place only).
  for (const all of seen.values()) {
    for (const attachment of all.vnic.filter((a) => a.lifecycleState !== 'DETACHED')) {
      assert.is(attachedVnics.get(attachment['vnicId'] as string), attachment.instanceId);
    }
    for (const attachment of all.bootVolume.filter((a) => a.lifecycleState !== 'DETACHED')) {
      assert.is(attachedBootVolumes.get(attachment['bootVolumeId'] as string), attachment.instanceId);
    }
  }

  for (const backup of [...ofType('VolumeBackup'), ...ofType('BootVolumeBackup')]) {
    const [source] = edges(backup, 'backup_of');
    assert.ok(source, `${backup.ocid} is a backup of something`);
    assert.is((backup.details as Record<string, unknown>)['kmsKeyId'], (byOcid.get(source)!.details as Record<string, unknown>)['kmsKeyId']);
  }
  for (const group of ofType('VolumeGroup')) {
    for (const volumeId of edges(group, 'contains_volume')) {
      const inGroup = edges(byOcid.get(volumeId)!, 'in_volume_group');
      assert.is(inGroup.length, 1, 'a grouped volume names one group');
      if (group.lifecycleState !== 'TERMINATED' && inGroup[0] !== group.ocid) {
        // A volume listed by two groups names the first live one; it must list the volume too.
        assert.ok(edges(byOcid.get(inGroup[0]!)!, 'contains_volume').includes(volumeId));
      }
    }
  }
  for (const privateIp of ofType('PrivateIp')) {
    const [vnicId] = edges(privateIp, 'assigned_to');
    assert.equal(edges(privateIp, 'in_subnet'), edges(byOcid.get(vnicId!)!, 'in_subnet'), 'a private IP is in its VNIC\'s subnet');
  }
  for (const publicIp of ofType('PublicIp')) assert.is(byOcid.get(edges(publicIp, 'assigned_to')[0]!)?.resourceType, 'PrivateIp');
});

test.run();
