import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { deployLocally, type LocalDeployment, type LocalDeploymentOptions } from '../../emulator/deployment/local-deployment.ts';
import type { LogSink } from '../../emulator/fn-agent/index.ts';
import type { Emulator, FunctionCall, FunctionResult } from '../../emulator/index.ts';
import type { RunBucket } from '../../shared/bucket/run-bucket.ts';
import type { FunctionRole } from '../../shared/serverless/function-config.ts';
import { runObjects } from '../../shared/serverless/run-objects.ts';
import { bundle } from '../../scripts/bundle.mjs';

/*
 * What the serverless end-to-end tests share: the real function bundle, a local deployment whose
 * function logs are kept, replies read as the handler shapes them, the bucket read back as text, and a
 * gate that holds back the detached invocations one function makes of another.
 */

/** Bundles the real function (functions/index.ts) exactly as it is deployed; returns the .cjs path. */
export async function bundleFunction(dir: string): Promise<string> {
  const { outfile } = await bundle({ entry: 'functions/index.ts', outfile: join(dir, 'func.cjs') });
  return outfile;
}

/** One JSON log line of a function (what the shared logger writes to stderr). */
export interface FunctionLogLine {
  fn: string;
  msg: string;
  level: string;
  [field: string]: unknown;
}

/** Keeps every line the functions write; JSON lines are parsed, other lines kept as text. */
export class FunctionLogs {
  readonly raw: string[] = [];
  readonly entries: FunctionLogLine[] = [];

  readonly sink: LogSink = (fn, line) => {
    this.raw.push(`${fn}: ${line}`);
    if (!line.startsWith('{')) return;
    try {
      this.entries.push({ ...(JSON.parse(line) as Record<string, unknown>), fn } as FunctionLogLine);
    } catch {
      // Not a JSON line (the FDK's own output): kept in `raw` only.
    }
  };

  /** Log lines with this message, optionally for one run. */
  find(msg: string, runId?: string): FunctionLogLine[] {
    return this.entries.filter((entry) => entry.msg === msg && (runId === undefined || entry.runId === runId));
  }

  /** The last lines, for assertion messages. */
  tail(count = 30): string {
    return this.raw.slice(-count).join('\n');
  }
}

export interface TestDeployment {
  deployment: LocalDeployment;
  logs: FunctionLogs;
}

/** deployLocally with the function logs captured. */
export async function deployWithLogs(options: Omit<LocalDeploymentOptions, 'logSink'>): Promise<TestDeployment> {
  const logs = new FunctionLogs();
  const deployment = await deployLocally({ ...options, logSink: logs.sink });
  return { deployment, logs };
}

/** A function's reply, as functions/handler.ts shapes it. */
export type Reply<T> =
  | { ok: true; role: string; result: T }
  | { ok: false; role: string | null; error: { kind: 'payload' | 'config' | 'auth' | 'failed'; message: string } };

/** Invokes `role` synchronously (like `fn invoke`) and returns the reply; fails on a non-JSON answer. */
export async function invokeRole<T = Record<string, unknown>>(deployment: LocalDeployment, role: FunctionRole, payload: unknown): Promise<Reply<T>> {
  const { body } = await deployment.invoke(role, payload);
  if (typeof body !== 'object' || body === null || !('ok' in body)) {
    throw new Error(`The ${role} function answered ${JSON.stringify(body)}, not a reply object`);
  }
  return body as Reply<T>;
}

/** The result of a successful reply, or a failure naming the error the function answered. */
export function resultOf<T>(reply: Reply<T>): T {
  if (!reply.ok) throw new Error(`expected ok:true, got ${JSON.stringify(reply)}`);
  return reply.result;
}

/** Polls `probe` every 100 ms until it returns a value other than undefined/false. */
export async function waitUntil<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    await sleep(100);
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** The object's bytes as text (downloaded, verified, then read). */
export async function readObjectText(bucket: RunBucket, name: string, scratchDir: string): Promise<string> {
  const path = join(scratchDir, name.replaceAll('/', '__'));
  await bucket.downloadToFile(name, path);
  return readFile(path, 'utf8');
}

/** The regions of `runId` that have a completion marker. */
export async function regionsWithMarkers(bucket: RunBucket, runId: string, regions: readonly string[]): Promise<string[]> {
  const done: string[] = [];
  for (const region of regions) if (await bucket.head(runObjects.marker(runId, region))) done.push(region);
  return done;
}

/** Every object name in the bucket (relative to its prefix). */
export async function objectNames(bucket: RunBucket, prefix = ''): Promise<string[]> {
  return (await bucket.list(prefix)).map((object) => object.name);
}

/**
 * Holds back the detached invocations of one function (what the coordinator and the region functions
 * send each other) at the emulator's invoke endpoint: they are answered 202, as OCI does, but not run
 * until `release()`. Sync invocations (the test's own) pass straight through to the Fn agent.
 */
export interface DetachedGate {
  /** The payloads of the detached calls held so far (parsed JSON). */
  held(): unknown[];
  /** Runs the held calls (and lets every later call through); resolves with their parsed replies. */
  release(): Promise<unknown[]>;
}

export function holdDetachedCalls(emulator: Emulator, deployment: LocalDeployment, role: FunctionRole): DetachedGate {
  const functionId = deployment.functionIds[role];
  const held: FunctionCall[] = [];
  let open = false;
  const forward = (call: FunctionCall): Promise<FunctionResult> =>
    deployment.agent.invoke(functionId, { body: call.body, headers: call.headers, invokeType: call.invokeType });
  emulator.functions.register(functionId, async (call) => {
    if (open || call.invokeType !== 'detached') return forward(call);
    held.push(call);
    return { status: 202, body: '' };
  });
  return {
    held: () => held.map((call) => JSON.parse(call.body.toString('utf8')) as unknown),
    async release() {
      open = true;
      const results = await Promise.all(held.splice(0).map(forward));
      return results.map((result) => {
        const text = typeof result.body === 'string' ? result.body : result.body.toString('utf8');
        try {
          return JSON.parse(text) as unknown;
        } catch {
          return text;
        }
      });
    },
  };
}
