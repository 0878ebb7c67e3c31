import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuthenticationDetailsProvider } from 'oci-common';
import { requests as functionsRequests } from 'oci-functions';
import type { ObjectStorageClient } from 'oci-objectstorage';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startEmulator, type Emulator, type FunctionCall } from '../emulator/index.ts';
import {
  configFileProvider,
  expectSdkFailure,
  functionsClient,
  makeTempDir,
  objectStorageClient,
  readAll,
  recordFetches,
  removeDir,
  resourcePrincipalProvider,
} from './support/emulator-clients.ts';

/*
 * Object Storage (conditional writes, streamed uploads) and Functions invoke (sync, detached, unknown) through
 * the whole emulator, with real SDK clients: the two write paths the inventory functions use.
 */

let emulator: Emulator;
/** What the emulator reported through onInternalError: only the failing detached function below may be here. */
const internalErrors: unknown[] = [];
let dir: string;
let provider: AuthenticationDetailsProvider;
let storage: ObjectStorageClient;
let namespaceName: string;
const BUCKET = 'e2e-inventory';

test.before(async () => {
  emulator = await startEmulator({ tenancy: 'small', seed: 'e2e-os-fn', onInternalError: (error) => internalErrors.push(error) });
  dir = await makeTempDir('e2e-os-fn');
  provider = (await configFileProvider(emulator, join(dir, 'api-key'))).provider;
  storage = objectStorageClient(emulator, provider);
  namespaceName = (await storage.getNamespace({})).value;
  await storage.createBucket({ namespaceName, createBucketDetails: { name: BUCKET, compartmentId: emulator.tenancy.id } });
});

test.after(async () => {
  await emulator?.close();
  await removeDir(dir);
});

async function content(objectName: string): Promise<string> {
  const response = await storage.getObject({ namespaceName, bucketName: BUCKET, objectName });
  return (await readAll(response.value as ReadableStream)).toString('utf8');
}

// ---------------------------------------------------------------------------------------------------
// Object Storage
// ---------------------------------------------------------------------------------------------------

test('getNamespace answers the emulator namespace', () => {
  assert.is(namespaceName, emulator.namespace);
});

test("putObject ifNoneMatch '*': the first create wins, the second is 412 and changes nothing", async () => {
  const objectName = 'runs/2025-06-01/run_summary.json';
  const first = await storage.putObject({ namespaceName, bucketName: BUCKET, objectName, putObjectBody: '{"run":1}', contentLength: 9, ifNoneMatch: '*' });
  assert.ok(first.eTag);
  const second = await expectSdkFailure(() =>
    storage.putObject({ namespaceName, bucketName: BUCKET, objectName, putObjectBody: '{"run":2}', contentLength: 9, ifNoneMatch: '*' }));
  assert.is(second.statusCode, 412, second.message);
  assert.is(second.serviceCode, 'IfNoneMatchFailed');
  assert.is(await content(objectName), '{"run":1}');
});

test('putObject ifMatch with a stale etag is 412; with the current etag it replaces the object', async () => {
  const objectName = 'state/latest.json';
  const v1 = await storage.putObject({ namespaceName, bucketName: BUCKET, objectName, putObjectBody: 'v1', contentLength: 2 });
  const v2 = await storage.putObject({ namespaceName, bucketName: BUCKET, objectName, putObjectBody: 'v2', contentLength: 2, ifMatch: v1.eTag });
  assert.ok(v1.eTag && v2.eTag);
  assert.is.not(v2.eTag, v1.eTag);

  const stale = await expectSdkFailure(() =>
    storage.putObject({ namespaceName, bucketName: BUCKET, objectName, putObjectBody: 'v3', contentLength: 2, ifMatch: v1.eTag }));
  assert.is(stale.statusCode, 412, stale.message);
  assert.is(stale.serviceCode, 'IfMatchFailed');
  assert.is(await content(objectName), 'v2');

  await storage.putObject({ namespaceName, bucketName: BUCKET, objectName, putObjectBody: 'v3', contentLength: 2, ifMatch: v2.eTag });
  assert.is(await content(objectName), 'v3');
});

test('a streamed upload (fs.createReadStream + contentLength) downloads byte-identical', async () => {
  const path = join(dir, 'upload.bin');
  const bytes = randomBytes(3 * 1024 * 1024 + 17);
  await writeFile(path, bytes);
  const objectName = 'exports/records.jsonl.zst';
  await storage.putObject({ namespaceName, bucketName: BUCKET, objectName, putObjectBody: createReadStream(path), contentLength: bytes.length });

  const head = await storage.headObject({ namespaceName, bucketName: BUCKET, objectName });
  assert.is(head.contentLength, bytes.length);
  const downloaded = await readAll((await storage.getObject({ namespaceName, bucketName: BUCKET, objectName })).value as ReadableStream);
  assert.is(downloaded.length, bytes.length);
  assert.is(createHash('sha256').update(downloaded).digest('hex'), createHash('sha256').update(bytes).digest('hex'));
  assert.ok(downloaded.equals(bytes));
});

// ---------------------------------------------------------------------------------------------------
// Functions invoke
// ---------------------------------------------------------------------------------------------------

const ECHO = 'ocid1.fnfunc.oc1.iad.e2eecho';
const DETACHED = 'ocid1.fnfunc.oc1.iad.e2edetached';

test('a sync invoke returns the handler result (echoed JSON body)', async () => {
  const calls: FunctionCall[] = [];
  emulator.functions.register(ECHO, async (call) => {
    calls.push(call);
    return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ echo: JSON.parse(call.body.toString()) }) };
  });
  const payload = { mode: 'collect', regions: ['us-ashburn-1'], n: 1 };
  const response = await functionsClient(emulator, provider).invokeFunction({ functionId: ECHO, invokeFunctionBody: JSON.stringify(payload) });
  const body = JSON.parse((await readAll(response.value as ReadableStream)).toString('utf8')) as unknown;
  assert.equal(body, { echo: payload });
  assert.is(calls.length, 1);
  assert.is(calls[0]?.invokeType, 'sync');
  assert.is(calls[0]?.functionId, ECHO);
});

test('a function acting as its resource principal can invoke too', async () => {
  const rp = resourcePrincipalProvider(emulator.mintResourcePrincipal().env);
  const response = await functionsClient(emulator, rp).invokeFunction({ functionId: ECHO, invokeFunctionBody: '{"from":"rp"}' });
  assert.equal(JSON.parse((await readAll(response.value as ReadableStream)).toString('utf8')), { echo: { from: 'rp' } });
});

test('a detached invoke answers 202 before the handler finishes, and the handler runs to the end', async () => {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const seen: { started: boolean; finished: boolean; body?: unknown; invokeType?: string } = { started: false, finished: false };
  emulator.functions.register(DETACHED, async (call) => {
    seen.started = true;
    seen.invokeType = call.invokeType;
    await gate;
    seen.body = JSON.parse(call.body.toString());
    seen.finished = true;
    return { status: 200, body: 'done' };
  });

  const { exchanges } = await recordFetches(() =>
    functionsClient(emulator, provider).invokeFunction({
      functionId: DETACHED,
      invokeFunctionBody: '{"nightly":true}',
      fnInvokeType: functionsRequests.InvokeFunctionRequest.FnInvokeType.Detached,
    }));
  assert.is(exchanges.length, 1);
  assert.is(exchanges[0]?.requestHeaders['fn-invoke-type'], 'detached');
  assert.is(exchanges[0]?.status, 202);
  // The answer came while the handler was still waiting at the gate.
  assert.equal(seen, { started: true, finished: false, invokeType: 'detached' });

  release();
  await emulator.functions.whenIdle();
  assert.equal(seen, { started: true, finished: true, invokeType: 'detached', body: { nightly: true } });
});

test('a detached invocation that throws is reported through onInternalError with its error', async () => {
  const FAILING = 'ocid1.fnfunc.oc1.iad.e2efailing';
  emulator.functions.register(FAILING, async () => {
    throw new Error('detached function failed on purpose');
  });
  const { exchanges } = await recordFetches(() =>
    functionsClient(emulator, provider).invokeFunction({
      functionId: FAILING,
      invokeFunctionBody: '{}',
      fnInvokeType: functionsRequests.InvokeFunctionRequest.FnInvokeType.Detached,
    }));
  assert.is(exchanges[0]?.status, 202, 'the caller is not told: it already has its 202');
  await emulator.functions.whenIdle();
  assert.is(internalErrors.length, 1, `reported: ${internalErrors.map(String).join('; ')}`);
  assert.instance(internalErrors[0], Error);
  assert.is((internalErrors[0] as Error).message, 'detached function failed on purpose');
});

test('invoking an unknown function id is 404', async () => {
  const failure = await expectSdkFailure(() =>
    functionsClient(emulator, provider).invokeFunction({ functionId: 'ocid1.fnfunc.oc1.iad.doesnotexist', invokeFunctionBody: '{}' }));
  assert.is(failure.statusCode, 404, failure.message);
  assert.is(failure.serviceCode, 'NotAuthorizedOrNotFound');
});

test('nothing else went wrong inside the emulator', () => {
  assert.is(internalErrors.length, 1, internalErrors.map(String).join('; '));
});

test.run();
