import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startEmulator, type Emulator } from '../emulator/index.ts';
import { RESOURCE_TYPES } from '../emulator/tenancy/index.ts';
import { DECLARATIONS, KNOWINGLY_NOT_ENRICHED } from '../shared/enrich/catalog.ts';
import { RELATIONS } from '../shared/enrich/relations.ts';
import type { InventoryRecord } from '../shared/model/record.ts';
import { emulatorAuthArgs, makeTempDir, readJsonlRecords, removeTempDir, runCli, runDirOf, withoutCollectedAt } from './support/cli-harness.ts';

/*
 * Enrichment through the real SDK clients against the emulator's GET endpoints: every declared type
 * gets its details and edges; a resource gone since Search indexed it ends NOT_FOUND, a forbidden one
 * ERROR with its reason; a throttled service slows down but loses nothing; outputs stay identical
 * whatever the concurrency.
 */

let emulator: Emulator;
let workDir: string;
let configPath: string;
let records: InventoryRecord[];
let runDir: string;
let summary: { counts_by_enrich_status: Record<string, number>; coverage_by_resource_type: Record<string, { discovered: number; enriched_ok: number }>; types_without_enricher: string[]; regions: { throttled: number }[] };

async function inventory(extra: string[]): Promise<{ dir: string; records: InventoryRecord[] }> {
  const result = await runCli(['run', ...emulatorAuthArgs(emulator, configPath), '--outdir', join(workDir, 'out'), '--log-level', 'warn', ...extra], { cwd: workDir });
  assert.is(result.exitCode, 0, result.stderr);
  const dir = runDirOf(result);
  return { dir, records: (await readJsonlRecords(join(dir, 'inventory.jsonl'))) as unknown as InventoryRecord[] };
}

test.before(async () => {
  emulator = await startEmulator({ tenancy: 'small', seed: 'enrich-e2e' });
  workDir = await makeTempDir('enrich');
  ({ configPath } = await emulator.writeOciConfig(join(workDir, 'oci')));
  const run = await inventory([]);
  records = run.records;
  runDir = run.dir;
  summary = JSON.parse(await readFile(join(run.dir, 'run_summary.json'), 'utf8'));
});

test.after(async () => {
  await emulator?.close();
  await removeTempDir(workDir);
});

test('every type the emulator serves is either declared or knowingly left to the default enricher', () => {
  const declared = new Set(DECLARATIONS.map((d) => d.resourceType));
  const left = new Set(KNOWINGLY_NOT_ENRICHED);
  for (const type of RESOURCE_TYPES.map((t) => t.searchType)) {
    assert.ok(declared.has(type) !== left.has(type), `${type} must be declared or listed in KNOWINGLY_NOT_ENRICHED, not both and not neither`);
  }
  for (const declaration of DECLARATIONS) {
    for (const [relation] of declaration.relations) assert.ok(Object.hasOwn(RELATIONS, relation), `${declaration.resourceType}: unknown relation ${relation}`);
  }
});

test('each declared type is enriched with its details and edges to resources that exist with the right type', () => {
  const byOcid = new Map(records.map((record) => [record.ocid, record]));
  const targetType: Record<string, string[]> = {
    in_vcn: ['Vcn'],
    uses_route_table: ['RouteTable'],
    uses_security_list: ['SecurityList'],
    uses_dhcp_options: ['DHCPOptions'],
    routes_to: ['InternetGateway', 'NatGateway', 'ServiceGateway', 'LocalPeeringGateway', 'Drg', 'PrivateIp'],
    peers_with: ['LocalPeeringGateway'],
    attached_to: ['Drg'],
    connects: ['Vcn'],
    member_of: ['Group'],
    has_member: ['User'],
    encrypted_by: ['Key'],
    in_compartment: ['Compartment', 'tenancy'],
    in_subnet: ['Subnet'],
    in_security_group: ['NetworkSecurityGroup'],
    uses_image: ['Image'],
    created_from: ['Image', 'Volume', 'BootVolume', 'VolumeBackup', 'BootVolumeBackup'],
    has_vnic: ['Vnic'],
    has_boot_volume: ['BootVolume'],
    has_volume: ['Volume'],
    in_volume_group: ['VolumeGroup'],
    contains_volume: ['Volume', 'BootVolume'],
    backup_of: ['Volume', 'BootVolume'],
    uses_instance_configuration: ['InstanceConfiguration'],
    assigned_to: ['Vnic', 'PrivateIp', 'NatGateway'],
    in_application: ['FunctionsApplication'],
    load_balances: ['Instance'],
    has_private_ip: ['PrivateIp'],
    exports: ['FileSystem'],
    in_vault: ['Vault'],
    in_log_group: ['LogGroup'],
    logs: ['Subnet', 'FunctionsApplication', 'ApiDeployment'],
    in_stream_pool: ['StreamPool'],
    behind_gateway: ['ApiGateway'],
    in_db_system: ['DbSystem'],
    invokes: ['FunctionsFunction'],
  };
  for (const declaration of DECLARATIONS) {
    const ofType = records.filter((record) => record.resourceType === declaration.resourceType);
    assert.ok(ofType.length > 0, `the small tenancy has ${declaration.resourceType} resources`);
    for (const record of ofType) {
      assert.is(record.enrichStatus, 'OK', `${record.ocid}: ${record.enrichError}`);
      assert.equal(Object.keys(record.details ?? {}).sort(), [...declaration.details, ...Object.keys(declaration.lists)].sort(), declaration.resourceType);
      assert.ok(record.relationships.some((edge) => edge.relation === 'in_compartment' && edge.target === record.compartmentId));
      for (const edge of record.relationships) {
        const target = byOcid.get(edge.target);
        const expected = targetType[edge.relation] ?? [];
        const type = target?.resourceType ?? (edge.target.startsWith('ocid1.tenancy.') ? 'tenancy' : 'outside the inventory');
        assert.ok(expected.includes(type), `${declaration.resourceType} ${edge.relation} -> ${type} (${edge.target})`);
      }
    }
  }
  // The relationships a subnet must have, checked against its own details.
  const subnet = records.find((record) => record.resourceType === 'Subnet')!;
  const details = subnet.details as { vcnId: string; routeTableId: string; securityListIds: string[] };
  assert.ok(subnet.relationships.some((edge) => edge.relation === 'in_vcn' && edge.target === details.vcnId));
  assert.ok(subnet.relationships.some((edge) => edge.relation === 'uses_route_table' && edge.target === details.routeTableId));
  for (const id of details.securityListIds) assert.ok(subnet.relationships.some((edge) => edge.relation === 'uses_security_list' && edge.target === id));
});

test('memberships are edges both ways: a user member_of a group is has_member of that group', () => {
  const memberOf = records.flatMap((r) => r.relationships.filter((e) => e.relation === 'member_of').map((e) => `${r.ocid}>${e.target}`)).sort();
  const hasMember = records.flatMap((r) => r.relationships.filter((e) => e.relation === 'has_member').map((e) => `${e.target}>${r.ocid}`)).sort();
  assert.ok(memberOf.length > 0);
  assert.equal(memberOf, hasMember);
});

test('run_summary coverage: per type discovered and enriched, the types without an enricher listed', () => {
  const declared = new Set(DECLARATIONS.map((d) => d.resourceType));
  for (const [type, coverage] of Object.entries(summary.coverage_by_resource_type)) {
    assert.is(coverage.discovered, records.filter((r) => r.resourceType === type).length, type);
    assert.is(coverage.enriched_ok, declared.has(type) ? coverage.discovered : 0, type);
  }
  assert.equal(summary.types_without_enricher, [...new Set(records.map((r) => r.resourceType))].filter((t) => !declared.has(t)).sort());
  assert.is(summary.counts_by_enrich_status.OK, records.filter((r) => r.enrichStatus === 'OK').length);
});

test('graph_nodes.jsonl and graph_edges.jsonl agree with the records and their relationships', async () => {
  const read = async (name: string) => (await readFile(join(runDir, name), 'utf8')).split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
  const nodes = await read('graph_nodes.jsonl');
  const edges = await read('graph_edges.jsonl');
  const ocids = new Set(records.map((record) => record.ocid));
  const expectedEdges = records.flatMap((record) =>
    record.relationships.map((edge) => ({ source: record.ocid, sourceType: record.resourceType, relation: edge.relation, target: edge.target, targetInInventory: ocids.has(edge.target) })),
  );
  assert.is(edges.length, expectedEdges.length);
  assert.equal(edges, expectedEdges, 'one edge per relationship, in record order, membership marked');
  const external = [...new Set(expectedEdges.filter((edge) => !edge.targetInInventory).map((edge) => edge.target))];
  assert.is(nodes.filter((node) => node.external === false).length, records.length);
  assert.equal(nodes.filter((node) => node.external === true).map((node) => node.id).sort(), external.sort());
  const summaryGraph = (JSON.parse(await readFile(join(runDir, 'run_summary.json'), 'utf8')) as { graph: { nodes: number; edges: number; external_targets: number } }).graph;
  assert.equal(summaryGraph, { nodes: nodes.length, edges: edges.length, external_targets: external.length });
});

test('a resource gone since Search indexed it ends NOT_FOUND, a forbidden one ERROR with its reason; neither is lost', async () => {
  const [gone, forbidden] = records.filter((r) => r.resourceType === 'Subnet');
  emulator.reads.markGone(gone!.ocid);
  emulator.reads.markForbidden(forbidden!.ocid);
  try {
    const run = await inventory([]);
    const goneRecord = run.records.find((r) => r.ocid === gone!.ocid)!;
    assert.is(goneRecord.enrichStatus, 'NOT_FOUND');
    assert.match(goneRecord.enrichError ?? '', /404 NotAuthorizedOrNotFound/);
    assert.ok((goneRecord.details as { searchSummary?: unknown }).searchSummary, 'the Search summary is kept');
    const forbiddenRecord = run.records.find((r) => r.ocid === forbidden!.ocid)!;
    assert.is(forbiddenRecord.enrichStatus, 'ERROR');
    assert.match(forbiddenRecord.enrichError ?? '', /403 NotAuthorized/);
    assert.is(run.records.length, records.length);
  } finally {
    emulator.reads.reset();
  }
});

test('a throttled service slows down but every record completes, byte-identical across worker counts', async () => {
  emulator.faults.setPlan({ rules: [{ match: { service: 'iaas' }, rateLimit: { ratePerSecond: 40, burst: 4, retryAfterSeconds: 0 } }] });
  let throttled: { dir: string; records: InventoryRecord[] };
  try {
    throttled = await inventory(['--workers-enrich', '64']);
  } finally {
    emulator.faults.setPlan({ rules: [] });
  }
  const sequential = await inventory(['--workers-enrich', '1', '--workers-region', '1']);
  assert.ok(throttled.records.every((r) => r.enrichStatus !== 'ERROR'), 'no record failed');
  const throttledSummary = JSON.parse(await readFile(join(throttled.dir, 'run_summary.json'), 'utf8')) as typeof summary;
  assert.ok(throttledSummary.regions.reduce((sum, r) => sum + r.throttled, 0) > 0, 'the service did throttle');
  const a = withoutCollectedAt(await readFile(join(throttled.dir, 'inventory.jsonl'), 'utf8'));
  const b = withoutCollectedAt(await readFile(join(sequential.dir, 'inventory.jsonl'), 'utf8'));
  assert.ok(a === b, 'inventory.jsonl identical apart from collectedAt');
});

test('each service has its own enrichment lane: a slow service does not hold back the services Search lists after it', async () => {
  // Search lists identity, then compute and network (iaas), then the other services: with one queue per
  // region, every other service would wait for the whole slow iaas stretch.
  emulator.faults.setPlan({ rules: [{ match: { service: 'iaas' }, latencyMs: 40 }] });
  let slow: { dir: string; records: InventoryRecord[] };
  try {
    slow = await inventory(['--workers-enrich', '1']);
  } finally {
    emulator.faults.setPlan({ rules: [] });
  }
  const serviceOf = new Map(DECLARATIONS.map((declaration) => [declaration.resourceType, declaration.service.hostPrefix]));
  const regions = new Set(slow.records.map((record) => record.region));
  let compared = 0;
  for (const region of regions) {
    const inRegion = slow.records.filter((record) => record.region === region);
    const times = (service: (name: string | undefined) => boolean) =>
      inRegion.filter((record) => service(serviceOf.get(record.resourceType))).map((record) => Date.parse(record.collectedAt)).sort((a, b) => a - b);
    const iaas = times((name) => name === 'iaas');
    const others = times((name) => name !== undefined && name !== 'iaas' && name !== 'identity');
    if (iaas.length < 20 || others.length === 0) continue;
    const iaasMedian = iaas[Math.floor(iaas.length / 2)] as number;
    assert.ok((others.at(-1) as number) < iaasMedian, `${region}: the other services finished (${others.at(-1)}) before half the iaas records (${iaasMedian})`);
    compared++;
  }
  assert.ok(compared > 0, 'at least one region had enough records to compare');
});

test.run();
