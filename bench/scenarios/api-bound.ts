/**
 * Scenario 1, API-bound discovery and enrichment: the real CLI `run` (its own process, real SDK clients)
 * against the emulator (another process) serving 200,000 resources over 8 regions, with 20 ms latency on
 * every call and a token-bucket rate limit per service and region that the tool is not told about.
 *
 * Lower bound: no run can beat the larger of (a) the longest region's chain of Search pages, each one
 * latency long, and (b) for each rate-limited endpoint (a service in a region), the calls it had to accept
 * beyond its initial burst divided by its rate; the slowest endpoint decides. The ratio is the run's wall
 * time over that bound (the run's own export of the records at the end is included in its wall time).
 */
import { mkdir, readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { FaultPlan } from '../../emulator/index.ts';
import { figure, type ScenarioOptions, type ScenarioResult } from '../support/figures.ts';
import { startEmulatorProcess } from '../support/emulator-process.ts';
import { runProcess, type ProcessOutcome } from '../support/run-process.ts';

const LATENCY_MS = 20;
/**
 * Calls per second per service and region (the burst is one second's worth). Chosen so the limit, not
 * this 2-core machine's CPU, is what bounds the run: a run is then API-bound, as the scenario intends.
 */
const RATE_PER_SECOND = { quick: 30, full: 120 } as const;
const REGIONS = 8;

interface RunSummaryRegion {
  name: string;
  resources: number;
  pages: number;
  api_calls: number;
  retries: number;
  throttled: number;
  duration_ms: number;
  status: string;
}

interface RunSummary {
  status: string;
  total_discovered: number;
  counts_by_enrich_status: Record<string, number>;
  regions: RunSummaryRegion[];
}

/** Runs the CLI under GNU time, which reports the process's CPU seconds and peak RSS into `timeFile`. */
function runCli(args: string[], env: NodeJS.ProcessEnv, timeFile: string): Promise<ProcessOutcome> {
  return runProcess('/usr/bin/time', ['-f', '%U %S %M', '-o', timeFile, process.execPath, 'bin/oci-inventory.js', ...args], { env: { ...process.env, ...env } });
}

export async function run(options: ScenarioOptions): Promise<ScenarioResult> {
  // Quick: 3,500 resources keep `--quick` (a smoke test of every scenario) under its 3 minutes on a slow day.
  const resources = options.quick ? 3_500 : 200_000;
  const ratePerSecond = options.quick ? RATE_PER_SECOND.quick : RATE_PER_SECOND.full;
  const faults: FaultPlan = {
    rules: [{ latencyMs: LATENCY_MS }, { rateLimit: { ratePerSecond, burst: ratePerSecond, retryAfterSeconds: 1 } }],
  };
  const stateDir = join(options.workDir, 'emulator');
  await mkdir(stateDir, { recursive: true });
  const emulator = await startEmulatorProcess({ tenancy: resources, regionCount: REGIONS, faults, stateDir });
  try {
    const outdir = join(options.workDir, 'out');
    const started = performance.now();
    const timeFile = join(options.workDir, 'cli-time.txt');
    const emulatorBefore = await emulator.usage();
    const result = await runCli(
      ['run', '--auth', 'config', '--outdir', outdir, '--log-level', 'warn'],
      { OCI_CLI_CONFIG_FILE: emulator.configPath, OCI_INVENTORY_ENDPOINT_TEMPLATE: emulator.endpointTemplate },
      timeFile,
    );
    const wallSeconds = (performance.now() - started) / 1000;
    if (result.code !== 0) throw new Error(`oci-inventory run exited with ${result.code}:\n${result.stderrTail}`);
    const runDir = result.stdout.trim().split('\n').at(-1) ?? '';
    const summary = JSON.parse(await readFile(join(runDir, 'run_summary.json'), 'utf8')) as RunSummary;
    const counters = await emulator.counters();
    const emulatorAfter = await emulator.usage();
    const [userSeconds = 0, systemSeconds = 0, maxRssKb = 0] = (await readFile(timeFile, 'utf8')).trim().split(/\s+/).map(Number);
    const cliCpuSeconds = userSeconds + systemSeconds;
    const emulatorCpuSeconds = (emulatorAfter.cpuMs - emulatorBefore.cpuMs) / 1000;

    // Calls each endpoint accepted (answered with anything but 429), per service and region.
    const acceptedByEndpoint = new Map<string, number>();
    const throttledByEndpoint = new Map<string, number>();
    let requests = 0;
    let throttled = 0;
    for (const [key, counter] of Object.entries(counters)) {
      const [service, region] = key.split('|');
      const endpoint = `${service}|${region}`;
      acceptedByEndpoint.set(endpoint, (acceptedByEndpoint.get(endpoint) ?? 0) + counter.requests - counter.throttled);
      throttledByEndpoint.set(endpoint, (throttledByEndpoint.get(endpoint) ?? 0) + counter.throttled);
      requests += counter.requests;
      throttled += counter.throttled;
    }
    let busiest = { endpoint: '', accepted: 0 };
    for (const [endpoint, accepted] of acceptedByEndpoint) if (accepted > busiest.accepted) busiest = { endpoint, accepted };
    const rateBoundSeconds = Math.max(0, busiest.accepted - ratePerSecond) / ratePerSecond;
    const pageChainSeconds = (Math.max(...summary.regions.map((region) => region.pages)) * LATENCY_MS) / 1000;
    const lowerBoundSeconds = Math.max(rateBoundSeconds, pageChainSeconds);
    const enrichWallSeconds = Math.max(...summary.regions.map((region) => region.duration_ms)) / 1000;

    const expected = resources;
    const lost = expected - summary.total_discovered;
    const retries = summary.regions.reduce((sum, region) => sum + region.retries, 0);
    const errors = summary.counts_by_enrich_status['ERROR'] ?? 0;
    return {
      figures: [
        figure('wall_s', 'run wall time', 's', wallSeconds),
        figure('lower_bound_s', 'lower bound', 's', lowerBoundSeconds),
        figure('ratio', 'wall / lower bound', 'x', wallSeconds / lowerBoundSeconds, { op: '<=', value: 1.25 }),
        figure('collect_s', 'slowest region (discovery + enrichment)', 's', enrichWallSeconds),
        figure('api_calls', 'API calls (emulator)', 'calls', requests),
        figure('throttled_pct', 'calls answered 429', '%', (100 * throttled) / requests, { op: '<=', value: 1 }),
        figure('retries', 'retries', 'calls', retries),
        figure('cli_cpu_s', 'CLI process CPU', 's', cliCpuSeconds),
        figure('cli_rss_mb', 'CLI process peak RSS', 'MB', maxRssKb / 1024),
        figure('emulator_cpu_s', 'emulator CPU (the cloud side)', 's', emulatorCpuSeconds),
        figure('lost', 'records lost', 'records', lost, { op: '<=', value: 0 }),
        figure('enrich_errors', 'records with enrichment ERROR', 'records', errors, { op: '<=', value: 0 }),
      ],
      facts: {
        resources: expected,
        regions: REGIONS,
        latencyMs: LATENCY_MS,
        ratePerSecondPerEndpoint: ratePerSecond,
        busiestEndpoint: busiest.endpoint,
        busiestEndpointCalls: busiest.accepted,
        pageChainSeconds,
        rateBoundSeconds,
        runStatus: summary.status,
        endpointsThrottled: [...throttledByEndpoint.values()].filter((count) => count > 0).length,
        endpoints: acceptedByEndpoint.size,
        mostThrottled: [...throttledByEndpoint]
          .sort((a, b) => b[1] - a[1])
          .slice(0, 5)
          .map(([endpoint, count]) => `${endpoint}: ${count} of ${(acceptedByEndpoint.get(endpoint) ?? 0) + count}`)
          .join('; '),
        loadAverage1mAtEnd: Math.round(loadavg()[0]! * 100) / 100,
      },
    };
  } finally {
    await emulator.close();
  }
}
