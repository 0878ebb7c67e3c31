import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CircuitBreaker, NoRetryConfigurationDetails, Range, SimpleAuthenticationDetailsProvider } from 'oci-common';
import { ObjectStorageClient } from 'oci-objectstorage';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { handleObjectStorage } from '../emulator/objectstorage/handler.ts';
import { ObjectStore } from '../emulator/objectstorage/store/object-store.ts';

// ---------------------------------------------------------------------------------------------------
// Fixtures: a bare node:http server routing /<region>/objectstorage/* to the handler (no signature
// checks: the emulator's front door does those), and a real SDK client with retries and the circuit
// breaker off, pointed at it.
// ---------------------------------------------------------------------------------------------------

const NAMESPACE = 'emulatorns';
const COMPARTMENT = 'ocid1.compartment.oc1..testcompartment';

interface Emulator {
  client: ObjectStorageClient;
  endpoint: string;
  /** Errors the handler threw instead of answering: bugs. Asserted empty after each suite. */
  internalErrors: unknown[];
  close(): Promise<void>;
}

async function startEmulator(store: ObjectStore): Promise<Emulator> {
  const internalErrors: unknown[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const [, , service, ...rest] = url.pathname.split('/');
    if (service !== 'objectstorage') {
      res.writeHead(404).end();
      return;
    }
    handleObjectStorage(req, res, { path: `/${rest.join('/')}`, query: url.searchParams, store }).catch((error: unknown) => {
      internalErrors.push(error);
      res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}/us-ashburn-1/objectstorage`;
  const client = newClient(endpoint);
  return {
    client,
    endpoint,
    internalErrors,
    async close() {
      client.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

function newClient(endpoint: string): ObjectStorageClient {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const der = publicKey.export({ type: 'spki', format: 'der' });
  const fingerprint = createHash('md5').update(der).digest('hex').match(/../g)!.join(':');
  const provider = new SimpleAuthenticationDetailsProvider(
    'ocid1.tenancy.oc1..testtenancy',
    'ocid1.user.oc1..testuser',
    fingerprint,
    privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    null,
  );
  const client = new ObjectStorageClient(
    { authenticationDetailsProvider: provider },
    { retryConfiguration: NoRetryConfigurationDetails, circuitBreaker: new CircuitBreaker({ disableClientCircuitBreaker: true }) },
  );
  // After construction: setting a region later would overwrite it.
  client.endpoint = endpoint;
  return client;
}

/** The SDK logs every failed call with console.warn, and every parsed Content-Range with console.debug. */
function quietSdk(): () => void {
  const { warn, debug } = console;
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].startsWith('Request cannot be retried')) return;
    warn(...args);
  };
  console.debug = () => undefined;
  return () => {
    console.warn = warn;
    console.debug = debug;
  };
}

interface ServiceError {
  statusCode: number;
  serviceCode: string;
  message: string;
}

async function failure(call: Promise<unknown>): Promise<ServiceError> {
  try {
    await call;
  } catch (error) {
    return error as ServiceError;
  }
  assert.unreachable('expected the call to fail');
  throw new Error('unreachable');
}

/** The bytes of a getObject body (a web ReadableStream from the SDK's fetch). */
async function bytesOf(value: unknown): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of value as AsyncIterable<Uint8Array>) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** SHA-256 of a getObject body, computed while streaming (for bodies too big to collect comfortably). */
async function sha256Of(value: unknown): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of value as AsyncIterable<Uint8Array>) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { sha256: hash.digest('hex'), size };
}

/** The SDK hands timestamps back as RFC 3339 strings (its 'Date' conversion formats rather than parses). */
function isTimestamp(value: unknown): boolean {
  return (typeof value === 'string' || value instanceof Date) && !Number.isNaN(new Date(value).getTime());
}

/**
 * A header date as the SDK hands it over: oci-common's formatDateToRFC3339 (2.139.1) writes the hour
 * without its leading zero ("2026-11-27T0:08:54Z", from 00:00 to 09:59), which Date cannot parse; the
 * emulator's own `last-modified` header is a valid HTTP date. Accepts that form, padded, and nothing else.
 */
function isSdkHeaderTimestamp(value: unknown): boolean {
  if (typeof value !== 'string') return isTimestamp(value);
  const match = /^(\d{4}-\d{2}-\d{2}T)(\d{1,2})(:\d{2}:\d{2}Z)$/.exec(value);
  return match !== null && isTimestamp(`${match[1]}${match[2]!.padStart(2, '0')}${match[3]}`);
}

const md5Base64 = (bytes: Buffer) => createHash('md5').update(bytes).digest('base64');

/** A Node Readable body with its length: the only upload body shape the SDK handles well. */
function body(bytes: Buffer): { putObjectBody: Readable; contentLength: number } {
  return { putObjectBody: Readable.from([bytes]), contentLength: bytes.length };
}

// ---------------------------------------------------------------------------------------------------
// The same behaviour, against each backend.
// ---------------------------------------------------------------------------------------------------

interface Context {
  emulator: Emulator;
  client: ObjectStorageClient;
  workDir: string;
  restoreConsole: () => void;
}

const backends: Record<string, (workDir: string) => Promise<ObjectStore>> = {
  memory: async () => ObjectStore.inMemory({ namespace: NAMESPACE }),
  directory: async (workDir) => ObjectStore.inDirectory({ namespace: NAMESPACE, directory: join(workDir, 'store') }),
};

for (const [backendName, makeStore] of Object.entries(backends)) {
  const it = suite<Context>(`objectstorage (${backendName} backend)`, {} as Context);

  it.before(async (context) => {
    context.restoreConsole = quietSdk();
    context.workDir = await mkdtemp(join(tmpdir(), 'os-emulator-test-'));
    const store = await makeStore(context.workDir);
    context.emulator = await startEmulator(store);
    context.client = context.emulator.client;
  });

  it.after(async (context) => {
    await context.emulator.close();
    await rm(context.workDir, { recursive: true, force: true });
    context.restoreConsole();
    assert.equal(context.emulator.internalErrors, [], 'the handler answered every request');
  });

  it('getNamespace answers the configured namespace', async ({ client }) => {
    const response = await client.getNamespace({});
    assert.is(response.value, NAMESPACE);
  });

  it('createBucket, getBucket and headBucket agree; a second create is 409', async ({ client }) => {
    const created = await client.createBucket({
      namespaceName: NAMESPACE,
      createBucketDetails: { name: 'alpha', compartmentId: COMPARTMENT, freeformTags: { team: 'inventory' } },
    });
    assert.is(created.bucket.name, 'alpha');
    assert.is(created.bucket.namespace, NAMESPACE);
    assert.is(created.bucket.compartmentId, COMPARTMENT);
    assert.is(created.bucket.publicAccessType, 'NoPublicAccess');
    assert.ok(created.bucket.id?.startsWith('ocid1.bucket.'));

    const fetched = await client.getBucket({ namespaceName: NAMESPACE, bucketName: 'alpha' });
    assert.is(fetched.bucket.etag, created.bucket.etag);
    assert.is(fetched.eTag, created.eTag);
    assert.equal(fetched.bucket.freeformTags, { team: 'inventory' });
    assert.ok(isTimestamp(fetched.bucket.timeCreated));

    const head = await client.headBucket({ namespaceName: NAMESPACE, bucketName: 'alpha' });
    assert.is(head.eTag, created.bucket.etag);

    const again = await failure(client.createBucket({ namespaceName: NAMESPACE, createBucketDetails: { name: 'alpha', compartmentId: COMPARTMENT } }));
    assert.is(again.statusCode, 409);
    assert.is(again.serviceCode, 'BucketAlreadyExists');
  });

  it('unknown buckets and namespaces are 404 with their own codes', async ({ client }) => {
    const bucket = await failure(client.getBucket({ namespaceName: NAMESPACE, bucketName: 'nope' }));
    assert.is(bucket.statusCode, 404);
    assert.is(bucket.serviceCode, 'BucketNotFound');
    const namespace = await failure(client.getBucket({ namespaceName: 'othernamespace', bucketName: 'alpha' }));
    assert.is(namespace.statusCode, 404);
    assert.is(namespace.serviceCode, 'NamespaceNotFound');
    const object = await failure(client.putObject({ namespaceName: NAMESPACE, bucketName: 'nope', objectName: 'x', ...body(Buffer.from('x')) }));
    assert.is(object.serviceCode, 'BucketNotFound');
  });

  it('listBuckets lists one compartment by name, paged with limit/page', async ({ client }) => {
    for (const name of ['list-c', 'list-a', 'list-b']) {
      await client.createBucket({ namespaceName: NAMESPACE, createBucketDetails: { name, compartmentId: 'ocid1.compartment.oc1..listing' } });
    }
    const first = await client.listBuckets({ namespaceName: NAMESPACE, compartmentId: 'ocid1.compartment.oc1..listing', limit: 2 });
    assert.equal(first.items.map((bucket) => bucket.name), ['list-a', 'list-b']);
    assert.ok(first.opcNextPage);
    const second = await client.listBuckets({ namespaceName: NAMESPACE, compartmentId: 'ocid1.compartment.oc1..listing', limit: 2, page: first.opcNextPage });
    assert.equal(second.items.map((bucket) => bucket.name), ['list-c']);
    assert.is(second.opcNextPage, undefined);
  });

  it('putObject streams a 20 MiB file in; getObject streams it back byte-identical; headObject agrees', async ({ client, workDir }) => {
    await client.createBucket({ namespaceName: NAMESPACE, createBucketDetails: { name: 'big', compartmentId: COMPARTMENT } });
    const file = join(workDir, 'twenty-mib.bin');
    const size = 20 * 1024 * 1024;
    const expectedSha = createHash('sha256');
    const expectedMd5 = createHash('md5');
    await pipeline(
      (async function* () {
        for (let written = 0; written < size; written += 1024 * 1024) {
          const chunk = randomBytes(1024 * 1024);
          expectedSha.update(chunk);
          expectedMd5.update(chunk);
          yield chunk;
        }
      })(),
      createWriteStream(file),
    );
    const sha256 = expectedSha.digest('hex');
    const md5 = expectedMd5.digest('base64');

    const put = await client.putObject({
      namespaceName: NAMESPACE,
      bucketName: 'big',
      objectName: 'data/twenty.bin',
      putObjectBody: createReadStream(file),
      contentLength: size,
      contentType: 'application/x-test',
      opcMeta: { owner: 'inventory', purpose: 'size-test' },
    });
    assert.ok(put.eTag);
    assert.is(put.opcContentMd5, md5);

    const got = await client.getObject({ namespaceName: NAMESPACE, bucketName: 'big', objectName: 'data/twenty.bin' });
    assert.is(got.contentLength, size);
    assert.is(got.eTag, put.eTag);
    assert.is(got.contentMd5, md5);
    assert.is(got.contentType, 'application/x-test');
    assert.equal(got.opcMeta, { 'opc-meta-owner': 'inventory', 'opc-meta-purpose': 'size-test' });
    assert.equal(await sha256Of(got.value), { sha256, size });

    const head = await client.headObject({ namespaceName: NAMESPACE, bucketName: 'big', objectName: 'data/twenty.bin' });
    assert.is(head.contentLength, size);
    assert.is(head.eTag, put.eTag);
    assert.is(head.contentMd5, md5);
    assert.ok(isSdkHeaderTimestamp(head.lastModified), `lastModified ${String(head.lastModified)}`);
    assert.equal(head.opcMeta, { 'opc-meta-owner': 'inventory', 'opc-meta-purpose': 'size-test' });
  });

  it('getObject with a Range answers 206 with just those bytes', async ({ client, emulator }) => {
    const bytes = Buffer.from('0123456789abcdefghij');
    await client.createBucket({ namespaceName: NAMESPACE, createBucketDetails: { name: 'ranges', compartmentId: COMPARTMENT } });
    await client.putObject({ namespaceName: NAMESPACE, bucketName: 'ranges', objectName: 'r', ...body(bytes) });
    const got = await client.getObject({ namespaceName: NAMESPACE, bucketName: 'ranges', objectName: 'r', range: new Range(5, 9, null) });
    assert.is((await bytesOf(got.value)).toString(), '56789');
    assert.is(got.contentLength, 5);
    const beyond = await failure(client.getObject({ namespaceName: NAMESPACE, bucketName: 'ranges', objectName: 'r', range: new Range(20, 30, null) }));
    assert.is(beyond.statusCode, 416);

    // The SDK (2.139.1) never fills contentRange (its 'common.Range' header type is matched case-wrongly),
    // so the header itself is checked with a plain request; this test server does not check signatures.
    const suffix = await fetch(`${emulator.endpoint}/n/${NAMESPACE}/b/ranges/o/r`, { headers: { range: 'bytes=-3' } });
    assert.is(suffix.status, 206);
    assert.is(suffix.headers.get('content-range'), 'bytes 17-19/20');
    assert.is(await suffix.text(), 'hij');
  });

  it("object names with '/', spaces and unicode round-trip", async ({ client }) => {
    await client.createBucket({ namespaceName: NAMESPACE, createBucketDetails: { name: 'names', compartmentId: COMPARTMENT } });
    const names = ['dir/sub dir/file name.txt', 'ünïcødé/日本語.json', 'percent%20literal', 'emoji 😀 name', '/leading/slash'];
    for (const name of names) {
      await client.putObject({ namespaceName: NAMESPACE, bucketName: 'names', objectName: name, ...body(Buffer.from(`content of ${name}`)) });
    }
    for (const name of names) {
      const got = await client.getObject({ namespaceName: NAMESPACE, bucketName: 'names', objectName: name });
      assert.is((await bytesOf(got.value)).toString(), `content of ${name}`);
    }
    const listed = await client.listObjects({ namespaceName: NAMESPACE, bucketName: 'names' });
    assert.equal(listed.listObjects.objects.map((object) => object.name).sort(), [...names].sort());
  });

  it('listObjects orders names by code point (UTF-8 byte order), not UTF-16 units', async ({ client }) => {
    await client.createBucket({ namespaceName: NAMESPACE, createBucketDetails: { name: 'order', compartmentId: COMPARTMENT } });
    // U+FFFD sorts before U+1F600 in code point order, but after its surrogate pair in UTF-16 order.
    for (const name of ['a😀', 'a\uFFFD', 'B', 'a']) {
      await client.putObject({ namespaceName: NAMESPACE, bucketName: 'order', objectName: name, ...body(Buffer.from(name)) });
    }
    const listed = await client.listObjects({ namespaceName: NAMESPACE, bucketName: 'order' });
    assert.equal(listed.listObjects.objects.map((object) => object.name), ['B', 'a', 'a\uFFFD', 'a😀']);
  });

  it('listObjects honours prefix, start, end, fields and pages with nextStartWith', async ({ client }) => {
    await client.createBucket({ namespaceName: NAMESPACE, createBucketDetails: { name: 'listing', compartmentId: COMPARTMENT } });
    const names = Array.from({ length: 7 }, (_, i) => `logs/2024-0${i + 1}.txt`);
    for (const name of [...names, 'other/x.txt', 'logs-not-a-dir.txt']) {
      await client.putObject({ namespaceName: NAMESPACE, bucketName: 'listing', objectName: name, ...body(Buffer.from(name)) });
    }

    const seen: string[] = [];
    let start: string | undefined;
    let pages = 0;
    do {
      const page = await client.listObjects({ namespaceName: NAMESPACE, bucketName: 'listing', prefix: 'logs/', limit: 3, start, fields: 'name,size,etag,md5,timeCreated' });
      pages++;
      for (const object of page.listObjects.objects) {
        seen.push(object.name);
        assert.is(object.size, Buffer.byteLength(object.name));
        assert.is(object.md5, md5Base64(Buffer.from(object.name)));
        assert.ok(object.etag);
        assert.ok(isTimestamp(object.timeCreated));
        assert.is(object.timeModified, undefined, 'only the requested fields');
      }
      start = page.listObjects.nextStartWith;
    } while (start !== undefined);
    assert.equal(seen, names);
    assert.is(pages, 3);

    const bare = await client.listObjects({ namespaceName: NAMESPACE, bucketName: 'listing', start: 'logs/2024-05.txt', end: 'logs/2024-07.txt' });
    assert.equal(bare.listObjects.objects, [{ name: 'logs/2024-05.txt' }, { name: 'logs/2024-06.txt' }], 'name only by default; end is exclusive');

    const all = [];
    for await (const object of client.listAllObjects({ namespaceName: NAMESPACE, bucketName: 'listing', limit: 2 })) all.push(object.name);
    assert.is(all.length, 9, 'the SDK paginator follows nextStartWith');
  });

  it("listObjects with delimiter '/' rolls names up into prefixes", async ({ client }) => {
    await client.createBucket({ namespaceName: NAMESPACE, createBucketDetails: { name: 'tree', compartmentId: COMPARTMENT } });
    for (const name of ['a/1', 'a/2', 'b/c/1', 'root.txt', 'z/1']) {
      await client.putObject({ namespaceName: NAMESPACE, bucketName: 'tree', objectName: name, ...body(Buffer.from(name)) });
    }
    const top = await client.listObjects({ namespaceName: NAMESPACE, bucketName: 'tree', delimiter: '/' });
    assert.equal(top.listObjects.objects.map((object) => object.name), ['root.txt']);
    assert.equal(top.listObjects.prefixes, ['a/', 'b/', 'z/']);

    const paged = await client.listObjects({ namespaceName: NAMESPACE, bucketName: 'tree', delimiter: '/', limit: 2 });
    assert.equal(paged.listObjects.prefixes, ['a/', 'b/']);
    assert.is(paged.listObjects.nextStartWith, 'root.txt');

    const nested = await client.listObjects({ namespaceName: NAMESPACE, bucketName: 'tree', delimiter: '/', prefix: 'b/' });
    assert.equal(nested.listObjects.prefixes, ['b/c/']);
  });

  it('bad list parameters are 400 InvalidParameter', async ({ client }) => {
    for (const limit of [0, 1001, 2.5]) {
      const error = await failure(client.listObjects({ namespaceName: NAMESPACE, bucketName: 'listing', limit }));
      assert.is(error.statusCode, 400, `limit ${limit}`);
      assert.is(error.serviceCode, 'InvalidParameter');
    }
    const fields = await failure(client.listObjects({ namespaceName: NAMESPACE, bucketName: 'listing', fields: 'name,colour' }));
    assert.is(fields.statusCode, 400);
    const page = await failure(client.listBuckets({ namespaceName: NAMESPACE, compartmentId: COMPARTMENT, page: 'not-a-token' }));
    assert.is(page.statusCode, 400);
    assert.is(page.serviceCode, 'InvalidParameter');
  });

  it("ifNoneMatch '*' creates once; the second create is 412 IfNoneMatchFailed and changes nothing", async ({ client }) => {
    await client.createBucket({ namespaceName: NAMESPACE, createBucketDetails: { name: 'cond', compartmentId: COMPARTMENT } });
    const first = await client.putObject({ namespaceName: NAMESPACE, bucketName: 'cond', objectName: 'once', ifNoneMatch: '*', ...body(Buffer.from('first')) });
    const second = await failure(client.putObject({ namespaceName: NAMESPACE, bucketName: 'cond', objectName: 'once', ifNoneMatch: '*', ...body(Buffer.from('second')) }));
    assert.is(second.statusCode, 412);
    assert.is(second.serviceCode, 'IfNoneMatchFailed');
    const got = await client.getObject({ namespaceName: NAMESPACE, bucketName: 'cond', objectName: 'once' });
    assert.is((await bytesOf(got.value)).toString(), 'first');
    assert.is(got.eTag, first.eTag);
  });

  it('ifMatch: a wrong ETag is 412 IfMatchFailed on PUT, GET, HEAD and DELETE; the right one succeeds', async ({ client }) => {
    const put = await client.putObject({ namespaceName: NAMESPACE, bucketName: 'cond', objectName: 'versioned', ...body(Buffer.from('v1')) });
    const where = { namespaceName: NAMESPACE, bucketName: 'cond', objectName: 'versioned' };

    const wrongPut = await failure(client.putObject({ ...where, ifMatch: 'not-the-etag', ...body(Buffer.from('v2')) }));
    assert.is(wrongPut.statusCode, 412);
    assert.is(wrongPut.serviceCode, 'IfMatchFailed');
    assert.is((await failure(client.getObject({ ...where, ifMatch: 'not-the-etag' }))).statusCode, 412);
    assert.is((await failure(client.headObject({ ...where, ifMatch: 'not-the-etag' }))).statusCode, 412);
    assert.is((await failure(client.deleteObject({ ...where, ifMatch: 'not-the-etag' }))).statusCode, 412);

    const replaced = await client.putObject({ ...where, ifMatch: put.eTag, ...body(Buffer.from('v2')) });
    assert.is.not(replaced.eTag, put.eTag, 'a new write gets a new ETag');
    const got = await client.getObject({ ...where, ifMatch: replaced.eTag });
    assert.is((await bytesOf(got.value)).toString(), 'v2');

    const notModified = await failure(client.getObject({ ...where, ifNoneMatch: replaced.eTag }));
    assert.is(notModified.statusCode, 304);
  });

  it("10 concurrent ifNoneMatch '*' creates of one name: exactly one wins", async ({ client }) => {
    const attempts = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        client.putObject({ namespaceName: NAMESPACE, bucketName: 'cond', objectName: 'race', ifNoneMatch: '*', ...body(Buffer.from(`writer ${i}`)) }),
      ),
    );
    const winners = attempts.flatMap((attempt, i) => (attempt.status === 'fulfilled' ? [{ i, eTag: attempt.value.eTag }] : []));
    const losers = attempts.flatMap((attempt) => (attempt.status === 'rejected' ? [attempt.reason as ServiceError] : []));
    assert.is(winners.length, 1);
    assert.equal(losers.map((error) => error.statusCode), Array(9).fill(412));
    const stored = await client.getObject({ namespaceName: NAMESPACE, bucketName: 'cond', objectName: 'race' });
    assert.is(stored.eTag, winners[0]?.eTag);
    assert.is((await bytesOf(stored.value)).toString(), `writer ${winners[0]?.i}`);
  });

  it('a Content-MD5 that does not match the body is 400 UnmatchedContentMD5 and stores nothing', async ({ client }) => {
    const error = await failure(
      client.putObject({ namespaceName: NAMESPACE, bucketName: 'cond', objectName: 'md5', contentMD5: md5Base64(Buffer.from('other')), ...body(Buffer.from('payload')) }),
    );
    assert.is(error.statusCode, 400);
    assert.is(error.serviceCode, 'UnmatchedContentMD5');
    assert.is((await failure(client.headObject({ namespaceName: NAMESPACE, bucketName: 'cond', objectName: 'md5' }))).statusCode, 404);
    const malformed = await failure(client.putObject({ namespaceName: NAMESPACE, bucketName: 'cond', objectName: 'md5', contentMD5: 'not an md5', ...body(Buffer.from('payload')) }));
    assert.is(malformed.statusCode, 400);
    assert.is(malformed.serviceCode, 'InvalidContentMD5');
    const ok = await client.putObject({ namespaceName: NAMESPACE, bucketName: 'cond', objectName: 'md5', contentMD5: md5Base64(Buffer.from('payload')), ...body(Buffer.from('payload')) });
    assert.is(ok.opcContentMd5, md5Base64(Buffer.from('payload')));
  });

  it('deleteObject removes it: then GET and HEAD are 404 ObjectNotFound', async ({ client }) => {
    const where = { namespaceName: NAMESPACE, bucketName: 'cond', objectName: 'doomed' };
    await client.putObject({ ...where, ...body(Buffer.from('bye')) });
    await client.deleteObject(where);
    const get = await failure(client.getObject(where));
    assert.is(get.statusCode, 404);
    assert.is(get.serviceCode, 'ObjectNotFound');
    assert.is((await failure(client.headObject(where))).statusCode, 404);
    assert.is((await failure(client.deleteObject(where))).serviceCode, 'ObjectNotFound');
  });

  it('multipart: create, upload 3 parts, commit => the object is their concatenation', async ({ client }) => {
    await client.createBucket({ namespaceName: NAMESPACE, createBucketDetails: { name: 'multi', compartmentId: COMPARTMENT } });
    const where = { namespaceName: NAMESPACE, bucketName: 'multi', objectName: 'assembled/file.bin' };
    const created = await client.createMultipartUpload({
      namespaceName: NAMESPACE,
      bucketName: 'multi',
      createMultipartUploadDetails: { object: where.objectName, contentType: 'application/x-parts', metadata: { origin: 'multipart' } },
    });
    const uploadId = created.multipartUpload.uploadId;
    assert.is(created.multipartUpload.object, where.objectName);

    const parts = [randomBytes(300_000), randomBytes(5), randomBytes(70_000)];
    // Uploaded out of order: the commit orders by part number.
    const etags = new Map<number, string>();
    for (const partNum of [3, 1, 2]) {
      const bytes = parts[partNum - 1]!;
      const uploaded = await client.uploadPart({ ...where, uploadId, uploadPartNum: partNum, uploadPartBody: Readable.from([bytes]), contentLength: bytes.length });
      assert.is(uploaded.opcContentMd5, md5Base64(bytes));
      etags.set(partNum, uploaded.eTag);
    }
    const listedParts = await client.listMultipartUploadParts({ ...where, uploadId });
    assert.equal(listedParts.items.map((part) => [part.partNumber, part.size, part.etag]), [1, 2, 3].map((n) => [n, parts[n - 1]!.length, etags.get(n)]));
    const uploads = await client.listMultipartUploads({ namespaceName: NAMESPACE, bucketName: 'multi' });
    assert.equal(uploads.items.map((upload) => upload.uploadId), [uploadId]);

    const committed = await client.commitMultipartUpload({
      ...where,
      uploadId,
      commitMultipartUploadDetails: { partsToCommit: [1, 2, 3].map((partNum) => ({ partNum, etag: etags.get(partNum)! })) },
    });
    const partMd5s = Buffer.concat(parts.map((part) => createHash('md5').update(part).digest()));
    assert.is(committed.opcMultipartMd5, `${createHash('md5').update(partMd5s).digest('base64')}-3`);

    const got = await client.getObject(where);
    assert.ok((await bytesOf(got.value)).equals(Buffer.concat(parts)));
    assert.is(got.eTag, committed.eTag);
    assert.is(got.contentType, 'application/x-parts');
    assert.is(got.opcMultipartMd5, committed.opcMultipartMd5);
    assert.equal(got.opcMeta, { 'opc-meta-origin': 'multipart' });

    const gone = await failure(client.listMultipartUploadParts({ ...where, uploadId }));
    assert.is(gone.serviceCode, 'NoSuchUpload', 'a committed upload is over');
  });

  it('multipart: wrong part ETags are 400; commit honours ifNoneMatch; excluded parts are left out', async ({ client }) => {
    const where = { namespaceName: NAMESPACE, bucketName: 'multi', objectName: 'excluding' };
    const { multipartUpload } = await client.createMultipartUpload({ namespaceName: NAMESPACE, bucketName: 'multi', createMultipartUploadDetails: { object: where.objectName } });
    const uploadId = multipartUpload.uploadId;
    const one = await client.uploadPart({ ...where, uploadId, uploadPartNum: 1, uploadPartBody: Readable.from([Buffer.from('keep ')]), contentLength: 5 });
    const two = await client.uploadPart({ ...where, uploadId, uploadPartNum: 2, uploadPartBody: Readable.from([Buffer.from('drop ')]), contentLength: 5 });

    const wrong = await failure(client.commitMultipartUpload({ ...where, uploadId, commitMultipartUploadDetails: { partsToCommit: [{ partNum: 1, etag: 'wrong' }], partsToExclude: [2] } }));
    assert.is(wrong.statusCode, 400);
    const unaccounted = await failure(client.commitMultipartUpload({ ...where, uploadId, commitMultipartUploadDetails: { partsToCommit: [{ partNum: 1, etag: one.eTag }] } }));
    assert.is(unaccounted.statusCode, 400, 'every part must be committed or excluded');

    await client.putObject({ ...where, ...body(Buffer.from('exists')) });
    const exists = await failure(
      client.commitMultipartUpload({ ...where, uploadId, ifNoneMatch: '*', commitMultipartUploadDetails: { partsToCommit: [{ partNum: 1, etag: one.eTag }], partsToExclude: [2] } }),
    );
    assert.is(exists.statusCode, 412);
    assert.is(exists.serviceCode, 'IfNoneMatchFailed');

    assert.ok(two.eTag);
    await client.commitMultipartUpload({ ...where, uploadId, commitMultipartUploadDetails: { partsToCommit: [{ partNum: 1, etag: one.eTag }], partsToExclude: [2] } });
    const got = await client.getObject(where);
    assert.is((await bytesOf(got.value)).toString(), 'keep ');
  });

  it('multipart: after abort the upload is gone (404 NoSuchUpload)', async ({ client }) => {
    const where = { namespaceName: NAMESPACE, bucketName: 'multi', objectName: 'aborted' };
    const { multipartUpload } = await client.createMultipartUpload({ namespaceName: NAMESPACE, bucketName: 'multi', createMultipartUploadDetails: { object: where.objectName } });
    const uploadId = multipartUpload.uploadId;
    const part = await client.uploadPart({ ...where, uploadId, uploadPartNum: 1, uploadPartBody: Readable.from([Buffer.from('x')]), contentLength: 1 });
    await client.abortMultipartUpload({ ...where, uploadId });

    const upload = await failure(client.uploadPart({ ...where, uploadId, uploadPartNum: 2, uploadPartBody: Readable.from([Buffer.from('y')]), contentLength: 1 }));
    assert.is(upload.statusCode, 404);
    assert.is(upload.serviceCode, 'NoSuchUpload');
    const commit = await failure(client.commitMultipartUpload({ ...where, uploadId, commitMultipartUploadDetails: { partsToCommit: [{ partNum: 1, etag: part.eTag }] } }));
    assert.is(commit.serviceCode, 'NoSuchUpload');
    assert.is((await failure(client.abortMultipartUpload({ ...where, uploadId }))).serviceCode, 'NoSuchUpload');
    assert.is((await failure(client.headObject(where))).statusCode, 404, 'no object was made');
  });

  it('errors are OCI JSON bodies with an opc-request-id; so are successes', async ({ emulator }) => {
    const missing = await fetch(`${emulator.endpoint}/n/${NAMESPACE}/b/nope/o/x`);
    assert.is(missing.status, 404);
    assert.ok(missing.headers.get('opc-request-id'));
    const error = (await missing.json()) as { code: string; message: string };
    assert.is(error.code, 'BucketNotFound');
    assert.ok(error.message.includes("'nope'"));

    const unknown = await fetch(`${emulator.endpoint}/n/${NAMESPACE}/nothing-here`);
    assert.is(unknown.status, 404);
    assert.is(((await unknown.json()) as { code: string }).code, 'NotFound');

    const ok = await fetch(`${emulator.endpoint}/n`, { headers: { 'opc-client-request-id': 'trace-me' } });
    assert.ok(ok.headers.get('opc-request-id'));
    assert.is(ok.headers.get('opc-client-request-id'), 'trace-me');
    assert.is(await ok.json(), NAMESPACE);
  });

  it('deleteBucket is 409 BucketNotEmpty until the bucket is empty', async ({ client }) => {
    await client.createBucket({ namespaceName: NAMESPACE, createBucketDetails: { name: 'temporary', compartmentId: COMPARTMENT } });
    await client.putObject({ namespaceName: NAMESPACE, bucketName: 'temporary', objectName: 'o', ...body(Buffer.from('o')) });
    const notEmpty = await failure(client.deleteBucket({ namespaceName: NAMESPACE, bucketName: 'temporary' }));
    assert.is(notEmpty.statusCode, 409);
    assert.is(notEmpty.serviceCode, 'BucketNotEmpty');
    await client.deleteObject({ namespaceName: NAMESPACE, bucketName: 'temporary', objectName: 'o' });
    await client.deleteBucket({ namespaceName: NAMESPACE, bucketName: 'temporary' });
    assert.is((await failure(client.getBucket({ namespaceName: NAMESPACE, bucketName: 'temporary' }))).serviceCode, 'BucketNotFound');
  });

  it.run();
}

// ---------------------------------------------------------------------------------------------------
// The directory backend keeps its data across store instances, and leaves no staging files behind.
// ---------------------------------------------------------------------------------------------------

const persistence = suite<{ workDir: string; restoreConsole: () => void }>('objectstorage directory backend persistence', {
  workDir: '',
  restoreConsole: () => undefined,
});

persistence.before(async (context) => {
  context.restoreConsole = quietSdk();
  context.workDir = await mkdtemp(join(tmpdir(), 'os-emulator-persist-'));
});

persistence.after(async (context) => {
  await rm(context.workDir, { recursive: true, force: true });
  context.restoreConsole();
});

persistence('a new store on the same directory sees the buckets, objects and uploads of the old one', async ({ workDir }) => {
  const directory = join(workDir, 'store');
  const payload = randomBytes(1_500_000);

  const before = await startEmulator(await ObjectStore.inDirectory({ namespace: NAMESPACE, directory }));
  const bucket = await before.client.createBucket({ namespaceName: NAMESPACE, createBucketDetails: { name: 'kept', compartmentId: COMPARTMENT } });
  const put = await before.client.putObject({ namespaceName: NAMESPACE, bucketName: 'kept', objectName: 'dir/kept.bin', opcMeta: { k: 'v' }, ...body(payload) });
  const where = { namespaceName: NAMESPACE, bucketName: 'kept', objectName: 'pending' };
  const { multipartUpload } = await before.client.createMultipartUpload({ namespaceName: NAMESPACE, bucketName: 'kept', createMultipartUploadDetails: { object: 'pending' } });
  const part = await before.client.uploadPart({ ...where, uploadId: multipartUpload.uploadId, uploadPartNum: 1, uploadPartBody: Readable.from([Buffer.from('part one')]), contentLength: 8 });
  await before.close();
  assert.equal(before.internalErrors, []);

  const after = await startEmulator(await ObjectStore.inDirectory({ namespace: NAMESPACE, directory }));
  try {
    const fetchedBucket = await after.client.getBucket({ namespaceName: NAMESPACE, bucketName: 'kept' });
    assert.is(fetchedBucket.bucket.etag, bucket.bucket.etag);
    const got = await after.client.getObject({ namespaceName: NAMESPACE, bucketName: 'kept', objectName: 'dir/kept.bin' });
    assert.is(got.eTag, put.eTag);
    assert.equal(got.opcMeta, { 'opc-meta-k': 'v' });
    assert.ok((await bytesOf(got.value)).equals(payload));
    const listed = await after.client.listObjects({ namespaceName: NAMESPACE, bucketName: 'kept', fields: 'size' });
    assert.equal(listed.listObjects.objects, [{ name: 'dir/kept.bin', size: payload.length }]);

    await after.client.commitMultipartUpload({ ...where, uploadId: multipartUpload.uploadId, commitMultipartUploadDetails: { partsToCommit: [{ partNum: 1, etag: part.eTag }] } });
    const committed = await after.client.getObject(where);
    assert.is((await bytesOf(committed.value)).toString(), 'part one');
  } finally {
    await after.close();
  }
  assert.equal(after.internalErrors, []);
  assert.equal(await readdir(join(directory, 'tmp')), [], 'no staging or trash files left behind');
});

persistence('an upload that fails midway leaves no object, the old version intact and no staging file', async ({ workDir }) => {
  const directory = join(workDir, 'failing');
  const store = await ObjectStore.inDirectory({ namespace: NAMESPACE, directory });
  const bucket = await store.ensureBucket('b');
  assert.is((await store.ensureBucket('b')).etag, bucket.etag, 'ensureBucket keeps an existing bucket');
  const original = await store.putObject('b', 'kept', Readable.from([Buffer.from('original')]));

  async function* brokenBody() {
    yield Buffer.alloc(256 * 1024, 1);
    throw new Error('client went away');
  }
  for (const name of ['kept', 'never-made']) {
    const outcome = await store.putObject('b', name, brokenBody()).then(
      () => 'stored',
      (error: unknown) => (error as Error).message,
    );
    assert.is(outcome, 'client went away');
  }

  const kept = await store.getObject('b', 'kept');
  assert.is(kept.record.etag, original.etag);
  assert.is((await bytesOf(kept.body)).toString(), 'original');
  const missing = await store.headObject('b', 'never-made').then(
    () => 'found',
    (error: unknown) => (error as { code: string }).code,
  );
  assert.is(missing, 'ObjectNotFound');
  assert.equal(await readdir(join(directory, 'tmp')), []);
});

persistence.run();
