import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { DefaultRequestSigner, ResourcePrincipalAuthenticationDetailsProvider, type HttpRequest } from 'oci-common';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ApiKeyRegistry } from '../emulator/auth/keys.ts';
import { SessionTokenIssuer } from '../emulator/auth/session-tokens.ts';
import { verifyRequestSignature } from '../emulator/auth/verify-signature.ts';
import { withEnv } from './emulator-auth-fixtures.ts';

const TENANCY = 'ocid1.tenancy.oc1..aaaatenancy';
const COMPARTMENT = 'ocid1.compartment.oc1..aaaacompartment';
const FUNCTION = 'ocid1.fnfunc.oc1.iad.aaaafunction';
const T0 = new Date('2030-01-01T00:00:00Z');
const issuer = new SessionTokenIssuer();
const sessionKey = generateKeyPairSync('rsa', { modulusLength: 2048 });

function mint(ttlSeconds = 600, now = T0): string {
  return issuer.mint({ tenancyId: TENANCY, compartmentId: COMPARTMENT, functionId: FUNCTION, ttlSeconds, now, sessionPublicKey: sessionKey.publicKey }).token;
}

function payloadOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

test('a minted token verifies and carries the resource-principal claims', () => {
  const token = mint(600);
  const checked = issuer.verify(token, new Date(T0.getTime() + 1000));
  assert.ok(checked.ok);
  if (!checked.ok) return;
  const iat = T0.getTime() / 1000;
  assert.equal(
    { ...checked.claims, jti: '', jwk: '' },
    { iss: 'authService.oracle.com', sub: FUNCTION, aud: 'oci', jti: '', iat, nbf: iat, exp: iat + 600, ttype: 'res', ptype: 'resource',
      res_type: 'fnfunc', res_id: FUNCTION, res_tenant: TENANCY, res_compartment: COMPARTMENT, jwk: '' },
  );
  // jwk is JSON text (as OCI's tokens carry it), and it is the session public key.
  assert.type(payloadOf(token)['jwk'], 'string');
  const jwk = JSON.parse(checked.claims.jwk) as Record<string, unknown>;
  assert.is(jwk['kty'], 'RSA');
  assert.ok(checked.sessionPublicKey.equals(sessionKey.publicKey));
});

test('exp <= now is expired; one second earlier it is still valid', () => {
  const token = mint(600);
  const exp = T0.getTime() + 600_000;
  assert.equal(issuer.verify(token, new Date(exp)), { ok: false, reason: 'expired' });
  assert.is(issuer.verify(token, new Date(exp - 1000)).ok, true);
});

test('a token used before its issue time is not yet valid', () => {
  assert.equal(issuer.verify(mint(600), new Date(T0.getTime() - 1000)), { ok: false, reason: 'not_yet_valid' });
});

test('a token from another issuer, or with an edited payload, has a bad signature', () => {
  const other = new SessionTokenIssuer();
  const foreign = other.mint({ tenancyId: TENANCY, compartmentId: COMPARTMENT, functionId: FUNCTION, ttlSeconds: 600, now: T0, sessionPublicKey: sessionKey.publicKey }).token;
  assert.equal(issuer.verify(foreign, T0), { ok: false, reason: 'bad_signature' });

  const [header, , signature] = mint(600).split('.');
  const edited = Buffer.from(JSON.stringify({ ...payloadOf(mint(600)), res_tenant: 'ocid1.tenancy.oc1..victim' })).toString('base64url');
  assert.equal(issuer.verify(`${header}.${edited}.${signature}`, T0), { ok: false, reason: 'bad_signature' });
});

test('garbage, truncated and alg:none tokens are malformed', () => {
  const [, payload] = mint(600).split('.');
  const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
  for (const token of ['', 'not-a-token', 'a.b', `${none}.${payload}.`, `${none}.${payload}.c2ln`, 'e30.e30.e30', `!!.${payload}.sig`]) {
    assert.equal(issuer.verify(token, T0), { ok: false, reason: 'malformed' }, token);
  }
});

test('mint refuses a non-positive or fractional ttl and empty ids', () => {
  assert.throws(() => mint(0), /ttlSeconds/);
  assert.throws(() => mint(1.5), /ttlSeconds/);
  assert.throws(() => issuer.mint({ tenancyId: '', compartmentId: COMPARTMENT, functionId: FUNCTION, ttlSeconds: 60, sessionPublicKey: sessionKey.publicKey }), /tenancyId/);
});

test('resource-principal credentials: the SDK builds a provider from them, and its signature verifies', async () => {
  const now = new Date();
  const { env, expiresAt } = issuer.mintResourcePrincipalCredentials({
    tenancyId: TENANCY, compartmentId: COMPARTMENT, functionId: FUNCTION, region: 'us-ashburn-1', ttlSeconds: 900, now,
  });
  assert.is(env.OCI_RESOURCE_PRINCIPAL_VERSION, '2.2');
  assert.is(env.OCI_RESOURCE_PRINCIPAL_REGION, 'us-ashburn-1');
  assert.is(expiresAt.getTime(), Math.floor(now.getTime() / 1000) * 1000 + 900_000);
  // The private PEM is the half of the key the token's jwk names.
  const checked = issuer.verify(env.OCI_RESOURCE_PRINCIPAL_RPST, now);
  assert.ok(checked.ok);
  if (!checked.ok) return;
  assert.ok(createPublicKey(createPrivateKey(env.OCI_RESOURCE_PRINCIPAL_PRIVATE_PEM)).equals(checked.sessionPublicKey));

  const before = { ...process.env };
  const provider = withEnv({ ...env }, () => ResourcePrincipalAuthenticationDetailsProvider.builder());
  assert.equal({ ...process.env }, before, 'environment restored');
  assert.is(await provider.getStringClaim('res_tenant'), TENANCY);
  assert.is(await provider.getStringClaim('res_compartment'), COMPARTMENT);
  assert.is(provider.getRegion().regionId, 'us-ashburn-1');
  assert.is(await provider.getKeyId(), `ST$${env.OCI_RESOURCE_PRINCIPAL_RPST}`);

  // Sign a request with the SDK's own signer and verify it without any HTTP in between.
  const body = JSON.stringify({ type: 'Structured', query: 'query all resources' });
  const request: HttpRequest = {
    method: 'POST',
    uri: 'http://127.0.0.1:9/us-ashburn-1/query/20180409/resources?limit=10',
    headers: new Headers(),
    body,
  };
  await new DefaultRequestSigner(provider).signHttpRequest(request);
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => { headers[name] = value; });
  const principal = verifyRequestSignature(
    { method: 'POST', target: '/us-ashburn-1/query/20180409/resources?limit=10', headers, bodySha256Base64: createHash('sha256').update(body).digest('base64') },
    { apiKeys: new ApiKeyRegistry(), sessionTokens: issuer },
  );
  assert.equal(principal, { kind: 'resource_principal', tenancyId: TENANCY, compartmentId: COMPARTMENT, resourceId: FUNCTION });
});

test.run();
