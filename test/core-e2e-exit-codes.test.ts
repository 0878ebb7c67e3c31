import { createPublicKey } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { apiKeyFingerprint, generateRsaKeyPair } from '../emulator/auth/keys.ts';
import { startEmulator, type Emulator } from '../emulator/index.ts';
import {
  emulatorAuthArgs,
  makeTempDir,
  readJsonlLines,
  removeTempDir,
  runCli,
  runDirOf,
  withoutCollectedAt,
  type CliResult,
} from './support/cli-harness.ts';

/*
 * The exit codes of `run`, as a scheduler or a shell script sees them (shared/errors.ts EXIT_CODES):
 *   0 complete, 1 unexpected, 2 usage (flags, settings, input), 3 authentication, 4 partial (a region failed).
 * Each case also checks that stderr says what went wrong in words a user can act on.
 */

const DOWN_REGION = 'us-phoenix-1';

interface RunSummaryFile {
  status: string;
  error: string | null;
  regions: { name: string; status: string; resources: number; retries: number; error: string | null }[];
}

let emulator: Emulator;
let workDir: string;
let configPath: string;
let completeRun: CliResult;
let outCounter = 0;

/** A fresh output folder per case, so no case sees another's run folders. */
function nextOutdir(): string {
  outCounter += 1;
  return join(workDir, `out-${outCounter}`);
}

function run(args: string[], env: NodeJS.ProcessEnv = {}, config = configPath): Promise<CliResult> {
  return runCli(['run', ...emulatorAuthArgs(emulator, config), ...args], { cwd: workDir, env });
}

async function readSummary(runDir: string): Promise<RunSummaryFile> {
  return JSON.parse(await readFile(join(runDir, 'run_summary.json'), 'utf8')) as RunSummaryFile;
}

/**
 * Runs `body` with Math.random scaled down to 1% of its value. The retry policy draws its backoff with full
 * jitter from Math.random (shared/oci/retry-policy.ts); a region that is down is retried 8 times with up to
 * 0.2+0.4+...+12.8 s of backoff, ~13 s on average. Scaled, the same 8 attempts happen in well under a
 * second; nothing else in the run depends on Math.random (temp file names use crypto.randomBytes).
 */
async function withFastBackoff<T>(body: () => Promise<T>): Promise<T> {
  const random = Math.random;
  Math.random = () => random() * 0.01;
  try {
    return await body();
  } finally {
    Math.random = random;
  }
}

test.before(async () => {
  emulator = await startEmulator({ tenancy: 'small', seed: 'core-e2e-exit-codes' });
  workDir = await makeTempDir('core-e2e-exit-codes');
  ({ configPath } = await emulator.writeOciConfig(join(workDir, 'oci')));
  completeRun = await run(['--outdir', nextOutdir(), '--log-level', 'warn']);
});

test.after(async () => {
  await emulator?.close();
  await removeTempDir(workDir);
});

test('0: a complete run', async () => {
  assert.is(completeRun.exitCode, 0, completeRun.stderr);
  const summary = await readSummary(runDirOf(completeRun));
  assert.is(summary.status, 'complete');
  assert.ok(summary.regions.every((region) => region.status === 'complete'));
});

test('2: an unknown flag, and the message names it', async () => {
  const result = await run(['--outdir', nextOutdir(), '--no-such-flag']);
  assert.is(result.exitCode, 2);
  assert.match(result.stderr, /--no-such-flag/);
  assert.is(result.stdout, '');
});

test('2: a bad settings value, from a flag or from the environment; the message names the source, what was expected and what was got', async () => {
  const flag = await run(['--outdir', nextOutdir(), '--workers-region', '0']);
  assert.is(flag.exitCode, 2);
  assert.match(flag.stderr, /--workers-region/);
  assert.match(flag.stderr, /1 to 64/);
  assert.match(flag.stderr, /"0"/);

  const env = await run(['--outdir', nextOutdir()], { OCI_INV_WORKERS_ENRICH: 'many' });
  assert.is(env.exitCode, 2);
  assert.match(env.stderr, /OCI_INV_WORKERS_ENRICH/);
  assert.match(env.stderr, /"many"/);

  const format = await run(['--outdir', nextOutdir(), '--formats', 'jsonl,xlsx']);
  assert.is(format.exitCode, 2);
  assert.match(format.stderr, /--formats/);
  assert.match(format.stderr, /xlsx/);
});

test('2: --regions naming a region the tenancy is not subscribed to; the message names it and lists the subscribed ones', async () => {
  const result = await run(['--outdir', nextOutdir(), '--regions', 'ap-tokyo-1', '--log-level', 'warn']);
  assert.is(result.exitCode, 2, result.stderr);
  assert.match(result.stderr, /ap-tokyo-1/);
  for (const region of emulator.tenancy.regions) assert.ok(result.stderr.includes(region.name), result.stderr);
  assert.is(result.stdout, '', 'no run folder is announced');
});

test('3: an OCI config whose key is not registered (same user and tenancy, a fresh key pair and its fingerprint)', async () => {
  const stranger = generateRsaKeyPair();
  const fingerprint = apiKeyFingerprint(createPublicKey(stranger.publicKeyPem));
  assert.is.not(fingerprint, emulator.defaultUser.fingerprint);
  const { configPath: wrongConfig } = await emulator.writeOciConfig(join(workDir, 'wrong-key'), {
    ...emulator.defaultUser,
    privateKeyPem: stranger.privateKeyPem,
    fingerprint,
  });
  const written = await readFile(wrongConfig, 'utf8');
  assert.ok(written.includes(emulator.defaultUser.userId) && written.includes(fingerprint));

  const result = await run(['--outdir', nextOutdir(), '--log-level', 'warn'], {}, wrongConfig);
  assert.is(result.exitCode, 3, result.stderr);
  assert.match(result.stderr, /rejected the credentials/);
  assert.match(result.stderr, /401/);
  const output = result.stdout + result.stderr + result.console;
  assert.not.match(output, /PRIVATE KEY/);
  assert.not.ok(output.includes(stranger.privateKeyPem.split('\n')[1]!), 'the key body leaked');
});

test('3: a missing OCI config file; the message names the file', async () => {
  const missing = join(workDir, 'no-such-dir', 'config');
  const result = await run(['--outdir', nextOutdir()], {}, missing);
  assert.is(result.exitCode, 3, result.stderr);
  assert.ok(result.stderr.includes(missing), result.stderr);
  assert.match(result.stderr, /not found/);
});

test(`4: a region that is down gives a partial run: status partial, the region failed with an error, every other region's records present`, async () => {
  const outdir = nextOutdir();
  emulator.faults.setPlan({ rules: [{ match: { region: DOWN_REGION }, down: true }] });
  let result: CliResult;
  try {
    result = await withFastBackoff(() => run(['--outdir', outdir, '--log-level', 'warn']));
  } finally {
    emulator.faults.setPlan({ rules: [] });
  }
  assert.is(result.exitCode, 4, result.stderr);
  assert.match(result.stderr, new RegExp(`Partial run: ${DOWN_REGION}`));
  const runDir = runDirOf(result);

  const summary = await readSummary(runDir);
  assert.is(summary.status, 'partial');
  const down = summary.regions.find((region) => region.name === DOWN_REGION);
  assert.ok(down, 'the failed region is listed');
  assert.is(down.status, 'failed');
  assert.is(down.resources, 0);
  assert.type(down.error, 'string');
  assert.match(down.error!, /network error/, `a readable reason, got ${down.error}`);
  assert.is(down.retries, 7, 'a dropped connection is retried up to the policy limit of 8 attempts');
  for (const region of summary.regions.filter((candidate) => candidate.name !== DOWN_REGION)) {
    assert.is(region.status, 'complete', region.name);
    assert.is(region.error, null);
  }

  // Exactly the complete run's records minus the down region's, value for value (collectedAt aside).
  const complete = (await readJsonlLines(join(runDirOf(completeRun), 'inventory.jsonl'))).map(withoutCollectedAt);
  const partial = (await readJsonlLines(join(runDir, 'inventory.jsonl'))).map(withoutCollectedAt);
  const expected = complete.filter((line) => (JSON.parse(line) as { region: string }).region !== DOWN_REGION);
  assert.ok(expected.length < complete.length && expected.length > 0);
  assert.equal(partial, expected);
  assert.ok(partial.some((line) => (JSON.parse(line) as { resourceType: string }).resourceType === 'Compartment'), 'global resources kept');
});

test('2: --outdir that is an existing regular file is a usage error naming it, and the file is left alone', async () => {
  const file = join(workDir, 'a-regular-file');
  await writeFile(file, 'not a folder\n');
  const result = await run(['--outdir', file]);
  assert.is(result.exitCode, 2, result.stderr);
  assert.ok(result.stderr.includes(file), result.stderr);
  assert.match(result.stderr, /--outdir/);
  assert.is(result.stdout, '');
  assert.is(await readFile(file, 'utf8'), 'not a folder\n', 'the file is left alone');
});

test('1: something unexpected: OCI Identity keeps failing with 500 after every retry', async () => {
  emulator.faults.setPlan({ rules: [{ match: { service: 'identity', operation: 'ListRegionSubscriptions' }, errorRate: 1, errorStatus: 500 }] });
  let result: CliResult;
  try {
    result = await withFastBackoff(() => run(['--outdir', nextOutdir(), '--log-level', 'warn']));
  } finally {
    emulator.faults.setPlan({ rules: [] });
  }
  assert.is(result.exitCode, 1, result.stderr);
  assert.match(result.stderr, /Unexpected error/);
  assert.match(result.stderr, /InternalServerError|500/);
  assert.is(result.stdout, '');
});

test('no failing case announced a run folder it did not finish, and every run folder ends with a run_summary.json', async () => {
  for (let index = 1; index <= outCounter; index++) {
    const outdir = join(workDir, `out-${index}`);
    const runs = await readdir(outdir).catch(() => [] as string[]);
    for (const runId of runs) {
      const files = await readdir(join(outdir, runId));
      assert.ok(files.includes('run_summary.json'), `${outdir}/${runId}: ${files.join(', ')}`);
      assert.not.ok(files.includes('.work'), `${outdir}/${runId} kept its work folder`);
      const summary = await readSummary(join(outdir, runId));
      assert.ok(['complete', 'partial', 'failed'].includes(summary.status));
      if (summary.status === 'failed') assert.type(summary.error, 'string');
    }
  }
});

test.run();
