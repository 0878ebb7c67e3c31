/**
 * End to end: the serverless flow against the CLI on the same tenancy of 100,000 resources over 4 regions
 * (quick: 8,000).
 *
 * Serverless: the real function bundle deployed three times under the local Fn agent (as `npm start` does);
 * the coordinator invoked synchronously as `fn invoke` does; it starts the region functions detached, the
 * last region starts the merge, the merge moves latest.json. Wall time: from the invoke until latest.json
 * names the run.
 * CLI: `node bin/oci-inventory.js run` in its own process against the same emulator, with the OCI config
 * file the emulator writes. Wall time: the process's whole life (start-up included).
 *
 * Processes: the emulator (and the idle agent) live in this process; the functions, or the CLI, in their
 * own. The runs are one after the other, never together.
 *
 * The two inventories must agree: the same number of records and the same inventory.jsonl. Every record
 * carries the time it was collected, so the raw files differ; they are compared by sha256 with every
 * `"collectedAt":"..."` value blanked (what the serverless e2e test compares), and the raw hashes are
 * reported as a fact.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { deployLocally } from '../../emulator/deployment/local-deployment.ts';
import { startEmulator } from '../../emulator/index.ts';
import { bundle } from '../../scripts/bundle.mjs';
import { createLogger, routeConsoleToLogger } from '../../shared/log/index.ts';
import { LATEST_POINTER } from '../../shared/bucket/run-layout.ts';
import type { RunSummary } from '../../shared/run/run-summary.ts';
import type { CoordinatorReply } from '../../shared/serverless/coordinator.ts';
import { runObjects } from '../../shared/serverless/run-objects.ts';
import { figure, type ScenarioOptions, type ScenarioResult } from '../support/figures.ts';
import { runProcess } from '../support/run-process.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SIZES = { full: 100_000, quick: 8_000 } as const;
const REGION_COUNT = 4;
/** Region functions run detached (OCI allows up to 3600 s); the whole flow gets a little more. */
const RUN_TIMEOUT_MS = 3_900_000;
const LOG_TAIL_LINES = 40;

type Reply<T> = { ok: true; role: string; result: T } | { ok: false; role: string | null; error: { kind: string; message: string } };

function load1m(): number {
  return Math.round((loadavg()[0] ?? 0) * 100) / 100;
}

/** sha256 of a JSONL file, raw and with every collectedAt value blanked, and its line count. */
async function digestJsonl(path: string): Promise<{ raw: string; withoutCollectedAt: string; lines: number }> {
  const raw = createHash('sha256');
  const blanked = createHash('sha256');
  let lines = 0;
  for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
    raw.update(`${line}\n`);
    blanked.update(`${line.replace(/"collectedAt":"[^"]*"/g, '"collectedAt":""')}\n`);
    lines += 1;
  }
  return { raw: raw.digest('hex'), withoutCollectedAt: blanked.digest('hex'), lines };
}

/** `node bin/oci-inventory.js <args>` in a fresh process with a clean environment; its stdout and wall time. */
async function runCliProcess(args: string[], cwd: string): Promise<{ stdout: string; wallMs: number }> {
  const started = performance.now();
  const { code, stdout, stderrTail } = await runProcess(process.execPath, [join(ROOT, 'bin/oci-inventory.js'), ...args], {
    cwd,
    env: { PATH: process.env['PATH'] ?? '', HOME: cwd },
  });
  const wallMs = performance.now() - started;
  if (code !== 0) throw new Error(`oci-inventory ${args[0]} exited with ${code}:\n${stderrTail}`);
  return { stdout, wallMs };
}

export async function run(options: ScenarioOptions): Promise<ScenarioResult> {
  const size = options.quick ? SIZES.quick : SIZES.full;
  const loadAtStart = load1m();
  // The OCI SDK reports every 404 of a poll (e.g. run_summary.json not there yet) on the console: dropped.
  const restoreConsole = routeConsoleToLogger(createLogger({ format: 'text', level: 'warn' }));
  const { outfile: bundlePath } = await bundle({ entry: join(ROOT, 'functions/index.ts'), outfile: join(options.workDir, 'func.cjs') });

  const emulator = await startEmulator({ tenancy: size, regionCount: REGION_COUNT, seed: 'bench-end-to-end' });
  const logLines: string[] = [];
  const deployment = await deployLocally({
    emulator,
    bundlePath,
    logSink: (fn, line) => {
      logLines.push(`${fn}: ${line}`);
      if (logLines.length > LOG_TAIL_LINES) logLines.shift();
    },
  });
  try {
    // Serverless: fn invoke the coordinator, then wait for the merge to announce the run in latest.json.
    const serverlessStarted = performance.now();
    const invoked = await deployment.invoke('coordinator', {});
    const reply = invoked.body as Reply<CoordinatorReply>;
    if (!reply.ok) throw new Error(`the coordinator failed: ${JSON.stringify(reply)}\n${logLines.join('\n')}`);
    const { runId } = reply.result;
    const summary = await deployment.waitForRun(runId, { timeoutMs: RUN_TIMEOUT_MS });
    const deadline = Date.now() + 60_000;
    while ((await deployment.bucket.getJson<{ runId: string }>(LATEST_POINTER))?.runId !== runId) {
      if (Date.now() > deadline) throw new Error(`latest.json never pointed at ${runId}`);
      await sleep(100);
    }
    const serverlessWallMs = performance.now() - serverlessStarted;
    if (summary.status !== 'complete') throw new Error(`the serverless run ended ${summary.status}: ${summary.error ?? ''}\n${logLines.join('\n')}`);
    const serverlessJsonl = join(options.workDir, 'serverless-inventory.jsonl');
    await deployment.bucket.downloadToFile(runObjects.artifact(runId, 'inventory.jsonl'), serverlessJsonl);

    // CLI: the same tenancy, untouched since, through the OCI config file the emulator writes.
    const ociDir = join(options.workDir, 'oci');
    const outdir = join(options.workDir, 'cli-out');
    await mkdir(outdir, { recursive: true });
    const { configPath } = await emulator.writeOciConfig(ociDir);
    const cli = await runCliProcess(
      ['run', '--auth', 'config', '--oci-config', configPath, '--endpoint-template', emulator.endpointTemplate, '--outdir', outdir, '--log-level', 'warn'],
      options.workDir,
    );
    const runDir = cli.stdout.trim().split('\n').at(-1) ?? '';
    const cliSummary = JSON.parse(await readFile(join(runDir, 'run_summary.json'), 'utf8')) as RunSummary;
    if (cliSummary.status !== 'complete') throw new Error(`the CLI run ended ${cliSummary.status}: ${cliSummary.error ?? ''}`);

    const fromServerless = await digestJsonl(serverlessJsonl);
    const fromCli = await digestJsonl(join(runDir, 'inventory.jsonl'));
    if (summary.total_discovered !== cliSummary.total_discovered || fromServerless.lines !== fromCli.lines) {
      throw new Error(
        `record counts differ: serverless ${summary.total_discovered} (${fromServerless.lines} lines), CLI ${cliSummary.total_discovered} (${fromCli.lines} lines)`,
      );
    }
    if (fromServerless.withoutCollectedAt !== fromCli.withoutCollectedAt) {
      throw new Error(`inventory.jsonl differs between the serverless run and the CLI run beyond collectedAt (${serverlessJsonl} vs ${runDir}/inventory.jsonl)`);
    }
    const apiCalls = (s: RunSummary) => s.regions.reduce((sum, region) => sum + region.api_calls, 0);

    return {
      figures: [
        figure('serverlessWallS', 'serverless flow wall time (invoke to latest.json)', 's', Math.round(serverlessWallMs / 100) / 10),
        figure('cliWallS', 'CLI run wall time (whole process)', 's', Math.round(cli.wallMs / 100) / 10),
        figure('serverlessToCliRatio', 'serverless / CLI wall time', 'x', Math.round((serverlessWallMs / cli.wallMs) * 100) / 100),
      ],
      facts: {
        tenancySize: size,
        regions: summary.regions.length,
        records: summary.total_discovered,
        serverlessApiCalls: apiCalls(summary),
        cliApiCalls: apiCalls(cliSummary),
        jsonlSha256WithoutCollectedAt: fromCli.withoutCollectedAt,
        jsonlRawSha256Equal: fromServerless.raw === fromCli.raw,
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
