import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigFileAuthenticationDetailsProvider } from 'oci-common';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startEmulator, type Emulator } from '../emulator/index.ts';
import { RunBucket } from '../shared/bucket/index.ts';
import { OciClientFactory } from '../shared/oci/client-factory.ts';
import { emulatorAuthArgs, makeTempDir, removeTempDir, runCli, type CliResult } from './support/cli-harness.ts';

/*
 * `oci-inventory fetch` run in-process against the emulator: runs are written to the bucket with RunBucket
 * (as the serverless functions do), then fetched through the CLI with config-file auth and the emulator's
 * endpoint template, exactly as a user would.
 *
 * Exit codes: 0 fetched; 2 when the user asked for something the bucket does not have (no complete run
 * yet, an unknown run, a missing bucket) or gave a bad flag; 3 for rejected credentials.
 */

const BUCKET = 'inventory-runs';
const PREFIX = 'nightly/';
const OLD_RUN = '20240101T020000Z';
const LATEST_RUN = '20240102T020000Z';
/** Runs with only a summary, so that "available" has more than five ids to choose from. */
const OTHER_RUNS = ['20231230T020000Z', '20231231T020000Z', '20231231T020000Z-2', '20231231T020000Z-10', '20231229T020000Z'];

let emulator: Emulator;
let dir: string;
let configPath: string;
let bucket: RunBucket;
/** The bytes written per run, by file name. */
const written = new Map<string, Map<string, Buffer>>();

async function putRunFile(runId: string, name: string, content: Buffer): Promise<void> {
  const path = join(dir, 'src', `${runId}-${name.replaceAll('/', '_')}`);
  await writeFile(path, content);
  await bucket.putFile(`runs/${runId}/${name}`, path, { contentType: 'application/octet-stream' });
}

async function writeRun(runId: string, artifacts: Record<string, Buffer>, extras: Record<string, Buffer> = {}): Promise<void> {
  const files = new Map<string, Buffer>();
  for (const [name, content] of Object.entries(artifacts)) {
    await putRunFile(runId, name, content);
    files.set(name, content);
  }
  for (const [name, content] of Object.entries(extras)) await putRunFile(runId, name, content);
  written.set(runId, files);
}

function jsonl(count: number, runId: string): Buffer {
  return Buffer.from(Array.from({ length: count }, (_, i) => `{"id":"ocid1.instance.oc1..${i}","run":"${runId}"}\n`).join(''));
}

function fetchArgs(...extra: string[]): string[] {
  return ['fetch', ...emulatorAuthArgs(emulator, configPath), '--outdir', 'out', ...extra];
}

function fetchCli(...extra: string[]): Promise<CliResult> {
  return runCli(fetchArgs(...extra), { cwd: dir });
}

/** The run folder must hold exactly the run's artifacts, byte for byte. */
async function assertFetched(result: CliResult, runId: string): Promise<void> {
  assert.is(result.exitCode, 0, result.stderr);
  const runDir = join(dir, 'out', runId);
  assert.is(result.stdoutLines.at(-1), runDir, 'the last stdout line is the run folder');
  const expected = written.get(runId);
  assert.ok(expected);
  assert.equal((await readdir(runDir)).sort(), [...expected.keys()].sort());
  for (const [name, content] of expected) {
    const local = await readFile(join(runDir, name));
    assert.is(createHash('sha256').update(local).digest('hex'), createHash('sha256').update(content).digest('hex'), name);
  }
}

test.before(async () => {
  dir = await makeTempDir('fetch');
  emulator = await startEmulator();
  ({ configPath } = await emulator.writeOciConfig(join(dir, 'oci')));
  await emulator.objectStore.ensureBucket(BUCKET);
  await emulator.objectStore.ensureBucket('empty-bucket');
  const factory = new OciClientFactory({
    authProvider: new ConfigFileAuthenticationDetailsProvider(configPath, 'DEFAULT'),
    endpointTemplate: emulator.endpointTemplate,
  });
  bucket = new RunBucket({ factory, region: emulator.defaultUser.region, bucket: BUCKET, prefix: PREFIX });
  await mkdir(join(dir, 'src'), { recursive: true });

  // Working data and coordination objects next to the artifacts: never fetched.
  const notArtifacts = {
    'regions/us-ashburn-1/inventory.jsonl': jsonl(3, 'shard'),
    'regions/us-phoenix-1/inventory.jsonl': jsonl(2, 'shard'),
    'run.lock': Buffer.from('{"owner":"fn-1"}'),
    '_COMPLETE': Buffer.from(''),
    'notes.txt': Buffer.from('not an artifact'),
  };
  await writeRun(
    OLD_RUN,
    {
      'inventory.jsonl': jsonl(500, OLD_RUN),
      'inventory.csv': Buffer.from('id,run\nocid1.instance.oc1..0,x\n'),
      'run_summary.json': Buffer.from(`{"runId":"${OLD_RUN}","status":"complete"}`),
      'manifest.json': Buffer.from('{"files":[]}'),
    },
    notArtifacts,
  );
  await writeRun(
    LATEST_RUN,
    {
      'inventory.jsonl': jsonl(40_000, LATEST_RUN),
      'inventory.csv': Buffer.from('id,run\n'),
      'inventory.parquet': randomBytes(1_500_000),
      'run_summary.json': Buffer.from(`{"runId":"${LATEST_RUN}","status":"complete"}`),
      'diff.json': Buffer.from('{"added":[],"removed":[],"changed":[]}'),
      'diff_summary.json': Buffer.from('{"added":0,"removed":0,"changed":0}'),
      'graph_relations.jsonl': Buffer.from('{"from":"a","to":"b"}\n'),
      'manifest.json': Buffer.from('{"files":[]}'),
    },
    notArtifacts,
  );
  for (const runId of OTHER_RUNS) await writeRun(runId, { 'run_summary.json': Buffer.from(`{"runId":"${runId}"}`) });
  await bucket.putJson('latest.json', { runId: LATEST_RUN, completedAt: '2024-01-02T02:10:00Z' });
});

test.after(async () => {
  await emulator?.close();
  await removeTempDir(dir);
});

test('fetch downloads the latest run: every artifact, identical, and prints the folder last', async () => {
  const result = await fetchCli('--bucket', BUCKET, '--prefix', PREFIX);
  await assertFetched(result, LATEST_RUN);
  assert.not.ok((await readdir(join(dir, 'out', LATEST_RUN))).some((name) => name.includes('.tmp-')));
});

test('fetch --run <id> downloads that run, without shards, locks or markers', async () => {
  const result = await fetchCli('--bucket', BUCKET, '--prefix', PREFIX, '--run', OLD_RUN, '--namespace', emulator.namespace);
  await assertFetched(result, OLD_RUN);
  assert.equal((await readdir(join(dir, 'out', OLD_RUN))).sort(), ['inventory.csv', 'inventory.jsonl', 'manifest.json', 'run_summary.json']);
});

test('fetch with no latest.json: exit 2, "no complete run yet in bucket"', async () => {
  const result = await fetchCli('--bucket', 'empty-bucket');
  assert.is(result.exitCode, 2);
  assert.match(result.stderr, 'No complete run yet in bucket "empty-bucket"');
  assert.equal(result.stdoutLines, []);
});

test('fetch of an unknown run: exit 2, naming the last five runs available', async () => {
  const result = await fetchCli('--bucket', BUCKET, '--prefix', PREFIX, '--run', '20230101T000000Z');
  assert.is(result.exitCode, 2);
  assert.match(result.stderr, 'Run 20230101T000000Z not found in bucket "inventory-runs"');
  // Seven runs; the newest five in time order, "-10" after "-2".
  assert.match(result.stderr, 'available: 20231231T020000Z, 20231231T020000Z-2, 20231231T020000Z-10, 20240101T020000Z, 20240102T020000Z (last 5 of 7)');
});

test('fetch from a bucket that does not exist: exit 2, naming bucket and namespace', async () => {
  const result = await fetchCli('--bucket', 'no-such-bucket');
  assert.is(result.exitCode, 2);
  assert.match(result.stderr, `Bucket "no-such-bucket" not found in namespace "${emulator.namespace}"`);
});

test('fetch rejects a malformed run id or prefix before calling OCI', async () => {
  const badRun = await fetchCli('--bucket', BUCKET, '--run', 'yesterday');
  assert.is(badRun.exitCode, 2);
  assert.match(badRun.stderr, /latest.*or a run id/);
  const badPrefix = await fetchCli('--bucket', BUCKET, '--prefix', 'nightly');
  assert.is(badPrefix.exitCode, 2);
  assert.match(badPrefix.stderr, 'ending with "/"');
});

test('fetch of a latest.json that does not name a run: exit 2, naming the object', async () => {
  await bucket.putJson('latest.json', { run: 'oops' });
  try {
    const result = await fetchCli('--bucket', BUCKET, '--prefix', PREFIX);
    assert.is(result.exitCode, 2);
    assert.match(result.stderr, '"nightly/latest.json" in bucket "inventory-runs" is malformed');
  } finally {
    await bucket.putJson('latest.json', { runId: LATEST_RUN });
  }
});

test('fetch is listed in the CLI help', async () => {
  const result = await runCli(['--help'], { cwd: dir });
  assert.match(result.stdout, /fetch\s+Download a run's artifacts/);
});

test.run();
