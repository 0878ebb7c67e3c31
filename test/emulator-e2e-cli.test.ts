import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { ConfigFileAuthenticationDetailsProvider } from 'oci-common';
import { IdentityClient } from 'oci-identity';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { makeTempDir, noRetryClientConfiguration, removeDir } from './support/emulator-clients.ts';

/*
 * `oci-inventory emulator` as a user runs it: a child process in its own process group, used through the
 * endpoint template and config file it prints, stopped with Ctrl-C (SIGINT to the group).
 */

const REPO = fileURLToPath(new URL('..', import.meta.url));
const START_TIMEOUT_MS = 30_000;

interface Running {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const children: Running[] = [];
let stateDir: string | undefined;

function runCli(args: string[]): Running {
  const child = spawn(process.execPath, ['bin/oci-inventory.js', ...args], {
    cwd: REPO,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('close', (code, signal) => resolve({ code, signal }));
  });
  const running = { child, stdout: () => out, stderr: () => err, exited };
  children.push(running);
  return running;
}

/** Resolves with stdout once it contains `pattern`; rejects if the process exits or it takes too long. */
async function waitForOutput(running: Running, pattern: RegExp): Promise<string> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  let exited = false;
  void running.exited.then(() => (exited = true));
  while (!pattern.test(running.stdout())) {
    if (exited) throw new Error(`the emulator exited before printing ${pattern}:\n${running.stdout()}\n${running.stderr()}`);
    if (Date.now() > deadline) throw new Error(`no ${pattern} within ${START_TIMEOUT_MS} ms:\n${running.stdout()}\n${running.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return running.stdout();
}

function isRunning(running: Running): boolean {
  return running.child.exitCode === null && running.child.signalCode === null;
}

/** Whether anything accepts TCP connections on the port. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

test.after(async () => {
  // Never leave an emulator behind, even when a test failed half-way.
  for (const running of children) {
    if (isRunning(running) && running.child.pid !== undefined) {
      try {
        process.kill(-running.child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
      await running.exited;
    }
  }
  await removeDir(stateDir);
});

test('emulator --tenancy small: prints its endpoints, serves a real IdentityClient, stops cleanly on SIGINT', async () => {
  stateDir = await makeTempDir('e2e-cli');
  const running = runCli(['emulator', '--tenancy', 'small', '--port', '0', '--state-dir', stateDir]);
  const banner = await waitForOutput(running, /Press Ctrl-C to stop\./);

  const template = /^Endpoint template: (\S+)$/m.exec(banner)?.[1];
  const configPath = /^OCI config: (.+) \(profile DEFAULT\)$/m.exec(banner)?.[1];
  const tenancyId = /^Tenancy: \S+ (ocid1\.tenancy\.\S+)$/m.exec(banner)?.[1];
  const regionsLine = /^Regions: (.+) \(home ([a-z0-9-]+)\);/m.exec(banner);
  assert.ok(template && configPath && tenancyId && regionsLine, banner);
  assert.match(template, /^http:\/\/127\.0\.0\.1:\d+\/\{region\}\/\{service\}$/);
  assert.ok(configPath.startsWith(stateDir), `the config is written to --state-dir: ${configPath}`);
  const regions = (regionsLine[1] ?? '').split(', ');
  const home = regionsLine[2] ?? '';
  const port = Number(new URL(template.replace('{region}', 'r').replace('{service}', 's')).port);
  assert.ok(port > 0);

  const provider = new ConfigFileAuthenticationDetailsProvider(configPath, 'DEFAULT');
  assert.is(provider.getTenantId(), tenancyId);
  const identity = new IdentityClient({ authenticationDetailsProvider: provider }, noRetryClientConfiguration());
  identity.endpoint = template.replace('{region}', home).replace('{service}', 'identity');
  const { items } = await identity.listRegionSubscriptions({ tenancyId });
  assert.equal(items.map((s) => s.regionName), regions);
  assert.equal(items.filter((s) => s.isHomeRegion).map((s) => s.regionName), [home]);

  assert.ok(running.child.pid !== undefined);
  process.kill(-running.child.pid, 'SIGINT');
  const { code, signal } = await running.exited;
  assert.is(signal, null, running.stderr());
  assert.is(code, 0, running.stderr());
  assert.match(running.stdout(), /Emulator stopped\.\n$/);
  assert.not.match(running.stderr(), /error/i);
  assert.is(await accepts(port), false, 'the port no longer accepts connections');
});

test('emulator --tenancy huge exits 2 with a message naming --tenancy', async () => {
  const running = runCli(['emulator', '--tenancy', 'huge', '--port', '0']);
  const { code } = await running.exited;
  assert.is(code, 2);
  assert.match(running.stderr(), /--tenancy/);
  assert.match(running.stderr(), /huge/);
  assert.not.match(running.stdout(), /listening/);
});

test.run();
