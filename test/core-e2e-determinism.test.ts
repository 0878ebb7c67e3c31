import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startEmulator, type Emulator, type FaultPlan } from '../emulator/index.ts';
import {
  emulatorAuthArgs,
  makeTempDir,
  readParquetRows,
  removeTempDir,
  runCli,
  runDirOf,
  withoutCollectedAt,
} from './support/cli-harness.ts';

/*
 * The same tenancy inventoried three times must give the same bytes, whatever the concurrency and
 * whatever the API threw at the run on the way:
 *   A: one region worker, one enrichment worker (fully sequential);
 *   B: 8 region workers, 64 enrichment workers;
 *   C: default workers, with Search throttled (429) and failing (5xx) so that calls are retried.
 * collectedAt is the only value allowed to differ (it is the time each record was collected).
 */

interface RegionLine {
  name: string;
  status: string;
  resources: number;
  retries: number;
  throttled: number;
  api_calls: number;
  error: string | null;
}

interface RunOutput {
  dir: string;
  summary: { status: string; total_discovered: number; regions: RegionLine[]; counts_by_resource_type: Record<string, number> };
}

/**
 * Search is rate-limited to 3 requests per second per region with a burst of 1 (a 429 with Retry-After: 0
 * beyond it), and 20% of the query service's answers are 500s. The seed of the fault plan's random draws
 * (mulberry32) is chosen so that the first two Search requests that get a token are answered 500: two regions
 * then retry at once (backoff ≤ 200 ms) into an empty bucket (a new token takes 333 ms), which is a 429.
 * So the run sees 5xx AND 429 whatever the timing, and still completes.
 */
const FAULTS: FaultPlan = {
  seed: 7,
  rules: [
    { match: { service: 'query', operation: 'SearchResources' }, rateLimit: { ratePerSecond: 3, burst: 1, retryAfterSeconds: 0 } },
    { match: { service: 'query' }, errorRate: 0.2 },
  ],
};

let emulator: Emulator;
let workDir: string;
let configPath: string;
const runs = new Map<'sequential' | 'parallel' | 'faulted', RunOutput>();

async function inventory(name: string, extraArgs: string[]): Promise<RunOutput> {
  const result = await runCli(
    ['run', ...emulatorAuthArgs(emulator, configPath), '--outdir', join(workDir, name), '--log-level', 'warn', ...extraArgs],
    { cwd: workDir },
  );
  assert.is(result.exitCode, 0, `${name}: ${result.stderr}`);
  const dir = runDirOf(result);
  return { dir, summary: JSON.parse(await readFile(join(dir, 'run_summary.json'), 'utf8')) as RunOutput['summary'] };
}

function run(name: 'sequential' | 'parallel' | 'faulted'): RunOutput {
  const output = runs.get(name);
  if (!output) throw new Error(`run ${name} did not happen`);
  return output;
}

test.before(async () => {
  emulator = await startEmulator({ tenancy: 'small', seed: 'core-e2e-determinism' });
  workDir = await makeTempDir('core-e2e-determinism');
  ({ configPath } = await emulator.writeOciConfig(join(workDir, 'oci')));

  runs.set('sequential', await inventory('sequential', ['--workers-region', '1', '--workers-enrich', '1']));
  runs.set('parallel', await inventory('parallel', ['--workers-region', '8', '--workers-enrich', '64']));

  emulator.counters.reset();
  emulator.faults.setPlan(FAULTS);
  try {
    runs.set('faulted', await inventory('faulted', []));
  } finally {
    emulator.faults.setPlan({ rules: [] });
  }
});

test.after(async () => {
  await emulator?.close();
  await removeTempDir(workDir);
});

test('the faulted run really was throttled and answered with 5xx, retried, and still completed', () => {
  const served = emulator.counters.get({ service: 'query', operation: 'SearchResources' });
  assert.ok(served.errors > 0, `expected injected 5xx, counters: ${JSON.stringify(served)}`);
  assert.ok(served.throttled > 0, `expected injected 429s, counters: ${JSON.stringify(served)}`);

  const { summary } = run('faulted');
  assert.is(summary.status, 'complete');
  const retries = summary.regions.reduce((sum, region) => sum + region.retries, 0);
  const throttled = summary.regions.reduce((sum, region) => sum + region.throttled, 0);
  assert.ok(retries > 0, `run_summary shows no retries: ${JSON.stringify(summary.regions)}`);
  assert.ok(throttled > 0, `run_summary shows no throttling: ${JSON.stringify(summary.regions)}`);
  // Every failed attempt the emulator injected was retried, and each 429 counted as throttled.
  assert.is(retries, served.errors + served.throttled);
  assert.is(throttled, served.throttled);
  for (const region of summary.regions) assert.is(region.status, 'complete', region.name);
});

test('the unfaulted runs made no retries', () => {
  for (const name of ['sequential', 'parallel'] as const) {
    for (const region of run(name).summary.regions) {
      assert.is(region.retries, 0, `${name} ${region.name}`);
      assert.is(region.throttled, 0, `${name} ${region.name}`);
    }
  }
});

test('inventory.jsonl is byte-identical across the three runs apart from collectedAt values', async () => {
  const texts = await Promise.all(
    (['sequential', 'parallel', 'faulted'] as const).map((name) => readFile(join(run(name).dir, 'inventory.jsonl'), 'utf8')),
  );
  const [sequential, parallel, faulted] = texts.map(withoutCollectedAt);
  assert.ok(sequential!.split('\n').length > 400);
  // The substitution touched exactly one value per line and nothing else.
  assert.is((sequential!.match(/"collectedAt":"<collectedAt>"/g) ?? []).length, run('sequential').summary.total_discovered);
  assert.ok(sequential === parallel, 'sequential and parallel inventory.jsonl differ beyond collectedAt');
  assert.ok(sequential === faulted, 'sequential and faulted inventory.jsonl differ beyond collectedAt');
});

test('inventory.csv (which has no collectedAt column) is byte-identical across the three runs', async () => {
  const [sequential, parallel, faulted] = await Promise.all(
    (['sequential', 'parallel', 'faulted'] as const).map((name) => readFile(join(run(name).dir, 'inventory.csv'))),
  );
  assert.not.match(sequential!.toString('utf8').split('\r\n')[0]!, /collectedAt/);
  assert.ok(sequential!.equals(parallel!), 'sequential and parallel inventory.csv differ');
  assert.ok(sequential!.equals(faulted!), 'sequential and faulted inventory.csv differ');
});

test('inventory.parquet decodes to the same rows across the three runs apart from collectedAt', async () => {
  const decoded = await Promise.all(
    (['sequential', 'parallel', 'faulted'] as const).map(async (name) => {
      const { columns, rows } = await readParquetRows(join(run(name).dir, 'inventory.parquet'));
      assert.ok(columns.includes('collectedAt'));
      for (const row of rows) {
        assert.ok(typeof row.collectedAt === 'string' && row.collectedAt !== '');
        row.collectedAt = '<collectedAt>';
      }
      return { columns, rows };
    }),
  );
  const [sequential, parallel, faulted] = decoded;
  assert.is(sequential!.rows.length, run('sequential').summary.total_discovered);
  assert.equal(parallel, sequential);
  assert.equal(faulted, sequential);
});

test('run_summary counts are the same across the three runs', () => {
  const counts = (['sequential', 'parallel', 'faulted'] as const).map((name) => {
    const { summary } = run(name);
    return {
      total: summary.total_discovered,
      byType: summary.counts_by_resource_type,
      regions: summary.regions.map((region) => [region.name, region.status, region.resources]),
    };
  });
  assert.equal(counts[1], counts[0]);
  assert.equal(counts[2], counts[0]);
});

test.run();
