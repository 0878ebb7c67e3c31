import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  DefaultRequestSigner,
  Region,
  SimpleAuthenticationDetailsProvider,
  type AuthenticationDetailsProvider,
  type HttpRequest,
  type RequestSigner,
} from 'oci-common';
import { IdentityClient } from 'oci-identity';
import { ObjectStorageClient } from 'oci-objectstorage';
import { ResourceSearchClient, type models as searchModels } from 'oci-resourcesearch';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startEmulator, type Emulator } from '../emulator/index.ts';
import { resolveAuth, type AuthInput, type ResolvedAuth } from '../shared/oci/auth.ts';
import { OciClientFactory } from '../shared/oci/client-factory.ts';
import { FastRequestSigner, SigningKeyCache, installFastRequestSigner } from '../shared/oci/request-signer.ts';
import { makeTempDir, readAll, recordFetches, removeDir } from './support/emulator-clients.ts';

/*
 * The fast request signer writes exactly the headers the SDK's DefaultRequestSigner writes (RSA PKCS#1 v1.5
 * signatures are deterministic, so whole header sets compare equal), hands everything else to the SDK's
 * signer, and is accepted by the emulator's signature check when installed by the client factory.
 */

const X_DATE = 'Tue, 01 Jan 2030 00:00:00 GMT';
const DATE = 'Tue, 01 Jan 2030 00:00:01 GMT';
const URI = 'http://127.0.0.1:9/us-ashburn-1/query/20180409/resources?limit=10&query=a b&name=bücher';

function rsaKey(): { pem: string; publicKey: ReturnType<typeof createPublicKey> } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { pem: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(), publicKey };
}

function apiKey(pem: string, passphrase: string | null = null): SimpleAuthenticationDetailsProvider {
  return new SimpleAuthenticationDetailsProvider('ocid1.tenancy.oc1..t', 'ocid1.user.oc1..u', 'aa:bb', pem, passphrase, Region.US_ASHBURN_1);
}

/** A provider whose key and token change when told, as a session-token provider's do. */
class RotatingProvider implements AuthenticationDetailsProvider {
  constructor(public pem: string, public token: string) {}
  async getKeyId(): Promise<string> {
    return `ST$${this.token}`;
  }
  getPrivateKey(): string {
    return this.pem;
  }
  getPassphrase(): string | null {
    return null;
  }
}

type RequestSpec = { method: HttpRequest['method']; uri?: string; body?: unknown; headers?: Record<string, string> };

function requestOf(spec: RequestSpec): HttpRequest {
  const headers = new Headers({ 'x-date': X_DATE, date: DATE, ...spec.headers });
  return { method: spec.method, uri: spec.uri ?? URI, headers, ...(spec.body === undefined ? {} : { body: spec.body }) };
}

function headersOf(request: HttpRequest): [string, string][] {
  return [...request.headers];
}

/** A fallback that records what it was asked to sign and signs with the SDK. */
function spyingFallback(provider: AuthenticationDetailsProvider): RequestSigner & { calls: number } {
  const sdk = new DefaultRequestSigner(provider);
  const spy = {
    calls: 0,
    signHttpRequest(request: HttpRequest, forceExcludeBody?: boolean) {
      spy.calls += 1;
      return sdk.signHttpRequest(request, forceExcludeBody);
    },
  };
  return spy;
}

/** Signs the same request with both signers; returns both header lists. */
async function signBoth(
  provider: AuthenticationDetailsProvider,
  spec: RequestSpec,
  options: { forceExcludeBody?: boolean; fast?: FastRequestSigner; body?: () => unknown } = {},
): Promise<{ sdk: [string, string][]; fast: [string, string][] }> {
  const sdkRequest = requestOf({ ...spec, ...(options.body ? { body: options.body() } : {}) });
  await new DefaultRequestSigner(provider).signHttpRequest(sdkRequest, options.forceExcludeBody);
  const fastRequest = requestOf({ ...spec, ...(options.body ? { body: options.body() } : {}) });
  await (options.fast ?? new FastRequestSigner(provider)).signHttpRequest(fastRequest, options.forceExcludeBody);
  return { sdk: headersOf(sdkRequest), fast: headersOf(fastRequest) };
}

const key = rsaKey();

test('GET, POST with a JSON body, empty POSTs, PATCH and PUT with forceExcludeBody: the same headers as the SDK, byte for byte', async () => {
  const provider = apiKey(key.pem);
  const fallback = spyingFallback(provider);
  const fast = new FastRequestSigner(provider, { fallback });
  const cases: { spec: RequestSpec; forceExcludeBody?: boolean; signed: string }[] = [
    { spec: { method: 'GET' }, signed: 'x-date (request-target) host' },
    { spec: { method: 'POST', body: JSON.stringify({ type: 'Structured', query: 'query all resources where displayName = "ünï €😀"' }) },
      signed: 'x-date (request-target) host Content-Type Content-Length x-content-sha256' },
    { spec: { method: 'POST', body: '' }, signed: 'x-date (request-target) host Content-Type Content-Length x-content-sha256' },
    { spec: { method: 'POST' }, signed: 'x-date (request-target) host Content-Type Content-Length x-content-sha256' },
    { spec: { method: 'PATCH', body: '{"a":1}', headers: { 'content-type': 'application/merge-patch+json' } },
      signed: 'x-date (request-target) host Content-Type Content-Length x-content-sha256' },
    { spec: { method: 'PUT', uri: 'http://127.0.0.1:9/n/ns/b/bucket/o/a%2Fb.json', headers: { 'Content-Length': '5' } },
      forceExcludeBody: true, signed: 'x-date (request-target) host' },
    { spec: { method: 'DELETE', uri: 'https://objectstorage.us-ashburn-1.oraclecloud.com:443/n/ns/b/x' }, signed: 'x-date (request-target) host' },
  ];
  for (const { spec, forceExcludeBody, signed } of cases) {
    const { sdk, fast: ours } = await signBoth(provider, spec, { fast, forceExcludeBody: forceExcludeBody ?? false });
    assert.equal(ours, sdk, `${spec.method} ${spec.uri ?? URI}`);
    const authorization = ours.find(([name]) => name === 'authorization')?.[1] ?? '';
    assert.ok(authorization.startsWith('Signature version="1",keyId="ocid1.tenancy.oc1..t/ocid1.user.oc1..u/aa:bb",algorithm="rsa-sha256",'));
    assert.ok(authorization.includes(`headers="${signed}"`), authorization);
  }
  assert.is(fallback.calls, 0, 'every case above is signed without the SDK');
  assert.equal(fast.counts, { fast: cases.length, fallback: 0 });
});

test('without x-date, date or host: it sets them as the SDK does (host with port, RFC 1123 dates)', async () => {
  const provider = apiKey(key.pem);
  const request: HttpRequest = { method: 'GET', uri: 'http://127.0.0.1:9/a?b=c', headers: new Headers() };
  await new FastRequestSigner(provider).signHttpRequest(request);
  assert.is(request.headers.get('host'), '127.0.0.1:9');
  assert.match(request.headers.get('x-date') ?? '', /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
  assert.match(request.headers.get('date') ?? '', /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
  const sdk: HttpRequest = { method: 'GET', uri: request.uri, headers: new Headers() };
  await new DefaultRequestSigner(provider).signHttpRequest(sdk);
  assert.equal([...request.headers.keys()], [...sdk.headers.keys()], 'the same header names');
});

test('encrypted keys (PKCS#1 and PKCS#8) with the provider passphrase: the same headers as the SDK', async () => {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const passphrase = 'correct horse battery staple';
  const pems = [
    privateKey.export({ type: 'pkcs1', format: 'pem', cipher: 'aes-256-cbc', passphrase }).toString(),
    privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase }).toString(),
  ];
  assert.match(pems[0]!, /ENCRYPTED/);
  assert.match(pems[1]!, /BEGIN ENCRYPTED PRIVATE KEY/);
  for (const pem of pems) {
    const provider = apiKey(pem, passphrase);
    const fallback = spyingFallback(provider);
    const fast = new FastRequestSigner(provider, { fallback });
    for (const spec of [{ method: 'GET' }, { method: 'POST', body: '{"x":"y"}' }] as RequestSpec[]) {
      const { sdk, fast: ours } = await signBoth(provider, spec, { fast });
      assert.equal(ours, sdk);
    }
    assert.is(fallback.calls, 0, 'the encrypted key was read by node:crypto');
  }
});

test('a rotated key (the provider hands out a new PEM) is picked up; an unchanged one is parsed once', async () => {
  const first = rsaKey();
  const second = rsaKey();
  const provider = new RotatingProvider(first.pem, 'token-1');
  const keys = new SigningKeyCache();
  const fast = new FastRequestSigner(provider, { keys, fallback: spyingFallback(provider) });
  for (let i = 0; i < 3; i += 1) {
    const { sdk, fast: ours } = await signBoth(provider, { method: 'GET' }, { fast });
    assert.equal(ours, sdk);
  }
  assert.is(keys.parses, 1);

  provider.pem = second.pem;
  provider.token = 'token-2';
  const rotated = requestOf({ method: 'GET' });
  await fast.signHttpRequest(rotated);
  const sdkRotated = requestOf({ method: 'GET' });
  await new DefaultRequestSigner(provider).signHttpRequest(sdkRotated);
  assert.equal(headersOf(rotated), headersOf(sdkRotated));
  assert.is(keys.parses, 2);
  const authorization = rotated.headers.get('authorization') ?? '';
  assert.ok(authorization.includes('keyId="ST$token-2"'), 'getKeyId is asked on every request');
  const signature = Buffer.from(/signature="([^"]+)"/.exec(authorization)?.[1] ?? '', 'base64');
  const signingString = `x-date: ${X_DATE}\n(request-target): get /us-ashburn-1/query/20180409/resources?limit=10&query=a%20b&name=bücher\nhost: 127.0.0.1:9`;
  assert.ok(verify('sha256', Buffer.from(signingString), second.publicKey, signature), 'signed with the new key');
  assert.not.ok(verify('sha256', Buffer.from(signingString), first.publicKey, signature));
  assert.equal(fast.counts, { fast: 4, fallback: 0 });
});

test('a stream body falls back to the SDK signer, which reads it and signs it the same way', async () => {
  const provider = apiKey(key.pem);
  const fallback = spyingFallback(provider);
  const fast = new FastRequestSigner(provider, { fallback });
  const body = '{"streamed":true}';
  const { sdk, fast: ours } = await signBoth(provider, { method: 'POST' }, { fast, body: () => Readable.from([Buffer.from(body)]) });
  assert.equal(ours, sdk);
  assert.is(fallback.calls, 1);
  assert.equal(fast.counts, { fast: 0, fallback: 1 });
  const signedBody = await signBoth(provider, { method: 'POST', body });
  assert.is(new Headers(ours).get('x-content-sha256'), new Headers(signedBody.fast).get('x-content-sha256'), 'the hash of the streamed bytes');
});

test('a Buffer body, a lone surrogate, a delegation-token provider and a non-RSA key go to the SDK signer; a bad passphrase gives no key', async () => {
  // A Buffer body: the SDK cannot sign it; the same error comes out.
  const provider = apiKey(key.pem);
  const fallback = spyingFallback(provider);
  const fast = new FastRequestSigner(provider, { fallback });
  let error: unknown;
  try {
    await fast.signHttpRequest(requestOf({ method: 'POST', body: Buffer.from('{}') }));
  } catch (caught) {
    error = caught;
  }
  assert.match(String(error), /Unable to read body content to sign the request/);

  // A lone surrogate: jsSHA and fetch encode it differently; we keep the SDK's answer.
  const lone = await signBoth(provider, { method: 'POST', body: '{"x":"\uD800"}' }, { fast });
  assert.equal(lone.fast, lone.sdk);
  assert.is(fallback.calls, 2);

  // Cloud Shell style: an auth type with a delegation token and the true provider behind it.
  const delegating = new SimpleAuthenticationDetailsProvider('t', 'u', 'f', key.pem, null, Region.US_ASHBURN_1, 'instance_principal', 'delegation-token');
  delegating.setProvider(new RotatingProvider(key.pem, 'instance-token'));
  const delegated = await signBoth(delegating, { method: 'GET' });
  assert.equal(delegated.fast, delegated.sdk);
  assert.is(new Headers(delegated.fast).get('opc-obo-token'), 'delegation-token');

  // An EC key: http-signature would sign ecdsa-sha256, which we leave to it.
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const ecProvider = apiKey(ec);
  const ecFallback = spyingFallback(ecProvider);
  const ecRequest = requestOf({ method: 'GET' });
  await new FastRequestSigner(ecProvider, { fallback: ecFallback }).signHttpRequest(ecRequest);
  assert.is(ecFallback.calls, 1);
  assert.match(ecRequest.headers.get('authorization') ?? '', /algorithm="ecdsa-sha256"/);

  // A wrong passphrase: no key, no exception from the cache (the SDK's signer, which then gets the request,
  // fails already when the SDK client is built, so a factory never gets this far).
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const encrypted = privateKey.export({ type: 'pkcs1', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'right-phrase' }).toString();
  const keys = new SigningKeyCache();
  assert.is(keys.get(encrypted, 'wrong-phrase'), null);
  assert.is(keys.get(encrypted, 'wrong-phrase'), null);
  assert.is(keys.parses, 1, 'a failed parse is remembered too');
  assert.is(keys.get(encrypted, 'right-phrase')?.asymmetricKeyType, 'rsa');
});

test('installFastRequestSigner refuses a client without the SDK shape, naming no secret', () => {
  const provider = apiKey(key.pem);
  for (const client of [{}, { _httpClient: {} }, { _httpClient: { signer: { signHttpRequest: () => undefined } } }]) {
    assert.throws(() => installFastRequestSigner(client, provider), (error: Error) =>
      /_httpClient\.signer/.test(error.message) && !error.message.includes('BEGIN'));
  }
  const client = new IdentityClient({ authenticationDetailsProvider: provider });
  const signer = installFastRequestSigner(client, provider);
  assert.is((client as unknown as { _httpClient: { signer: unknown } })._httpClient.signer, signer);
});

// ---------------------------------------------------------------------------------------------------
// End to end: SDK clients from the client factory, against the emulator's signature check
// ---------------------------------------------------------------------------------------------------

let emulator: Emulator | undefined;
let dir: string | undefined;
const BUCKET = 'signer-e2e';

async function resolveWith(mode: AuthInput['mode'], ociConfig: string, profile: string, env: Record<string, string> = {}): Promise<ResolvedAuth> {
  // The resource-principal builder reads process.env; restore it exactly afterwards.
  const saved = new Map(Object.keys(env).map((name) => [name, process.env[name]]));
  Object.assign(process.env, env);
  try {
    return await resolveAuth({ mode, ociConfig, profile, tenancy: null, env: { ...process.env, ...env }, isOciInstance: () => false });
  } finally {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

function signerOf(client: object): FastRequestSigner {
  const signer = (client as { _httpClient: { signer: unknown } })._httpClient.signer;
  assert.instance(signer, FastRequestSigner);
  return signer as FastRequestSigner;
}

test('end to end: API key, security token and resource principal clients from the factory are accepted (GET, Search POST, Object Storage PUT)', async () => {
  emulator = await startEmulator({ tenancy: 'small', seed: 'fast-signer' });
  dir = await makeTempDir('fast-signer');
  await emulator.objectStore.ensureBucket(BUCKET);
  const { configPath } = await emulator.writeOciConfig(join(dir, 'api-key'));

  const session = emulator.mintResourcePrincipal();
  const sessionDir = join(dir, 'session');
  await mkdir(sessionDir, { recursive: true });
  await writeFile(join(sessionDir, 'token'), session.env['OCI_RESOURCE_PRINCIPAL_RPST']!);
  await writeFile(join(sessionDir, 'key.pem'), session.env['OCI_RESOURCE_PRINCIPAL_PRIVATE_PEM']!, { mode: 0o600 });
  const sessionConfig = join(sessionDir, 'config');
  await writeFile(sessionConfig, ['[SESSION]', 'fingerprint=session', `key_file=${join(sessionDir, 'key.pem')}`,
    `tenancy=${emulator.tenancy.id}`, `region=${emulator.tenancy.homeRegion}`, `security_token_file=${join(sessionDir, 'token')}`, ''].join('\n'));

  const auths = [
    await resolveWith('config', configPath, 'DEFAULT'),
    await resolveWith('security_token', sessionConfig, 'SESSION'),
    await resolveWith('resource', configPath, 'DEFAULT', emulator.mintResourcePrincipal().env),
  ];
  assert.equal(auths.map((auth) => auth.method), ['config', 'security_token', 'resource_principal']);

  const region = emulator.tenancy.homeRegion;
  for (const auth of auths) {
    const factory = new OciClientFactory({ authProvider: auth.provider, endpointTemplate: emulator.endpointTemplate });
    const identity = factory.forRegion(IdentityClient, 'identity', region);
    const search = factory.forRegion(ResourceSearchClient, 'query', region);
    const storage = factory.forRegion(ObjectStorageClient, 'objectstorage', region);

    const subscriptions = await factory.call(region, () => identity.listRegionSubscriptions({ tenancyId: emulator!.tenancy.id }));
    assert.equal(subscriptions.items.map((s) => s.regionName), emulator.tenancy.regions.map((r) => r.name), auth.method);

    const searched = await recordFetches(() => factory.call(region, () => search.searchResources({
      searchDetails: { type: 'Structured', query: 'query all resources' } as searchModels.StructuredSearchDetails,
      limit: 5,
    })));
    assert.is(searched.result.resourceSummaryCollection.items?.length, 5, auth.method);
    const sent = searched.exchanges[0]!;
    assert.is(sent.method, 'POST');
    assert.match(sent.requestHeaders['authorization'] ?? '', /headers="x-date \(request-target\) host Content-Type Content-Length x-content-sha256"/);
    assert.match(sent.requestHeaders['authorization'] ?? '', auth.method === 'config' ? /keyId="ocid1\.tenancy/ : /keyId="ST\$ey/);

    const namespaceName = (await factory.call(region, () => storage.getNamespace({}))).value;
    const objectName = `${auth.method}/run.json`;
    const text = `{"method":"${auth.method}"}`;
    await factory.call(region, () => storage.putObject({ namespaceName, bucketName: BUCKET, objectName, putObjectBody: text, contentLength: Buffer.byteLength(text) }));
    const streamed = Buffer.from(`streamed by ${auth.method}\n`.repeat(1000));
    await factory.call(region, () => storage.putObject({
      namespaceName, bucketName: BUCKET, objectName: `${objectName}.stream`, putObjectBody: Readable.from([streamed]), contentLength: streamed.length,
    }));
    const got = await factory.call(region, () => storage.getObject({ namespaceName, bucketName: BUCKET, objectName }));
    assert.is((await readAll(got.value as ReadableStream)).toString('utf8'), text);
    const gotStream = await factory.call(region, () => storage.getObject({ namespaceName, bucketName: BUCKET, objectName: `${objectName}.stream` }));
    assert.ok((await readAll(gotStream.value as ReadableStream)).equals(streamed));

    assert.equal(signerOf(identity).counts, { fast: 1, fallback: 0 }, auth.method);
    assert.equal(signerOf(search).counts, { fast: 1, fallback: 0 }, auth.method);
    assert.equal(signerOf(storage).counts, { fast: 5, fallback: 0 }, auth.method);
  }
  assert.is(emulator.counters.get().authFailures, 0, 'the emulator accepted every signature');
});

test.after(async () => {
  await emulator?.close();
  await removeDir(dir);
});

test.run();
