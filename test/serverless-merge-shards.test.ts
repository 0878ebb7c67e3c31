import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RecordSerializationError } from '../shared/errors.ts';
import { RecordOrderError } from '../shared/export/export-errors.ts';
import { canonicalLine } from '../shared/export/canonical-json.ts';
import { compareRecordKeys, type InventoryRecord } from '../shared/model/record.ts';
import { mergeShardFiles } from '../shared/serverless/merge-shards.ts';
import { hostileRecords, listDir, makeTempDir, record, removeDir, seededRandom } from './export-fixtures.ts';

const HOME = 'us-ashburn-1';
const REGIONS = [HOME, 'us-phoenix-1', 'eu-frankfurt-1'] as const;

/** A global resource: every region's Search returns it, each copy stamped with that region. */
function globalCopies(ocid: string, overrides: Partial<InventoryRecord> = {}): InventoryRecord[] {
  return REGIONS.map((region) => record({ ocid, resourceType: 'User', region, availabilityDomain: null, ...overrides }));
}

/** Region shards as the region function writes them: canonical lines sorted by key, LF after each. */
async function writeShards(dir: string, byRegion: Map<string, InventoryRecord[]>): Promise<string[]> {
  const paths: string[] = [];
  for (const [region, records] of byRegion) {
    const path = join(dir, `${region}.jsonl`);
    await writeFile(path, [...records].sort(compareRecordKeys).map((one) => `${canonicalLine(one)}\n`).join(''));
    paths.push(path);
  }
  return paths;
}

/** Regional records spread over the regions, plus global ones present in every shard. */
function tenancyRecords(): Map<string, InventoryRecord[]> {
  const random = seededRandom(11);
  const byRegion = new Map<string, InventoryRecord[]>(REGIONS.map((region) => [region, []]));
  hostileRecords().forEach((one, index) => {
    const region = REGIONS[index % REGIONS.length]!;
    byRegion.get(region)!.push({ ...one, region });
  });
  for (let index = 0; index < 60; index++) {
    const region = REGIONS[Math.floor(random() * REGIONS.length)]!;
    byRegion.get(region)!.push(record({ ocid: `ocid1.instance.oc1.${region}.n${String(index).padStart(3, '0')}`, region }));
  }
  for (const ocid of ['ocid1.user.oc1..alice', 'ocid1.user.oc1..bob']) {
    for (const copy of globalCopies(ocid)) byRegion.get(copy.region!)!.push(copy);
  }
  return byRegion;
}

async function withDir(run: (dir: string) => Promise<void>): Promise<void> {
  const dir = await makeTempDir('merge-shards-test-');
  try {
    await run(dir);
  } finally {
    await removeDir(dir);
  }
}

test('merges region shards into one sorted inventory, keeping the home region copy of a global record', async () => {
  await withDir(async (dir) => {
    const byRegion = tenancyRecords();
    const shardPaths = await writeShards(dir, byRegion);
    const outDir = join(dir, 'out');
    await mkdir(outDir);

    const { exported, coverage } = await mergeShardFiles({ shardPaths, outDir, tmpDir: dir, homeRegion: HOME });

    const all = [...byRegion.values()].flat();
    const distinct = all.filter((one) => one.resourceType !== 'User' || one.region === HOME).sort(compareRecordKeys);
    const expected = distinct.map((one) => `${canonicalLine(one)}\n`).join('');
    assert.is(await readFile(join(outDir, 'inventory.jsonl'), 'utf8'), expected);
    assert.is(exported.records, distinct.length);
    assert.is(coverage.total, distinct.length);
    assert.is(coverage.byType.get('User'), 2);
    assert.equal(await listDir(outDir), ['graph_edges.jsonl', 'graph_nodes.jsonl', 'inventory.csv', 'inventory.jsonl', 'inventory.parquet']);
  });
});

test('the merged files do not depend on the order of the shards', async () => {
  await withDir(async (dir) => {
    const shardPaths = await writeShards(dir, tenancyRecords());
    const outputs: string[] = [];
    for (const [index, order] of [shardPaths, [...shardPaths].reverse()].entries()) {
      const outDir = join(dir, `out-${index}`);
      await mkdir(outDir);
      const { exported } = await mergeShardFiles({ shardPaths: order, outDir, tmpDir: dir, homeRegion: HOME });
      outputs.push(JSON.stringify(exported.files.map((file) => [file.format, file.sha256])));
    }
    assert.is(outputs[1], outputs[0]);
  });
});

test('long shards (read in arrays) with global records throughout merge like short ones', async () => {
  await withDir(async (dir) => {
    // Hundreds of rows per shard, a third of them global copies: groups of duplicates fall on every
    // position of the arrays a shard is read in, and across their ends.
    const byRegion = new Map<string, InventoryRecord[]>(REGIONS.map((region) => [region, []]));
    for (let index = 0; index < 900; index++) {
      const ocid = `ocid1.thing.oc1..n${String(index).padStart(4, '0')}`;
      if (index % 3 === 0) {
        for (const copy of globalCopies(ocid.replace('thing', 'user'))) byRegion.get(copy.region!)!.push(copy);
      } else {
        const region = REGIONS[index % REGIONS.length]!;
        byRegion.get(region)!.push(record({ ocid, region, displayName: `thing-${index}` }));
      }
    }
    const shardPaths = await writeShards(dir, byRegion);
    const outDir = join(dir, 'out');
    await mkdir(outDir);

    const { exported, coverage } = await mergeShardFiles({ shardPaths, outDir, tmpDir: dir, homeRegion: HOME });

    const distinct = [...byRegion.values()].flat().filter((one) => one.resourceType !== 'User' || one.region === HOME).sort(compareRecordKeys);
    assert.is(await readFile(join(outDir, 'inventory.jsonl'), 'utf8'), distinct.map((one) => `${canonicalLine(one)}\n`).join(''));
    assert.is(exported.records, 900);
    assert.is(coverage.byType.get('User'), 300);
  });
});

test('without a home region a global record is kept from the lowest region name', async () => {
  await withDir(async (dir) => {
    const copies = globalCopies('ocid1.user.oc1..carol');
    const shardPaths = await writeShards(dir, new Map(copies.map((copy) => [copy.region!, [copy]])));
    const outDir = join(dir, 'out');
    await mkdir(outDir);
    await mergeShardFiles({ shardPaths, outDir, tmpDir: dir, homeRegion: null });
    const merged = JSON.parse(await readFile(join(outDir, 'inventory.jsonl'), 'utf8')) as InventoryRecord;
    assert.is(merged.region, 'eu-frankfurt-1');
  });
});

/** Merges the shard at `path` alone into `dir/out`, which must fail and publish nothing there: the error. */
async function failedMerge(dir: string, path: string): Promise<unknown> {
  const outDir = join(dir, 'out');
  await mkdir(outDir, { recursive: true });
  try {
    await mergeShardFiles({ shardPaths: [path], outDir, tmpDir: dir, homeRegion: HOME });
  } catch (error) {
    assert.equal(await listDir(outDir), [], 'a failed merge publishes nothing');
    return error;
  }
  return assert.unreachable(`merging ${path} must fail`);
}

test('an unsorted shard fails and publishes nothing', async () => {
  await withDir(async (dir) => {
    const path = join(dir, 'unsorted.jsonl');
    await writeFile(path, `${canonicalLine(record({ ocid: 'ocid1.b' }))}\n${canonicalLine(record({ ocid: 'ocid1.a' }))}\n`);
    const error = await failedMerge(dir, path);
    assert.instance(error, RecordOrderError);
    assert.match((error as Error).message, /sorts before/);
  });
});

test('a damaged shard line fails naming the shard, the line and the problem, and publishes nothing', async () => {
  await withDir(async (dir) => {
    // Enough lines that the damaged one is read in a later array, blank and CRLF lines before it.
    const lines = Array.from({ length: 300 }, (_, index) => canonicalLine(record({ ocid: `ocid1.instance.oc1..n${String(index).padStart(4, '0')}` })));
    lines[3] = `${lines[3]}\r`;
    lines.splice(5, 0, '');
    lines[250] = lines[250]!.replace('"displayName":"vm"', '"displayName":"vm\\q"');
    const path = join(dir, 'damaged.jsonl');
    await writeFile(path, `${lines.join('\n')}\n`);
    const error = await failedMerge(dir, path);
    assert.instance(error, RecordSerializationError);
    const { message, context } = error as RecordSerializationError;
    assert.match(message, `Shard ${path}: Line 251: `);
    assert.match(message, /displayName holds an invalid escape/);
    assert.equal({ file: context.file, line: context.line, ocid: context.ocid }, { file: path, line: 251, ocid: 'ocid1.instance.oc1..n0249' });

    // The same file without the damage merges, blank line skipped and CR dropped.
    lines[250] = lines[250]!.replace('"displayName":"vm\\q"', '"displayName":"vm"');
    await writeFile(path, `${lines.join('\n')}\n`);
    const { exported } = await mergeShardFiles({ shardPaths: [path], outDir: join(dir, 'out'), tmpDir: dir, homeRegion: HOME });
    assert.is(exported.records, 300);
  });
});

test.run();
