/** Graph artifacts: exact lines, consistency with the inventory, spill independence, order checks, clean-up. */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RecordSerializationError, UsageError } from '../shared/errors.ts';
import { RecordOrderError } from '../shared/export/export-errors.ts';
import { ExportRow } from '../shared/export/export-row.ts';
import type { FormatWriter } from '../shared/export/format-writer.ts';
import { columnIndex } from '../shared/export/canonical-json.ts';
import { canonicalJson } from '../shared/json/canonical-json.ts';
import { GraphBuilder } from '../shared/graph/graph-builder.ts';
import { ByteAssembler } from '../shared/io/byte-assembler.ts';
import {
  EDGE_EXTERNAL_ENDING,
  EDGE_IN_INVENTORY_ENDING,
  appendEdgeLineAssumingExternal,
  appendInventoryNodeLine,
  externalNodeLine,
  resourceTypeFromOcid,
  type GraphEdge,
  type GraphNode,
} from '../shared/graph/graph-lines.ts';
import { GraphWriter, type GraphResult, type GraphWriterOptions } from '../shared/graph/graph-writer.ts';
import { compareRecordKeys, type InventoryRecord, type Relationship } from '../shared/model/record.ts';
import { HOSTILE_DISPLAY_NAMES, listDir, makeTempDir, memorySink, record, removeDir, seededRandom } from './export-fixtures.ts';

interface Dirs {
  dir: string;
  tmpDir: string;
}

async function withDirs<T>(work: (dirs: Dirs) => Promise<T>): Promise<T> {
  const dir = await makeTempDir('graph-test-out-');
  const tmpDir = await makeTempDir('graph-test-tmp-');
  try {
    return await work({ dir, tmpDir });
  } finally {
    await removeDir(dir);
    await removeDir(tmpDir);
  }
}

async function writeGraph(records: readonly InventoryRecord[], options: GraphWriterOptions): Promise<GraphResult> {
  const graph = new GraphWriter(options);
  for (const item of [...records].sort(compareRecordKeys)) await graph.add(ExportRow.fromRecord(item));
  return graph.finish();
}

async function readGraph(dir: string): Promise<{ nodes: string; edges: string }> {
  return {
    nodes: await readFile(join(dir, 'graph_nodes.jsonl'), 'utf8'),
    edges: await readFile(join(dir, 'graph_edges.jsonl'), 'utf8'),
  };
}

function parseLines<T>(text: string): T[] {
  return text === '' ? [] : text.replace(/\n$/, '').split('\n').map((line) => JSON.parse(line) as T);
}

const ROOT = 'ocid1.tenancy.oc1..root';
const COMPARTMENT = 'ocid1.compartment.oc1..c1';
const KEY = 'ocid1.key.oc1.iad.k1';
const SUBNET = 'ocid1.subnet.oc1.iad.s1';
const INSTANCE = 'ocid1.instance.oc1.iad.i1';

const HAND_MADE: InventoryRecord[] = [
  record({
    ocid: 'ocid1.volume.oc1.iad.v1',
    resourceType: 'Volume',
    displayName: 'data',
    compartmentId: COMPARTMENT,
    lifecycleState: 'AVAILABLE',
    relationships: [
      { relation: 'encrypted_by', target: KEY },
      { relation: 'in_compartment', target: COMPARTMENT },
    ],
  }),
  record({
    ocid: ROOT,
    resourceType: 'Tenancy',
    displayName: 'acme',
    compartmentId: ROOT,
    region: null,
    lifecycleState: 'ACTIVE',
    // The root compartment is its own compartment: an edge to itself.
    relationships: [{ relation: 'in_compartment', target: ROOT }],
  }),
  record({
    ocid: INSTANCE,
    resourceType: 'Instance',
    displayName: 'web "front"',
    compartmentId: COMPARTMENT,
    lifecycleState: 'RUNNING',
    // Out of order and with a repeat: the graph sorts and de-duplicates per record.
    relationships: [
      { relation: 'routes_to', target: 'zzz-not-an-ocid' },
      { relation: 'in_subnet', target: SUBNET },
      { relation: 'in_compartment', target: COMPARTMENT },
      { relation: 'in_subnet', target: SUBNET },
      { relation: 'routes_to', target: 'ZZZ-not-an-ocid' },
    ],
  }),
  // Same ocid, another resource type: two nodes with one id, and a target matching both.
  record({ ocid: INSTANCE, resourceType: 'InstanceAlias', displayName: null, compartmentId: null, region: null, lifecycleState: null, relationships: [] }),
  record({
    ocid: COMPARTMENT,
    resourceType: 'Compartment',
    displayName: 'prod',
    compartmentId: ROOT,
    lifecycleState: 'ACTIVE',
    relationships: [{ relation: 'in_compartment', target: ROOT }],
  }),
  record({
    ocid: 'ocid1.bucket.oc1..b1',
    resourceType: 'Bucket',
    displayName: 'logs',
    compartmentId: COMPARTMENT,
    region: 'eu-frankfurt-1',
    lifecycleState: null,
    relationships: [
      { relation: 'encrypted_by', target: KEY },
      { relation: 'in_compartment', target: COMPARTMENT },
    ],
  }),
];

const EXPECTED_NODES = [
  '{"compartmentId":null,"displayName":null,"external":true,"id":"ZZZ-not-an-ocid","lifecycleState":null,"region":null,"resourceType":null}',
  '{"compartmentId":"ocid1.compartment.oc1..c1","displayName":"logs","external":false,"id":"ocid1.bucket.oc1..b1","lifecycleState":null,"region":"eu-frankfurt-1","resourceType":"Bucket"}',
  '{"compartmentId":"ocid1.tenancy.oc1..root","displayName":"prod","external":false,"id":"ocid1.compartment.oc1..c1","lifecycleState":"ACTIVE","region":"us-ashburn-1","resourceType":"Compartment"}',
  '{"compartmentId":"ocid1.compartment.oc1..c1","displayName":"web \\"front\\"","external":false,"id":"ocid1.instance.oc1.iad.i1","lifecycleState":"RUNNING","region":"us-ashburn-1","resourceType":"Instance"}',
  '{"compartmentId":null,"displayName":null,"external":false,"id":"ocid1.instance.oc1.iad.i1","lifecycleState":null,"region":null,"resourceType":"InstanceAlias"}',
  '{"compartmentId":null,"displayName":null,"external":true,"id":"ocid1.key.oc1.iad.k1","lifecycleState":null,"region":null,"resourceType":"key"}',
  '{"compartmentId":null,"displayName":null,"external":true,"id":"ocid1.subnet.oc1.iad.s1","lifecycleState":null,"region":null,"resourceType":"subnet"}',
  '{"compartmentId":"ocid1.tenancy.oc1..root","displayName":"acme","external":false,"id":"ocid1.tenancy.oc1..root","lifecycleState":"ACTIVE","region":null,"resourceType":"Tenancy"}',
  '{"compartmentId":"ocid1.compartment.oc1..c1","displayName":"data","external":false,"id":"ocid1.volume.oc1.iad.v1","lifecycleState":"AVAILABLE","region":"us-ashburn-1","resourceType":"Volume"}',
  '{"compartmentId":null,"displayName":null,"external":true,"id":"zzz-not-an-ocid","lifecycleState":null,"region":null,"resourceType":null}',
];

const EXPECTED_EDGES = [
  '{"relation":"encrypted_by","source":"ocid1.bucket.oc1..b1","sourceType":"Bucket","target":"ocid1.key.oc1.iad.k1","targetInInventory":false}',
  '{"relation":"in_compartment","source":"ocid1.bucket.oc1..b1","sourceType":"Bucket","target":"ocid1.compartment.oc1..c1","targetInInventory":true}',
  '{"relation":"in_compartment","source":"ocid1.compartment.oc1..c1","sourceType":"Compartment","target":"ocid1.tenancy.oc1..root","targetInInventory":true}',
  '{"relation":"in_compartment","source":"ocid1.instance.oc1.iad.i1","sourceType":"Instance","target":"ocid1.compartment.oc1..c1","targetInInventory":true}',
  '{"relation":"in_subnet","source":"ocid1.instance.oc1.iad.i1","sourceType":"Instance","target":"ocid1.subnet.oc1.iad.s1","targetInInventory":false}',
  '{"relation":"routes_to","source":"ocid1.instance.oc1.iad.i1","sourceType":"Instance","target":"ZZZ-not-an-ocid","targetInInventory":false}',
  '{"relation":"routes_to","source":"ocid1.instance.oc1.iad.i1","sourceType":"Instance","target":"zzz-not-an-ocid","targetInInventory":false}',
  '{"relation":"in_compartment","source":"ocid1.tenancy.oc1..root","sourceType":"Tenancy","target":"ocid1.tenancy.oc1..root","targetInInventory":true}',
  '{"relation":"encrypted_by","source":"ocid1.volume.oc1.iad.v1","sourceType":"Volume","target":"ocid1.key.oc1.iad.k1","targetInInventory":false}',
  '{"relation":"in_compartment","source":"ocid1.volume.oc1.iad.v1","sourceType":"Volume","target":"ocid1.compartment.oc1..c1","targetInInventory":true}',
];

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

test('hand-made inventory: exact node and edge lines', async () => {
  await withDirs(async ({ dir, tmpDir }) => {
    const result = await writeGraph(HAND_MADE, { dir, tmpDir });
    const { nodes, edges } = await readGraph(dir);
    assert.equal(nodes.split('\n'), [...EXPECTED_NODES, '']);
    assert.equal(edges.split('\n'), [...EXPECTED_EDGES, '']);
    assert.equal(
      { records: result.records, nodes: result.nodes, edges: result.edges, externalTargets: result.externalTargets },
      { records: 6, nodes: 10, edges: 10, externalTargets: 4 },
    );
    assert.equal(result.files, [
      { name: 'graph_nodes.jsonl', path: join(dir, 'graph_nodes.jsonl'), bytes: Buffer.byteLength(nodes), sha256: sha256(nodes) },
      { name: 'graph_edges.jsonl', path: join(dir, 'graph_edges.jsonl'), bytes: Buffer.byteLength(edges), sha256: sha256(edges) },
    ]);
    assert.equal(await listDir(dir), ['graph_edges.jsonl', 'graph_nodes.jsonl'], 'no temporary files left in dir');
    assert.equal(await listDir(tmpDir), [], 'sort files removed');
  });
});

test('hand-made inventory: a memory limit of one item spills and merges in passes, same bytes', async () => {
  await withDirs(async ({ dir, tmpDir }) => {
    const result = await writeGraph(HAND_MADE, { dir, tmpDir, maxItemsInMemory: 1, maxRunsPerMerge: 2 });
    assert.is(result.spilledRuns, 5, 'one run after each of the five rows with relationships');
    const { nodes, edges } = await readGraph(dir);
    assert.is(nodes, `${EXPECTED_NODES.join('\n')}\n`);
    assert.is(edges, `${EXPECTED_EDGES.join('\n')}\n`);
  });
});

test('an empty inventory publishes two empty files', async () => {
  await withDirs(async ({ dir, tmpDir }) => {
    const result = await writeGraph([], { dir, tmpDir });
    assert.equal({ nodes: result.nodes, edges: result.edges, externalTargets: result.externalTargets }, { nodes: 0, edges: 0, externalTargets: 0 });
    assert.equal(await readGraph(dir), { nodes: '', edges: '' });
  });
});

/** Ids that need escaping in JSON or sort in surprising places (UTF-16 order, not code point order). */
const ODD_IDS = ['ocid1.key.oc1..quote"inside', 'ocid1.key.oc1..back\\slash', 'ocid1.key.oc1..tab\tnew\nline', 'ocid1.key.oc1..\u{1F680}rocket', 'ocid1.key.oc1..\uFF5Ahigh', 'A-upper', ''];

function randomInventory(seed: number, count: number): InventoryRecord[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const ocids = Array.from({ length: Math.max(1, Math.floor(count * 0.8)) }, (_, index) => `ocid1.${pick(['vcn', 'subnet', 'instance'])}.oc1..${(index * 7919) % 100_003}`);
  ocids.push(...ODD_IDS.slice(0, 3).map((id) => `${id}-in`));
  const outside = [...Array.from({ length: 40 }, (_, index) => `ocid1.key.oc1.iad.out${index}`), ...ODD_IDS.filter((id) => id !== '')];
  const records = new Map<string, InventoryRecord>();
  while (records.size < count) {
    const ocid = pick(ocids);
    const resourceType = pick(['Vcn', 'Subnet', 'Instance']);
    const relationships: Relationship[] = [];
    for (let edges = Math.floor(random() * 6); edges > 0; edges--) {
      const target = random() < 0.6 ? pick(ocids) : random() < 0.05 ? ocid : pick(outside);
      relationships.push({ relation: pick(['in_vcn', 'in_subnet', 'encrypted_by', 'routes_to']), target });
    }
    records.set(`${ocid}\u0000${resourceType}`, record({ ocid, resourceType, displayName: `n${records.size}`, relationships }));
  }
  return [...records.values()];
}

test('random inventories: nodes and edges agree with the records, sorted, without repeats', async () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    await withDirs(async ({ dir, tmpDir }) => {
      const records = randomInventory(seed, 150 + seed * 40);
      const result = await writeGraph(records, { dir, tmpDir, maxItemsInMemory: 3 });
      const { nodes: nodesText, edges: edgesText } = await readGraph(dir);
      const nodes = parseLines<GraphNode>(nodesText);
      const edges = parseLines<GraphEdge>(edgesText);

      // Oracle: in-memory sets (fine at this size).
      const inventoryIds = new Set(records.map((item) => item.ocid));
      const expectedEdges: GraphEdge[] = [];
      for (const item of [...records].sort(compareRecordKeys)) {
        const unique = new Map(item.relationships.map((edge) => [`${edge.relation}\u0000${edge.target}`, edge]));
        for (const edge of [...unique.values()].sort((a, b) => (a.relation !== b.relation ? (a.relation < b.relation ? -1 : 1) : a.target < b.target ? -1 : a.target > b.target ? 1 : 0))) {
          expectedEdges.push({ relation: edge.relation, source: item.ocid, sourceType: item.resourceType, target: edge.target, targetInInventory: inventoryIds.has(edge.target) } as GraphEdge);
        }
      }
      assert.equal(edges, expectedEdges, `seed ${seed}: edges = all relationships, targetInInventory = membership`);

      const externalIds = [...new Set(expectedEdges.map((edge) => edge.target))].filter((target) => !inventoryIds.has(target));
      assert.is(result.externalTargets, externalIds.length);
      assert.is(nodes.length, records.length + externalIds.length, `seed ${seed}: nodes = records + distinct external targets`);
      assert.equal(
        nodes.filter((node) => node.external).map((node) => node.id),
        [...externalIds].sort(),
        'one external node per distinct external target, in id order',
      );
      for (const node of nodes.filter((item) => item.external)) assert.is(node.resourceType, resourceTypeFromOcid(node.id));
      assert.equal(
        nodes.filter((node) => !node.external).map((node) => `${node.id}\u0000${node.resourceType}`),
        [...records].sort(compareRecordKeys).map((item) => `${item.ocid}\u0000${item.resourceType}`),
      );
      for (let index = 1; index < nodes.length; index++) {
        const [a, b] = [nodes[index - 1] as GraphNode, nodes[index] as GraphNode];
        assert.ok(a.id < b.id || (a.id === b.id && String(a.resourceType) < String(b.resourceType)), `seed ${seed}: nodes sorted and unique at ${index}`);
      }
      assert.ok(edges.some((edge) => edge.targetInInventory) && edges.some((edge) => !edge.targetInInventory), 'both kinds of edge present');
      assert.ok(result.spilledRuns > 64, 'more runs than one merge reads: multi-pass merge ran');
    });
  }
});

test('same bytes whatever the memory limit and merge fan-in', async () => {
  const records = randomInventory(42, 400);
  const hashes = new Set<string>();
  for (const limits of [{ maxItemsInMemory: 3 }, { maxItemsInMemory: 3, maxRunsPerMerge: 2 }, { maxItemsInMemory: 17 }, { maxItemsInMemory: 100_000 }]) {
    await withDirs(async ({ dir, tmpDir }) => {
      const result = await writeGraph(records, { dir, tmpDir, ...limits });
      hashes.add(result.files.map((file) => file.sha256).join(' '));
      if (limits.maxItemsInMemory === 100_000) assert.is(result.spilledRuns, 0);
    });
  }
  assert.is(hashes.size, 1);
});

test('targets shared by thousands of edges (one compartment, one external key) are marked on every edge', async () => {
  const records = Array.from({ length: 9000 }, (_, index) =>
    record({
      ocid: `ocid1.instance.oc1..${String(index).padStart(5, '0')}`,
      relationships: [
        { relation: 'encrypted_by', target: 'ocid1.key.oc1..shared' },
        { relation: 'in_compartment', target: 'ocid1.instance.oc1..00000' },
      ],
    }),
  );
  const hashes = new Set<string>();
  for (const maxItemsInMemory of [100_000, 5000]) {
    await withDirs(async ({ dir, tmpDir }) => {
      const result = await writeGraph(records, { dir, tmpDir, maxItemsInMemory });
      const edges = parseLines<GraphEdge>((await readGraph(dir)).edges);
      assert.is(edges.length, 18_000);
      assert.ok(edges.every((edge) => edge.targetInInventory === (edge.relation === 'in_compartment')));
      assert.is(result.externalTargets, 1);
      assert.is(result.nodes, 9001);
      hashes.add(result.files.map((file) => file.sha256).join(' '));
    });
  }
  assert.is(hashes.size, 1);
});

test('GraphBuilder is a FormatWriter writing to any byte sinks', async () => {
  await withDirs(async ({ tmpDir }) => {
    const nodes = memorySink();
    const edges = memorySink();
    const builder = await GraphBuilder.open({ nodes, edges, tmpDir, maxItemsInMemory: 2 });
    const writer: FormatWriter = builder;
    for (const item of [...HAND_MADE].sort(compareRecordKeys)) {
      const wait = writer.write(ExportRow.fromRecord(item));
      if (wait !== undefined) await wait;
    }
    await writer.end();
    assert.is(nodes.bytes().toString('utf8'), `${EXPECTED_NODES.join('\n')}\n`);
    assert.is(edges.bytes().toString('utf8'), `${EXPECTED_EDGES.join('\n')}\n`);
    assert.equal({ nodes: builder.counts.nodes, edges: builder.counts.edges }, { nodes: 10, edges: 10 });
    assert.equal(await listDir(tmpDir), []);
  });
});

test('rows out of order or with a repeated key fail, naming the record, and leave no files', async () => {
  for (const [first, second, problem] of [
    [HAND_MADE[0], HAND_MADE[1], 'sorts before'],
    [HAND_MADE[1], HAND_MADE[1], 'repeats the key'],
  ] as const) {
    await withDirs(async ({ dir, tmpDir }) => {
      const graph = new GraphWriter({ dir, tmpDir });
      await graph.add(first as InventoryRecord);
      try {
        await graph.add(second as InventoryRecord);
        assert.unreachable('should have thrown');
      } catch (error) {
        assert.instance(error, RecordOrderError);
        const message = (error as Error).message;
        assert.match(message, problem);
        assert.match(message, `ocid ${(second as InventoryRecord).ocid}, resourceType ${(second as InventoryRecord).resourceType}`);
        assert.equal((error as RecordOrderError).context.ocid, (second as InventoryRecord).ocid);
      }
      await graph.finish().then(
        () => assert.unreachable('finish after a failure must fail'),
        (error: unknown) => assert.instance(error, RecordOrderError),
      );
      assert.equal(await listDir(dir), []);
      assert.equal(await listDir(tmpDir), []);
    });
  }
});

test('relationships that are not {relation, target} strings fail with the record named', async () => {
  await withDirs(async ({ dir, tmpDir }) => {
    const graph = new GraphWriter({ dir, tmpDir });
    const bad = record({ ocid: 'ocid1.vcn.oc1..bad', relationships: [{ relation: 'in_vcn', target: 42 as unknown as string }] });
    await graph.add(bad).then(
      () => assert.unreachable('should have thrown'),
      (error: unknown) => {
        assert.instance(error, RecordSerializationError);
        assert.match((error as Error).message, 'ocid1.vcn.oc1..bad');
        assert.match((error as Error).message, 'target');
      },
    );
    assert.equal(await listDir(dir), []);
    assert.equal(await listDir(tmpDir), []);
  });
});

test('abort after spilling leaves no file in dir or tmpDir, and nothing can be added after', async () => {
  await withDirs(async ({ dir, tmpDir }) => {
    const graph = new GraphWriter({ dir, tmpDir, maxItemsInMemory: 2 });
    for (const item of randomInventory(9, 60).sort(compareRecordKeys)) await graph.add(item);
    assert.ok((await listDir(dir)).length === 2, 'temporary files exist before abort');
    assert.ok((await listDir(tmpDir)).length === 1, 'private sort folder exists before abort');
    await graph.abort();
    await graph.abort();
    assert.equal(await listDir(dir), []);
    assert.equal(await listDir(tmpDir), []);
    await graph.add(HAND_MADE[0] as InventoryRecord).then(
      () => assert.unreachable('add after abort must fail'),
      (error: unknown) => assert.match((error as Error).message, 'aborted'),
    );
  });
});

test('abort before any row and after finish is harmless', async () => {
  await withDirs(async ({ dir, tmpDir }) => {
    await new GraphWriter({ dir, tmpDir }).abort();
    assert.equal(await listDir(dir), []);
    const graph = new GraphWriter({ dir, tmpDir });
    await graph.add(HAND_MADE[0] as InventoryRecord);
    await graph.finish();
    await graph.abort();
    assert.equal(await listDir(dir), ['graph_edges.jsonl', 'graph_nodes.jsonl'], 'published files stay');
  });
});

test('options are checked at the edge, naming the key', () => {
  assert.throws(() => new GraphWriter({ dir: '/x', tmpDir: '/y', maxItems: 3 } as unknown as GraphWriterOptions), (error: unknown) => error instanceof UsageError && /"maxItems"/.test((error as Error).message));
  assert.throws(() => new GraphWriter({ dir: '', tmpDir: '/y' }), (error: unknown) => error instanceof UsageError && /dir/.test((error as Error).message));
  assert.throws(() => new GraphWriter({ dir: '/x', tmpDir: '/y', maxItemsInMemory: 0 }), (error: unknown) => error instanceof UsageError && /maxItemsInMemory/.test((error as Error).message));
  assert.throws(() => new GraphWriter({ dir: '/x', tmpDir: '/y', maxRunsPerMerge: 1 }), (error: unknown) => error instanceof UsageError && /maxRunsPerMerge/.test((error as Error).message));
});

/** The line appendInventoryNodeLine assembles, as text. */
function nodeLineOf(row: ExportRow): string {
  const out = new ByteAssembler(8);
  appendInventoryNodeLine(out, row);
  return out.bytes().toString('utf8');
}

/** The line appendEdgeLineAssumingExternal assembles, as text. */
function edgeLineOf(relation: string, row: ExportRow, target: string): string {
  const out = new ByteAssembler(8);
  appendEdgeLineAssumingExternal(out, relation, row, target);
  return out.bytes().toString('utf8');
}

test('node and edge lines are exactly canonicalJson of the same objects, for hostile text too', () => {
  const texts = [...HOSTILE_DISPLAY_NAMES, 'lone \ud800 surrogate', '"', '\\', '\u007f del', '\u2028 separator', '~ }{ ascii edge', 'caf\u00e9 \u{1f600}'];
  for (const text of texts) {
    const row = ExportRow.fromRecord(
      record({ ocid: `ocid1.vcn.oc1..${text}`, resourceType: text || 'Vcn', displayName: text, region: text, compartmentId: text, lifecycleState: text }),
    );
    const [ocid, resourceType, region] = [row.ocid, row.resourceType, row.columns[4] ?? null];
    assert.is(
      nodeLineOf(row),
      canonicalJson({ id: ocid, resourceType, displayName: region, region, compartmentId: region, lifecycleState: region, external: false }),
      JSON.stringify(text),
    );
    const edge = { relation: text || 'in_vcn', source: ocid, sourceType: resourceType, target: text || 'x', targetInInventory: false };
    const line = edgeLineOf(edge.relation, row, edge.target);
    assert.is(line, canonicalJson(edge));
    assert.is(`${line.slice(0, -EDGE_EXTERNAL_ENDING.length)}${EDGE_IN_INVENTORY_ENDING}`, canonicalJson({ ...edge, targetInInventory: true }));
    const id = text || 'x';
    assert.is(
      externalNodeLine(id),
      canonicalJson({ id, resourceType: resourceTypeFromOcid(id), displayName: null, region: null, compartmentId: null, lifecycleState: null, external: true }),
    );
    assert.not.match(line, '\n');
  }
});

test('node and edge lines are canonical when the inventory line escapes more than it needs to', () => {
  // fromCanonicalLine takes a line as it is: a needless escape (\u0041 for A, \/ for /) stays in the row, but
  // the graph's lines must still be canonical, so they are not copied from such a line.
  const canonical = ExportRow.fromRecord(record({ ocid: 'ocid1.vcn.oc1..esc', displayName: 'A/B', lifecycleState: 'AVAILABLE' })).line;
  const escaped = canonical.replace('"displayName":"A/B"', '"displayName":"\\u0041\\/B"');
  assert.is.not(escaped, canonical);
  const row = ExportRow.fromCanonicalLine(escaped);
  assert.is(row.columns[columnIndex('displayName')], 'A/B');
  const expected = ExportRow.fromCanonicalLine(canonical);
  assert.is(nodeLineOf(row), nodeLineOf(expected));
  assert.match(nodeLineOf(row), '"displayName":"A/B"');
  assert.is(edgeLineOf('in_vcn', row, 'ocid1.vcn.oc1..t'), edgeLineOf('in_vcn', expected, 'ocid1.vcn.oc1..t'));
});

test('a record whose relationships are null is a node without edges', async () => {
  await withDirs(async ({ dir, tmpDir }) => {
    const result = await writeGraph([record({ ocid: 'ocid1.vcn.oc1..none', relationships: null as unknown as Relationship[] })], { dir, tmpDir });
    assert.equal({ nodes: result.nodes, edges: result.edges }, { nodes: 1, edges: 0 });
    assert.is((await readGraph(dir)).edges, '');
  });
});

test('a spill that fails (its folder vanished) fails the graph and publishes nothing', async () => {
  await withDirs(async ({ dir, tmpDir }) => {
    const graph = new GraphWriter({ dir, tmpDir, maxItemsInMemory: 1 });
    const rows = randomInventory(5, 50).sort(compareRecordKeys);
    await graph.add(rows[0] as InventoryRecord);
    await removeDir(join(tmpDir, (await listDir(tmpDir))[0] as string));
    const failure = await (async () => {
      for (const item of rows.slice(1)) await graph.add(item);
      await graph.finish();
    })().then(
      () => undefined,
      (error: unknown) => error,
    );
    assert.instance(failure, Error);
    assert.is((failure as NodeJS.ErrnoException).code, 'ENOENT');
    assert.equal(await listDir(dir), []);
    assert.equal(await listDir(tmpDir), []);
  });
});

test('resource type guessed from the OCID type token', () => {
  assert.is(resourceTypeFromOcid('ocid1.key.oc1.iad.abcdef'), 'key');
  assert.is(resourceTypeFromOcid('ocid1.tenancy.oc1..aaaa'), 'tenancy');
  assert.is(resourceTypeFromOcid('ocid1.dbsystem.oc1.phx.unique.future'), 'dbsystem');
  assert.is(resourceTypeFromOcid('ocid2.vcn.oc2.us-langley-1.x'), 'vcn');
  for (const notAnOcid of ['', 'key', 'ocid1', 'ocid1.key', 'ocid1.key.oc1', 'ocid1.key.oc1.', 'ocid1..oc1..x', 'ocidx.key.oc1..x', 'arn:aws:kms:key']) {
    assert.is(resourceTypeFromOcid(notAnOcid), null, notAnOcid);
  }
});

test.run();
