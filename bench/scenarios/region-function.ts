/**
 * Region function footprint: ONE region of 250,000 resources (quick: 10,000) through the real function
 * bundle under the local Fn agent, started as in production (the coordinator, invoked as `fn invoke` does,
 * starts the region function detached). The region function discovers, enriches, sorts and writes its
 * shards and completion marker to the emulator's Object Storage.
 *
 * Figures: the region function's own process (not the agent's, not the emulator's): peak RSS (VmHWM, read
 * by the agent), its wall time (detached invoke to reply, cold start included), and the bundle's cold start
 * (spawn to FDK listening, median of several fresh containers).
 *
 * Processes: the emulator and the agent share this process (the agent only relays the invocation; the
 * function calls the emulator directly), the function runs in its own: two busy processes on two cores.
 * The merge the region function starts at its end is answered 202 and not run: it is not what is measured
 * here (see the end-to-end scenario).
 */
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deployLocally } from '../../emulator/deployment/local-deployment.ts';
import { LocalFnAgent, type FnFunctionSpec } from '../../emulator/fn-agent/index.ts';
import { startEmulator, type FunctionResult } from '../../emulator/index.ts';
import { bundle } from '../../scripts/bundle.mjs';
import { createLogger, routeConsoleToLogger } from '../../shared/log/index.ts';
import type { CoordinatorReply } from '../../shared/serverless/coordinator.ts';
import type { RegionMarker, RegionReply } from '../../shared/serverless/region-worker.ts';
import { runObjects } from '../../shared/serverless/run-objects.ts';
import { figure, type ScenarioOptions, type ScenarioResult } from '../support/figures.ts';
import { spreadOf } from '../support/stats.ts';

const ENTRY = fileURLToPath(new URL('../../functions/index.ts', import.meta.url));
const SIZES = { full: 250_000, quick: 10_000 } as const;
const COLD_STARTS = 5;
const TARGETS = { peakRssMb: 700, coldStartMs: 500 } as const;
/** The region function runs detached (OCI allows up to 3600 s); give up a little after that. */
const REGION_TIMEOUT_MS = 3_700_000;
const LOG_TAIL_LINES = 40;

type Reply<T> = { ok: true; role: string; result: T } | { ok: false; role: string | null; error: { kind: string; message: string } };

function textOf(result: FunctionResult): string {
  return typeof result.body === 'string' ? result.body : result.body.toString('utf8');
}

function load1m(): number {
  return Math.round((loadavg()[0] ?? 0) * 100) / 100;
}

/** The last lines the functions wrote, for the failure message of a run that went wrong. */
function logTail(): { sink: (fn: string, line: string) => void; text: () => string } {
  const lines: string[] = [];
  return {
    sink: (fn, line) => {
      lines.push(`${fn}: ${line}`);
      if (lines.length > LOG_TAIL_LINES) lines.shift();
    },
    text: () => lines.join('\n'),
  };
}

/**
 * Cold starts of the bundle as the region function: a fresh agent (so a fresh container) per start, one
 * call with an invalid payload (answered before any OCI call), the container's spawn-to-listening time.
 */
async function coldStarts(bundlePath: string, spec: FnFunctionSpec, count: number): Promise<number[]> {
  const samples: number[] = [];
  for (let index = 0; index < count; index += 1) {
    const agent = new LocalFnAgent({ bundlePath, functions: [spec], maxContainersPerFunction: 1 });
    try {
      const result = await agent.invoke(spec.id, { body: '{}' });
      if (result.status !== 200) throw new Error(`cold start ${index + 1}: the function answered ${result.status} ${textOf(result)}`);
      const startMs = agent.containers(spec.id)[0]?.startMs;
      if (typeof startMs !== 'number') throw new Error(`cold start ${index + 1}: the agent reported no start time`);
      samples.push(startMs);
    } finally {
      await agent.close();
    }
  }
  return samples;
}

export async function run(options: ScenarioOptions): Promise<ScenarioResult> {
  const size = options.quick ? SIZES.quick : SIZES.full;
  const loadAtStart = load1m();
  // The OCI SDK reports every 404 of a poll (e.g. run_summary.json not there yet) on the console: dropped.
  const restoreConsole = routeConsoleToLogger(createLogger({ format: 'text', level: 'warn' }));
  const { outfile: bundlePath } = await bundle({ entry: ENTRY, outfile: join(options.workDir, 'func.cjs') });

  const emulator = await startEmulator({ tenancy: size, regionCount: 1, seed: 'bench-region-function' });
  const logs = logTail();
  const deployment = await deployLocally({ emulator, bundlePath, logSink: logs.sink, maxContainersPerFunction: 1 });
  try {
    const region = emulator.tenancy.regions[0]!.name;
    const resources = emulator.tenancy.resourceCount(region);
    const regionSpec = deployment.agent.functions.find((fn) => fn.id === deployment.functionIds.region);
    if (!regionSpec) throw new Error('the deployment has no region function');

    const coldStartMs = await coldStarts(bundlePath, regionSpec, COLD_STARTS);

    // The region function's invocation, timed where the Functions service hands it to the agent.
    let regionWallMs = 0;
    let settle!: (result: FunctionResult) => void;
    const regionDone = new Promise<FunctionResult>((resolve) => (settle = resolve));
    emulator.functions.register(deployment.functionIds.region, async (call) => {
      const started = performance.now();
      const result = await deployment.agent.invoke(call.functionId, { body: call.body, headers: call.headers, invokeType: call.invokeType });
      regionWallMs = performance.now() - started;
      settle(result);
      return result;
    });
    const mergeCalls: string[] = [];
    emulator.functions.register(deployment.functionIds.merge, async (call) => {
      mergeCalls.push(call.body.toString('utf8'));
      return { status: 202, body: '' };
    });

    const started = await deployment.invoke('coordinator', {});
    const coordinator = started.body as Reply<CoordinatorReply>;
    if (!coordinator.ok) throw new Error(`the coordinator failed: ${JSON.stringify(coordinator)}\n${logs.text()}`);
    const { runId } = coordinator.result;

    let timer: NodeJS.Timeout | undefined;
    const result = await Promise.race([
      regionDone,
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`the region function did not finish in ${REGION_TIMEOUT_MS} ms`)), REGION_TIMEOUT_MS))),
    ]).finally(() => clearTimeout(timer));
    const reply = JSON.parse(textOf(result)) as Reply<RegionReply>;
    if (result.status !== 200 || !reply.ok || reply.result.status !== 'complete') {
      throw new Error(`the region function failed: ${result.status} ${textOf(result)}\n${logs.text()}`);
    }
    const [container] = deployment.agent.containers(deployment.functionIds.region);
    if (container?.peakRssBytes == null) throw new Error('the agent reported no peak RSS for the region function (Linux /proc needed)');
    const marker = await deployment.bucket.getJson<RegionMarker>(runObjects.marker(runId, region));
    if (!marker || marker.shards.length === 0) throw new Error(`no completion marker with shards for ${region} of run ${runId}`);
    if (mergeCalls.length !== 1) throw new Error(`expected the region function to start the merge once, saw ${mergeCalls.length}`);

    return {
      figures: [
        figure('regionPeakRssMb', 'region function peak RSS', 'MB', Math.round(container.peakRssBytes / 2 ** 20), { op: '<=', value: TARGETS.peakRssMb }),
        figure('coldStartMs', `bundle cold start (median of ${COLD_STARTS})`, 'ms', spreadOf(coldStartMs).median, { op: '<=', value: TARGETS.coldStartMs }),
        figure('regionWallS', 'region wall time', 's', Math.round(regionWallMs / 100) / 10),
      ],
      facts: {
        resources,
        records: marker.records,
        apiCalls: marker.api_calls,
        retries: marker.retries,
        throttled: marker.throttled,
        shardBytes: marker.shards.reduce((sum, shard) => sum + shard.bytes, 0),
        regionContainerColdStartMs: container.startMs ?? -1,
        coldStartSamplesMs: coldStartMs.join(' '),
        // Not work done, but what the figures must be read with: the machine is shared.
        load1mAtStart: loadAtStart,
        load1mAtEnd: load1m(),
      },
    };
  } finally {
    await deployment.close();
    await emulator.close();
    restoreConsole();
  }
}
