import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuthenticationDetailsProvider } from 'oci-common';
import { DeploymentClient, GatewayClient } from 'oci-apigateway';
import { BastionClient } from 'oci-bastion';
import { DatabaseClient } from 'oci-database';
import { KmsManagementClient, KmsVaultClient } from 'oci-keymanagement';
import { LoggingManagementClient } from 'oci-logging';
import { StreamAdminClient } from 'oci-streaming';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startEmulator, type Emulator } from '../emulator/index.ts';
import type { FoundResource, ResourceSummary } from '../emulator/tenancy/index.ts';
import { ocidsAt } from '../shared/enrich/field-paths.ts';
import { DATA_SERVICES } from '../shared/enrich/services/group-data-services.ts';
import type { InventoryRecord } from '../shared/model/record.ts';
import { emulatorAuthArgs, readJsonlRecords, runCli, runDirOf, withoutCollectedAt } from './support/cli-harness.ts';
import {
  configFileProvider,
  expectSdkFailure,
  makeTempDir,
  noRetryClientConfiguration,
  removeDir,
  signedRequest,
} from './support/emulator-clients.ts';

/*
 * The data-services group end to end: Database, KMS (vaults; keys at each vault's management endpoint),
 * Logging, Streaming, API Gateway and Bastion. The emulator serves the SDK's own paths with models that agree
 * with Search; the CLI enriches every record of the twelve types through the real SDK clients, with the same
 * result whether Search hands out the Key's vault and the Log's group (`return allAdditionalFields`) or the
 * enricher looks them up; gone, forbidden and throttled resources behave as for every other service.
 */

const TYPES = [
  'AutonomousDatabase', 'DbSystem', 'Database', 'Vault', 'Key', 'LogGroup', 'Log', 'Stream', 'StreamPool', 'ApiGateway', 'ApiDeployment', 'Bastion',
] as const;

/** What each relation of these declarations points at (all of it is in the inventory: Search lists every target). */
const TARGET_TYPES: Record<string, readonly string[]> = {
  in_compartment: ['Compartment', 'tenancy'],
  in_subnet: ['Subnet'],
  in_vcn: ['Vcn'],
  in_security_group: ['NetworkSecurityGroup'],
  encrypted_by: ['Key'],
  in_db_system: ['DbSystem'],
  in_vault: ['Vault'],
  in_log_group: ['LogGroup'],
  logs: ['Subnet', 'FunctionsApplication', 'ApiDeployment'],
  in_stream_pool: ['StreamPool'],
  behind_gateway: ['ApiGateway'],
  invokes: ['FunctionsFunction'],
};

/**
 * Declared relations the synthetic tenancy never fills: it models no NSG membership for these types, no
 * backup subnet, and no customer key for DB systems and databases. Every other declared relation must occur.
 */
const NEVER_IN_THE_TENANCY = new Set([
  'AutonomousDatabase in_security_group nsgIds[]',
  'DbSystem in_subnet backupSubnetId',
  'DbSystem in_security_group nsgIds[]',
  'DbSystem in_security_group backupNetworkNsgIds[]',
  'DbSystem encrypted_by kmsKeyId',
  'Database encrypted_by kmsKeyId',
  'StreamPool in_security_group privateEndpointSettings.nsgIds[]',
  'ApiGateway in_security_group networkSecurityGroupIds[]',
]);

/** This seed's small tenancy fills every other declared relation at least once. */
const SEED = 'data-services-2';

let emulator: Emulator;
let workDir: string;
let configPath: string;
let provider: AuthenticationDetailsProvider;
let looked: { dir: string; records: InventoryRecord[]; counters: ReturnType<Emulator['counters']['snapshot']> };
let hinted: { dir: string; records: InventoryRecord[]; counters: ReturnType<Emulator['counters']['snapshot']> };

async function inventory(extra: string[]): Promise<{ dir: string; records: InventoryRecord[] }> {
  const result = await runCli(['run', ...emulatorAuthArgs(emulator, configPath), '--outdir', join(workDir, 'out'), '--log-level', 'warn', ...extra], { cwd: workDir });
  assert.is(result.exitCode, 0, result.stderr);
  const dir = runDirOf(result);
  return { dir, records: (await readJsonlRecords(join(dir, 'inventory.jsonl'))) as unknown as InventoryRecord[] };
}

async function countedInventory(extra: string[]): Promise<typeof looked> {
  emulator.counters.reset();
  const run = await inventory(extra);
  return { ...run, counters: emulator.counters.snapshot() };
}

test.before(async () => {
  emulator = await startEmulator({ tenancy: 'small', seed: SEED });
  workDir = await makeTempDir('enrich-data-services');
  ({ configPath } = await emulator.writeOciConfig(join(workDir, 'oci')));
  provider = (await configFileProvider(emulator, join(workDir, 'sdk'))).provider;
  // The default query: additionalDetails are empty, the Key's vault and the Log's group are looked up.
  looked = await countedInventory([]);
  // Search hands them out.
  hinted = await countedInventory(['--query', 'query all resources return allAdditionalFields']);
});

test.after(async () => {
  await emulator?.close();
  await removeDir(workDir);
});

test.before.each(() => {
  emulator.reads.reset();
  emulator.faults.setPlan({ rules: [] });
});

const ofType = (records: InventoryRecord[], type: string) => records.filter((record) => record.resourceType === type);
const vaultOf = (key: InventoryRecord) => (key.details as { vaultId: string }).vaultId;
const groupOfLog = (log: InventoryRecord) => (log.details as { logGroupId: string }).logGroupId;

function found(ocid: string): FoundResource {
  const resource = emulator.tenancy.findByOcid(ocid);
  if (resource === undefined) throw new Error(`${ocid} does not resolve`);
  return resource;
}

/** Sum of a counter over every region, e.g. served('logging', 'ListLogGroups'). */
function served(counters: typeof looked.counters, service: string, operation: string): number {
  return Object.entries(counters)
    .filter(([key]) => key.startsWith(`${service}|`) && key.endsWith(`|${operation}`))
    .reduce((sum, [, c]) => sum + c.requests, 0);
}

// ---------------------------------------------------------------------------------------------------
// Enrichment through the CLI
// ---------------------------------------------------------------------------------------------------

test('every data-services type: each record OK, exactly the declared details, edges to resources of the expected type in its region', () => {
  const byOcid = new Map(looked.records.map((record) => [record.ocid, record]));
  const occurring = new Set<string>();
  assert.equal(DATA_SERVICES.map((d) => d.resourceType).sort(), [...TYPES].sort());
  for (const declaration of DATA_SERVICES) {
    const records = ofType(looked.records, declaration.resourceType);
    assert.ok(records.length > 0, `the small tenancy has ${declaration.resourceType} resources`);
    for (const record of records) {
      const what = `${record.resourceType} ${record.ocid}`;
      assert.is(record.enrichStatus, 'OK', `${what}: ${record.enrichError}`);
      assert.equal(Object.keys(record.details ?? {}).sort(), [...declaration.details, ...Object.keys(declaration.lists)].sort(), what);
      assert.ok(record.relationships.some((edge) => edge.relation === 'in_compartment' && edge.target === record.compartmentId), `${what}: in_compartment`);
      for (const edge of record.relationships) {
        const target = byOcid.get(edge.target);
        const type = target?.resourceType ?? (edge.target.startsWith('ocid1.tenancy.') ? 'tenancy' : 'outside the inventory');
        assert.ok((TARGET_TYPES[edge.relation] ?? []).includes(type), `${what}: ${edge.relation} -> ${type} (${edge.target})`);
        if (target && type !== 'Compartment') assert.is(target.region, record.region, `${what}: ${edge.relation} stays in the region`);
      }
    }
    // Each declared relation: an edge for every OCID at its path in details (or not one in the whole inventory).
    for (const [relation, path] of declaration.relations) {
      const key = `${declaration.resourceType} ${relation} ${path}`;
      for (const record of records) {
        for (const target of ocidsAt(record.details, path)) {
          assert.ok(record.relationships.some((edge) => edge.relation === relation && edge.target === target), `${record.ocid}: ${key} -> ${target}`);
          occurring.add(key);
        }
      }
      if (!occurring.has(key)) assert.ok(NEVER_IN_THE_TENANCY.has(key), `no ${key} edge in the inventory`);
    }
  }
  // Spelled out: the relations this tenancy fills.
  for (const key of ['Key in_vault vaultId', 'Log in_log_group logGroupId', 'Log logs configuration.source.resource', 'Stream in_stream_pool streamPoolId',
    'ApiDeployment behind_gateway gatewayId', 'ApiDeployment invokes routes[].functionId', 'Database in_db_system dbSystemId',
    'AutonomousDatabase encrypted_by kmsKeyId', 'StreamPool encrypted_by customEncryptionKey.kmsKeyId', 'StreamPool in_subnet privateEndpointSettings.subnetId',
    'Bastion in_vcn targetVcnId']) {
    assert.ok(occurring.has(key), key);
  }
});

test('details agree with Search and the tenancy for the same OCID', () => {
  const detailsOf = (record: InventoryRecord) => record.details as Record<string, unknown>;
  for (const type of TYPES) {
    for (const record of ofType(looked.records, type)) {
      const resource = found(record.ocid);
      const what = `${type} ${record.ocid}`;
      const details = detailsOf(record);
      // Relationship ids are the tenancy's references; notable fields are what `return allAdditionalFields` shows.
      for (const [field, value] of Object.entries(resource.references)) {
        if (field in details) assert.equal(details[field], value, `${what}: ${field} is the tenancy's reference`);
      }
      for (const [field, value] of Object.entries(resource.summary.additionalDetails)) {
        if (field in details) assert.equal(details[field], value, `${what}: ${field} as in additionalDetails`);
      }
      assert.is(record.displayName, resource.summary.displayName);
    }
  }
  for (const record of ofType(looked.records, 'Vault')) {
    const segment = record.ocid.split('.')[4];
    assert.is(detailsOf(record)['managementEndpoint'], `${emulator.url}/${record.region}/kmsmanagement/${segment}`, 'the endpoint points back at the emulator');
  }
  for (const record of ofType(looked.records, 'Key')) {
    assert.is(record.ocid.split('.')[4], String(detailsOf(record)['vaultId']).split('.')[4], 'a key carries its vault segment');
  }
  for (const record of ofType(looked.records, 'ApiDeployment')) {
    const routes = detailsOf(record)['routes'] as { path: string; backendType: string }[];
    assert.ok(routes.length > 0 && routes.every((route) => route.path.startsWith('/') && typeof route.backendType === 'string'), record.ocid);
  }
});

test('looked up or handed out by Search, the Key vault and the Log group give the same records; lookups are made once per run', () => {
  const view = (records: InventoryRecord[]) =>
    records.filter((r) => (TYPES as readonly string[]).includes(r.resourceType)).map((r) => JSON.stringify([r.ocid, r.enrichStatus, r.details, r.relationships]));
  assert.equal(view(hinted.records), view(looked.records));

  const regions = emulator.tenancy.regions.length;
  const vaults = ofType(looked.records, 'Vault').length;
  const keys = ofType(looked.records, 'Key').length;
  const logGroups = ofType(looked.records, 'LogGroup').length;
  // Looked up: one index of logs per region (ListLogGroups of the tree, ListLogs of each group), one GetVault per vault for its keys.
  assert.is(served(looked.counters, 'logging', 'ListLogGroups'), regions);
  assert.is(served(looked.counters, 'logging', 'ListLogs'), logGroups);
  assert.is(served(looked.counters, 'kms', 'GetVault'), vaults + new Set(ofType(looked.records, 'Key').map(vaultOf)).size);
  assert.is(served(looked.counters, 'kmsmanagement', 'GetKey'), keys);
  // Handed out: no listing at all.
  assert.is(served(hinted.counters, 'logging', 'ListLogGroups'), 0);
  assert.is(served(hinted.counters, 'logging', 'ListLogs'), 0);
  assert.is(served(hinted.counters, 'kmsmanagement', 'GetKey'), keys);
  // Operation names are the SDK's.
  for (const [service, operation] of [['database', 'GetAutonomousDatabase'], ['database', 'GetDbSystem'], ['database', 'GetDatabase'], ['logging', 'GetLogGroup'],
    ['logging', 'GetLog'], ['streaming', 'GetStream'], ['streaming', 'GetStreamPool'], ['apigateway', 'GetGateway'], ['apigateway', 'GetDeployment'],
    ['bastion', 'GetBastion']] as const) {
    assert.ok(served(looked.counters, service, operation) > 0, `${service} ${operation}`);
  }
});

test('gone resources end NOT_FOUND, forbidden ones ERROR; a log whose group is gone is in no group; nothing is lost', async () => {
  const [goneKey] = ofType(looked.records, 'Key');
  const [forbiddenLog] = ofType(looked.records, 'Log');
  const [goneDeployment] = ofType(looked.records, 'ApiDeployment');
  // A vault other than the gone key's: its keys cannot be read either (GetVault gives their endpoint).
  const forbiddenVault = ofType(looked.records, 'Vault').find((v) => v.ocid !== vaultOf(goneKey!));
  // A log group other than the forbidden log's, with logs: they are in no group any more.
  const goneGroup = ofType(looked.records, 'LogGroup').find((g) => g.ocid !== groupOfLog(forbiddenLog!) && ofType(looked.records, 'Log').some((l) => groupOfLog(l) === g.ocid))!;
  emulator.reads.markGone(goneKey!.ocid);
  emulator.reads.markForbidden(forbiddenLog!.ocid);
  emulator.reads.markGone(goneDeployment!.ocid);
  emulator.reads.markForbidden(forbiddenVault!.ocid);
  emulator.reads.markGone(goneGroup.ocid);
  const run = await inventory([]);
  const record = (ocid: string) => run.records.find((r) => r.ocid === ocid)!;
  assert.is(run.records.length, looked.records.length);

  assert.is(record(goneKey!.ocid).enrichStatus, 'NOT_FOUND');
  assert.match(record(goneKey!.ocid).enrichError ?? '', /404 NotAuthorizedOrNotFound/);
  assert.is(record(goneDeployment!.ocid).enrichStatus, 'NOT_FOUND');
  assert.is(record(forbiddenLog!.ocid).enrichStatus, 'ERROR');
  assert.match(record(forbiddenLog!.ocid).enrichError ?? '', /403 NotAuthorized/);
  assert.ok((record(forbiddenLog!.ocid).details as { searchSummary?: unknown }).searchSummary, 'the Search summary is kept');
  // A forbidden vault: the vault's record and its keys (read through GetVault's endpoint) say so.
  assert.is(record(forbiddenVault!.ocid).enrichStatus, 'ERROR');
  for (const key of ofType(looked.records, 'Key').filter((k) => vaultOf(k) === forbiddenVault!.ocid)) {
    assert.is(record(key.ocid).enrichStatus, 'ERROR', key.ocid);
    assert.match(record(key.ocid).enrichError ?? '', /403 NotAuthorized/);
  }
  assert.is(record(goneGroup.ocid).enrichStatus, 'NOT_FOUND');
  for (const log of ofType(looked.records, 'Log').filter((l) => groupOfLog(l) === goneGroup.ocid)) {
    assert.is(record(log.ocid).enrichStatus, 'NOT_FOUND', log.ocid);
    assert.match(record(log.ocid).enrichError ?? '', /in none of the log groups/);
  }
  // Everything else is untouched.
  const affected = new Set([
    goneKey!.ocid, forbiddenLog!.ocid, goneDeployment!.ocid, forbiddenVault!.ocid, goneGroup.ocid,
    ...ofType(looked.records, 'Key').filter((k) => vaultOf(k) === forbiddenVault!.ocid).map((k) => k.ocid),
    ...ofType(looked.records, 'Log').filter((l) => groupOfLog(l) === goneGroup.ocid).map((l) => l.ocid),
  ]);
  for (const before of looked.records.filter((r) => (TYPES as readonly string[]).includes(r.resourceType) && !affected.has(r.ocid))) {
    assert.is(record(before.ocid).enrichStatus, 'OK', before.ocid);
    assert.equal(record(before.ocid).details, before.details, before.ocid);
  }
});

test('throttled KMS and Logging slow down, lose nothing and give the same inventory', async () => {
  emulator.faults.setPlan({
    rules: ['kms', 'kmsmanagement', 'logging'].map((service) => ({ match: { service }, rateLimit: { ratePerSecond: 20, burst: 2, retryAfterSeconds: 0 } })),
  });
  emulator.counters.reset();
  const run = await inventory(['--workers-enrich', '32']);
  const throttled = ['kms', 'kmsmanagement', 'logging'].reduce((sum, service) => sum + emulator.counters.get({ service }).throttled, 0);
  assert.ok(throttled > 0, 'the services did throttle');
  const summary = JSON.parse(await readFile(join(run.dir, 'run_summary.json'), 'utf8')) as { regions: { throttled: number }[] };
  assert.ok(summary.regions.reduce((sum, region) => sum + region.throttled, 0) > 0, 'run_summary shows the throttling');
  const a = withoutCollectedAt(await readFile(join(run.dir, 'inventory.jsonl'), 'utf8'));
  const b = withoutCollectedAt(await readFile(join(looked.dir, 'inventory.jsonl'), 'utf8'));
  assert.ok(a === b, 'inventory.jsonl identical apart from collectedAt');
});

// ---------------------------------------------------------------------------------------------------
// The endpoints through the SDK
// ---------------------------------------------------------------------------------------------------

type Client = { endpoint: string };

function sdk<C extends Client>(ctor: new (...args: never[]) => C, service: string, region: string): C {
  const Ctor = ctor as unknown as new (params: { authenticationDetailsProvider: AuthenticationDetailsProvider }, configuration: object) => C;
  const client = new Ctor({ authenticationDetailsProvider: provider }, noRetryClientConfiguration());
  // After construction: setting a region later would overwrite it.
  client.endpoint = emulator.endpoint(service, region);
  return client;
}

function kmsManagement(endpoint: string): KmsManagementClient {
  const client = new KmsManagementClient({ authenticationDetailsProvider: provider }, noRetryClientConfiguration());
  client.endpoint = endpoint;
  return client;
}

/** The management endpoint of the vault of a key, from GetVault in the key's region. */
async function managementEndpointOf(keyId: string, region: string): Promise<string> {
  const vaultId = String(found(keyId).references['vaultId']);
  return (await sdk(KmsVaultClient, 'kms', region).getVault({ vaultId })).vault.managementEndpoint;
}

interface Get {
  type: (typeof TYPES)[number];
  /** One GET of `ocid` at `region`'s endpoint; `home` is the resource's own region (for per-resource lookups). */
  get(ocid: string, region: string, home: string): Promise<unknown>;
}

const GETS: readonly Get[] = [
  { type: 'AutonomousDatabase', get: (id, r) => sdk(DatabaseClient, 'database', r).getAutonomousDatabase({ autonomousDatabaseId: id }) },
  { type: 'DbSystem', get: (id, r) => sdk(DatabaseClient, 'database', r).getDbSystem({ dbSystemId: id }) },
  { type: 'Database', get: (id, r) => sdk(DatabaseClient, 'database', r).getDatabase({ databaseId: id }) },
  { type: 'Vault', get: (id, r) => sdk(KmsVaultClient, 'kms', r).getVault({ vaultId: id }) },
  {
    type: 'Key',
    // The vault's endpoint, with the region of the request in place of the vault's.
    get: async (id, r, home) => kmsManagement((await managementEndpointOf(id, home)).replace(`/${home}/`, `/${r}/`)).getKey({ keyId: id }),
  },
  { type: 'LogGroup', get: (id, r) => sdk(LoggingManagementClient, 'logging', r).getLogGroup({ logGroupId: id }) },
  { type: 'Log', get: (id, r) => sdk(LoggingManagementClient, 'logging', r).getLog({ logGroupId: String(found(id).references['logGroupId']), logId: id }) },
  { type: 'Stream', get: (id, r) => sdk(StreamAdminClient, 'streaming', r).getStream({ streamId: id }) },
  { type: 'StreamPool', get: (id, r) => sdk(StreamAdminClient, 'streaming', r).getStreamPool({ streamPoolId: id }) },
  { type: 'ApiGateway', get: (id, r) => sdk(GatewayClient, 'apigateway', r).getGateway({ gatewayId: id }) },
  { type: 'ApiDeployment', get: (id, r) => sdk(DeploymentClient, 'apigateway', r).getDeployment({ deploymentId: id }) },
  { type: 'Bastion', get: (id, r) => sdk(BastionClient, 'bastion', r).getBastion({ bastionId: id }) },
];

function firstOf(type: string): { summary: ResourceSummary; region: string } {
  for (const region of emulator.tenancy.regions) {
    const summary = [...emulator.tenancy.iterate(region.name)].find((item) => item.resourceType === type);
    if (summary) return { summary, region: region.name };
  }
  throw new Error(`no ${type}`);
}

test('every GET: 200 with Search fields; gone -> 404, forbidden -> 403, another region -> 404', async () => {
  const [, otherRegion] = emulator.tenancy.regions.map((r) => r.name);
  for (const spec of GETS) {
    const { summary, region } = firstOf(spec.type);
    const what = `${spec.type} ${summary.identifier}`;
    const response = (await spec.get(summary.identifier, region, region)) as Record<string, Record<string, unknown>>;
    const model = Object.values(response).find((value) => typeof value === 'object' && value !== null && value['id'] === summary.identifier);
    assert.ok(model, `${what}: the model`);
    assert.is(model['compartmentId'], summary.compartmentId, what);
    assert.is(model['lifecycleState'], summary.lifecycleState, what);
    if (spec.type !== 'Database') assert.is(model['displayName'] ?? model['name'], summary.displayName, what);

    const away = region === otherRegion ? emulator.tenancy.homeRegion : otherRegion!;
    const wrongRegion = await expectSdkFailure(() => spec.get(summary.identifier, away, region));
    assert.equal([wrongRegion.statusCode, wrongRegion.serviceCode], [404, 'NotAuthorizedOrNotFound'], `${what} from ${away}`);

    emulator.reads.markForbidden(summary.identifier);
    const forbidden = await expectSdkFailure(() => spec.get(summary.identifier, region, region));
    assert.equal([forbidden.statusCode, forbidden.serviceCode], [403, 'NotAuthorized'], `${what} forbidden`);
    emulator.reads.markGone(summary.identifier);
    const gone = await expectSdkFailure(() => spec.get(summary.identifier, region, region));
    assert.equal([gone.statusCode, gone.serviceCode], [404, 'NotAuthorizedOrNotFound'], `${what} gone`);
    emulator.reads.reset();
  }
});

test('a key answers only at its own vault management endpoint', async () => {
  // Two vaults in one region need a bigger tenancy.
  const big = await startEmulator({ tenancy: 1000, regionCount: 1, seed: `${SEED}-vaults` });
  try {
    const bigProvider = (await configFileProvider(big, join(workDir, 'big'))).provider;
    const region = big.tenancy.homeRegion;
    const items = [...big.tenancy.iterate(region)];
    const vaultClient = new KmsVaultClient({ authenticationDetailsProvider: bigProvider }, noRetryClientConfiguration());
    vaultClient.endpoint = big.endpoint('kms', region);
    const endpoints = new Map<string, string>();
    for (const vault of items.filter((i) => i.resourceType === 'Vault')) endpoints.set(vault.identifier, (await vaultClient.getVault({ vaultId: vault.identifier })).vault.managementEndpoint);
    assert.ok(endpoints.size >= 2);
    const at = (endpoint: string) => {
      const client = new KmsManagementClient({ authenticationDetailsProvider: bigProvider }, noRetryClientConfiguration());
      client.endpoint = endpoint;
      return client;
    };
    for (const key of items.filter((i) => i.resourceType === 'Key').slice(0, 6)) {
      const vaultId = String(big.tenancy.findByOcid(key.identifier)!.references['vaultId']);
      const own = (await at(endpoints.get(vaultId)!).getKey({ keyId: key.identifier })).key;
      assert.is(own.vaultId, vaultId);
      const other = [...endpoints].find(([id]) => id !== vaultId)![1];
      const failure = await expectSdkFailure(() => at(other).getKey({ keyId: key.identifier }));
      assert.equal([failure.statusCode, failure.serviceCode], [404, 'NotAuthorizedOrNotFound'], `${key.identifier} at another vault's endpoint`);
    }
    const unknown = await expectSdkFailure(() => at(`${big.url}/${region}/kmsmanagement/bnotavault0000`).getKey({ keyId: items.find((i) => i.resourceType === 'Key')!.identifier }));
    assert.is(unknown.statusCode, 404);
  } finally {
    await big.close();
  }
});

test('Logging: GetLog needs the right group; ListLogGroups by compartment or tree, paged; ListLogs of a group, filtered', async () => {
  const region = emulator.tenancy.homeRegion;
  const client = sdk(LoggingManagementClient, 'logging', region);
  const logs = [...emulator.tenancy.iterate(region)].filter((i) => i.resourceType === 'Log');
  const groups = [...emulator.tenancy.iterate(region)].filter((i) => i.resourceType === 'LogGroup');
  assert.ok(groups.length >= 2 && logs.length >= 2);
  const log = logs[0]!;
  const ownGroup = String(found(log.identifier).references['logGroupId']);
  const otherGroup = groups.find((g) => g.identifier !== ownGroup)!.identifier;
  const wrong = await expectSdkFailure(() => client.getLog({ logGroupId: otherGroup, logId: log.identifier }));
  assert.equal([wrong.statusCode, wrong.serviceCode], [404, 'NotAuthorizedOrNotFound']);

  // The whole tree, one group per page.
  const paged: string[] = [];
  let page: string | undefined;
  do {
    const response = await client.listLogGroups({ compartmentId: emulator.tenancy.id, isCompartmentIdInSubtree: true, limit: 1, ...(page ? { page } : {}) });
    paged.push(...response.items.map((g) => g.id));
    page = response.opcNextPage;
  } while (page);
  assert.equal(paged, groups.map((g) => g.identifier));
  // One compartment alone: only its own groups.
  const compartmentId = groups[0]!.compartmentId;
  const inCompartment = (await client.listLogGroups({ compartmentId, limit: 1000 })).items;
  assert.equal(inCompartment.map((g) => g.id), groups.filter((g) => g.compartmentId === compartmentId).map((g) => g.identifier));
  const missing = await signedRequest(provider, { method: 'GET', url: `${emulator.endpoint('logging', region)}/20200531/logGroups` });
  assert.is(missing.status, 400);
  assert.is(JSON.parse(missing.body).code, 'MissingParameter');

  // A group's logs, and a filter on their source service.
  const listed = (await client.listLogs({ logGroupId: ownGroup })).items;
  assert.equal(listed.map((l) => l.id), logs.filter((l) => found(l.identifier).references['logGroupId'] === ownGroup).map((l) => l.identifier));
  for (const summary of listed) {
    const full = (await client.getLog({ logGroupId: ownGroup, logId: summary.id })).log;
    assert.is(summary.logType, full.logType);
    const service = full.configuration?.source && 'service' in full.configuration.source ? String(full.configuration.source.service) : undefined;
    if (service !== undefined) {
      const filtered = (await client.listLogs({ logGroupId: ownGroup, sourceService: service })).items;
      assert.ok(filtered.some((l) => l.id === summary.id) && filtered.every((l) => l.logType === 'SERVICE'));
    }
  }
  emulator.reads.markGone(ownGroup);
  const gone = await expectSdkFailure(() => client.listLogs({ logGroupId: ownGroup }));
  assert.equal([gone.statusCode, gone.serviceCode], [404, 'NotAuthorizedOrNotFound']);
  const tree = (await client.listLogGroups({ compartmentId: emulator.tenancy.id, isCompartmentIdInSubtree: true })).items;
  assert.not.ok(tree.some((g) => g.id === ownGroup), 'a gone group is not listed');
});

test.run();
