import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuthenticationDetailsProvider } from 'oci-common';
import { ContainerEngineClient } from 'oci-containerengine';
import { VirtualNetworkClient } from 'oci-core';
import { FileStorageClient } from 'oci-filestorage';
import { FunctionsManagementClient } from 'oci-functions';
import { LoadBalancerClient } from 'oci-loadbalancer';
import { NetworkLoadBalancerClient } from 'oci-networkloadbalancer';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startEmulator, type Emulator } from '../emulator/index.ts';
import { TenancyReads } from '../emulator/reads/index.ts';
import { NetworkServicesReads } from '../emulator/reads/network-services/index.ts';
import type { ResourceSummary } from '../emulator/tenancy/index.ts';
import { NETWORK_SERVICES } from '../shared/enrich/services/group-network-services.ts';
import type { InventoryRecord } from '../shared/model/record.ts';
import { emulatorAuthArgs, makeTempDir, readJsonlRecords, removeTempDir, runCli, runDirOf } from './support/cli-harness.ts';
import { configFileProvider, expectSdkFailure, functionsClient, noRetryClientConfiguration, readAll } from './support/emulator-clients.ts';

/*
 * Load balancers, network load balancers, file systems, mount targets, Functions applications and
 * functions, and OKE clusters: the CLI enriches every one of them through the real SDK clients against the
 * emulator (details exactly as declared, edges to resources of the right type in the same region, no secret
 * config value written), and the emulator's endpoints answer as OCI does (gone 404, forbidden 403, other
 * region 404, pages, operation names), next to the routes they share a host with.
 */

let emulator: Emulator;
let workDir: string;
let provider: AuthenticationDetailsProvider;
let records: InventoryRecord[];
let inventoryText: string;
let byOcid: Map<string, InventoryRecord>;
/** Search with additionalDetails (what `return allAdditionalFields` shows), by OCID, every region. */
let search: Map<string, ResourceSummary>;

const GROUP_TYPES = NETWORK_SERVICES.map((declaration) => declaration.resourceType);

/** The type every edge of a group type must point at, by relation. Every target is in the inventory: none is outside. */
const TARGET_TYPES: Record<string, Record<string, readonly string[]>> = {
  LoadBalancer: { in_subnet: ['Subnet'], in_security_group: ['NetworkSecurityGroup'] },
  NetworkLoadBalancer: { in_subnet: ['Subnet'], in_security_group: ['NetworkSecurityGroup'], load_balances: ['Instance'] },
  FileSystem: { encrypted_by: ['Key'] },
  MountTarget: { in_subnet: ['Subnet'], in_security_group: ['NetworkSecurityGroup'], has_private_ip: ['PrivateIp'], exports: ['FileSystem'] },
  FunctionsApplication: { in_subnet: ['Subnet'], in_security_group: ['NetworkSecurityGroup'] },
  FunctionsFunction: { in_application: ['FunctionsApplication'] },
  ClustersCluster: { in_vcn: ['Vcn'], in_subnet: ['Subnet'], in_security_group: ['NetworkSecurityGroup'], encrypted_by: ['Key'] },
};

test.before(async () => {
  emulator = await startEmulator({ tenancy: 'small', seed: 'enrich-network-services' });
  workDir = await makeTempDir('enrich-network-services');
  const { configPath } = await emulator.writeOciConfig(join(workDir, 'oci'));
  provider = (await configFileProvider(emulator, join(workDir, 'sdk'))).provider;
  const result = await runCli(['run', ...emulatorAuthArgs(emulator, configPath), '--outdir', join(workDir, 'out'), '--log-level', 'warn'], { cwd: workDir });
  assert.is(result.exitCode, 0, result.stderr);
  inventoryText = await readFile(join(runDirOf(result), 'inventory.jsonl'), 'utf8');
  records = (await readJsonlRecords(join(runDirOf(result), 'inventory.jsonl'))) as unknown as InventoryRecord[];
  byOcid = new Map(records.map((record) => [record.ocid, record]));
  search = new Map(
    emulator.tenancy.regions.flatMap((region) => [...emulator.tenancy.iterate(region.name, { withDetails: true })].map((s) => [s.identifier, s] as const)),
  );
});

test.after(async () => {
  await emulator?.close();
  await removeTempDir(workDir);
});

test.before.each(() => {
  emulator.reads.reset();
  emulator.faults.setPlan({ rules: [] });
});

const ofType = (type: string): InventoryRecord[] => records.filter((record) => record.resourceType === type);
const details = (record: InventoryRecord): Record<string, any> => record.details as Record<string, any>;
const targets = (record: InventoryRecord, relation: string): string[] =>
  record.relationships.filter((edge) => edge.relation === relation).map((edge) => edge.target).sort();
const additional = (ocid: string): Record<string, unknown> => search.get(ocid)?.additionalDetails ?? {};
const sorted = (values: Iterable<string>): string[] => [...new Set(values)].sort();

/* ---- Through the CLI ---- */

test('every record of the 7 types is enriched OK with exactly the declared details (and list names)', () => {
  assert.equal([...GROUP_TYPES].sort(), ['ClustersCluster', 'FileSystem', 'FunctionsApplication', 'FunctionsFunction', 'LoadBalancer', 'MountTarget', 'NetworkLoadBalancer']);
  for (const declaration of NETWORK_SERVICES) {
    const found = ofType(declaration.resourceType);
    assert.ok(found.length > 0, `the small tenancy has ${declaration.resourceType} resources`);
    for (const record of found) {
      assert.is(record.enrichStatus, 'OK', `${record.ocid}: ${record.enrichError}`);
      assert.is(record.enrichError, null);
      assert.equal(Object.keys(record.details ?? {}).sort(), [...declaration.details, ...Object.keys(declaration.lists)].sort(), declaration.resourceType);
    }
  }
});

test('every edge points at a record of the expected type in the same region, and every declared relation occurs', () => {
  for (const declaration of NETWORK_SERVICES) {
    const expected = TARGET_TYPES[declaration.resourceType]!;
    assert.equal(sorted(declaration.relations.map(([relation]) => relation)), sorted(Object.keys(expected)), `${declaration.resourceType}: the test knows every relation`);
    const seen = new Set<string>();
    for (const record of ofType(declaration.resourceType)) {
      assert.ok(record.relationships.some((edge) => edge.relation === 'in_compartment' && edge.target === record.compartmentId));
      for (const edge of record.relationships) {
        if (edge.relation === 'in_compartment') continue;
        const target = byOcid.get(edge.target);
        assert.ok(target, `${declaration.resourceType} ${edge.relation} -> ${edge.target} is in the inventory`);
        assert.ok(expected[edge.relation]?.includes(target.resourceType), `${declaration.resourceType} ${edge.relation} -> ${target.resourceType}`);
        assert.is(target.region, record.region, `${record.ocid} ${edge.relation} stays in its region`);
        seen.add(edge.relation);
      }
    }
    for (const relation of Object.keys(expected)) assert.ok(seen.has(relation), `some ${declaration.resourceType} has a ${relation} edge`);
  }
});

test('details agree with Search for the same OCID, and the edges with the details', () => {
  for (const record of ofType('LoadBalancer')) {
    const d = details(record);
    assert.equal(d['subnetIds'], additional(record.ocid)['subnetIds']);
    assert.is(d['isPrivate'], additional(record.ocid)['isPrivate']);
    assert.is(d['shapeName'], additional(record.ocid)['shapeName']);
    assert.equal(targets(record, 'in_subnet'), sorted(d['subnetIds']));
    assert.equal(targets(record, 'in_security_group'), sorted(d['networkSecurityGroupIds']));
  }
  for (const record of ofType('NetworkLoadBalancer')) {
    const d = details(record);
    assert.is(d['subnetId'], additional(record.ocid)['subnetId']);
    assert.is(d['isPrivate'], additional(record.ocid)['isPrivate']);
    const backendTargets = Object.values(d['backendSets'] as Record<string, { backends: { targetId: string }[] }>).flatMap((set) => set.backends.map((b) => b.targetId));
    assert.ok(backendTargets.length > 0);
    assert.equal(targets(record, 'load_balances'), sorted(backendTargets));
  }
  for (const record of ofType('FileSystem')) {
    assert.is(details(record)['kmsKeyId'], additional(record.ocid)['kmsKeyId']);
    assert.equal(details(record)['sourceDetails'], additional(record.ocid)['sourceDetails']);
    assert.equal(targets(record, 'encrypted_by'), details(record)['kmsKeyId'] === null ? [] : [details(record)['kmsKeyId']]);
  }
  for (const record of ofType('MountTarget')) {
    const d = details(record);
    assert.is(d['subnetId'], additional(record.ocid)['subnetId']);
    assert.equal(targets(record, 'has_private_ip'), sorted(d['privateIpIds']));
    assert.equal(targets(record, 'exports'), sorted((d['exports'] as { fileSystemId: string }[]).map((e) => e.fileSystemId)));
  }
  for (const record of ofType('FunctionsFunction')) {
    assert.is(details(record)['applicationId'], additional(record.ocid)['applicationId']);
    assert.is(details(record)['memoryInMBs'], additional(record.ocid)['memoryInMBs']);
    assert.equal(targets(record, 'in_application'), [details(record)['applicationId']]);
    // The function runs with its application's shape; its image is a tag of a repository of its region.
    const application = byOcid.get(details(record)['applicationId'])!;
    assert.is(details(record)['shape'], details(application)['shape']);
    const repositories = records.filter((r) => r.resourceType === 'ContainerRepo' && r.region === record.region).map((r) => r.displayName);
    const image = /^([a-z]+)\.ocir\.io\/([a-z0-9]+)\/(.+):([\w.-]+)$/.exec(details(record)['image']);
    assert.ok(image && image[2] === emulator.namespace && repositories.includes(image[3]!), details(record)['image']);
  }
  for (const record of ofType('ClustersCluster')) {
    const d = details(record);
    assert.is(d['vcnId'], additional(record.ocid)['vcnId']);
    assert.is(d['kubernetesVersion'], additional(record.ocid)['kubernetesVersion']);
    // Endpoint, service load balancer and node subnets all belong to the cluster's VCN.
    const subnets = [d['endpointConfig']['subnetId'], ...d['options']['serviceLbSubnetIds'],
      ...(d['nodePools'] as { placementConfigs: { subnetId: string }[] }[]).flatMap((pool) => pool.placementConfigs.map((p) => p.subnetId))];
    assert.ok((d['nodePools'] as unknown[]).length > 0 || record.lifecycleState === 'DELETED');
    for (const subnet of subnets) assert.is(additional(subnet)['vcnId'], d['vcnId'], `${record.ocid}: ${subnet}`);
    assert.equal(targets(record, 'in_subnet'), sorted(subnets));
    assert.equal(targets(record, 'in_vcn'), [d['vcnId']]);
  }
});

test('a load balancer\'s backends are addresses of private IPs of its subnets; a mount target\'s private IP is in its subnet', () => {
  const privateIps = [...search.values()].filter((s) => s.resourceType === 'PrivateIp');
  for (const record of ofType('LoadBalancer')) {
    const subnetIds: string[] = details(record)['subnetIds'];
    const addresses = new Set(privateIps.filter((s) => subnetIds.includes(String(s.additionalDetails['subnetId']))).map((s) => s.additionalDetails['ipAddress']));
    assert.ok(addresses.size > 0, `${record.ocid}: its subnets have private IPs (else backends come from its VCN)`);
    const backends = Object.values(details(record)['backendSets'] as Record<string, { backends: { ipAddress: string }[] }>).flatMap((set) => set.backends);
    assert.ok(backends.length > 0, record.ocid);
    for (const backend of backends) assert.ok(addresses.has(backend.ipAddress), `${record.ocid}: ${backend.ipAddress}`);
  }
  for (const record of ofType('MountTarget')) {
    for (const privateIpId of details(record)['privateIpIds'] as string[]) {
      assert.is(additional(privateIpId)['subnetId'], details(record)['subnetId']);
    }
  }
});

test('exports agree both ways: listed by file system and by the mount target\'s export set', () => {
  const fromFileSystems = ofType('FileSystem').flatMap((record) =>
    (details(record)['exports'] as { id: string; exportSetId: string; path: string }[]).map((e) => `${e.id}|${e.exportSetId}|${record.ocid}|${e.path}`));
  const fromMountTargets = ofType('MountTarget').flatMap((record) =>
    (details(record)['exports'] as { id: string; fileSystemId: string; path: string }[]).map((e) => `${e.id}|${details(record)['exportSetId']}|${e.fileSystemId}|${e.path}`));
  assert.ok(fromFileSystems.length > 0);
  assert.equal(fromFileSystems.sort(), fromMountTargets.sort());
  // A file system is exported only through mount targets of its own availability domain.
  for (const record of ofType('MountTarget')) {
    for (const target of targets(record, 'exports')) assert.is(byOcid.get(target)!.availabilityDomain, record.availabilityDomain);
  }
});

test('application and function config values (often secrets) never reach the inventory: only their keys', async () => {
  let values = 0;
  for (const record of ofType('FunctionsApplication')) {
    const sdk = managementClient(record.region!);
    const { application } = await sdk.getApplication({ applicationId: record.ocid });
    assert.equal(details(record)['configKeys'], Object.keys(application.config ?? {}).sort());
    assert.not.ok('config' in details(record));
    for (const value of Object.values(application.config ?? {})) {
      values += 1;
      assert.not.ok(inventoryText.includes(value), `the value of a config key of ${record.ocid} is in inventory.jsonl`);
    }
  }
  assert.ok(values > 0, 'the tenancy has config values to hide');
});

/* ---- The endpoints, through the real SDK clients ---- */

function withEndpoint<C extends { endpoint: string }>(client: C, host: string, region: string): C {
  // After construction: setting a region later would overwrite it.
  client.endpoint = emulator.endpoint(host, region);
  return client;
}
const loadBalancerClient = (region: string) =>
  withEndpoint(new LoadBalancerClient({ authenticationDetailsProvider: provider }, noRetryClientConfiguration()), 'iaas', region);
const networkLoadBalancerClient = (region: string) =>
  withEndpoint(new NetworkLoadBalancerClient({ authenticationDetailsProvider: provider }, noRetryClientConfiguration()), 'network-load-balancer-api', region);
const fileStorageClient = (region: string) =>
  withEndpoint(new FileStorageClient({ authenticationDetailsProvider: provider }, noRetryClientConfiguration()), 'filestorage', region);
function managementClient(region: string): FunctionsManagementClient {
  return withEndpoint(new FunctionsManagementClient({ authenticationDetailsProvider: provider }, noRetryClientConfiguration()), 'functions', region);
}
const containerEngineClient = (region: string) =>
  withEndpoint(new ContainerEngineClient({ authenticationDetailsProvider: provider }, noRetryClientConfiguration()), 'containerengine', region);

/** One GET per type, by the SDK operation that serves it. */
const GETS: Record<string, { operation: string; host: string; get: (region: string, id: string) => Promise<{ id?: string }> }> = {
  LoadBalancer: { operation: 'GetLoadBalancer', host: 'iaas', get: async (r, id) => (await loadBalancerClient(r).getLoadBalancer({ loadBalancerId: id })).loadBalancer },
  NetworkLoadBalancer: {
    operation: 'GetNetworkLoadBalancer', host: 'network-load-balancer-api',
    get: async (r, id) => (await networkLoadBalancerClient(r).getNetworkLoadBalancer({ networkLoadBalancerId: id })).networkLoadBalancer,
  },
  FileSystem: { operation: 'GetFileSystem', host: 'filestorage', get: async (r, id) => (await fileStorageClient(r).getFileSystem({ fileSystemId: id })).fileSystem },
  MountTarget: { operation: 'GetMountTarget', host: 'filestorage', get: async (r, id) => (await fileStorageClient(r).getMountTarget({ mountTargetId: id })).mountTarget },
  FunctionsApplication: { operation: 'GetApplication', host: 'functions', get: async (r, id) => (await managementClient(r).getApplication({ applicationId: id })).application },
  FunctionsFunction: { operation: 'GetFunction', host: 'functions', get: async (r, id) => (await managementClient(r).getFunction({ functionId: id })).function },
  ClustersCluster: { operation: 'GetCluster', host: 'containerengine', get: async (r, id) => (await containerEngineClient(r).getCluster({ clusterId: id })).cluster },
};

test('each GET answers its resource in its region; gone 404, forbidden 403, other region 404, other type 404', async () => {
  const regions = emulator.tenancy.regions.map((region) => region.name);
  for (const [type, { operation, host, get }] of Object.entries(GETS)) {
    const [first, second] = ofType(type);
    assert.ok(first && second, type);
    const before = emulator.counters.get({ service: host, operation }).requests;
    assert.is((await get(first.region!, first.ocid)).id, first.ocid);
    assert.is(emulator.counters.get({ service: host, operation }).requests, before + 1, `${type} is counted as ${operation}`);

    emulator.reads.markGone(first.ocid);
    emulator.reads.markForbidden(second.ocid);
    const gone = await expectSdkFailure(() => get(first.region!, first.ocid));
    assert.equal([gone.statusCode, gone.serviceCode], [404, 'NotAuthorizedOrNotFound'], `${type} gone`);
    const forbidden = await expectSdkFailure(() => get(second.region!, second.ocid));
    assert.equal([forbidden.statusCode, forbidden.serviceCode], [403, 'NotAuthorized'], `${type} forbidden`);
    emulator.reads.reset();

    const elsewhere = regions.find((region) => region !== first.region)!;
    const wrongRegion = await expectSdkFailure(() => get(elsewhere, first.ocid));
    assert.equal([wrongRegion.statusCode, wrongRegion.serviceCode], [404, 'NotAuthorizedOrNotFound'], `${type} from ${elsewhere}`);
    const other = records.find((record) => record.region === first.region && record.resourceType !== type)!;
    const wrongType = await expectSdkFailure(() => get(first.region!, other.ocid));
    assert.is(wrongType.statusCode, 404, `${type} GET of a ${other.resourceType}`);
  }
});

test('the iaas host serves load balancing (/20170115) and networking (/20160918) side by side', async () => {
  const lb = ofType('LoadBalancer')[0]!;
  const { loadBalancer } = await loadBalancerClient(lb.region!).getLoadBalancer({ loadBalancerId: lb.ocid });
  const network = withEndpoint(new VirtualNetworkClient({ authenticationDetailsProvider: provider }, noRetryClientConfiguration()), 'iaas', lb.region!);
  const { subnet } = await network.getSubnet({ subnetId: loadBalancer.subnetIds![0]! });
  assert.is(subnet.id, loadBalancer.subnetIds![0]);
  assert.ok(emulator.counters.get({ service: 'iaas', operation: 'GetSubnet' }).requests > 0);
});

test('a fault rule by operation name hits that operation only', async () => {
  const fileSystem = ofType('FileSystem')[0]!;
  emulator.faults.setPlan({ rules: [{ match: { service: 'filestorage', operation: 'ListExports' }, errorRate: 1, errorStatus: 503 }] });
  const failed = await expectSdkFailure(() => fileStorageClient(fileSystem.region!).listExports({ fileSystemId: fileSystem.ocid }));
  assert.is(failed.statusCode, 503);
  assert.is((await fileStorageClient(fileSystem.region!).getFileSystem({ fileSystemId: fileSystem.ocid })).fileSystem.id, fileSystem.ocid);
});

test('ListExports: one page at a time gives what one call gives; a filter is required; a gone file system\'s exports go too', async () => {
  const mountTarget = ofType('MountTarget').sort((a, b) => (details(b)['exports'] as unknown[]).length - (details(a)['exports'] as unknown[]).length)[0]!;
  const client = fileStorageClient(mountTarget.region!);
  const exportSetId = details(mountTarget)['exportSetId'] as string;
  const all = (await client.listExports({ exportSetId })).items;
  assert.ok(all.length >= 2, 'a mount target with two exports');
  const paged: string[] = [];
  let page: string | undefined;
  do {
    const response = await client.listExports({ exportSetId, limit: 1, ...(page ? { page } : {}) });
    assert.is(response.items.length, 1);
    paged.push(response.items[0]!.id);
    page = response.opcNextPage;
  } while (page);
  assert.equal(paged, all.map((e) => e.id));
  const byPath = (await client.listExports({ exportSetId, sortBy: 'PATH' as never, sortOrder: 'DESC' as never })).items.map((e) => e.path);
  assert.equal(byPath, [...byPath].sort().reverse());

  const missing = await expectSdkFailure(() => client.listExports({}));
  assert.equal([missing.statusCode, missing.serviceCode], [400, 'MissingParameter']);
  const badSort = await expectSdkFailure(() => client.listExports({ exportSetId, sortBy: 'SIZE' as never }));
  assert.equal([badSort.statusCode, badSort.serviceCode], [400, 'InvalidParameter']);

  emulator.reads.markGone(all[0]!.fileSystemId);
  const remaining = (await client.listExports({ exportSetId })).items;
  assert.equal(remaining.map((e) => e.id), all.filter((e) => e.fileSystemId !== all[0]!.fileSystemId).map((e) => e.id));
  // Other regions have none of them.
  const elsewhere = emulator.tenancy.regions.map((r) => r.name).find((r) => r !== mountTarget.region)!;
  assert.equal((await fileStorageClient(elsewhere).listExports({ exportSetId })).items, []);
});

test('ListNodePools: by compartment and cluster, paged; the compartment is required; filters by name and state', async () => {
  const cluster = ofType('ClustersCluster').find((record) => (details(record)['nodePools'] as unknown[]).length >= 2) ?? ofType('ClustersCluster')[0]!;
  const client = containerEngineClient(cluster.region!);
  const compartmentId = cluster.compartmentId!;
  const all = (await client.listNodePools({ compartmentId, clusterId: cluster.ocid })).items;
  assert.equal(all.map((pool) => pool.id).sort(), (details(cluster)['nodePools'] as { id: string }[]).map((pool) => pool.id));
  for (const pool of all) assert.is(pool.clusterId, cluster.ocid);
  const paged: string[] = [];
  let page: string | undefined;
  do {
    const response = await client.listNodePools({ compartmentId, clusterId: cluster.ocid, limit: 1, ...(page ? { page } : {}) });
    paged.push(...response.items.map((pool) => pool.id!));
    page = response.opcNextPage;
  } while (page);
  assert.equal(paged, all.map((pool) => pool.id));
  // Without clusterId: every pool of the compartment's clusters in this region.
  const inCompartment = (await client.listNodePools({ compartmentId })).items;
  assert.ok(all.every((pool) => inCompartment.some((other) => other.id === pool.id)));
  assert.equal((await client.listNodePools({ compartmentId, clusterId: cluster.ocid, name: all[0]!.name })).items.map((p) => p.id), [all[0]!.id]);
  assert.equal((await client.listNodePools({ compartmentId, clusterId: cluster.ocid, lifecycleState: ['DELETED' as never] })).items, []);
  // Another compartment sees none of them.
  assert.equal((await client.listNodePools({ compartmentId: emulator.tenancy.id, clusterId: cluster.ocid })).items, []);
  const missing = await expectSdkFailure(() => client.listNodePools({ compartmentId: '' }));
  assert.equal([missing.statusCode, missing.serviceCode], [400, 'MissingParameter']);
  emulator.reads.markGone(cluster.ocid);
  assert.equal((await client.listNodePools({ compartmentId, clusterId: cluster.ocid })).items, []);
});

test('the invoke route still works next to the management routes on the functions host', async () => {
  const fn = ofType('FunctionsFunction')[0]!;
  const region = fn.region!;
  emulator.functions.register(fn.ocid, async (call) => ({ status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ got: call.body.toString() }) }));
  try {
    const invokeBefore = emulator.counters.get({ service: 'functions', operation: 'InvokeFunction' }).requests;
    const response = await functionsClient(emulator, provider, region).invokeFunction({ functionId: fn.ocid, invokeFunctionBody: 'ping' });
    assert.equal(JSON.parse((await readAll(response.value as ReadableStream)).toString('utf8')), { got: 'ping' });
    assert.is(emulator.counters.get({ service: 'functions', operation: 'InvokeFunction' }).requests, invokeBefore + 1);
    // The same function and its application, by the management client, on the same host.
    const { function: model } = await managementClient(region).getFunction({ functionId: fn.ocid });
    assert.is(model.id, fn.ocid);
    assert.is((await managementClient(region).getApplication({ applicationId: model.applicationId! })).application.id, model.applicationId);
  } finally {
    emulator.functions.unregister(fn.ocid);
  }
  // A function without a handler is still a 404 of the invoke route, not a management answer.
  const unregistered = await expectSdkFailure(() => functionsClient(emulator, provider, region).invokeFunction({ functionId: fn.ocid, invokeFunctionBody: '{}' }));
  assert.is(unregistered.statusCode, 404);
});

test('a GET answers in microseconds once the region is indexed (no per-GET scan of the region)', () => {
  const reads = new NetworkServicesReads(new TenancyReads(emulator.tenancy).reader);
  for (const type of GROUP_TYPES) {
    const record = ofType(type)[0]!;
    const scope = { region: record.region!, tenancyId: emulator.tenancy.id };
    reads.model(type, record.ocid, scope); // builds the region's indexes
    const started = performance.now();
    for (let i = 0; i < 1000; i++) reads.model(type, record.ocid, scope);
    const perGetMicros = ((performance.now() - started) * 1000) / 1000;
    // Tens of µs on an idle machine (most of it regenerating the resource); a scan of the region would be milliseconds.
    assert.ok(perGetMicros < 1000, `${type}: ${perGetMicros.toFixed(1)} µs per GET`);
  }
});

test.run();
