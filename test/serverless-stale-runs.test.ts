import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { bundle } from '../scripts/bundle.mjs';
import { deployLocally, type LocalDeployment } from '../emulator/deployment/local-deployment.ts';
import { startEmulator, type Emulator } from '../emulator/index.ts';
import { runObjects, type RunManifest } from '../shared/serverless/run-objects.ts';

let dir: string;
let emulator: Emulator;
let deployment: LocalDeployment;

test.before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stale-runs-'));
  const { outfile } = await bundle({ entry: 'functions/index.ts', outfile: join(dir, 'func.cjs') });
  emulator = await startEmulator({ tenancy: 'small', seed: 'stale-runs' });
  deployment = await deployLocally({ emulator, bundlePath: outfile });
});

test.after(async () => {
  await deployment?.close();
  await emulator?.close();
  await rm(dir, { recursive: true, force: true });
});

function manifest(runId: string, deadline: Date): RunManifest {
  return {
    runId,
    createdAt: new Date(deadline.getTime() - 3_600_000).toISOString(),
    deadline: deadline.toISOString(),
    tenancyId: emulator.tenancy.id,
    homeRegion: emulator.tenancy.homeRegion,
    regions: emulator.tenancy.regions.map((region) => region.name).sort(),
    query: 'query all resources',
    workersEnrich: 4,
    toolVersion: 'test',
  };
}

test('the next coordinator finalizes an earlier run that died unmerged past its deadline, and leaves one still within it', async () => {
  const stale = '20260101T000000Z';
  const recent = '20260101T000001Z';
  await deployment.bucket.putJson(runObjects.manifest(stale), manifest(stale, new Date(Date.now() - 60_000)));
  await deployment.bucket.putJson(runObjects.manifest(recent), manifest(recent, new Date(Date.now() + 3_600_000)));

  const reply = (await deployment.invoke('coordinator', {})).body as { ok: boolean; result: { runId: string; finalized: string[] } };
  assert.ok(reply.ok, JSON.stringify(reply));
  assert.equal(reply.result.finalized, [stale]);

  const finalized = await deployment.waitForRun(stale, { timeoutMs: 60_000 });
  assert.is(finalized.status, 'partial');
  assert.is(finalized.total_discovered, 0);
  assert.ok(finalized.regions.every((region) => region.status === 'failed' && /did not finish/.test(region.error ?? '')));

  const current = await deployment.waitForRun(reply.result.runId, { timeoutMs: 60_000 });
  assert.is(current.status, 'complete');
  assert.is(await deployment.bucket.head(runObjects.artifact(recent, 'run_summary.json')), undefined, 'a run within its deadline is left alone');
  // latest.json moves after run_summary.json: once every detached invocation has finished, it has moved.
  await emulator.functions.whenIdle();
  const latest = await deployment.bucket.getJson<{ runId: string }>('latest.json');
  assert.is(latest?.runId, reply.result.runId, 'latest.json points at the newest complete run, not the partial one');
});

test.run();
