import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startEmulator, type Emulator } from '../emulator/index.ts';
import { emulatorAuthArgs, makeTempDir, removeTempDir, runCli, runDirOf, withProcessEnv, type CliResult } from './support/cli-harness.ts';

/*
 * The identity commands (validate-auth, list-regions, list-compartments) with both ways a deployment
 * authenticates: an API key from an OCI config file, and a resource principal (what OCI Functions gives a
 * function). Every command here runs with debug JSON logs, and every byte it writes (stdout, stderr, and
 * whatever the SDK printed to the console) is checked for secrets at the end.
 */

const DEBUG_JSON_LOGS = ['--log-level', 'debug', '--log-format', 'json'];

let emulator: Emulator;
let workDir: string;
let configPath: string;
/** Every secret handed to a command in this file. */
const secrets: { name: string; value: string }[] = [];
/** Every command's output, for the secrecy check. */
const outputs: { command: string; text: string }[] = [];

function remember(command: string, result: CliResult): CliResult {
  outputs.push({ command, text: `${result.stdout}\n${result.stderr}\n${result.console}` });
  return result;
}

async function withApiKey(command: string, extra: string[] = []): Promise<CliResult> {
  const argv = [command, ...emulatorAuthArgs(emulator, configPath), ...DEBUG_JSON_LOGS, ...extra];
  return remember(`api-key ${command}`, await runCli(argv, { cwd: workDir }));
}

/**
 * Runs a command with resource-principal auth. The CLI decides from its own environment (io.env) that RP
 * variables are present; the SDK's provider reads them from process.env, so both get them, and process.env
 * is restored afterwards.
 */
async function withResourcePrincipal(command: string, rpEnv: Record<string, string>, extra: string[] = []): Promise<CliResult> {
  secrets.push(
    { name: `${command} RPST`, value: rpEnv.OCI_RESOURCE_PRINCIPAL_RPST! },
    { name: `${command} RP private key`, value: rpEnv.OCI_RESOURCE_PRINCIPAL_PRIVATE_PEM! },
  );
  const argv = [command, '--auth', 'resource', '--endpoint-template', emulator.endpointTemplate, ...DEBUG_JSON_LOGS, ...extra];
  const result = await withProcessEnv(rpEnv, () => runCli(argv, { cwd: workDir, env: { ...rpEnv } }));
  return remember(`resource-principal ${command}`, result);
}

function sortedRegionNames(): string[] {
  return emulator.tenancy.regions.map((region) => region.name).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The emulator's compartments (root included, DELETED ones too) as sorted "ocid,name" pairs. */
function expectedCompartments(): [string, string][] {
  return emulator.tenancy.compartments
    .map((compartment): [string, string] => [compartment.id, compartment.name])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function assertValidateAuthOutput(result: CliResult, method: string): void {
  assert.is(result.exitCode, 0, result.stderr);
  assert.equal(result.stdoutLines, [
    `Authentication: ${method}`,
    `Tenancy: ${emulator.tenancy.id}`,
    `Region of the credentials: ${emulator.tenancy.homeRegion}`,
    `Home region: ${emulator.tenancy.homeRegion}`,
    `Subscribed regions (${emulator.tenancy.regions.length}): ${sortedRegionNames().join(', ')}`,
    'OK',
  ]);
}

function assertListCompartmentsOutput(result: CliResult): void {
  assert.is(result.exitCode, 0, result.stderr);
  const rows = parseCsv(result.stdout) as string[][];
  assert.ok(rows.every((row) => row.length === 2), 'every line is "ocid,name"');
  assert.equal(rows, expectedCompartments());
  assert.ok(rows.some(([id, name]) => id === emulator.tenancy.id && name === emulator.tenancy.name), 'the root (the tenancy) is listed');
  assert.is(rows.length, emulator.tenancy.compartments.length);
}

/** With --log-format json every stderr line is a JSON log event, except main()'s final error line. */
function assertJsonLogLines(result: CliResult): void {
  for (const line of result.stderr.split('\n').filter((candidate) => candidate !== '')) {
    if (line.startsWith('oci-inventory ')) continue;
    let event: { level?: unknown; msg?: unknown };
    try {
      event = JSON.parse(line) as typeof event;
    } catch {
      assert.unreachable(`not a JSON log line: ${line}`);
      return;
    }
    assert.type(event.level, 'string');
    assert.type(event.msg, 'string');
  }
}

test.before(async () => {
  emulator = await startEmulator({ tenancy: 'small', seed: 'core-e2e-auth-commands' });
  workDir = await makeTempDir('core-e2e-auth-commands');
  ({ configPath } = await emulator.writeOciConfig(join(workDir, 'oci')));
  secrets.push({ name: 'API private key', value: emulator.defaultUser.privateKeyPem });
});

test.after(async () => {
  await emulator?.close();
  await removeTempDir(workDir);
});

test('API key: validate-auth prints the method, tenancy, regions and OK', async () => {
  const result = await withApiKey('validate-auth');
  assertValidateAuthOutput(result, 'config');
  assertJsonLogLines(result);
  assert.match(result.stderr, /"msg":"authenticated"/, 'debug logs are on');
});

test('API key: list-regions prints the subscribed region names, sorted, one per line', async () => {
  const result = await withApiKey('list-regions');
  assert.is(result.exitCode, 0, result.stderr);
  assert.equal(result.stdoutLines, sortedRegionNames());
  assertJsonLogLines(result);
});

test('API key: list-compartments prints "ocid,name" for the root and every compartment, sorted by ocid', async () => {
  const result = await withApiKey('list-compartments');
  assertListCompartmentsOutput(result);
  assertJsonLogLines(result);
});

test('resource principal: validate-auth, list-regions and list-compartments work the same', async () => {
  const rpEnv = emulator.mintResourcePrincipal().env;
  assertValidateAuthOutput(await withResourcePrincipal('validate-auth', rpEnv), 'resource_principal');
  const regions = await withResourcePrincipal('list-regions', rpEnv);
  assert.is(regions.exitCode, 0, regions.stderr);
  assert.equal(regions.stdoutLines, sortedRegionNames());
  assertListCompartmentsOutput(await withResourcePrincipal('list-compartments', rpEnv));
  for (const name of Object.keys(rpEnv)) assert.is(process.env[name], undefined, `${name} was not restored`);
});

test('resource principal: a whole run with debug JSON logs completes', async () => {
  const rpEnv = emulator.mintResourcePrincipal().env;
  const result = await withResourcePrincipal('run', rpEnv, ['--outdir', join(workDir, 'rp-run')]);
  assert.is(result.exitCode, 0, result.stderr);
  assertJsonLogLines(result);
  const summary = JSON.parse(await readFile(join(runDirOf(result), 'run_summary.json'), 'utf8')) as { status: string; total_discovered: number };
  assert.is(summary.status, 'complete');
  assert.is(summary.total_discovered, emulator.tenancy.baseResourceCount);
});

test('resource principal: an expired session token is exit 3 with a message that says so', async () => {
  const expired = emulator.mintResourcePrincipal({ ttlSeconds: 3600, now: new Date(Date.now() - 2 * 3600_000) });
  assert.ok(expired.expiresAt.getTime() < Date.now());
  for (const command of ['validate-auth', 'list-regions', 'list-compartments']) {
    const result = await withResourcePrincipal(command, expired.env);
    assert.is(result.exitCode, 3, `${command}: ${result.stderr}`);
    assert.match(result.stderr, /401/);
    assert.match(result.stderr, /expired/);
    assert.is(result.stdout, '');
    assertJsonLogLines(result);
  }
});

test('resource principal without the OCI_RESOURCE_PRINCIPAL_* variables is exit 3 and says what is missing', async () => {
  const result = remember(
    'resource-principal without env',
    await runCli(['validate-auth', '--auth', 'resource', '--endpoint-template', emulator.endpointTemplate, ...DEBUG_JSON_LOGS], { cwd: workDir }),
  );
  assert.is(result.exitCode, 3, result.stderr);
  assert.match(result.stderr, /OCI_RESOURCE_PRINCIPAL_VERSION/);
});

test('security token profile (as `oci session authenticate` writes it): validate-auth and list-regions sign with the session token', async () => {
  // A session token is a JWT naming the tenancy with the session's public key; the profile holds the
  // token file and the session's private key, and requests are signed with keyId "ST$<token>".
  const session = emulator.mintResourcePrincipal();
  const dir = join(workDir, 'session-profile');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'token'), session.env.OCI_RESOURCE_PRINCIPAL_RPST!);
  await writeFile(join(dir, 'key.pem'), session.env.OCI_RESOURCE_PRINCIPAL_PRIVATE_PEM!, { mode: 0o600 });
  const config = join(dir, 'config');
  await writeFile(
    config,
    ['[SESSION]', 'fingerprint=session', `key_file=${join(dir, 'key.pem')}`, `tenancy=${emulator.tenancy.id}`, `region=${emulator.tenancy.homeRegion}`, `security_token_file=${join(dir, 'token')}`, ''].join('\n'),
  );
  secrets.push({ name: 'session token', value: session.env.OCI_RESOURCE_PRINCIPAL_RPST! }, { name: 'session key', value: session.env.OCI_RESOURCE_PRINCIPAL_PRIVATE_PEM! });
  const args = ['--auth', 'security_token', '--oci-config', config, '--profile', 'SESSION', '--endpoint-template', emulator.endpointTemplate];
  const validate = remember('session validate-auth', await runCli(['validate-auth', ...args, ...DEBUG_JSON_LOGS], { cwd: workDir }));
  assert.is(validate.exitCode, 0, validate.stderr);
  assert.match(validate.stdout, /Authentication: security_token/);
  assert.match(validate.stdout, new RegExp(`Tenancy: ${emulator.tenancy.id}`));
  const regions = remember('session list-regions', await runCli(['list-regions', ...args], { cwd: workDir }));
  assert.is(regions.exitCode, 0, regions.stderr);
  assert.equal(regions.stdoutLines, emulator.tenancy.regions.map((region) => region.name).sort());
});

test('no command printed a private key, the RPST, or a signed Authorization header (stdout, stderr and console)', () => {
  assert.ok(outputs.length >= 11, `expected every command above to be recorded, got ${outputs.length}`);
  assert.ok(secrets.length >= 10);
  for (const { command, text } of outputs) {
    assert.not.match(text, /PRIVATE KEY/, command);
    assert.not.match(text, /-----BEGIN/, command);
    assert.not.ok(text.includes('Signature '), `${command} printed a "Signature " header`);
    assert.not.match(text, /keyId="/, command);
    assert.not.match(text, /ST\$/, command);
    for (const { name, value } of secrets) {
      assert.ok(value.length > 100, name);
      assert.not.ok(text.includes(value), `${command} printed the ${name}`);
      // Any 40-character piece of a key body or token is a leak too (a PEM split over lines, a truncated token).
      const body = value.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
      for (let start = 0; start + 40 <= body.length; start += 40) {
        assert.not.ok(text.includes(body.slice(start, start + 40)), `${command} printed part of the ${name}`);
      }
    }
  }
});

test.run();
