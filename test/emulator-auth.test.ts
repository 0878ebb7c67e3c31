import { createPublicKey, createPrivateKey } from 'node:crypto';
import {
  DefaultRequestSigner,
  ResourcePrincipalAuthenticationDetailsProvider,
  type AuthenticationDetailsProvider,
  type HttpRequest,
} from 'oci-common';
import { IdentityClient } from 'oci-identity';
import { ResourceSearchClient } from 'oci-resourcesearch';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { AuthenticationFailureReason } from '../emulator/auth/authentication-error.ts';
import { ApiKeyRegistry, apiKeyFingerprint, generateRsaKeyPair } from '../emulator/auth/keys.ts';
import { SessionTokenIssuer, type ResourcePrincipalEnv } from '../emulator/auth/session-tokens.ts';
import {
  apiKeyProvider,
  expectSdkFailure,
  noRetryClientConfiguration,
  replay,
  sendRaw,
  startVerifyingServer,
  withEnv,
  type CapturedRequest,
  type VerifyingServer,
} from './emulator-auth-fixtures.ts';

/*
 * End to end: real OCI SDK clients sign requests against a local server that authenticates them with
 * verifyRequestSignature. Tampering is done by replaying what the SDK actually sent, with one change.
 */

const TENANCY = 'ocid1.tenancy.oc1..aaaaemulatortenancy';
const USER = 'ocid1.user.oc1..aaaaemulatoruser';
const COMPARTMENT = 'ocid1.compartment.oc1..aaaaemulatorcompartment';
const FUNCTION = 'ocid1.fnfunc.oc1.iad.aaaaemulatorfunction';
const REGION = 'us-ashburn-1';

const apiKeys = new ApiKeyRegistry();
const sessionTokens = new SessionTokenIssuer();
const userKey = generateRsaKeyPair();
const { keyId: userKeyId, fingerprint: userFingerprint } = apiKeys.register({ tenancyId: TENANCY, userId: USER, publicKeyPem: userKey.publicKeyPem });

/** Every secret the tests hand out, and every 401 body the server sent: no body may contain a secret. */
const secrets: string[] = [userKey.privateKeyPem, userKey.publicKeyPem];
const rejectionBodies: string[] = [];

let server: VerifyingServer;

function identityClient(provider: AuthenticationDetailsProvider): IdentityClient {
  const client = new IdentityClient({ authenticationDetailsProvider: provider }, noRetryClientConfiguration());
  client.endpoint = `${server.baseUrl}/${REGION}/identity`;
  return client;
}

function searchClient(provider: AuthenticationDetailsProvider): ResourceSearchClient {
  const client = new ResourceSearchClient({ authenticationDetailsProvider: provider }, noRetryClientConfiguration());
  client.endpoint = `${server.baseUrl}/${REGION}/query`;
  return client;
}

const userProvider = (): AuthenticationDetailsProvider =>
  apiKeyProvider({ tenancyId: TENANCY, userId: USER, fingerprint: userFingerprint, privateKeyPem: userKey.privateKeyPem });

function resourcePrincipalProvider(credentials: { env: ResourcePrincipalEnv }): ResourcePrincipalAuthenticationDetailsProvider {
  secrets.push(credentials.env.OCI_RESOURCE_PRINCIPAL_RPST, credentials.env.OCI_RESOURCE_PRINCIPAL_PRIVATE_PEM);
  return withEnv(credentials.env, () => ResourcePrincipalAuthenticationDetailsProvider.builder());
}

function search(client: ResourceSearchClient): Promise<unknown> {
  return client.searchResources({ searchDetails: { type: 'Structured', query: 'query all resources' }, limit: 10 });
}

/** The SDK call fails with 401 NotAuthenticated, and the server rejected it for `reason`. */
async function assertSdkRejected(call: () => Promise<unknown>, reason: AuthenticationFailureReason): Promise<void> {
  const error = await expectSdkFailure(call);
  assert.is(error.statusCode, 401);
  assert.is(error.serviceCode, 'NotAuthenticated');
  rejectionBodies.push(error.message);
  assertLastRejection(reason);
}

function assertLastRejection(reason: AuthenticationFailureReason): void {
  const outcome = server.lastOutcome();
  assert.is(outcome.ok, false, 'expected the server to reject the request');
  if (!outcome.ok) assert.is(outcome.error.reason, reason, outcome.error.message);
}

async function assertReplayRejected(response: Promise<{ status: number; body: string }>, reason: AuthenticationFailureReason): Promise<void> {
  const { status, body } = await response;
  assert.is(status, 401);
  assert.is((JSON.parse(body) as { code: string }).code, 'NotAuthenticated');
  rejectionBodies.push(body);
  assertLastRejection(reason);
}

/** The signed search POST the SDK sent, captured for replays. */
let capturedSearch: CapturedRequest;

test.before(async () => {
  server = await startVerifyingServer(() => ({ apiKeys, sessionTokens }));
});

test.after(async () => {
  await server.close();
});

test('API key: a real IdentityClient GET is accepted as the user', async () => {
  await identityClient(userProvider()).listRegionSubscriptions({ tenancyId: TENANCY });
  assert.equal(server.lastOutcome(), { ok: true, principal: { kind: 'api_key', tenancyId: TENANCY, userId: USER, keyId: userKeyId } });
  const request = server.received.at(-1);
  assert.is(request?.target, `/${REGION}/identity/20160918/tenancies/${TENANCY}/regionSubscriptions`);
  assert.match(String(request?.headers['authorization']), /^Signature version="1",keyId="[^"]+",algorithm="rsa-sha256",headers="x-date \(request-target\) host"/);
});

test('API key: a real ResourceSearchClient POST (signed JSON body) is accepted', async () => {
  await search(searchClient(userProvider()));
  assert.equal(server.lastOutcome(), { ok: true, principal: { kind: 'api_key', tenancyId: TENANCY, userId: USER, keyId: userKeyId } });
  const request = server.received.at(-1);
  assert.ok(request);
  assert.is(request.target, `/${REGION}/query/20180409/resources?limit=10`);
  assert.ok(request.headers['x-content-sha256'], 'the SDK signs the body hash');
  assert.is(request.body.toString('utf8'), '{"type":"Structured","query":"query all resources"}');
  capturedSearch = request;
});

test('replaying the captured request unchanged is accepted (so the tampering cases below test the change alone)', async () => {
  const { status } = await replay(server.port, capturedSearch);
  assert.is(status, 200);
  assert.is(server.lastOutcome().ok, true);
});

test('resource principal: clients built from minted RP credentials are accepted as the function', async () => {
  const credentials = sessionTokens.mintResourcePrincipalCredentials({
    tenancyId: TENANCY, compartmentId: COMPARTMENT, functionId: FUNCTION, region: REGION, ttlSeconds: 900,
  });
  const provider = resourcePrincipalProvider(credentials);
  const principal = { kind: 'resource_principal', tenancyId: TENANCY, compartmentId: COMPARTMENT, resourceId: FUNCTION };
  await search(searchClient(provider));
  assert.equal(server.lastOutcome(), { ok: true, principal });
  assert.match(String(server.received.at(-1)?.headers['authorization']), /keyId="ST\$/);
  await identityClient(provider).listRegionSubscriptions({ tenancyId: TENANCY });
  assert.equal(server.lastOutcome(), { ok: true, principal });
});

test('an unsigned request is rejected with 401 NotAuthenticated', async () => {
  await assertReplayRejected(sendRaw(server.port, { method: 'GET', target: `/${REGION}/identity/20160918/tenancies/${TENANCY}/regionSubscriptions`, headers: {} }),
    'missing_authorization');
});

test('a tampered body (same length, signed headers replayed) is rejected', async () => {
  const tampered = Buffer.from(capturedSearch.body.toString('utf8').replace('all', 'any'));
  assert.is(tampered.length, capturedSearch.body.length);
  await assertReplayRejected(replay(server.port, capturedSearch, { body: tampered }), 'body_hash_mismatch');
});

test('a tampered path, query or signed header is rejected', async () => {
  await assertReplayRejected(replay(server.port, capturedSearch, { target: `/${REGION}/query/20180409/resources?limit=1000` }), 'signature_mismatch');
  await assertReplayRejected(replay(server.port, capturedSearch, { target: `/us-phoenix-1/query/20180409/resources?limit=10` }), 'signature_mismatch');
  await assertReplayRejected(replay(server.port, capturedSearch, { headers: { 'content-type': 'text/plain' } }), 'signature_mismatch');
  const oneSecondLater = new Date(Date.parse(String(capturedSearch.headers['x-date'])) + 1000).toUTCString();
  await assertReplayRejected(replay(server.port, capturedSearch, { headers: { 'x-date': oneSecondLater } }), 'signature_mismatch');
});

test('a key pair that was never registered is rejected as an unknown key', async () => {
  const stranger = generateRsaKeyPair();
  secrets.push(stranger.privateKeyPem);
  const fingerprint = apiKeyFingerprint(createPublicKey(stranger.publicKeyPem));
  const provider = apiKeyProvider({ tenancyId: TENANCY, userId: USER, fingerprint, privateKeyPem: stranger.privateKeyPem });
  await assertSdkRejected(() => identityClient(provider).listRegionSubscriptions({ tenancyId: TENANCY }), 'unknown_key');
});

test('a registered fingerprint used with a different private key is rejected as a signature mismatch', async () => {
  const impostor = generateRsaKeyPair();
  secrets.push(impostor.privateKeyPem);
  const provider = apiKeyProvider({ tenancyId: TENANCY, userId: USER, fingerprint: userFingerprint, privateKeyPem: impostor.privateKeyPem });
  await assertSdkRejected(() => search(searchClient(provider)), 'signature_mismatch');
});

test('an expired resource-principal token is rejected', async () => {
  const credentials = sessionTokens.mintResourcePrincipalCredentials({
    tenancyId: TENANCY, compartmentId: COMPARTMENT, functionId: FUNCTION, region: REGION, ttlSeconds: 3600,
    now: new Date(Date.now() - 2 * 3600_000),
  });
  assert.ok(credentials.expiresAt.getTime() < Date.now());
  await assertSdkRejected(() => search(searchClient(resourcePrincipalProvider(credentials))), 'token_expired');
});

test('a resource-principal token from another issuer is rejected', async () => {
  const credentials = new SessionTokenIssuer().mintResourcePrincipalCredentials({
    tenancyId: TENANCY, compartmentId: COMPARTMENT, functionId: FUNCTION, region: REGION, ttlSeconds: 900,
  });
  await assertSdkRejected(() => identityClient(resourcePrincipalProvider(credentials)).listRegionSubscriptions({ tenancyId: TENANCY }),
    'token_signature_invalid');
});

test('a request whose x-date is 6 minutes old is rejected; 4 minutes is accepted', async () => {
  async function signedAt(provider: AuthenticationDetailsProvider, at: Date): Promise<{ status: number; body: string }> {
    const target = `/${REGION}/identity/20160918/tenancies/${TENANCY}/regionSubscriptions`;
    // The SDK's signer keeps an x-date the request already has, so this is a genuine SDK signature over a stale date.
    const request: HttpRequest = { method: 'GET', uri: `${server.baseUrl}${target}`, headers: new Headers({ 'x-date': at.toUTCString() }) };
    await new DefaultRequestSigner(provider).signHttpRequest(request);
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => { headers[name] = value; });
    return sendRaw(server.port, { method: 'GET', target, headers });
  }
  await assertReplayRejected(signedAt(userProvider(), new Date(Date.now() - 6 * 60_000)), 'clock_skew');
  const accepted = await signedAt(userProvider(), new Date(Date.now() - 4 * 60_000));
  assert.is(accepted.status, 200);
});

test('no rejection message contains a token or key material', () => {
  assert.ok(rejectionBodies.length >= 10, `expected the rejections above to be collected, got ${rejectionBodies.length}`);
  const pemBodies = secrets.map((secret) => secret.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, ''));
  for (const body of rejectionBodies) {
    assert.not.match(body, /-----BEGIN|ST\$|eyJ/, body);
    for (const secret of [...secrets, ...pemBodies]) {
      assert.not.ok(secret.length > 0 && body.includes(secret.slice(0, 40)), `a rejection leaked a secret: ${body.slice(0, 80)}`);
    }
  }
  // And the private keys handed out really were distinct secrets (guards the check above against empty input).
  assert.ok(secrets.every((secret) => secret.length > 100));
  assert.ok(createPrivateKey(userKey.privateKeyPem));
});

test.run();
