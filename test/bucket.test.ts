import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { ConfigFileAuthenticationDetailsProvider } from 'oci-common';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startEmulator, type Emulator } from '../emulator/index.ts';
import { fileKey } from '../emulator/objectstorage/store/atomic-files.ts';
import {
  bucketErrorOf,
  BucketNotFoundError,
  IntegrityError,
  md5OfFile,
  MULTIPART_PART_BYTES,
  MULTIPART_THRESHOLD_BYTES,
  ObjectNotFoundError,
  PreconditionFailedError,
  queryValue,
  RunBucket,
  verifyContent,
} from '../shared/bucket/index.ts';
import { AuthError, exitCodeOf, UsageError } from '../shared/errors.ts';
import { OciClientFactory } from '../shared/oci/client-factory.ts';
import { makeTempDir, recordFetches, removeDir } from './support/emulator-clients.ts';

/*
 * RunBucket against the emulator through the real SDK ObjectStorageClient, built by the one client factory
 * with a config-file API key. One test uses a second emulator that keeps Object Storage in a directory, so
 * it can damage a stored object's bytes on disk, as a failing disk or a broken proxy would.
 */

const BUCKET = 'inventory-runs';
/** Our retry policy, with tiny backoffs so fault tests stay fast. */
const FAST_RETRIES = { maxAttempts: 6, baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 1_000 };

let emulator: Emulator;
let dir: string;
let configPath: string;
let factory: OciClientFactory;
let region: string;

function newFactory(path = configPath): OciClientFactory {
  return new OciClientFactory({
    authProvider: new ConfigFileAuthenticationDetailsProvider(path, 'DEFAULT'),
    endpointTemplate: emulator.endpointTemplate,
    retryPolicy: FAST_RETRIES,
  });
}

function newBucket(options: { prefix?: string; bucket?: string; namespace?: string; listPageSize?: number; factory?: OciClientFactory } = {}): RunBucket {
  return new RunBucket({ factory: options.factory ?? factory, region, bucket: BUCKET, ...options });
}

async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Writes `bytes` random bytes to a file in 1 MiB pieces. */
async function randomFile(name: string, bytes: number): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, Readable.from((function* () {
    for (let left = bytes; left > 0; left -= 1 << 20) yield randomBytes(Math.min(left, 1 << 20));
  })()));
  return path;
}

/** Rejects with the error `call` throws; fails the test when it succeeds. */
async function failureOf(call: () => Promise<unknown>): Promise<Error> {
  try {
    await call();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/** Flips one byte of the stored object's data file, keeping its size (the emulator's directory layout). */
async function damageStoredObject(storageDir: string, objectName: string): Promise<void> {
  const bucketDir = join(storageDir, 'buckets', fileKey(BUCKET));
  const sidecar = JSON.parse(await readFile(join(bucketDir, 'objects', `${fileKey(objectName)}.json`), 'utf8')) as { blob: string };
  const blobPath = join(bucketDir, 'blobs', sidecar.blob);
  const bytes = await readFile(blobPath);
  bytes[Math.floor(bytes.length / 2)] = (bytes[Math.floor(bytes.length / 2)] ?? 0) ^ 0xff;
  await writeFile(blobPath, bytes);
}

test.before(async () => {
  dir = await makeTempDir('bucket');
  emulator = await startEmulator();
  ({ configPath } = await emulator.writeOciConfig(join(dir, 'oci')));
  region = emulator.defaultUser.region;
  factory = newFactory();
  await emulator.objectStore.ensureBucket(BUCKET);
});

test.after(async () => {
  emulator.faults.setPlan({ rules: [] });
  await emulator?.close();
  await removeDir(dir);
});

test('putFile of a 20 MiB file and downloadToFile round-trip byte-identical, verified by MD5', async () => {
  const source = await randomFile('big.bin', 20 * 1024 * 1024 + 17);
  const bucket = newBucket({ prefix: 'inventory/' });
  const local = await md5OfFile(source);

  const put = await bucket.putFile('runs/big.bin', source, { contentType: 'application/octet-stream' });
  assert.equal({ md5: put.md5, bytes: put.bytes }, local);
  assert.type(put.etag, 'string');

  const stored = await emulator.objectStore.headObject(BUCKET, 'inventory/runs/big.bin');
  assert.is(stored.md5, local.md5, 'the service stored what we hashed');
  assert.is(stored.size, local.bytes);

  const head = await bucket.head('runs/big.bin');
  assert.equal(head, { etag: put.etag, bytes: local.bytes, md5: local.md5, multipartMd5: undefined });

  const target = join(dir, 'down', 'nested', 'big.bin');
  const download = await bucket.downloadToFile('runs/big.bin', target);
  assert.equal(download, { bytes: local.bytes, md5: local.md5, etag: put.etag, md5Verified: true });
  assert.is(await sha256OfFile(target), await sha256OfFile(source));
  assert.equal(await readdir(join(dir, 'down', 'nested')), ['big.bin'], 'no temporary file left behind');
});

test('putFile of a file over the multipart threshold goes in parts of bounded size, and downloads byte-identical', async () => {
  const size = MULTIPART_THRESHOLD_BYTES + 3 * MULTIPART_PART_BYTES + 12_345;
  const source = await randomFile('huge.bin', size);
  const bucket = newBucket({ prefix: 'inventory/' });
  const local = await md5OfFile(source);
  const { result: put, exchanges } = await recordFetches(() => bucket.putFile('runs/huge.bin', source, { contentType: 'application/x-ndjson' }));
  assert.equal({ md5: put.md5, bytes: put.bytes }, local, 'the whole file MD5, as a single PUT reports it');
  const partUploads = exchanges.filter((exchange) => exchange.method === 'PUT' && exchange.url.includes('uploadId='));
  const expectedParts = Math.ceil(size / MULTIPART_PART_BYTES);
  assert.is(partUploads.length, expectedParts);
  for (const part of partUploads) assert.ok(Number(part.requestHeaders['content-length']) <= MULTIPART_PART_BYTES, 'no part is larger than a part');
  const head = await bucket.head('runs/huge.bin');
  assert.is(head?.bytes, size);
  assert.ok(head?.multipartMd5?.endsWith(`-${expectedParts}`), `a multipart object: ${head?.multipartMd5}`);
  assert.is((await emulator.objectStore.headObject(BUCKET, 'inventory/runs/huge.bin')).contentType, 'application/x-ndjson');
  const target = join(dir, 'down', 'huge.bin');
  const download = await bucket.downloadToFile('runs/huge.bin', target);
  assert.is(download.md5, local.md5, 'what the merge compares with the completion marker');
  assert.is(await sha256OfFile(target), await sha256OfFile(source));
});

test('a multipart upload that fails is aborted: no object appears', async () => {
  const source = await randomFile('huge-failing.bin', MULTIPART_THRESHOLD_BYTES + 1);
  const bucket = newBucket();
  emulator.faults.setPlan({ rules: [{ match: { service: 'objectstorage', operation: 'UploadPart' }, errorRate: 1, errorStatus: 500 }] });
  let error: Error;
  try {
    error = await failureOf(() => bucket.putFile('huge-failing.bin', source, { contentType: 'application/octet-stream' }));
  } finally {
    emulator.faults.setPlan({ rules: [] });
  }
  assert.match(error.message, /huge-failing\.bin/);
  assert.is(await bucket.head('huge-failing.bin'), undefined);
  assert.ok(emulator.counters.get({ service: 'objectstorage', operation: 'AbortMultipartUpload' }).requests >= 1, 'the upload was aborted');
});

test('putFile sends Content-Length and Content-MD5 with a streamed body, so the service verifies what arrived', async () => {
  const source = join(dir, 'hello.txt');
  await writeFile(source, 'hello world');
  const bucket = newBucket({ namespace: emulator.namespace });
  const { exchanges } = await recordFetches(() => bucket.putFile('hello.txt', source, { contentType: 'text/plain' }));
  assert.is(exchanges.length, 1);
  const put = exchanges[0];
  assert.ok(put);
  assert.is(put.method, 'PUT');
  assert.is(put.requestHeaders['content-md5'], createHash('md5').update('hello world').digest('base64'));
  assert.is(put.requestHeaders['content-length'], '11');
  assert.is(put.requestBody.toString('utf8'), 'hello world');
  assert.is((await emulator.objectStore.headObject(BUCKET, 'hello.txt')).contentType, 'text/plain');
});

test('putFile retries a failed upload with a fresh stream of the file', async () => {
  const source = await randomFile('retried.bin', 300 * 1024);
  const ownFactory = newFactory();
  const bucket = newBucket({ factory: ownFactory, namespace: emulator.namespace });
  // Server errors and dropped connections (the body stream may be half-read when the socket goes).
  emulator.faults.setPlan({
    seed: 7,
    rules: [{ match: { service: 'objectstorage', operation: 'PutObject' }, errorRate: 0.4, errorStatus: 503, dropRate: 0.4 }],
  });
  const puts: string[] = [];
  try {
    for (let i = 0; i < 4; i += 1) {
      await bucket.putFile(`retried-${i}.bin`, source, { contentType: 'application/octet-stream' });
      puts.push(`retried-${i}.bin`);
    }
  } finally {
    emulator.faults.setPlan({ rules: [] });
  }
  const faults = emulator.counters.get({ service: 'objectstorage', operation: 'PutObject' });
  const injected = faults.errors + faults.dropped;
  assert.ok(faults.errors > 0 && faults.dropped > 0, `the fault plan failed and dropped some uploads: ${JSON.stringify(faults)}`);
  assert.is(ownFactory.stats.region(region).retries, injected, 'each injected failure was retried by our policy');
  const expected = await md5OfFile(source);
  for (const name of puts) {
    const stored = await emulator.objectStore.headObject(BUCKET, name);
    assert.equal({ md5: stored.md5, bytes: stored.size }, expected, `${name} arrived whole after retries`);
  }
});

test('downloadToFile detects a stored object whose bytes no longer match its MD5, and leaves no file', async () => {
  const storageDir = join(dir, 'storage');
  const onDisk = await startEmulator({ storageDir });
  try {
    await onDisk.objectStore.ensureBucket(BUCKET);
    const { configPath: diskConfig } = await onDisk.writeOciConfig(join(dir, 'oci-disk'));
    const diskFactory = new OciClientFactory({
      authProvider: new ConfigFileAuthenticationDetailsProvider(diskConfig, 'DEFAULT'),
      endpointTemplate: onDisk.endpointTemplate,
      retryPolicy: FAST_RETRIES,
    });
    await assertDamageDetected(new RunBucket({ factory: diskFactory, region, bucket: BUCKET, prefix: 'p/' }), storageDir);
  } finally {
    await onDisk.close();
  }
});

async function assertDamageDetected(bucket: RunBucket, storageDir: string): Promise<void> {
  const source = await randomFile('damaged.bin', 512 * 1024);
  await bucket.putFile('damaged.bin', source, { contentType: 'application/octet-stream' });
  await damageStoredObject(storageDir, 'p/damaged.bin');

  const targetDir = join(dir, 'damaged-out');
  const target = join(targetDir, 'damaged.bin');
  const error = await failureOf(() => bucket.downloadToFile('damaged.bin', target));
  assert.instance(error, IntegrityError);
  assert.match(error.message, '"p/damaged.bin" in bucket "inventory-runs"');
  assert.match(error.message, /MD5/);
  assert.equal(await readdir(targetDir), [], 'neither the file nor its temporary file exists');

  // The streaming reader fails at the end instead of ending normally.
  const stream = await bucket.openReadStream('damaged.bin');
  const streamError = await failureOf(async () => {
    for await (const _chunk of stream) {
      // consume
    }
  });
  assert.instance(streamError, IntegrityError);
}

test('downloadToFile of a multipart object checks the length (it has no whole-object MD5)', async () => {
  const parts = [randomBytes(300_000), randomBytes(123_456)];
  const object = 'multi/parts.bin';
  const upload = await emulator.objectStore.multipart.create(BUCKET, { object });
  const committed = [];
  for (const [index, part] of parts.entries()) {
    const record = await emulator.objectStore.multipart.uploadPart(BUCKET, object, upload.uploadId, index + 1, Readable.from([part]));
    committed.push({ partNum: index + 1, etag: record.etag });
  }
  await emulator.objectStore.multipart.commit(BUCKET, object, upload.uploadId, { partsToCommit: committed });

  const bucket = newBucket();
  const head = await bucket.head(object);
  assert.ok(head?.multipartMd5?.endsWith('-2'), 'a multipart MD5 names its part count');
  assert.is(head?.md5, undefined);
  const target = join(dir, 'multi', 'parts.bin');
  const download = await bucket.downloadToFile(object, target);
  assert.is(download.md5Verified, false);
  assert.is(download.bytes, 423_456);
  assert.ok((await readFile(target)).equals(Buffer.concat(parts)));
});

test('verifyContent rejects a wrong MD5 or length and accepts a multipart object on length alone', () => {
  const md5 = createHash('md5').update('hello').digest('base64');
  verifyContent('x', { bytes: 5, md5 }, { bytes: 5, md5 });
  verifyContent('x', { bytes: 5, md5: undefined }, { bytes: 5, md5 });
  assert.throws(() => verifyContent('"a" in bucket "b"', { bytes: 5, md5: 'AAAAAAAAAAAAAAAAAAAAAA==' }, { bytes: 5, md5 }), (error: unknown) =>
    error instanceof IntegrityError && error.message.includes('"a" in bucket "b"'),
  );
  assert.throws(() => verifyContent('x', { bytes: 6, md5: undefined }, { bytes: 5, md5 }), /expected 6 bytes, received 5/);
});

test('openReadStream streams an object as a Node Readable', async () => {
  const bucket = newBucket();
  await bucket.putJson('stream/doc.json', { hello: 'world' });
  const chunks: Buffer[] = [];
  for await (const chunk of await bucket.openReadStream('stream/doc.json')) chunks.push(Buffer.from(chunk as Uint8Array));
  assert.is(Buffer.concat(chunks).toString('utf8'), '{"hello":"world"}');
  const missing = await failureOf(() => bucket.openReadStream('stream/absent.json'));
  assert.instance(missing, ObjectNotFoundError);
});

test('createIfAbsent creates once: true, then false', async () => {
  const bucket = newBucket({ prefix: 'locks/' });
  assert.is(await bucket.createIfAbsent('run.lock', { owner: 'a' }), true);
  assert.is(await bucket.createIfAbsent('run.lock', { owner: 'b' }), false);
  assert.equal(await bucket.getJson('run.lock'), { owner: 'a' }, 'the first owner keeps the lock');
});

test('getJson: undefined for a missing object; putJson honours ifMatch', async () => {
  const bucket = newBucket();
  assert.is(await bucket.getJson('json/missing.json'), undefined);
  assert.is(await bucket.head('json/missing.json'), undefined);

  const first = await bucket.putJson('json/latest.json', { runId: '20240101T000000Z' });
  const entry = await bucket.getJsonEntry<{ runId: string }>('json/latest.json');
  assert.equal(entry, { value: { runId: '20240101T000000Z' }, etag: first.etag });

  const second = await bucket.putJson('json/latest.json', { runId: '20240102T000000Z' }, { ifMatch: first.etag });
  const stale = await failureOf(() => bucket.putJson('json/latest.json', { runId: '20240103T000000Z' }, { ifMatch: first.etag }));
  assert.instance(stale, PreconditionFailedError);
  assert.match(stale.message, 'json/latest.json');
  assert.equal(await bucket.getJson('json/latest.json'), { runId: '20240102T000000Z' });
  assert.is((await bucket.head('json/latest.json'))?.etag, second.etag);

  await emulator.objectStore.putObject(BUCKET, 'json/broken.json', Readable.from([Buffer.from('{not json')]));
  const broken = await failureOf(() => bucket.getJson('json/broken.json'));
  assert.match(broken.message, '"json/broken.json" in bucket "inventory-runs" is not valid JSON');
});

test('delete: true, then false when already gone; a stale ifMatch is refused', async () => {
  const bucket = newBucket();
  const put = await bucket.putJson('del/a.json', 1);
  await bucket.putJson('del/a.json', 2);
  assert.instance(await failureOf(() => bucket.delete('del/a.json', { ifMatch: put.etag })), PreconditionFailedError);
  assert.is(await bucket.delete('del/a.json'), true);
  assert.is(await bucket.delete('del/a.json'), false);
});

test('list follows pagination over more than 1000 objects (service page of 1000)', async () => {
  const names = Array.from({ length: 1003 }, (_, i) => `many/obj-${String(i).padStart(5, '0')}`);
  for (const name of names) await emulator.objectStore.putObject(BUCKET, name, Readable.from([Buffer.from(name)]));
  const before = emulator.counters.get({ operation: 'ListObjects' }).requests;

  const listed = await newBucket().list('many/');

  assert.equal(listed.map((object) => object.name), names);
  assert.is(emulator.counters.get({ operation: 'ListObjects' }).requests - before, 2, 'two pages');
  const first = listed[0];
  assert.ok(first);
  assert.is(first.bytes, Buffer.byteLength('many/obj-00000'));
  assert.is(first.md5, createHash('md5').update('many/obj-00000').digest('base64'));
  assert.type(first.etag, 'string');
});

test('list with small pages, names relative to the prefix, page boundaries on names that need URL encoding', async () => {
  const bucket = newBucket({ prefix: 'paged/', listPageSize: 3 });
  const names = ['a & b.json', 'a b.json', 'a+b.json', 'a=b?.json', 'ä.json', 'z/deeper.json', 'zz.json'];
  for (const name of names) await emulator.objectStore.putObject(BUCKET, `paged/${name}`, Readable.from([Buffer.from(name)]));
  const before = emulator.counters.get({ operation: 'ListObjects' }).requests;

  const listed = (await bucket.list()).map((object) => object.name);
  assert.equal(listed, [...names].sort());
  assert.is(emulator.counters.get({ operation: 'ListObjects' }).requests - before, 3);

  const level = await bucket.listLevel('');
  assert.equal(level.folders, ['z/']);
  assert.equal(level.objects.map((object) => object.name), names.filter((name) => !name.includes('/')).sort());
  assert.is(queryValue('runs/2024 a&b'), 'runs/2024%20a%26b');
});

test('prefix validation: URL-safe, no leading slash, ending with a slash', async () => {
  for (const prefix of ['runs', '/runs/', 'a b/', 'ä/', 'runs?x/', 'a&b/']) {
    assert.throws(() => newBucket({ prefix }), (error: unknown) => error instanceof UsageError && error.message.includes('Invalid bucket prefix'), prefix);
  }
  for (const prefix of ['', 'runs/', 'prod/oci-inventory_1.0/']) newBucket({ prefix });
  const listError = await failureOf(() => newBucket().list('a b'));
  assert.instance(listError, UsageError);
  assert.throws(() => newBucket({ bucket: 'no/slash' }), /Invalid bucket name/);
  assert.throws(() => newBucket({ listPageSize: 1001 }), /listPageSize/);
});

test('a missing bucket or namespace is a clear BucketNotFoundError (exit code 2)', async () => {
  const missing = newBucket({ bucket: 'no-such-bucket' });
  for (const call of [() => missing.getJson('latest.json'), () => missing.head('latest.json'), () => missing.list('runs/')]) {
    const error = await failureOf(call);
    assert.instance(error, BucketNotFoundError);
    assert.match(error.message, 'Bucket "no-such-bucket" not found');
    assert.match(error.message, `namespace "${emulator.namespace}"`);
    assert.is(exitCodeOf(error), 2);
  }
  const wrongNamespace = newBucket({ namespace: 'nosuchnamespace' });
  const error = await failureOf(() => wrongNamespace.getJson('latest.json'));
  assert.instance(error, BucketNotFoundError);
  assert.match(error.message, 'namespace "nosuchnamespace" not found');
});

test('the namespace is looked up once when not given', async () => {
  const before = emulator.counters.get({ operation: 'GetNamespace' }).requests;
  const bucket = newBucket();
  await bucket.getJson('json/missing.json');
  await bucket.head('json/missing.json');
  assert.is(await bucket.namespace(), emulator.namespace);
  assert.is(emulator.counters.get({ operation: 'GetNamespace' }).requests - before, 1);
  const given = newBucket({ namespace: emulator.namespace });
  await given.getJson('json/missing.json');
  assert.is(emulator.counters.get({ operation: 'GetNamespace' }).requests - before, 1, 'a given namespace is not looked up');
});

test('rejected credentials become an AuthError naming the bucket (exit code 3)', async () => {
  const user = emulator.createApiKeyUser('revoked-user');
  const { configPath: revokedConfig } = await emulator.writeOciConfig(join(dir, 'revoked'), user);
  emulator.apiKeys.revoke(`${user.tenancyId}/${user.userId}/${user.fingerprint}`);
  const bucket = newBucket({ factory: newFactory(revokedConfig), namespace: emulator.namespace });
  const error = await failureOf(() => bucket.getJson('latest.json'));
  assert.instance(error, AuthError);
  assert.match(error.message, 'bucket "inventory-runs"');
  assert.is(exitCodeOf(error), 3);

  const denied = bucketErrorOf({ statusCode: 403, serviceCode: 'NotAuthorized', message: 'no' }, { bucket: 'b', namespace: 'n', region }, 'reading x', 'read');
  assert.instance(denied, AuthError);
  assert.match(denied.message, 'bucket "b"');
  assert.match(denied.message, '"read objects"');
});

test('a file is hashed by streaming', async () => {
  const path = join(dir, 'small.txt');
  await writeFile(path, 'abc');
  assert.equal(await md5OfFile(path), { md5: createHash('md5').update('abc').digest('base64'), bytes: 3 });
  assert.is((await stat(path)).size, 3);
});

test.run();
