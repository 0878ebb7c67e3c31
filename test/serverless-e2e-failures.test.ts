import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { LocalDeployment } from '../emulator/deployment/local-deployment.ts';
import { startEmulator, type Emulator } from '../emulator/index.ts';
import { LATEST_POINTER } from '../shared/bucket/run-layout.ts';
import type { RunBucket } from '../shared/bucket/run-bucket.ts';
import type { RunSummary } from '../shared/run/run-summary.ts';
import type { CoordinatorReply } from '../shared/serverless/coordinator.ts';
import type { FunctionRole } from '../shared/serverless/function-config.ts';
import type { MergeReply } from '../shared/serverless/merge.ts';
import type { RegionMarker, RegionReply } from '../shared/serverless/region-worker.ts';
import { runObjects } from '../shared/serverless/run-objects.ts';
import { emulatorAuthArgs, makeTempDir, readJsonlLines, removeTempDir, runCli, runDirOf, withoutCollectedAt } from './support/cli-harness.ts';
import {
  bundleFunction,
  deployWithLogs,
  holdDetachedCalls,
  invokeRole,
  readObjectText,
  regionsWithMarkers,
  resultOf,
  waitUntil,
  type DetachedGate,
  type FunctionLogs,
  type Reply,
} from './support/serverless-harness.ts';

/*
 * The serverless inventory when things go wrong, through the deployment's public surface (the
 * emulator's Functions invoke endpoint and the run bucket): a merge started too early, region
 * functions invoked twice (concurrently, and again after the run), two merges at once, a region
 * function killed mid-run, expired resource-principal credentials, malformed payloads and a
 * misconfigured function. Records are held against the CLI `run` of the same tenancy.
 */

const KILLED_REGION = 'us-phoenix-1';

interface ObjectState {
  name: string;
  etag: string;
}

let emulator: Emulator;
let workDir: string;
let bundlePath: string;
let deployment: LocalDeployment;
let logs: FunctionLogs;
let regionNames: string[];
/** The CLI's inventory.jsonl of the (unchanging) tenancy, collectedAt blanked, one entry per line. */
let cliLines: string[];
/** The run the gated tests build step by step (merges and the coordinator's region calls held back). */
let gatedRunId: string;
let regionGate: DetachedGate;
let mergeGate: DetachedGate;

function sorted(values: Iterable<string>): string[] {
  return [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Every object of the bucket (or under a folder) with its ETag: what "nothing was written" compares. */
async function bucketState(bucket: RunBucket, prefix = ''): Promise<ObjectState[]> {
  return (await bucket.list(prefix)).map(({ name, etag }) => ({ name, etag }));
}

function keyOfLine(line: string): string {
  const record = JSON.parse(line) as { ocid: string; resourceType: string };
  return `${record.ocid} ${record.resourceType}`;
}

function regionOfLine(line: string): string {
  return (JSON.parse(line) as { region: string }).region;
}

async function inventoryLines(runId: string): Promise<string[]> {
  const text = await readObjectText(deployment.bucket, runObjects.artifact(runId, 'inventory.jsonl'), join(workDir, 'from-bucket'));
  return text === '' ? [] : text.slice(0, -1).split('\n').map(withoutCollectedAt);
}

function expectPayloadError(reply: Reply<unknown>, role: FunctionRole, pattern: RegExp): void {
  assert.equal(reply.ok, false, `${role}: ${JSON.stringify(reply)}`);
  if (reply.ok) return;
  assert.is(reply.role, role);
  assert.is(reply.error.kind, 'payload', JSON.stringify(reply));
  assert.match(reply.error.message, pattern);
}

test.before(async () => {
  workDir = await makeTempDir('serverless-e2e-failures');
  bundlePath = await bundleFunction(workDir);
  emulator = await startEmulator({ tenancy: 'small', seed: 'serverless-e2e-failures' });
  regionNames = sorted(emulator.tenancy.regions.map((region) => region.name));
  const { configPath } = await emulator.writeOciConfig(join(workDir, 'oci'));
  const cli = await runCli(['run', ...emulatorAuthArgs(emulator, configPath), '--outdir', join(workDir, 'cli'), '--log-level', 'warn'], { cwd: workDir });
  assert.is(cli.exitCode, 0, cli.stderr);
  cliLines = (await readJsonlLines(join(runDirOf(cli), 'inventory.jsonl'))).map(withoutCollectedAt);
  ({ deployment, logs } = await deployWithLogs({ emulator, bundlePath }));
});

test.after(async () => {
  emulator?.faults.setPlan({ rules: [] });
  await regionGate?.release();
  await mergeGate?.release();
  await deployment?.close();
  await emulator?.close();
  await removeTempDir(workDir);
});

test('a merge invoked before every region has finished answers waiting with the missing regions and writes nothing', async () => {
  regionGate = holdDetachedCalls(emulator, deployment, 'region');
  mergeGate = holdDetachedCalls(emulator, deployment, 'merge');
  const started = resultOf(await invokeRole<CoordinatorReply>(deployment, 'coordinator', {}));
  gatedRunId = started.runId;
  assert.equal(regionGate.held(), regionNames.map((region) => ({ runId: gatedRunId, region })), 'the coordinator started one region function per region');
  const runFolder = runObjects.artifact(gatedRunId, '');

  const before = await bucketState(deployment.bucket, runFolder);
  assert.equal(before.map((object) => object.name), [runObjects.manifest(gatedRunId)]);
  const early = resultOf(await invokeRole<MergeReply>(deployment, 'merge', { runId: gatedRunId }));
  assert.equal(early, { runId: gatedRunId, status: 'waiting', missing: regionNames });
  assert.equal(await bucketState(deployment.bucket, runFolder), before, 'no run_summary.json, no merge.lock, nothing');

  // One region done: the merge it starts (held here) and ours still wait for the two others.
  const home = emulator.tenancy.homeRegion;
  const done = resultOf(await invokeRole<RegionReply>(deployment, 'region', { runId: gatedRunId, region: home }));
  assert.is(done.status, 'complete');
  assert.equal(mergeGate.held(), [{ runId: gatedRunId }], 'the region function started the merge (held back here)');
  const afterOne = await bucketState(deployment.bucket, runFolder);
  const stillWaiting = resultOf(await invokeRole<MergeReply>(deployment, 'merge', { runId: gatedRunId }));
  assert.equal(stillWaiting, { runId: gatedRunId, status: 'waiting', missing: regionNames.filter((region) => region !== home) });
  assert.equal(await bucketState(deployment.bucket, runFolder), afterOne);
  assert.is(await deployment.bucket.head(runObjects.mergeLock(gatedRunId)), undefined);
  assert.is(await deployment.bucket.head(runObjects.artifact(gatedRunId, 'run_summary.json')), undefined);
  assert.is(await deployment.bucket.head(LATEST_POINTER), undefined);
});

test('two concurrent invocations of the same region write one completion marker, and only the shards that marker names remain', async () => {
  const [twice, ...others] = regionNames.filter((region) => region !== emulator.tenancy.homeRegion) as [string, ...string[]];
  // A slow Search in that region, so that the second invocation starts before the first has written its marker.
  emulator.faults.setPlan({ rules: [{ match: { service: 'query', region: twice }, latencyMs: 3_000 }] });
  let replies: Reply<RegionReply>[];
  try {
    replies = await Promise.all([twice, twice, ...others].map((region) => invokeRole<RegionReply>(deployment, 'region', { runId: gatedRunId, region })));
  } finally {
    emulator.faults.setPlan({ rules: [] });
  }
  for (const reply of replies) assert.is(resultOf(reply).status, 'complete', `both invocations of ${twice} ran the region: ${JSON.stringify(reply)}`);
  assert.equal(await regionsWithMarkers(deployment.bucket, gatedRunId, regionNames), regionNames);

  const warnings = logs.find('region finished twice; the first marker stands', gatedRunId);
  assert.equal(warnings.map((line) => line.region), [twice], logs.tail());
  const marker = await deployment.bucket.getJson<RegionMarker>(runObjects.marker(gatedRunId, twice));
  assert.ok(marker);
  const regionFolder = `${runObjects.regionsFolder(gatedRunId)}${twice}/`;
  const objects = await deployment.bucket.list(regionFolder);
  assert.equal(objects.map((object) => object.name), sorted([runObjects.marker(gatedRunId, twice), ...marker.shards.map((shard) => shard.name)]));
  for (const shard of marker.shards) {
    const object = objects.find((candidate) => candidate.name === shard.name);
    assert.equal({ bytes: object?.bytes, md5: object?.md5 }, { bytes: shard.bytes, md5: shard.md5 }, `${shard.name} is the shard its marker describes`);
  }
  assert.is(await deployment.bucket.head(runObjects.artifact(gatedRunId, 'run_summary.json')), undefined, 'the merges are held back');
});

test('two concurrent merges of a run whose regions have all finished: exactly one merges, the other answers busy', async () => {
  const replies = await Promise.all([
    invokeRole<MergeReply>(deployment, 'merge', { runId: gatedRunId, finalize: true }),
    invokeRole<MergeReply>(deployment, 'merge', { runId: gatedRunId, finalize: true }),
  ]);
  const statuses = replies.map((reply) => resultOf(reply).status);
  assert.is(statuses.filter((status) => status === 'complete').length, 1, JSON.stringify(replies));
  const other = statuses.find((status) => status !== 'complete');
  assert.ok(other === 'busy' || other === 'already-merged', JSON.stringify(replies));
  const summaryHead = await deployment.bucket.head(runObjects.artifact(gatedRunId, 'run_summary.json'));
  assert.ok(summaryHead);

  // The merges and region calls held back so far now run too: they find the run merged.
  const heldMerges = (await mergeGate.release()) as Reply<MergeReply>[];
  assert.ok(heldMerges.length >= 3, `every region function started a merge (${heldMerges.length})`);
  for (const reply of heldMerges) assert.is(resultOf(reply).status, 'already-merged');
  const heldRegions = (await regionGate.release()) as Reply<RegionReply>[];
  assert.equal(sorted(heldRegions.map((reply) => resultOf(reply).region)), regionNames);
  for (const reply of heldRegions) assert.is(resultOf(reply).status, 'already-done');
  await emulator.functions.whenIdle();

  assert.is(logs.find('run merged', gatedRunId).length, 1, logs.tail());
  assert.is((await deployment.bucket.head(runObjects.artifact(gatedRunId, 'run_summary.json')))?.etag, summaryHead.etag, 'run_summary.json was written once');
  const lines = await inventoryLines(gatedRunId);
  assert.is(new Set(lines.map(keyOfLine)).size, lines.length, 'no record twice');
  assert.equal(lines, cliLines, 'the same records as the CLI run, collectedAt aside');
  const summary = await deployment.bucket.getJson<RunSummary>(runObjects.artifact(gatedRunId, 'run_summary.json'));
  assert.is(summary?.status, 'complete');
  assert.is(summary?.total_discovered, cliLines.length);
  assert.is((await deployment.bucket.getJson<{ runId: string }>(LATEST_POINTER))?.runId, gatedRunId);
});

test('a region function killed mid-run: the finalizing merge marks the run partial with every other region, and latest.json stays on the complete run', async () => {
  const completeRunId = gatedRunId;
  const searchesOfKilledRegion = () => emulator.counters.get({ service: 'query', region: KILLED_REGION }).requests;
  const searchesBefore = searchesOfKilledRegion();
  emulator.faults.setPlan({ rules: [{ match: { service: 'query', region: KILLED_REGION }, latencyMs: 60_000 }] });
  let runId: string;
  try {
    const started = resultOf(await invokeRole<CoordinatorReply>(deployment, 'coordinator', {}));
    assert.is(started.status, 'started');
    runId = started.runId;
    const others = regionNames.filter((region) => region !== KILLED_REGION);
    await waitUntil('the other regions to finish', async () => (await regionsWithMarkers(deployment.bucket, runId, others)).length === others.length);
    await waitUntil(`the ${KILLED_REGION} region function to be held in its Search call`, async () => searchesOfKilledRegion() > searchesBefore);
    // Only the stuck region's container is still working once the others have returned.
    const regionFunction = deployment.functionIds.region;
    const busy = await waitUntil('only the stuck region function to be busy', async () => {
      const containers = deployment.agent.containers(regionFunction).filter((container) => container.state === 'busy');
      return containers.length === 1 ? containers : undefined;
    });
    for (const container of busy) process.kill(container.pid!, 'SIGKILL');
    await waitUntil('the killed container to be gone', async () => !deployment.agent.containers(regionFunction).some((c) => c.pid === busy[0]?.pid && c.state !== 'dead'));
  } finally {
    emulator.faults.setPlan({ rules: [] });
  }
  await emulator.functions.whenIdle();
  assert.is(await deployment.bucket.head(runObjects.marker(runId, KILLED_REGION)), undefined);
  assert.is(await deployment.bucket.head(runObjects.artifact(runId, 'run_summary.json')), undefined, 'the automatic merges waited for the killed region');

  const merged = resultOf(await invokeRole<MergeReply>(deployment, 'merge', { runId, finalize: true }));
  assert.is(merged.status, 'partial');
  assert.equal(merged.missing, [KILLED_REGION]);

  const summary = await deployment.bucket.getJson<RunSummary>(runObjects.artifact(runId, 'run_summary.json'));
  assert.ok(summary);
  assert.is(summary.status, 'partial');
  assert.match(summary.error ?? '', KILLED_REGION);
  const killed = summary.regions.find((region) => region.name === KILLED_REGION);
  assert.is(killed?.status, 'failed');
  assert.match(killed?.error ?? '', /did not finish/);
  for (const region of summary.regions.filter((r) => r.name !== KILLED_REGION)) assert.is(region.status, 'complete', region.name);

  // Every record of the complete CLI run except the killed region's own; global (IAM) records stay, from the home region.
  const expected = cliLines.filter((line) => regionOfLine(line) !== KILLED_REGION);
  const phoenixOnly = cliLines.filter((line) => regionOfLine(line) === KILLED_REGION);
  assert.ok(phoenixOnly.length > 0 && expected.some((line) => /"resourceType":"(User|Group|Policy|Compartment)"/.test(line)));
  assert.equal(await inventoryLines(runId), expected);
  assert.is(summary.total_discovered, expected.length);
  // Diffed against the newest complete run: exactly the killed region's records are missing.
  assert.equal(summary.diff, { added: 0, changed: 0, curr_total: expected.length, prev_total: cliLines.length, removed: phoenixOnly.length, unchanged: expected.length, previous_run: completeRunId });

  assert.is((await deployment.bucket.getJson<{ runId: string }>(LATEST_POINTER))?.runId, completeRunId, 'latest.json is the newest complete run only');
  const mergedLines = logs.find('run merged', runId);
  assert.equal(mergedLines.map((line) => line.status), ['partial']);
});

test('every region invoked again after the run was merged: already-done, and the bucket does not change', async () => {
  const before = await bucketState(deployment.bucket);
  const replies = await Promise.all(regionNames.map((region) => invokeRole<RegionReply>(deployment, 'region', { runId: gatedRunId, region })));
  for (const [index, reply] of replies.entries()) {
    const result = resultOf(reply);
    assert.is(result.region, regionNames[index]);
    assert.is(result.status, 'already-done');
    const marker = await deployment.bucket.getJson<RegionMarker>(runObjects.marker(gatedRunId, result.region));
    assert.is(result.records, marker?.records);
  }
  // Each of them started the merge again: it answers already-merged and writes nothing.
  await emulator.functions.whenIdle();
  assert.equal(await bucketState(deployment.bucket), before);
  assert.is(logs.find('run merged', gatedRunId).length, 1);
});

test('malformed payloads are answered with a payload error naming the field, and nothing is written to the bucket', async () => {
  const before = await bucketState(deployment.bucket);
  const runId = gatedRunId;
  expectPayloadError(await invokeRole(deployment, 'coordinator', '{not json'), 'coordinator', /coordinator payload is not valid JSON/);
  expectPayloadError(await invokeRole(deployment, 'coordinator', { regions: 'x' }), 'coordinator', /Field "regions" of the coordinator payload must be a non-empty array/);
  expectPayloadError(await invokeRole(deployment, 'coordinator', { foo: 1 }), 'coordinator', /Unknown field "foo" in the coordinator payload/);
  expectPayloadError(await invokeRole(deployment, 'region', {}), 'region', /Field "runId" of the region payload/);
  expectPayloadError(await invokeRole(deployment, 'region', { runId: 'bad', region: 'us-ashburn-1' }), 'region', /Field "runId" of the region payload .* got "bad"/);
  expectPayloadError(await invokeRole(deployment, 'merge', { runId, finalize: 'yes' }), 'merge', /Field "finalize" of the merge payload must be true or false, got "yes"/);
  await emulator.functions.whenIdle();
  assert.equal(await bucketState(deployment.bucket), before);
});

test('expired resource-principal credentials: the coordinator answers an auth error and the bucket stays empty', async () => {
  const expiredEmulator = await startEmulator({ tenancy: 'small', seed: 'serverless-e2e-expired' });
  const home = expiredEmulator.tenancy.homeRegion;
  const { deployment: expired, logs: expiredLogs } = await deployWithLogs({
    emulator: expiredEmulator,
    bundlePath,
    credentials: (fn) =>
      expiredEmulator.mintResourcePrincipal({ functionId: fn.id, region: home, now: new Date(Date.now() - 2 * 3_600_000), ttlSeconds: 60 }).env,
  });
  try {
    const reply = await invokeRole(expired, 'coordinator', {});
    assert.equal(reply.ok, false, JSON.stringify(reply));
    if (reply.ok) return;
    assert.is(reply.role, 'coordinator');
    assert.is(reply.error.kind, 'auth', JSON.stringify(reply));
    assert.match(reply.error.message, /rejected the credentials/);
    assert.match(reply.error.message, /NotAuthenticated/, 'the message names the authentication failure');
    assert.match(reply.error.message, /expired/);
    assert.not.match(reply.error.message, /BEGIN|PRIVATE KEY|eyJ/, 'no key or token material in the reply');
    await expiredEmulator.functions.whenIdle();
    assert.equal(await expired.bucket.list(''), []);
    assert.is(expiredEmulator.counters.get({ operation: 'InvokeFunction' }).requests, 1, 'no region function was started');
    assert.not.ok(expiredLogs.raw.some((line) => /BEGIN|PRIVATE KEY/.test(line)));
  } finally {
    await expired.close();
    await expiredEmulator.close();
  }
});

test('a misconfigured function answers a config error naming the key: INVENTORY_BUCKET empty, malformed, or naming no bucket', async () => {
  const cases: { value: string; pattern: RegExp }[] = [
    { value: '', pattern: /INVENTORY_BUCKET is required for the coordinator function/ },
    { value: 'no such bucket!', pattern: /INVENTORY_BUCKET must be a bucket name .* got "no such bucket!"/ },
    { value: 'no-such-bucket', pattern: /Bucket "no-such-bucket" not found.*INVENTORY_BUCKET/ },
  ];
  const configEmulator = await startEmulator({ tenancy: 'small', seed: 'serverless-e2e-config' });
  try {
    for (const { value, pattern } of cases) {
      const { deployment: broken } = await deployWithLogs({
        emulator: configEmulator,
        bundlePath,
        bucketName: 'inventory-runs',
        config: { INVENTORY_BUCKET: value },
      });
      try {
        const reply = await invokeRole(broken, 'coordinator', {});
        assert.equal(reply.ok, false, JSON.stringify(reply));
        if (reply.ok) return;
        assert.is(reply.error.kind, 'config', `${JSON.stringify(value)}: ${JSON.stringify(reply)}`);
        assert.match(reply.error.message, pattern);
        // The other roles read the same configuration.
        const merge = await invokeRole(broken, 'merge', { runId: '20260101T000000Z' });
        assert.is(merge.ok ? 'ok' : merge.error.kind, 'config', JSON.stringify(merge));
        await configEmulator.functions.whenIdle();
        assert.equal(await broken.bucket.list(''), [], 'the deployment bucket stays empty');
      } finally {
        await broken.close();
      }
    }
  } finally {
    await configEmulator.close();
  }
});

test.run();
