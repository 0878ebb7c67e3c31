import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { LocalDeployment } from '../emulator/deployment/local-deployment.ts';
import { startEmulator, type Emulator } from '../emulator/index.ts';
import type { MutationReport } from '../emulator/tenancy/index.ts';
import { LATEST_POINTER, RUN_ID_PATTERN } from '../shared/bucket/run-layout.ts';
import type { RunSummary } from '../shared/run/run-summary.ts';
import type { CoordinatorReply } from '../shared/serverless/coordinator.ts';
import type { RegionMarker } from '../shared/serverless/region-worker.ts';
import { runObjects } from '../shared/serverless/run-objects.ts';
import {
  emulatorAuthArgs,
  makeTempDir,
  readParquetRows,
  removeTempDir,
  runCli,
  runDirOf,
  withoutCollectedAt,
  type CliResult,
} from './support/cli-harness.ts';
import { bundleFunction, deployWithLogs, invokeRole, objectNames, readObjectText, type FunctionLogs, type Reply, waitUntil } from './support/serverless-harness.ts';

/*
 * The serverless inventory end to end: the real function bundle, deployed three times (coordinator,
 * region, merge) under the local Fn agent with resource-principal credentials, started through the
 * emulator's Functions invoke endpoint as `fn invoke` would, and read back from the run bucket. Its
 * output is held against the CLI `run` on the same tenancy; then the tenancy changes, a second run
 * diffs against the first, and `oci-inventory fetch` downloads it.
 */

interface DiffDocument {
  summary: Record<string, number>;
  added: { ocid: string; resourceType: string }[];
  removed: { ocid: string; resourceType: string }[];
  changed: { ocid: string; resourceType: string; changes: { path: string }[] }[];
}

/** A serverless run as the tests see it: the coordinator's reply and what the bucket holds afterwards. */
interface ServerlessRun {
  reply: Reply<CoordinatorReply>;
  runId: string;
  summary: RunSummary;
  /** latest.json once it pointed at this run (or what it held when waiting gave up). */
  latest: { runId: string } | undefined;
}

let emulator: Emulator;
let workDir: string;
let configPath: string;
let deployment: LocalDeployment;
let logs: FunctionLogs;
let regionNames: string[];
let cliFirstDir: string;
let cliSecondDir: string;
let first: ServerlessRun;
let second: ServerlessRun;
let report: MutationReport;
let fetched: CliResult;

function sorted(values: Iterable<string>): string[] {
  return [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

async function cliRun(outName: string, extra: string[] = []): Promise<string> {
  const result = await runCli(['run', ...emulatorAuthArgs(emulator, configPath), '--outdir', join(workDir, outName), '--log-level', 'warn', ...extra], {
    cwd: workDir,
  });
  assert.is(result.exitCode, 0, result.stderr);
  return runDirOf(result);
}

async function serverlessRun(): Promise<ServerlessRun> {
  const reply = await invokeRole<CoordinatorReply>(deployment, 'coordinator', {});
  assert.ok(reply.ok, JSON.stringify(reply));
  const runId = reply.result.runId;
  const summary = await deployment.waitForRun(runId, { timeoutMs: 90_000 });
  // The merge moves latest.json after run_summary.json (a run is merged before it is announced): wait for it.
  const latest = await waitUntil(`latest.json to point at ${runId}`, async () => {
    const pointer = await deployment.bucket.getJson<{ runId: string }>(LATEST_POINTER);
    return pointer?.runId === runId ? pointer : undefined;
  }, 30_000).catch(() => deployment.bucket.getJson<{ runId: string }>(LATEST_POINTER));
  return { reply, runId, summary, latest };
}

/** A run's artifact from the bucket, as text. */
function bucketText(runId: string, file: string): Promise<string> {
  return readObjectText(deployment.bucket, runObjects.artifact(runId, file), join(workDir, 'from-bucket'));
}

test.before(async () => {
  workDir = await makeTempDir('serverless-e2e-run');
  const bundlePath = await bundleFunction(workDir);
  emulator = await startEmulator({ tenancy: 'small', seed: 'serverless-e2e-run' });
  regionNames = sorted(emulator.tenancy.regions.map((region) => region.name));
  ({ configPath } = await emulator.writeOciConfig(join(workDir, 'oci')));
  ({ deployment, logs } = await deployWithLogs({ emulator, bundlePath }));

  // The same tenancy state, inventoried by the CLI and by the functions.
  cliFirstDir = await cliRun('cli-first');
  first = await serverlessRun();

  report = emulator.tenancy.applyRandomMutations({ seed: 'serverless-e2e-run', count: 10 });

  cliSecondDir = await cliRun('cli-second', ['--prev', join(cliFirstDir, 'inventory.jsonl')]);
  second = await serverlessRun();

  fetched = await runCli(
    [
      'fetch',
      ...emulatorAuthArgs(emulator, configPath),
      '--bucket', deployment.bucketName,
      '--namespace', emulator.namespace,
      '--run', 'latest',
      '--outdir', join(workDir, 'fetched'),
    ],
    { cwd: workDir },
  );
});

test.after(async () => {
  await deployment?.close();
  await emulator?.close();
  await removeTempDir(workDir);
});

test('the coordinator answers {ok: true} with the run id, every subscribed region and status started', () => {
  assert.ok(first.reply.ok);
  assert.is(first.reply.role, 'coordinator');
  const result = first.reply.result;
  assert.match(result.runId, RUN_ID_PATTERN);
  assert.equal(result.regions, regionNames);
  assert.is(result.status, 'started');
  assert.ok(regionNames.length >= 3, 'the small tenancy has several regions');
});

test('inventory.jsonl equals the CLI run of the same tenancy byte for byte, collectedAt values aside', async () => {
  const fromCli = await readFile(join(cliFirstDir, 'inventory.jsonl'), 'utf8');
  const fromBucket = await bucketText(first.runId, 'inventory.jsonl');
  assert.ok(fromBucket.split('\n').length > emulator.tenancy.regions.length * 10, 'a real inventory, not an empty one');
  assert.is(withoutCollectedAt(fromBucket), withoutCollectedAt(fromCli));
});

test('inventory.csv is identical to the CLI run; inventory.parquet holds the same rows, collectedAt aside', async () => {
  assert.is(await bucketText(first.runId, 'inventory.csv'), await readFile(join(cliFirstDir, 'inventory.csv'), 'utf8'));
  const parquetPath = join(workDir, 'first.parquet');
  await deployment.bucket.downloadToFile(runObjects.artifact(first.runId, 'inventory.parquet'), parquetPath);
  const fromBucket = await readParquetRows(parquetPath);
  const fromCli = await readParquetRows(join(cliFirstDir, 'inventory.parquet'));
  assert.equal(fromBucket.columns, fromCli.columns);
  const blank = (rows: Record<string, string | null>[]) => rows.map((row) => ({ ...row, collectedAt: null }));
  assert.equal(blank(fromBucket.rows), blank(fromCli.rows));
});

test("run_summary.json: status complete, and every count equals the CLI run's", async () => {
  const cliSummary = JSON.parse(await readFile(join(cliFirstDir, 'run_summary.json'), 'utf8')) as RunSummary;
  const summary = first.summary;
  assert.is(summary.runId, first.runId);
  assert.is(summary.status, 'complete');
  assert.is(summary.error, null);
  assert.is(summary.diff, null, 'the first run has nothing to diff against');
  for (const key of ['total_discovered', 'enriched_ok', 'not_implemented', 'not_found', 'errors', 'compartments', 'query', 'tenancyId', 'toolVersion'] as const) {
    assert.is(summary[key], cliSummary[key], key);
  }
  assert.equal(summary.counts_by_resource_type, cliSummary.counts_by_resource_type);
  assert.equal(summary.counts_by_enrich_status, cliSummary.counts_by_enrich_status);
  const regionView = (s: RunSummary) => s.regions.map(({ name, status, resources, error }) => ({ name, status, resources, error }));
  assert.equal(regionView(summary), regionView(cliSummary));
  assert.ok(summary.regions.every((region) => region.status === 'complete'));
  assert.equal(summary.files.map((file) => file.name), cliSummary.files.map((file) => file.name));
  const csv = (s: RunSummary) => s.files.find((file) => file.name === 'inventory.csv');
  assert.equal(csv(summary), csv(cliSummary), 'the CSV has no collectedAt: same bytes, same sha256');
  // The run_summary.json in the bucket is the one waitForRun read.
  assert.equal(JSON.parse(await bucketText(first.runId, 'run_summary.json')), summary);
});

test('latest.json pointed at the first run once it was merged', () => {
  assert.is(first.latest?.runId, first.runId);
});

test("the bucket holds the run's artifacts, its manifest, one completion marker per region with the shards it names, and the merge lock", async () => {
  const runFolder = runObjects.artifact(first.runId, '');
  const expected = ['graph_edges.jsonl', 'graph_nodes.jsonl', 'inventory.csv', 'inventory.jsonl', 'inventory.parquet', 'manifest.json', 'merge.lock', 'run_summary.json'].map((file) =>
    runObjects.artifact(first.runId, file),
  );
  for (const region of regionNames) {
    const marker = await deployment.bucket.getJson<RegionMarker>(runObjects.marker(first.runId, region));
    assert.ok(marker, `no marker for ${region}`);
    assert.is(marker.runId, first.runId);
    assert.is(marker.status, 'complete');
    assert.is(marker.records, first.summary.regions.find((r) => r.name === region)?.resources);
    assert.equal(sorted(marker.shards.map((shard) => shard.name.slice(shard.name.lastIndexOf('/') + 1))), ['inventory.csv', 'inventory.jsonl', 'inventory.parquet']);
    for (const shard of marker.shards) {
      assert.ok(shard.name.startsWith(runObjects.regionsFolder(first.runId) + `${region}/`), shard.name);
      const head = await deployment.bucket.head(shard.name);
      assert.equal({ bytes: head?.bytes, md5: head?.md5 }, { bytes: shard.bytes, md5: shard.md5 }, `${shard.name} is what the marker describes`);
    }
    expected.push(runObjects.marker(first.runId, region), ...marker.shards.map((shard) => shard.name));
  }
  assert.equal(await objectNames(deployment.bucket, runFolder), sorted(expected));

  const manifest = JSON.parse(await bucketText(first.runId, 'manifest.json')) as Record<string, unknown>;
  assert.is(manifest.runId, first.runId);
  assert.equal(manifest.regions, regionNames);
  assert.is(manifest.homeRegion, emulator.tenancy.homeRegion);
  assert.is(manifest.tenancyId, emulator.tenancy.id);
});

test('the functions log one "run started", one "region finished" per region and one "run merged" for the run', () => {
  assert.is(logs.find('run started', first.runId).length, 1, logs.tail());
  assert.equal(sorted(logs.find('region finished', first.runId).map((line) => String(line.region))), regionNames);
  const merged = logs.find('run merged', first.runId);
  assert.is(merged.length, 1, logs.tail());
  assert.is(merged[0]?.status, 'complete');
  assert.is(merged[0]?.records, first.summary.total_discovered);
});

test('after the tenancy changes, the second run diffs against the first: diff.json names the mutated resources (and changes derived from them)', async () => {
  assert.ok(second.reply.ok);
  assert.is(second.reply.result.status, 'started');
  assert.is.not(second.runId, first.runId);
  assert.is(second.summary.status, 'complete');

  const document = JSON.parse(await bucketText(second.runId, 'diff.json')) as DiffDocument;
  assert.equal(document.added.map((entry) => entry.ocid), report.added);
  assert.equal(document.removed.map((entry) => entry.ocid), report.removed);
  // Every modified resource is changed; any other changed record only changed its edges or enriched details
  // (a related resource was removed, added or moved). The exact derived set is pinned in core-e2e-diff.
  const changed = document.changed.map((entry) => entry.ocid);
  for (const { ocid } of report.modified) assert.ok(changed.includes(ocid), ocid);
  for (const entry of document.changed.filter((e) => !report.modified.some((m) => m.ocid === e.ocid))) {
    assert.ok(entry.changes.every((change) => /^\/(relationships|details)(\/|$)/.test(change.path)), `${entry.ocid}: ${entry.changes.map((c) => c.path).join(', ')}`);
  }
  assert.is(report.added.length + report.removed.length + report.modified.length, 10);

  const diffSummary = JSON.parse(await bucketText(second.runId, 'diff_summary.json')) as Record<string, number>;
  assert.equal(diffSummary, document.summary);
  assert.is(diffSummary.added, report.added.length);
  assert.is(diffSummary.removed, report.removed.length);
  assert.is(diffSummary.changed, document.changed.length);
  assert.is(diffSummary.prev_total, first.summary.total_discovered);
  assert.is(diffSummary.curr_total, second.summary.total_discovered);
  assert.equal(second.summary.diff, { ...diffSummary, previous_run: first.runId });
});

test("the second run's inventory and diff equal the CLI's run of the same state with --prev", async () => {
  assert.is(withoutCollectedAt(await bucketText(second.runId, 'inventory.jsonl')), withoutCollectedAt(await readFile(join(cliSecondDir, 'inventory.jsonl'), 'utf8')));
  assert.is(await bucketText(second.runId, 'diff.json'), await readFile(join(cliSecondDir, 'diff.json'), 'utf8'));
  assert.is(await bucketText(second.runId, 'diff_summary.json'), await readFile(join(cliSecondDir, 'diff_summary.json'), 'utf8'));
});

test('latest.json moved to the second run', async () => {
  assert.is(second.latest?.runId, second.runId);
  assert.is((await deployment.bucket.getJson<{ runId: string }>(LATEST_POINTER))?.runId, second.runId);
});

test("`oci-inventory fetch --run latest` downloads the second run's artifacts, byte-identical to the bucket's", async () => {
  assert.is(fetched.exitCode, 0, fetched.stderr);
  const runDir = runDirOf(fetched);
  assert.is(runDir, join(workDir, 'fetched', second.runId));
  const files = sorted(await readdir(runDir));
  assert.equal(files, ['diff.json', 'diff_summary.json', 'graph_edges.jsonl', 'graph_nodes.jsonl', 'inventory.csv', 'inventory.jsonl', 'inventory.parquet', 'manifest.json', 'run_summary.json']);
  for (const file of files) {
    const fromBucket = join(workDir, 'compare', file);
    await deployment.bucket.downloadToFile(runObjects.artifact(second.runId, file), fromBucket);
    assert.ok((await readFile(join(runDir, file))).equals(await readFile(fromBucket)), `${file} differs from the bucket's`);
  }
});

test.run();
