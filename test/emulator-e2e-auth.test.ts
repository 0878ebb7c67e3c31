import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import type { AuthenticationDetailsProvider } from 'oci-common';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { apiKeyFingerprint, startEmulator, type Emulator } from '../emulator/index.ts';
import {
  configFileProvider,
  expectRecordedSdkFailure,
  identityClient,
  makeTempDir,
  recordFetches,
  removeDir,
  resourcePrincipalProvider,
  searchClient,
  sendRaw,
  type RawResponse,
} from './support/emulator-clients.ts';

/*
 * Authentication through the whole emulator (front door, faults, signature check, services), driven by real SDK
 * clients built with the SDK's own providers: a config file for API keys, OCI_RESOURCE_PRINCIPAL_* for functions.
 */

let emulator: Emulator;
let dir: string;
let apiKey: AuthenticationDetailsProvider;
let resourcePrincipal: AuthenticationDetailsProvider;

/** Secrets handed out to clients: no 401 body may contain any of them. */
const secrets: string[] = [];
/** Every 401 body the emulator sent in this file, and how many rejections the tests caused. */
const rejectionBodies: string[] = [];

const QUERY = 'query all resources';

function search(provider: AuthenticationDetailsProvider) {
  return searchClient(emulator, provider).searchResources({ searchDetails: { type: 'Structured', query: QUERY }, limit: 10 });
}

function listRegionSubscriptions(provider: AuthenticationDetailsProvider) {
  return identityClient(emulator, provider).listRegionSubscriptions({ tenancyId: emulator.tenancy.id });
}

function authFailures(filter: { service?: string; operation?: string } = {}): number {
  return emulator.counters.get(filter).authFailures;
}

/** A 401 answered by the emulator: OCI's error body, a request id, and no secret in sight. */
function assertNotAuthenticated(response: { status: number | undefined; body: string | undefined; requestId: string | undefined }): void {
  assert.is(response.status, 401);
  const body = JSON.parse(response.body ?? 'null') as { code?: unknown; message?: unknown };
  assert.is(body.code, 'NotAuthenticated');
  assert.type(body.message, 'string');
  assert.ok(response.requestId !== undefined && response.requestId.length > 0, 'a 401 carries opc-request-id');
  rejectionBodies.push(response.body ?? '');
}

function assertRawRejected(response: RawResponse): void {
  assertNotAuthenticated({ status: response.status, body: response.body, requestId: response.headers['opc-request-id'] as string | undefined });
}

/** Runs an SDK call that must be rejected, checks the SDK error and the wire response behind it. */
async function assertSdkRejected(call: () => Promise<unknown>): Promise<void> {
  const { failure, exchanges } = await expectRecordedSdkFailure(call);
  assert.is(failure.statusCode, 401, failure.message);
  assert.is(failure.serviceCode, 'NotAuthenticated');
  assert.is(exchanges.length, 1, 'one request, no retries');
  const exchange = exchanges[0]!;
  assertNotAuthenticated({ status: exchange.status, body: exchange.errorBody, requestId: exchange.responseHeaders['opc-request-id'] });
}

test.before(async () => {
  emulator = await startEmulator({ tenancy: 'small', seed: 'e2e-auth' });
  dir = await makeTempDir('e2e-auth');
  apiKey = (await configFileProvider(emulator, join(dir, 'api-key'))).provider;
  const before = process.env['OCI_RESOURCE_PRINCIPAL_RPST'];
  const credentials = emulator.mintResourcePrincipal();
  resourcePrincipal = resourcePrincipalProvider(credentials.env);
  assert.is(process.env['OCI_RESOURCE_PRINCIPAL_RPST'], before, 'the environment is restored after building the provider');
  secrets.push(emulator.defaultUser.privateKeyPem, ...Object.values(credentials.env).filter((value) => value.length > 100));
});

test.after(async () => {
  await emulator?.close();
  await removeDir(dir);
});

test('both auth kinds: Identity listRegionSubscriptions and listCompartments are accepted', async () => {
  const regionNames = emulator.tenancy.regions.map((region) => region.name);
  const topLevel = emulator.tenancy.compartments.filter((c) => c.compartmentId === emulator.tenancy.id).map((c) => c.id).sort();
  assert.ok(topLevel.length > 0);
  for (const [kind, provider] of [['api key', apiKey], ['resource principal', resourcePrincipal]] as const) {
    const subscriptions = await listRegionSubscriptions(provider);
    assert.equal(subscriptions.items.map((s) => s.regionName), regionNames, kind);
    const compartments = await identityClient(emulator, provider).listCompartments({ compartmentId: emulator.tenancy.id, limit: 1000 });
    assert.equal(compartments.items.map((c) => c.id).sort(), topLevel, kind);
  }
  assert.is(authFailures(), 0);
});

test('both auth kinds: Search is accepted, each signed with its own kind of keyId', async () => {
  const apiKeyCall = await recordFetches(() => search(apiKey));
  assert.is(apiKeyCall.result.resourceSummaryCollection.items?.length, 10);
  const { tenancyId, userId, fingerprint } = emulator.defaultUser;
  assert.ok(apiKeyCall.exchanges[0]?.requestHeaders['authorization']?.includes(`keyId="${tenancyId}/${userId}/${fingerprint}"`));

  const rpCall = await recordFetches(() => search(resourcePrincipal));
  assert.is(rpCall.result.resourceSummaryCollection.items?.length, 10);
  assert.match(rpCall.exchanges[0]?.requestHeaders['authorization'] ?? '', /keyId="ST\$ey/);
  assert.is(authFailures(), 0);
});

test('an unsigned request (plain fetch) is 401 NotAuthenticated with opc-request-id, counted as an auth failure', async () => {
  const before = authFailures({ service: 'identity', operation: 'ListRegionSubscriptions' });
  const response = await fetch(`${emulator.endpoint('identity', emulator.tenancy.homeRegion)}/20160918/tenancies/${emulator.tenancy.id}/regionSubscriptions`);
  assertNotAuthenticated({ status: response.status, body: await response.text(), requestId: response.headers.get('opc-request-id') ?? undefined });
  assert.is(authFailures({ service: 'identity', operation: 'ListRegionSubscriptions' }), before + 1);

  const searchBefore = authFailures({ service: 'query', operation: 'SearchResources' });
  const post = await fetch(`${emulator.endpoint('query', emulator.tenancy.homeRegion)}/20180409/resources`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'Structured', query: QUERY }),
  });
  assertNotAuthenticated({ status: post.status, body: await post.text(), requestId: post.headers.get('opc-request-id') ?? undefined });
  assert.is(authFailures({ service: 'query', operation: 'SearchResources' }), searchBefore + 1);
});

test('a body altered after signing (the SDK request replayed with its captured headers) is 401', async () => {
  for (const provider of [apiKey, resourcePrincipal]) {
    const { exchanges } = await recordFetches(() => search(provider));
    const captured = exchanges[0];
    assert.ok(captured);
    assert.is(captured.requestBody.toString('utf8'), JSON.stringify({ type: 'Structured', query: QUERY }));
    assert.ok(captured.requestHeaders['x-content-sha256'], 'the SDK signed the body hash');
    const headers = { ...captured.requestHeaders };
    delete headers['connection'];

    // The unchanged replay is accepted, so the rejection below is caused by the altered body alone.
    const unchanged = await sendRaw(captured.url, { method: 'POST', headers, body: captured.requestBody });
    assert.is(unchanged.status, 200, unchanged.body);

    const before = authFailures();
    const tampered = Buffer.from(captured.requestBody.toString('utf8').replace('all', 'any'));
    assert.is(tampered.length, captured.requestBody.length);
    const response = await sendRaw(captured.url, { method: 'POST', headers, body: tampered });
    assertRawRejected(response);
    assert.is(authFailures(), before + 1);
  }
});

test('a key pair that is not registered (config file written for it) is 401 on Identity and Search', async () => {
  const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privateKeyPem = stranger.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  secrets.push(privateKeyPem);
  const fingerprint = apiKeyFingerprint(stranger.publicKey);
  assert.is.not(fingerprint, emulator.defaultUser.fingerprint);
  const { provider } = await configFileProvider(emulator, join(dir, 'stranger'), { ...emulator.defaultUser, fingerprint, privateKeyPem });

  const before = authFailures();
  await assertSdkRejected(() => listRegionSubscriptions(provider));
  await assertSdkRejected(() => search(provider));
  assert.is(authFailures(), before + 2);
});

test('the registered fingerprint with a different private key is 401', async () => {
  const impostor = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  secrets.push(impostor);
  const { provider } = await configFileProvider(emulator, join(dir, 'impostor'), { ...emulator.defaultUser, privateKeyPem: impostor });
  const before = authFailures();
  await assertSdkRejected(() => listRegionSubscriptions(provider));
  assert.is(authFailures(), before + 1);
});

test('an expired resource-principal token (minted in the past with a short ttl) is 401 on Identity and Search', async () => {
  const credentials = emulator.mintResourcePrincipal({ now: new Date(Date.now() - 10 * 60_000), ttlSeconds: 60 });
  assert.ok(credentials.expiresAt.getTime() < Date.now());
  secrets.push(credentials.env['OCI_RESOURCE_PRINCIPAL_RPST'] ?? '', credentials.env['OCI_RESOURCE_PRINCIPAL_PRIVATE_PEM'] ?? '');
  const provider = resourcePrincipalProvider(credentials.env);

  const before = authFailures();
  await assertSdkRejected(() => listRegionSubscriptions(provider));
  await assertSdkRejected(() => identityClient(emulator, provider).listCompartments({ compartmentId: emulator.tenancy.id }));
  await assertSdkRejected(() => search(provider));
  assert.is(authFailures(), before + 3);
});

test('every rejection was counted, and no 401 body contains a token or key material', () => {
  assert.is(rejectionBodies.length, 10, 'the rejections above were collected');
  assert.is(emulator.counters.get().authFailures, rejectionBodies.length);
  const secretParts = secrets.flatMap((secret) => {
    const stripped = secret.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
    return [secret, stripped.slice(0, 40), stripped.slice(-40)];
  });
  assert.ok(secrets.length >= 6 && secrets.every((secret) => secret.length > 100), 'real secrets were collected');
  for (const body of rejectionBodies) {
    assert.not.match(body, /-----BEGIN|PRIVATE KEY|ST\$|eyJ/, body);
    for (const part of secretParts) assert.not.ok(body.includes(part), `a 401 body leaked a secret: ${body}`);
  }
});

test.run();
