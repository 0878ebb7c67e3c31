import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CircuitBreaker, ConfigFileAuthenticationDetailsProvider, NoRetryConfigurationDetails } from 'oci-common';
import { FunctionsInvokeClient, requests as functionsRequests } from 'oci-functions';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startEmulator, type Emulator, type FunctionResult } from '../emulator/index.ts';
import { FnAgentOptionsError, LocalFnAgent, type FnFunctionSpec, type LocalFnAgentOptions } from '../emulator/fn-agent/index.ts';
import { bundle } from '../scripts/bundle.mjs';

/*
 * The local Fn agent with real containers: the fixture functions (test/fixtures/fn, ONE bundle built with the
 * production esbuild settings, behaviour picked by the FIXTURE config) run as `node func.js` processes behind
 * the FDK's http-stream protocol. What the FDK does was measured on @fnproject/fdk 0.0.76.
 */

const FN = {
  echo: 'ocid1.fnfunc.oc1.iad.fnagentecho',
  sleep: 'ocid1.fnfunc.oc1.iad.fnagentsleep',
  slow: 'ocid1.fnfunc.oc1.iad.fnagentslow',
  throws: 'ocid1.fnfunc.oc1.iad.fnagentthrow',
  undefined: 'ocid1.fnfunc.oc1.iad.fnagentundefined',
  exits: 'ocid1.fnfunc.oc1.iad.fnagentexit',
  broken: 'ocid1.fnfunc.oc1.iad.fnagentbroken',
  teapot: 'ocid1.fnfunc.oc1.iad.fnagentteapot',
  garbage: 'ocid1.fnfunc.oc1.iad.fnagentgarbage',
  allocate: 'ocid1.fnfunc.oc1.iad.fnagentallocate',
} as const;

const FUNCTIONS: FnFunctionSpec[] = [
  { id: FN.echo, name: 'echo', config: { FIXTURE: 'echo', GREETING: 'hello from config' }, timeoutSeconds: 30, memoryMb: 256 },
  { id: FN.sleep, name: 'sleep', config: { FIXTURE: 'sleep' }, timeoutSeconds: 30 },
  { id: FN.slow, name: 'slow', config: { FIXTURE: 'sleep' }, timeoutSeconds: 1 },
  { id: FN.throws, name: 'throws', config: { FIXTURE: 'throw' }, timeoutSeconds: 30 },
  { id: FN.undefined, name: 'undefined', config: { FIXTURE: 'return-undefined' }, timeoutSeconds: 30 },
  { id: FN.exits, name: 'exits', config: { FIXTURE: 'exit-mid-call' }, timeoutSeconds: 30 },
  { id: FN.broken, name: 'broken', config: { FIXTURE: 'no-such-fixture' }, timeoutSeconds: 30 },
  { id: FN.teapot, name: 'teapot', config: { FIXTURE: 'raw', RAW_REPLY: 'status-418' }, timeoutSeconds: 30 },
  { id: FN.garbage, name: 'garbage', config: { FIXTURE: 'raw', RAW_REPLY: 'garbage' }, timeoutSeconds: 30 },
];

const HOST_ONLY = 'FN_AGENT_TEST_HOST_ONLY';

let dir: string;
let bundlePath: string;
let emulator: Emulator;
let agent: LocalFnAgent;
const extraAgents: LocalFnAgent[] = [];
const logs: Array<{ functionName: string; line: string; stream: string }> = [];
/** The last credentials minted for each function (one mint per container). */
const minted = new Map<string, Record<string, string>>();
/** Every container pid a test saw: none may survive close(). */
const seenPids = new Set<number>();

function agentOptions(overrides: Partial<LocalFnAgentOptions> = {}): LocalFnAgentOptions {
  return {
    bundlePath,
    functions: FUNCTIONS,
    credentials: (fn) => {
      const { env } = emulator.mintResourcePrincipal({ functionId: fn.id });
      minted.set(fn.id, env);
      return env;
    },
    logSink: (functionName, line, stream) => logs.push({ functionName, line, stream }),
    ...overrides,
  };
}

function bodyText(result: FunctionResult): string {
  return typeof result.body === 'string' ? result.body : result.body.toString('utf8');
}

function bodyJson<T = Record<string, unknown>>(result: FunctionResult): T {
  return JSON.parse(bodyText(result)) as T;
}

function call(functionId: string, payload: unknown, headers: Record<string, string> = {}): Promise<FunctionResult> {
  return agent.invoke(functionId, { body: Buffer.from(JSON.stringify(payload)), headers: { 'content-type': 'application/json', ...headers } });
}

function pidOf(result: FunctionResult): number {
  const { pid } = bodyJson<{ pid: unknown }>(result);
  assert.type(pid, 'number', bodyText(result));
  seenPids.add(pid as number);
  return pid as number;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Pids of every process on this machine whose command line names `path` (Linux /proc). */
async function processesRunning(path: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8');
      if (cmdline.split('\0').includes(path)) pids.push(Number(entry));
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return pids;
}

/** Polls until `probe` returns a value (no upper bound asserted: a slow machine only makes this slower). */
async function eventually<T>(probe: () => T | undefined, what: string, limitMs = 30_000): Promise<T> {
  const giveUp = Date.now() + limitMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > giveUp) throw new Error(`gave up waiting for ${what}`);
    await sleep(10);
  }
}

/** Pids of the containers a function started, from their first log line (`fixture: <name> started, pid N`). */
function startedPids(functionName: string): number[] {
  const pids: number[] = [];
  for (const entry of logs) {
    const match = /^fixture: (\S+) started, pid (\d+)$/.exec(entry.line);
    if (match && match[1] === functionName && entry.functionName === functionName) pids.push(Number(match[2]));
  }
  for (const pid of pids) seenPids.add(pid);
  return pids;
}

/** The pid of the container a function started after `count` earlier ones. */
function nthStartedPid(functionName: string, index: number): Promise<number> {
  return eventually(() => startedPids(functionName)[index], `container #${index + 1} of ${functionName} to log its start`);
}

/** The pid of a container of the function that is serving a (long) call. */
function busyPid(functionId: string): number | undefined {
  const pid = agent.containers(functionId).find((c) => c.state === 'busy')?.pid;
  if (pid !== undefined) seenPids.add(pid);
  return pid;
}

function assertError(result: FunctionResult, status: number, code: string, message: string): void {
  assert.is(result.status, status, bodyText(result));
  assert.is(result.headers?.['content-type'], 'application/json');
  assert.equal(bodyJson(result), { code, message });
}

test.before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'oci-inventory-fn-agent-'));
  bundlePath = join(dir, 'func.js');
  const built = await bundle({ entry: 'test/fixtures/fn/index.ts', outfile: bundlePath });
  assert.ok(built.bytes > 0);
  process.env[HOST_ONLY] = 'the host environment';
  emulator = await startEmulator({ tenancy: 'small', seed: 'fn-agent' });
  agent = new LocalFnAgent(agentOptions());
});

test.after(async () => {
  delete process.env[HOST_ONLY];
  await agent?.close();
  await Promise.all(extraAgents.map((extra) => extra.close()));
  await emulator?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('a call answers with the function result: config from env, Fn-Call-Id, Fn-Deadline, caller headers', async () => {
  const before = Date.now();
  const result = await call(FN.echo, { hello: 'world' }, { 'x-custom-header': 'abc', authorization: 'Signature secret', connection: 'keep-alive' });
  assert.is(result.status, 200, bodyText(result));
  assert.is(result.headers?.['content-type'], 'application/json');
  const body = bodyJson<{
    input: unknown;
    greeting: string;
    greetingFromContext: string;
    callId: string;
    deadline: string;
    contentType: string;
    headers: Record<string, string[]>;
    fn: Record<string, unknown>;
    maxOldSpaceSize: string | null;
    pid: number;
  }>(result);
  seenPids.add(body.pid);
  assert.equal(body.input, { hello: 'world' });
  assert.is(body.greeting, 'hello from config');
  assert.is(body.greetingFromContext, 'hello from config');
  // The call id the function saw is the one the agent answers with.
  assert.match(body.callId, /^[0-9A-HJKMNP-TV-Z]{26}$/);
  assert.is(result.headers?.['fn-call-id'], body.callId);
  assert.is(result.headers?.['x-echo-pid'], String(body.pid));
  // RFC 3339, whole seconds, about now + the 30 s timeout.
  assert.match(body.deadline, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  const deadline = Date.parse(body.deadline);
  assert.ok(deadline >= Math.floor(before / 1000) * 1000 + 29_000, `deadline ${body.deadline} is about 30 s after the call`);
  assert.is(body.contentType, 'application/json');
  // Caller headers pass; the signature and hop-by-hop headers do not.
  assert.equal(body.headers['X-Custom-Header'], ['abc']);
  assert.is(body.headers['Authorization'], undefined);
  assert.is(body.headers['Connection']?.includes('keep-alive') ?? false, false);
  assert.equal(body.fn, {
    appId: 'ocid1.fnapp.oc1..localfnagent',
    appName: 'local',
    fnId: FN.echo,
    fnName: 'echo',
    memory: 256,
    type: 'sync',
    format: 'http-stream',
  });
  assert.is(body.maxOldSpaceSize, '--max-old-space-size=192');
});

test('a function sees only its config, its credentials, FN_* and PATH/HOME/NODE_OPTIONS of the host', async () => {
  const body = bodyJson<{ envNames: string[]; resourcePrincipal: Record<string, string | null>; pid: number }>(await call(FN.echo, {}));
  seenPids.add(body.pid);
  const rp = minted.get(FN.echo);
  assert.ok(rp, 'credentials were minted for the echo function');
  assert.equal(body.resourcePrincipal, {
    version: rp['OCI_RESOURCE_PRINCIPAL_VERSION'],
    region: rp['OCI_RESOURCE_PRINCIPAL_REGION'],
    rpst: rp['OCI_RESOURCE_PRINCIPAL_RPST'],
    privatePem: rp['OCI_RESOURCE_PRINCIPAL_PRIVATE_PEM'],
  });
  assert.is(rp['OCI_RESOURCE_PRINCIPAL_VERSION'], '2.2');
  const expected = new Set([
    'FIXTURE',
    'GREETING',
    ...Object.keys(rp),
    'FN_FORMAT',
    'FN_LISTENER',
    'FN_APP_ID',
    'FN_APP_NAME',
    'FN_FN_ID',
    'FN_FN_NAME',
    'FN_MEMORY',
    'FN_TYPE',
    ...['PATH', 'HOME', 'NODE_OPTIONS'].filter((name) => process.env[name] !== undefined),
  ]);
  assert.equal(body.envNames, [...expected].sort());
  assert.not.ok(body.envNames.includes(HOST_ONLY));
});

test('Fn-Http-Status set by the function comes back as a header of a 200 answer', async () => {
  const result = await call(FN.echo, { httpStatus: 201 });
  assert.is(result.status, 200);
  assert.is(result.headers?.['fn-http-status'], '201');
  pidOf(result);
});

test('sequential calls reuse the hot container; a concurrent call starts a second one', async () => {
  const first = pidOf(await call(FN.sleep, { ms: 1 }));
  const second = pidOf(await call(FN.sleep, { ms: 1 }));
  assert.is(second, first, 'the idle container served the second call');

  const [a, b] = await Promise.all([call(FN.sleep, { ms: 300 }), call(FN.sleep, { ms: 300 })]);
  const pids = new Set([pidOf(a), pidOf(b)]);
  assert.is(pids.size, 2, 'a busy container is not shared');
  assert.ok(pids.has(first), 'one of them is the hot container');
  assert.is(agent.containers(FN.sleep).length, 2);
  assert.ok(agent.containers(FN.sleep).every((c) => c.state === 'idle'));
  // Both are hot now.
  const third = pidOf(await call(FN.sleep, { ms: 1 }));
  assert.ok(pids.has(third));
});

test('a container reports its cold start (spawn to listening) and its peak RSS, which outlives the memory that made it', async () => {
  const measured = new LocalFnAgent(
    agentOptions({ functions: [{ id: FN.allocate, name: 'allocate', config: { FIXTURE: 'allocate' }, timeoutSeconds: 30, memoryMb: 256 }] }),
  );
  extraAgents.push(measured);
  const idleBefore = await measured.invoke(FN.allocate, { body: '{"mb":1}' });
  const pid = pidOf(idleBefore);
  const [before] = measured.containers(FN.allocate);
  assert.is(before?.pid, pid);
  assert.type(before?.startMs, 'number');
  assert.ok(before!.startMs! > 0 && before!.startMs! < 10_000, `startMs ${before!.startMs}`);
  assert.type(before?.peakRssBytes, 'number');
  assert.ok(before!.peakRssBytes! > 10 * 2 ** 20, `a node process holds more than 10 MiB: ${before!.peakRssBytes}`);

  const result = await measured.invoke(FN.allocate, { body: '{"mb":160}' });
  assert.is(pidOf(result), pid, 'the hot container served the second call');
  const [after] = measured.containers(FN.allocate);
  assert.is(after?.startMs, before!.startMs, 'a hot call is no cold start');
  assert.ok(after!.peakRssBytes! >= before!.peakRssBytes! + 150 * 2 ** 20, `peak ${after!.peakRssBytes} after touching 160 MiB (was ${before!.peakRssBytes})`);
  assert.is(measured.containers(FN.allocate)[0]?.peakRssBytes, after!.peakRssBytes, 'the peak stays after the memory is released');
  await measured.close();
});

test('beyond maxContainersPerFunction, calls wait for a free container', async () => {
  const single = new LocalFnAgent(agentOptions({ maxContainersPerFunction: 1, functions: [FUNCTIONS[1]!] }));
  extraAgents.push(single);
  const results = await Promise.all([1, 2, 3].map(() => single.invoke(FN.sleep, { body: '{"ms":50}' })));
  const pids = results.map((result) => {
    assert.is(result.status, 200, bodyText(result));
    return pidOf(result);
  });
  assert.is(new Set(pids).size, 1, 'one container served all three calls, one after the other');
  assert.is(single.containers().length, 1);
  await single.close();
  assert.is(single.containers().length, 0);
  assert.not.ok(isAlive(pids[0]!));
});

test('a call past the timeout is 504 FunctionInvokeTimeout and its container is killed', async () => {
  const pending = call(FN.slow, { ms: 60_000 });
  const pid = await eventually(() => busyPid(FN.slow), 'the slow call to start');
  assert.ok(isAlive(pid));
  const result = await pending;
  assertError(result, 504, 'FunctionInvokeTimeout', 'Timed out');
  assert.match(result.headers?.['fn-call-id'] ?? '', /^[0-9A-Z]{26}$/);
  assert.not.ok(isAlive(pid), `container ${pid} was killed`);
  assert.equal(agent.containers(FN.slow), []);
  // The function still works: a short call gets a fresh container.
  const next = await call(FN.slow, { ms: 1 });
  assert.is(next.status, 200);
  assert.is.not(pidOf(next), pid);
});

test('a handler that throws is 502 "function failed"; the container lives on', async () => {
  const logsBefore = logs.length;
  assertError(await call(FN.throws, {}), 502, 'FunctionInvokeExecutionFailed', 'function failed');
  const pid = await nthStartedPid('throws', 0);
  assert.ok(isAlive(pid), 'the FDK answered 502 and kept serving');
  assert.equal(
    agent.containers(FN.throws).map((c) => [c.pid, c.state]),
    [[pid, 'idle']],
  );
  // Logs travel on stdout/stderr, apart from the response: they may come a little later.
  await eventually(
    () =>
      logs
        .slice(logsBefore)
        .some((entry) => entry.functionName === 'throws' && entry.stream === 'stderr' && entry.line.includes('fixture failure: the handler threw'))
        ? true
        : undefined,
    'the error in the log sink',
  );
  // The same container takes the next call.
  assertError(await call(FN.throws, {}), 502, 'FunctionInvokeExecutionFailed', 'function failed');
  assert.equal(
    agent.containers(FN.throws).map((c) => [c.pid, c.state]),
    [[pid, 'idle']],
  );
  assert.equal(startedPids('throws'), [pid], 'no other container was started');
});

test('a container that exits mid-call is 502 "error receiving function response"; the next call gets a fresh container', async () => {
  const first = pidOf(await call(FN.exits, {}));
  const crash = await call(FN.exits, { exit: true });
  assertError(crash, 502, 'FunctionInvokeExecutionError', 'error receiving function response');
  assert.not.ok(isAlive(first), 'the crashed container is gone');
  await eventually(
    () => (logs.some((entry) => entry.functionName === 'exits' && entry.line === `fixture: exiting mid-call, pid ${first}`) ? true : undefined),
    'the last words of the crashed container in the log sink',
  );
  const next = await call(FN.exits, {});
  assert.is(next.status, 200);
  assert.is.not(pidOf(next), first);
});

test('a handler returning undefined crashes the FDK before any response: 502 "error receiving function response"', async () => {
  // The FDK decides on 200 but calls `.then` on undefined: the rejection is unhandled and Node exits (code 1)
  // before a byte is written, so the agent sees the connection drop.
  assertError(await call(FN.undefined, {}), 502, 'FunctionInvokeExecutionError', 'error receiving function response');
  const pid = await nthStartedPid('undefined', 0);
  assert.not.ok(isAlive(pid));
  assert.equal(agent.containers(FN.undefined), []);
  await eventually(
    () => (logs.some((entry) => entry.functionName === 'undefined' && entry.line.includes("Cannot read properties of undefined (reading 'then')")) ? true : undefined),
    "the FDK's TypeError in the log sink",
  );
});

test('a status other than 200/502/504 is 502 "invalid function response", a non-HTTP answer 502 "error receiving function response"; both containers are killed', async () => {
  assertError(await call(FN.teapot, {}), 502, 'FunctionInvokeInvalidResponse', 'invalid function response');
  assert.not.ok(isAlive(await nthStartedPid('teapot', 0)));

  assertError(await call(FN.garbage, {}), 502, 'FunctionInvokeExecutionError', 'error receiving function response');
  assert.not.ok(isAlive(await nthStartedPid('garbage', 0)));
  assert.equal(agent.containers(FN.teapot).concat(agent.containers(FN.garbage)), []);
});

test('a container that dies before listening fails the call with the tail of its stderr', async () => {
  const result = await call(FN.broken, {});
  assert.is(result.status, 502, bodyText(result));
  const body = bodyJson<{ code: string; message: string }>(result);
  assert.is(body.code, 'FunctionInvokeContainerInitFail');
  assert.match(body.message, /^Container failed to initialize, please ensure you are using the latest fdk and check the logs \(function broken: the process exited with code 2 before listening; stderr: .*unknown FIXTURE "no-such-fixture"/);
  assert.equal(agent.containers(FN.broken), []);
});

test('unknown function ids are 404; oversized requests are 413 without starting a container', async () => {
  assertError(
    await agent.invoke('ocid1.fnfunc.oc1.iad.nope', { body: '' }),
    404,
    'NotAuthorizedOrNotFound',
    'Function not found or not authorized (ocid1.fnfunc.oc1.iad.nope)',
  );
  const before = agent.containers(FN.echo).length;
  const big = await agent.invoke(FN.echo, { body: Buffer.alloc(6 * 1024 * 1024 + 1) });
  assert.is(big.status, 413);
  assert.is(bodyJson(big)['code'], 'FunctionInvokeRequestContentTooLarge');
  assert.is(agent.containers(FN.echo).length, before);
});

test('options are validated on entry, naming the option, what was expected and what was got', () => {
  const cases: Array<[Partial<LocalFnAgentOptions> | Record<string, unknown>, RegExp]> = [
    [{ bogus: 1 }, /invalid option bogus: expected one of bundlePath, .*got "bogus"/],
    [{ functions: [] }, /invalid option functions: expected a non-empty array/],
    [{ functions: [{ ...FUNCTIONS[0]!, timeoutSeconds: 301 }] }, /functions\[0\]\.timeoutSeconds: expected an integer in 1\.\.300, got 301/],
    [{ functions: [{ ...FUNCTIONS[0]!, memoryMb: 100 }] }, /functions\[0\]\.memoryMb: expected one of 128, 256, 512, 1024, 2048, 3072, got 100/],
    [{ functions: [FUNCTIONS[0]!, FUNCTIONS[0]!] }, /functions\[1\]\.id: expected a function id not used by another function/],
    [{ functions: [{ ...FUNCTIONS[0]!, config: { 'NOT-AN-ENV-NAME': 'x' } }] }, /functions\[0\]\.config: expected keys that are env var names/],
    [{ functions: [{ ...FUNCTIONS[0]!, config: { BIG: 'x'.repeat(5000) } }] }, /at most 4096 bytes/],
    [{ maxContainersPerFunction: 0 }, /maxContainersPerFunction: expected an integer in 1\.\.1000, got 0/],
  ];
  for (const [overrides, message] of cases) {
    assert.throws(
      () => new LocalFnAgent({ ...agentOptions(), ...overrides } as LocalFnAgentOptions),
      (error: unknown) => error instanceof FnAgentOptionsError && message.test(error.message),
      JSON.stringify(Object.keys(overrides)),
    );
  }
});

test('attached to the emulator: a real FunctionsInvokeClient invokes sync and detached', async () => {
  agent.attach(emulator);
  const { configPath } = await emulator.writeOciConfig(join(dir, 'oci'));
  const client = new FunctionsInvokeClient(
    { authenticationDetailsProvider: new ConfigFileAuthenticationDetailsProvider(configPath, 'DEFAULT') },
    { retryConfiguration: NoRetryConfigurationDetails, circuitBreaker: new CircuitBreaker({ disableClientCircuitBreaker: true }) },
  );
  client.endpoint = emulator.endpoint('functions', emulator.tenancy.homeRegion);

  const response = await client.invokeFunction({ functionId: FN.echo, invokeFunctionBody: JSON.stringify({ via: 'sdk' }) });
  const chunks: Buffer[] = [];
  for await (const chunk of response.value as AsyncIterable<Uint8Array>) chunks.push(Buffer.from(chunk));
  const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { input: unknown; greeting: string; headers: Record<string, string[]>; pid: number };
  seenPids.add(body.pid);
  assert.equal(body.input, { via: 'sdk' });
  assert.is(body.greeting, 'hello from config');
  assert.equal(body.headers['Fn-Invoke-Type'], undefined, 'the SDK sends no fn-invoke-type for a default (sync) call');
  assert.ok(body.headers['Opc-Request-Id']?.[0], 'the caller headers reach the function');

  const marker = `detached-${Date.now()}`;
  await client.invokeFunction({
    functionId: FN.echo,
    invokeFunctionBody: JSON.stringify({ marker }),
    fnInvokeType: functionsRequests.InvokeFunctionRequest.FnInvokeType.Detached,
  });
  await emulator.functions.whenIdle();
  // The call is over: no echo container is busy any more...
  assert.ok(agent.containers(FN.echo).length > 0);
  assert.ok(agent.containers(FN.echo).every((c) => c.state === 'idle'), 'the detached call ran to the end before whenIdle() resolved');
  // ...and it did run (its log line travels on stdout, apart from the response, so it may come a little later).
  await eventually(
    () => (logs.some((entry) => entry.functionName === 'echo' && entry.line.includes(`"marker":"${marker}"`)) ? true : undefined),
    'the detached call in the log sink',
  );

  // Errors arrive as OCI errors: status and service code.
  const saved = console.warn;
  console.warn = () => {};
  let failure: { statusCode?: number; serviceCode?: string } | undefined;
  try {
    await client.invokeFunction({ functionId: FN.throws, invokeFunctionBody: '{}' });
  } catch (error) {
    failure = error as { statusCode?: number; serviceCode?: string };
  } finally {
    console.warn = saved;
  }
  assert.is(failure?.statusCode, 502);
  assert.is(failure?.serviceCode, 'FunctionInvokeExecutionFailed');
});

test('close() kills every container and removes its directory; no process is left; later calls are 503', async () => {
  const running = agent.containers();
  assert.ok(running.length > 0, 'containers are running before close()');
  for (const c of running) if (c.pid !== undefined) seenPids.add(c.pid);
  const inFlight = call(FN.sleep, { ms: 60_000 });
  await eventually(() => busyPid(FN.sleep), 'a call in flight');
  const dirs = agent.containers().map((c) => c.dir);
  assert.ok(dirs.every((containerDir) => existsSync(join(containerDir, 'lsnr.sock'))));

  await agent.close();

  assertError(await inFlight, 503, 'FunctionInvokeServiceUnavailable', 'The local Fn agent is closed (closed during the call)');
  assert.equal(agent.containers(), []);
  for (const pid of seenPids) assert.not.ok(isAlive(pid), `container ${pid} is gone`);
  assert.equal(await processesRunning(bundlePath), [], 'no process runs the bundle');
  for (const containerDir of dirs) assert.not.ok(existsSync(containerDir), `${containerDir} was removed`);
  assertError(await call(FN.echo, {}), 503, 'FunctionInvokeServiceUnavailable', 'The local Fn agent is closed');
});

test.run();
