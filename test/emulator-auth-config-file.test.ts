import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative } from 'node:path';
import { ConfigFileAuthenticationDetailsProvider } from 'oci-common';
import { IdentityClient } from 'oci-identity';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ApiKeyRegistry, generateRsaKeyPair } from '../emulator/auth/keys.ts';
import { writeOciConfig } from '../emulator/auth/oci-config-file.ts';
import { SessionTokenIssuer } from '../emulator/auth/session-tokens.ts';
import { noRetryClientConfiguration, startVerifyingServer, type VerifyingServer } from './emulator-auth-fixtures.ts';

const TENANCY = 'ocid1.tenancy.oc1..aaaaconfigtenancy';
const USER = 'ocid1.user.oc1..aaaaconfiguser';

const apiKeys = new ApiKeyRegistry();
const key = generateRsaKeyPair();
const { keyId, fingerprint } = apiKeys.register({ tenancyId: TENANCY, userId: USER, publicKeyPem: key.publicKeyPem });

let server: VerifyingServer;
let root: string;

test.before(async () => {
  root = await mkdtemp(join(tmpdir(), 'oci-config-'));
  server = await startVerifyingServer(() => ({ apiKeys, sessionTokens: new SessionTokenIssuer() }));
});

test.after(async () => {
  await server.close();
  await rm(root, { recursive: true, force: true });
});

/** The SDK logs when a config has no DEFAULT profile; keep test output clean. */
function quietly<T>(build: () => T): T {
  const { info } = console;
  console.info = () => undefined;
  try {
    return build();
  } finally {
    console.info = info;
  }
}

const modeOf = async (path: string): Promise<number> => (await stat(path)).mode & 0o777;

test('writes an OCI config and key (0600) that the SDK signs with, accepted as the user', async () => {
  const dir = join(root, 'default');
  const paths = await writeOciConfig({ dir, tenancyId: TENANCY, userId: USER, region: 'us-ashburn-1', privateKeyPem: key.privateKeyPem, fingerprint });
  assert.equal(paths, { configPath: join(dir, 'config'), keyPath: join(dir, 'oci_api_key.pem') });
  assert.is(await modeOf(paths.configPath), 0o600);
  assert.is(await modeOf(paths.keyPath), 0o600);
  assert.is(await readFile(paths.configPath, 'utf8'), [
    '[DEFAULT]', `user=${USER}`, `fingerprint=${fingerprint}`, `tenancy=${TENANCY}`, 'region=us-ashburn-1', `key_file=${paths.keyPath}`, '',
  ].join('\n'));
  assert.is(await readFile(paths.keyPath, 'utf8'), key.privateKeyPem);

  const provider = new ConfigFileAuthenticationDetailsProvider(paths.configPath, 'DEFAULT');
  assert.is(await provider.getKeyId(), keyId);
  assert.is(provider.getRegion().regionId, 'us-ashburn-1');
  const client = new IdentityClient({ authenticationDetailsProvider: provider }, noRetryClientConfiguration());
  client.endpoint = `${server.baseUrl}/us-ashburn-1/identity`;
  await client.listRegionSubscriptions({ tenancyId: TENANCY });
  assert.equal(server.lastOutcome(), { ok: true, principal: { kind: 'api_key', tenancyId: TENANCY, userId: USER, keyId } });
});

test('a named profile and a relative dir: key_file is absolute and the SDK reads that profile', async () => {
  const dir = relative(process.cwd(), join(root, 'named'));
  const paths = await writeOciConfig({ dir, profile: 'EMULATOR', tenancyId: TENANCY, userId: USER, region: 'eu-frankfurt-1', privateKeyPem: key.privateKeyPem, fingerprint });
  assert.ok(isAbsolute(paths.keyPath));
  assert.match(await readFile(paths.configPath, 'utf8'), /^\[EMULATOR\]\n/);
  const provider = quietly(() => new ConfigFileAuthenticationDetailsProvider(paths.configPath, 'EMULATOR'));
  assert.is(await provider.getKeyId(), keyId);
  assert.is(provider.getRegion().regionId, 'eu-frankfurt-1');
});

test('tightens files left from an earlier run to 0600', async () => {
  const dir = join(root, 'existing');
  const first = await writeOciConfig({ dir, tenancyId: TENANCY, userId: USER, region: 'us-ashburn-1', privateKeyPem: key.privateKeyPem, fingerprint });
  await writeFile(first.keyPath, 'old', { mode: 0o644 });
  await chmod(first.keyPath, 0o644);
  await writeOciConfig({ dir, tenancyId: TENANCY, userId: USER, region: 'us-ashburn-1', privateKeyPem: key.privateKeyPem, fingerprint });
  assert.is(await modeOf(first.keyPath), 0o600);
  assert.is(await readFile(first.keyPath, 'utf8'), key.privateKeyPem);
});

test('refuses values that would change the meaning of the file, without echoing the key', async () => {
  const input = { dir: join(root, 'bad'), tenancyId: TENANCY, userId: USER, region: 'us-ashburn-1', privateKeyPem: key.privateKeyPem, fingerprint };
  for (const change of [{ userId: `${USER}\nkey_file=/etc/passwd` }, { region: '' }, { profile: 'A]B' }, { fingerprint: ' aa:bb' }]) {
    try {
      await writeOciConfig({ ...input, ...change });
      assert.unreachable(`accepted ${JSON.stringify(change)}`);
    } catch (error) {
      assert.instance(error, TypeError);
      assert.not.ok((error as Error).message.includes('PRIVATE KEY'));
    }
  }
  try {
    await writeOciConfig({ ...input, privateKeyPem: 'not a key' });
    assert.unreachable('accepted a non-PEM key');
  } catch (error) {
    assert.is((error as Error).message, 'privateKeyPem must be a PEM private key');
  }
});

test.run();
