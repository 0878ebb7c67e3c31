import { createHash, createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AuthenticationError, type AuthenticationFailureReason } from '../emulator/auth/authentication-error.ts';
import { parseSignatureAuthorization } from '../emulator/auth/authorization-header.ts';
import { ApiKeyRegistry, generateRsaKeyPair } from '../emulator/auth/keys.ts';
import { SessionTokenIssuer } from '../emulator/auth/session-tokens.ts';
import { verifyRequestSignature, type SignedRequest, type VerifySignatureOptions } from '../emulator/auth/verify-signature.ts';
import { signHeaders } from './emulator-auth-fixtures.ts';

const TENANCY = 'ocid1.tenancy.oc1..aaaatenancy';
const USER = 'ocid1.user.oc1..aaaauser';
const NOW = new Date('2030-01-01T12:00:00Z');
const TARGET = '/us-ashburn-1/query/20180409/resources?limit=10';
const BODY = '{"type":"Structured","query":"query all resources"}';
const BODY_SHA = createHash('sha256').update(BODY).digest('base64');
const SDK_HEADERS = ['x-date', '(request-target)', 'host', 'content-type', 'content-length', 'x-content-sha256'];

const pair = generateRsaKeyPair();
const privateKey = createPrivateKey(pair.privateKeyPem);
const apiKeys = new ApiKeyRegistry();
const { keyId } = apiKeys.register({ tenancyId: TENANCY, userId: USER, publicKeyPem: pair.publicKeyPem });
const sessionTokens = new SessionTokenIssuer();
const options: VerifySignatureOptions = { apiKeys, sessionTokens, now: NOW };

function baseHeaders(at: Date = NOW): Record<string, string> {
  return {
    'x-date': at.toUTCString(),
    host: '127.0.0.1:8080',
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(BODY)),
    'x-content-sha256': BODY_SHA,
  };
}

function signedPost(overrides: Partial<Parameters<typeof signHeaders>[0]> = {}): SignedRequest {
  const headers = signHeaders({ method: 'POST', target: TARGET, headers: baseHeaders(), signedHeaders: SDK_HEADERS, keyId, privateKey, ...overrides });
  return { method: 'POST', target: overrides.target ?? TARGET, headers, bodySha256Base64: BODY_SHA };
}

function rejection(request: SignedRequest, verifyOptions: VerifySignatureOptions = options): AuthenticationError {
  try {
    verifyRequestSignature(request, verifyOptions);
  } catch (error) {
    if (error instanceof AuthenticationError) return error;
    throw error;
  }
  throw new Error('expected the request to be rejected, but it was accepted');
}

function assertRejected(request: SignedRequest, reason: AuthenticationFailureReason, message?: RegExp, verifyOptions?: VerifySignatureOptions): void {
  const error = rejection(request, verifyOptions);
  assert.is(error.reason, reason, error.message);
  assert.is(error.code, 'NotAuthenticated');
  assert.is(error.status, 401);
  if (message) assert.match(error.message, message);
}

test('parses the SDK Authorization header and lowercases signed header names', () => {
  const parsed = parseSignatureAuthorization(
    'Signature version="1",keyId="t/u/aa:bb",algorithm="rsa-sha256",headers="x-date (request-target) host Content-Type Content-Length x-content-sha256",signature="c2ln"');
  assert.equal(parsed, {
    version: '1', keyId: 't/u/aa:bb', algorithm: 'rsa-sha256',
    headers: ['x-date', '(request-target)', 'host', 'content-type', 'content-length', 'x-content-sha256'], signature: 'c2ln',
  });
  assert.is(parseSignatureAuthorization('Basic dXNlcjpwYXNz'), undefined);
  assert.is(parseSignatureAuthorization('Signature keyId="a",keyId="b",headers="host",signature="x"'), undefined);
  assert.is(parseSignatureAuthorization('Signature keyId="a" headers="host",signature="x"'), undefined);
  assert.is(parseSignatureAuthorization('Signature keyId="a",headers="host"'), undefined);
});

test('accepts a correctly signed API-key request', () => {
  assert.equal(verifyRequestSignature(signedPost(), options), { kind: 'api_key', tenancyId: TENANCY, userId: USER, keyId });
});

test('accepts signed header names in any case, as the SDK writes Content-Type and Content-Length', () => {
  const signed = ['x-date', '(request-target)', 'host', 'Content-Type', 'Content-Length', 'x-content-sha256'];
  assert.is(verifyRequestSignature(signedPost({ signedHeaders: signed }), options).kind, 'api_key');
});

test('accepts `date` in place of `x-date`', () => {
  const headers = { date: NOW.toUTCString(), host: '127.0.0.1:8080' };
  const request = { method: 'GET', target: '/a?b=c', headers: signHeaders({ method: 'GET', target: '/a?b=c', headers, signedHeaders: ['date', '(request-target)', 'host'], keyId, privateKey }) };
  assert.is(verifyRequestSignature(request, options).kind, 'api_key');
});

test('rejects a request without Authorization, or with another scheme or version', () => {
  assertRejected({ method: 'GET', target: '/', headers: { host: 'h' } }, 'missing_authorization');
  assertRejected({ method: 'GET', target: '/', headers: { authorization: 'Bearer abc' } }, 'malformed_authorization');
  assertRejected(signedPost({ version: null }), 'malformed_authorization', /version="1"/);
  assertRejected(signedPost({ version: '2' }), 'malformed_authorization');
});

test('rejects algorithms other than rsa-sha256', () => {
  assertRejected(signedPost({ algorithm: 'hmac-sha256' }), 'unsupported_algorithm', /hmac-sha256/);
  assertRejected(signedPost({ algorithm: 'rsa-sha1' }), 'unsupported_algorithm');
});

test('requires (request-target), host and a date among the signed headers', () => {
  assertRejected(signedPost({ signedHeaders: SDK_HEADERS.filter((h) => h !== '(request-target)') }), 'missing_signed_header', /"\(request-target\)"/);
  assertRejected(signedPost({ signedHeaders: SDK_HEADERS.filter((h) => h !== 'host') }), 'missing_signed_header', /"host"/);
  assertRejected(signedPost({ signedHeaders: SDK_HEADERS.filter((h) => h !== 'x-date') }), 'missing_signed_header', /"x-date"/);
});

test('a request carrying x-content-sha256 must sign it and content-length', () => {
  assertRejected(signedPost({ signedHeaders: SDK_HEADERS.filter((h) => h !== 'x-content-sha256') }), 'missing_signed_header', /"x-content-sha256"/);
  assertRejected(signedPost({ signedHeaders: SDK_HEADERS.filter((h) => h !== 'content-length') }), 'missing_signed_header', /"content-length"/);
});

test('rejects a signed header that the request does not carry', () => {
  const request = signedPost({ signedHeaders: [...SDK_HEADERS, 'opc-request-id'] });
  assertRejected(request, 'missing_header', /"opc-request-id"/);
});

test('a signed header name that is an inherited property (e.g. "constructor") counts as absent', () => {
  assertRejected(signedPost({ signedHeaders: [...SDK_HEADERS, 'constructor'] }), 'missing_header', /"constructor"/);
});

test('rejects a date more than five minutes away, either way; accepts four minutes', () => {
  const at = (offsetMs: number): SignedRequest => signedPost({ headers: baseHeaders(new Date(NOW.getTime() + offsetMs)) });
  assertRejected(at(-6 * 60_000), 'clock_skew', /x-date/);
  assertRejected(at(6 * 60_000), 'clock_skew');
  assert.is(verifyRequestSignature(at(-4 * 60_000), options).kind, 'api_key');
  assert.is(verifyRequestSignature(at(4 * 60_000), options).kind, 'api_key');
  assertRejected(at(-2 * 60_000), 'clock_skew', undefined, { ...options, maxClockSkewMs: 60_000 });
  assertRejected(signedPost({ headers: { ...baseHeaders(), 'x-date': 'yesterday' } }), 'invalid_date');
});

test('rejects unknown and revoked keys', () => {
  assertRejected(signedPost({ keyId: `${TENANCY}/${USER}/00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff` }), 'unknown_key');
  const registry = new ApiKeyRegistry();
  const registered = registry.register({ tenancyId: TENANCY, userId: USER, publicKeyPem: pair.publicKeyPem });
  const request = signedPost({ keyId: registered.keyId });
  assert.is(verifyRequestSignature(request, { ...options, apiKeys: registry }).kind, 'api_key');
  registry.revoke(registered.keyId);
  assertRejected(request, 'unknown_key', undefined, { ...options, apiKeys: registry });
});

test('rejects a signature made with another private key for a registered keyId', () => {
  const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  assertRejected(signedPost({ privateKey: otherKey }), 'signature_mismatch');
});

test('rejects a changed method, path, query or signed header value', () => {
  const request = signedPost();
  assertRejected({ ...request, method: 'PUT' }, 'signature_mismatch');
  assertRejected({ ...request, target: '/us-ashburn-1/query/20180409/resources?limit=11' }, 'signature_mismatch');
  assertRejected({ ...request, target: '/us-phoenix-1/query/20180409/resources?limit=10' }, 'signature_mismatch');
  assertRejected({ ...request, headers: { ...request.headers, host: 'evil.example:8080' } }, 'signature_mismatch');
  assertRejected({ ...request, headers: { ...request.headers, authorization: String(request.headers['authorization']).replace(/signature="[^"]+"/, 'signature="AAAA"') } }, 'signature_mismatch');
});

test('rejects a body that does not match the signed x-content-sha256', () => {
  const request = signedPost();
  assertRejected({ ...request, bodySha256Base64: createHash('sha256').update(BODY.replace('all', 'any')).digest('base64') }, 'body_hash_mismatch');
  // No body at all while the client declared (and signed) a non-empty one.
  assertRejected({ ...request, bodySha256Base64: undefined }, 'body_hash_mismatch');
});

test('an empty body matches the SDK empty-body hash', () => {
  const emptySha = createHash('sha256').update('').digest('base64');
  const headers = signHeaders({
    method: 'POST', target: TARGET, headers: { ...baseHeaders(), 'content-length': '0', 'x-content-sha256': emptySha }, signedHeaders: SDK_HEADERS, keyId, privateKey,
  });
  assert.is(verifyRequestSignature({ method: 'POST', target: TARGET, headers }, options).kind, 'api_key');
});

test('session tokens: accepted while valid; malformed, foreign, expired and early tokens rejected without echoing them', () => {
  const session = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const mintInput = { tenancyId: TENANCY, compartmentId: 'ocid1.compartment.oc1..c', functionId: 'ocid1.fnfunc.oc1..f', ttlSeconds: 600, sessionPublicKey: session.publicKey };
  const withToken = (token: string, key = session.privateKey): SignedRequest => signedPost({ keyId: `ST$${token}`, privateKey: key });

  const valid = sessionTokens.mint({ ...mintInput, now: NOW }).token;
  assert.equal(verifyRequestSignature(withToken(valid), options),
    { kind: 'resource_principal', tenancyId: TENANCY, compartmentId: 'ocid1.compartment.oc1..c', resourceId: 'ocid1.fnfunc.oc1..f' });
  // The token is valid but the request was signed with a key other than the one the token names.
  assertRejected(withToken(valid, privateKey), 'signature_mismatch');

  const cases: Array<[string, AuthenticationFailureReason]> = [
    ['garbage', 'token_malformed'],
    [new SessionTokenIssuer().mint({ ...mintInput, now: NOW }).token, 'token_signature_invalid'],
    [sessionTokens.mint({ ...mintInput, now: new Date(NOW.getTime() - 601_000) }).token, 'token_expired'],
    [sessionTokens.mint({ ...mintInput, now: new Date(NOW.getTime() + 60_000) }).token, 'token_not_yet_valid'],
  ];
  for (const [token, reason] of cases) {
    const error = rejection(withToken(token));
    assert.is(error.reason, reason);
    assert.not.ok(error.message.includes(token), 'message must not echo the token');
  }
});

test.run();
