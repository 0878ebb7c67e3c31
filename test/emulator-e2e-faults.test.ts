import { join } from 'node:path';
import type { AuthenticationDetailsProvider } from 'oci-common';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startEmulator, type Emulator } from '../emulator/index.ts';
import {
  configFileProvider,
  expectSdkFailure,
  identityClient,
  makeTempDir,
  quietly,
  removeDir,
  searchClient,
  signedRequest,
  type SdkFailure,
} from './support/emulator-clients.ts';

/*
 * Every kind of injected fault, observed through real SDK clients with retries and the circuit breaker off:
 * what a collector will see from OCI on a bad night.
 */

let emulator: Emulator;
let dir: string;
let provider: AuthenticationDetailsProvider;
let home: string;
let other: string;
let third: string;

test.before(async () => {
  emulator = await startEmulator({ tenancy: 'small', seed: 'e2e-faults', regionCount: 3 });
  dir = await makeTempDir('e2e-faults');
  provider = (await configFileProvider(emulator, join(dir, 'api-key'))).provider;
  [home, other, third] = emulator.tenancy.regions.map((region) => region.name) as [string, string, string];
});

test.after.each(() => {
  emulator.faults.setPlan({ rules: [] });
});

test.after(async () => {
  await emulator?.close();
  await removeDir(dir);
});

function search(region = home, limit = 5) {
  return searchClient(emulator, provider, region).searchResources({ searchDetails: { type: 'Structured', query: 'query all resources' }, limit });
}

function listRegionSubscriptions(region = home) {
  return identityClient(emulator, provider, region).listRegionSubscriptions({ tenancyId: emulator.tenancy.id });
}

function listCompartments(region = home) {
  return identityClient(emulator, provider, region).listCompartments({ compartmentId: emulator.tenancy.id });
}

/** A dropped or refused connection: the SDK throws a client-side error with no HTTP status (fetch failed). */
function assertNetworkError(failure: SdkFailure): void {
  assert.is(failure.statusCode, undefined, `expected no HTTP status, got ${failure.statusCode} ${failure.message}`);
  assert.is(failure.serviceCode, undefined);
  assert.is(failure.message, 'fetch failed');
}

async function assertWorks(call: () => Promise<unknown>, what: string): Promise<void> {
  try {
    await call();
  } catch (error) {
    assert.unreachable(`${what} should work: ${(error as Error).message}`);
  }
}

const counters = (filter: { service?: string; region?: string; operation?: string }) => emulator.counters.get(filter);

test('latency: 200 ms on SearchResources makes the SDK call take at least ~190 ms', async () => {
  emulator.faults.setPlan({ rules: [{ match: { operation: 'SearchResources' }, latencyMs: 200 }] });
  const started = performance.now();
  const response = await search();
  const elapsed = performance.now() - started;
  assert.is(response.resourceSummaryCollection.items?.length, 5, 'the delayed answer is the real one');
  assert.ok(elapsed >= 190, `took ${elapsed.toFixed(0)} ms`);
});

test('rate limit 5/s, burst 5: the first 5 pass, the rest of a rapid burst is 429 TooManyRequests, counted as throttled', async () => {
  emulator.faults.setPlan({ rules: [{ match: { service: 'query' }, rateLimit: { ratePerSecond: 5, burst: 5, retryAfterSeconds: 2 } }] });
  const before = counters({ service: 'query' });
  const started = performance.now();
  for (let n = 1; n <= 5; n++) await assertWorks(() => search(), `call ${n} of the burst`);

  const burst = await quietly(() => Promise.all(Array.from({ length: 10 }, () => search().then(() => undefined, (error: unknown) => error))));
  const elapsedSeconds = (performance.now() - started) / 1000;
  const throttled = burst.filter((outcome) => outcome !== undefined) as { statusCode?: number; serviceCode?: string }[];
  for (const error of throttled) {
    assert.is(error.statusCode, 429);
    assert.is(error.serviceCode, 'TooManyRequests');
  }
  // Tokens refill at 5/s: at most that many of the later calls can have passed, whatever the machine's speed.
  const passed = burst.length - throttled.length;
  assert.ok(passed <= Math.floor(elapsedSeconds * 5) + 1, `${passed} of 10 passed after ${elapsedSeconds.toFixed(2)} s`);
  assert.ok(throttled.length >= 1, 'the burst beyond the bucket is throttled');

  // The raw response carries Retry-After: keep asking (signed, as the SDK signs) until the bucket says no.
  let raw = await signedRequest(provider, searchRequest(home));
  let rawSent = 1;
  while (raw.status !== 429 && rawSent < 20) {
    raw = await signedRequest(provider, searchRequest(home));
    rawSent++;
  }
  assert.is(raw.status, 429);
  assert.is(raw.headers['retry-after'], '2');
  assert.is((JSON.parse(raw.body) as { code: string }).code, 'TooManyRequests');
  assert.ok(raw.headers['opc-request-id']);

  // Every request was counted, and exactly the 429s as throttled (the raw loop stopped at its first 429).
  const after = counters({ service: 'query' });
  assert.is(after.requests - before.requests, 5 + burst.length + rawSent);
  assert.is(after.throttled - before.throttled, throttled.length + 1);
  assert.is(counters({ service: 'identity' }).throttled, 0, 'the rule matched Search only');
});

function searchRequest(region: string): { method: 'POST'; url: string; body: string } {
  return {
    method: 'POST',
    url: `${emulator.endpoint('query', region)}/20180409/resources?limit=1`,
    body: JSON.stringify({ type: 'Structured', query: 'query all resources' }),
  };
}

test('errorRate 1 with errorStatus 503: the SDK sees 503 ServiceUnavailable, counted as an error', async () => {
  emulator.faults.setPlan({ rules: [{ match: { service: 'query' }, errorRate: 1, errorStatus: 503 }] });
  const before = counters({ service: 'query', operation: 'SearchResources' });
  const failure = await expectSdkFailure(() => search());
  assert.is(failure.statusCode, 503);
  assert.is(failure.serviceCode, 'ServiceUnavailable');
  assert.ok(failure.opcRequestId);
  const after = counters({ service: 'query', operation: 'SearchResources' });
  assert.is(after.errors, before.errors + 1);
  assert.is(after.requests, before.requests + 1);
  await assertWorks(() => listRegionSubscriptions(), 'Identity (not matched)');
});

test('dropRate 1: the connection is dropped, the SDK throws a network error (no status), counted as dropped', async () => {
  emulator.faults.setPlan({ rules: [{ match: { service: 'identity' }, dropRate: 1 }] });
  const before = counters({ service: 'identity', operation: 'ListRegionSubscriptions' });
  assertNetworkError(await expectSdkFailure(() => listRegionSubscriptions()));
  const after = counters({ service: 'identity', operation: 'ListRegionSubscriptions' });
  assert.is(after.dropped, before.dropped + 1);
  assert.is(after.errors, before.errors);
  await assertWorks(() => search(), 'Search (not matched)');
});

test('down: one region refuses every service; the other regions still answer', async () => {
  emulator.faults.setPlan({ rules: [{ match: { region: other }, down: true }] });
  assertNetworkError(await expectSdkFailure(() => search(other)));
  assertNetworkError(await expectSdkFailure(() => listRegionSubscriptions(other)));
  await assertWorks(() => search(home), `Search in ${home}`);
  await assertWorks(() => search(third), `Search in ${third}`);
  await assertWorks(() => listRegionSubscriptions(home), `Identity in ${home}`);
});

test('rules hit only what they match: by operation, by region, by service', async () => {
  emulator.faults.setPlan({ rules: [{ match: { operation: 'ListCompartments' }, errorRate: 1, errorStatus: 500 }] });
  const byOperation = await expectSdkFailure(() => listCompartments());
  assert.is(byOperation.statusCode, 500);
  assert.is(byOperation.serviceCode, 'InternalServerError');
  await assertWorks(() => listRegionSubscriptions(), 'ListRegionSubscriptions');
  await assertWorks(() => search(), 'SearchResources');

  emulator.faults.setPlan({ rules: [{ match: { service: 'query', region: third, operation: 'SearchResources' }, errorRate: 1, errorStatus: 502 }] });
  const byRegion = await expectSdkFailure(() => search(third));
  assert.is(byRegion.statusCode, 502);
  await assertWorks(() => search(home), `Search in ${home}`);
  await assertWorks(() => listCompartments(third), `Identity in ${third}`);

  emulator.faults.setPlan({ rules: [{ match: { service: 'identity' }, errorRate: 1, errorStatus: 504 }] });
  for (const region of [home, other, third]) {
    assert.is((await expectSdkFailure(() => listRegionSubscriptions(region))).statusCode, 504, region);
    await assertWorks(() => search(region), `Search in ${region}`);
  }
});

test('setPlan({rules: []}) restores normal service everywhere', async () => {
  emulator.faults.setPlan({ rules: [{ match: { region: other }, down: true }, { errorRate: 1, errorStatus: 503 }] });
  assert.is((await expectSdkFailure(() => search(home))).statusCode, 503);
  assertNetworkError(await expectSdkFailure(() => listRegionSubscriptions(other)));

  emulator.faults.setPlan({ rules: [] });
  for (const region of [home, other, third]) {
    await assertWorks(() => search(region), `Search in ${region}`);
    await assertWorks(() => listRegionSubscriptions(region), `Identity in ${region}`);
    await assertWorks(() => listCompartments(region), `ListCompartments in ${region}`);
  }
});

test('counters are readable per operation (and per region)', async () => {
  emulator.counters.reset();
  await listRegionSubscriptions(home);
  await listRegionSubscriptions(home);
  await listCompartments(home);
  await search(other);
  emulator.faults.setPlan({ rules: [{ match: { region: other }, errorRate: 1, errorStatus: 503 }] });
  await expectSdkFailure(() => search(other));
  emulator.faults.setPlan({ rules: [{ match: { operation: 'ListCompartments' }, dropRate: 1 }] });
  await expectSdkFailure(() => listCompartments(home));

  const zero = { requests: 0, throttled: 0, errors: 0, dropped: 0, authFailures: 0 };
  assert.equal(emulator.counters.snapshot(), {
    [`identity|${home}|ListCompartments`]: { ...zero, requests: 2, dropped: 1 },
    [`identity|${home}|ListRegionSubscriptions`]: { ...zero, requests: 2 },
    [`query|${other}|SearchResources`]: { ...zero, requests: 2, errors: 1 },
  });
  assert.equal(counters({ service: 'identity', operation: 'ListRegionSubscriptions' }), { ...zero, requests: 2 });
  assert.equal(counters({ service: 'identity' }), { ...zero, requests: 4, dropped: 1 });
  assert.equal(counters({ region: other }), { ...zero, requests: 2, errors: 1 });
  assert.equal(counters({ region: third }), zero);
});

test.run();
