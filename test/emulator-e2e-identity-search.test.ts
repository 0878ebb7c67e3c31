import { join } from 'node:path';
import type { AuthenticationDetailsProvider } from 'oci-common';
import { requests as identityRequests } from 'oci-identity';
import type { models as searchModels } from 'oci-resourcesearch';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startEmulator, type Emulator } from '../emulator/index.ts';
import {
  configFileProvider,
  expectSdkFailure,
  identityClient,
  listAllCompartments,
  makeTempDir,
  removeDir,
  searchAll,
  searchClient,
} from './support/emulator-clients.ts';

/*
 * Identity and Resource Search through the whole emulator with real SDK clients: what an inventory run relies on
 * (every region, every compartment, every resource exactly once across many pages) and what it must be told off
 * for (bad limits, bad page tokens, invalid parameter combinations).
 */

const ANY = identityRequests.ListCompartmentsRequest.AccessLevel.Any;

/** A small tenancy for Identity and mutations (mutated by the tests below). */
let small: Emulator;
/** Large enough for several 1000-item Search pages per region. */
let large: Emulator;
let dir: string;
let smallProvider: AuthenticationDetailsProvider;
let largeProvider: AuthenticationDetailsProvider;

/** Everything `query all resources` returned per region of the large tenancy (filled by the pagination test). */
const largeListings = new Map<string, searchModels.ResourceSummary[]>();

test.before(async () => {
  [small, large] = await Promise.all([
    startEmulator({ tenancy: 'small', seed: 'e2e-identity' }),
    startEmulator({ tenancy: 12_000, regionCount: 2, seed: 'e2e-search' }),
  ]);
  dir = await makeTempDir('e2e-identity-search');
  smallProvider = (await configFileProvider(small, join(dir, 'small'))).provider;
  largeProvider = (await configFileProvider(large, join(dir, 'large'))).provider;
});

test.after(async () => {
  await Promise.all([small?.close(), large?.close()]);
  await removeDir(dir);
});

function identifiers(items: readonly { identifier: string }[]): string[] {
  return items.map((item) => item.identifier);
}

function assertNoDuplicates(ids: readonly string[], what: string): void {
  const seen = new Set<string>();
  const duplicates = ids.filter((id) => (seen.has(id) ? true : (seen.add(id), false)));
  assert.equal(duplicates, [], `${what}: duplicate identifiers`);
}

// ---------------------------------------------------------------------------------------------------
// Identity
// ---------------------------------------------------------------------------------------------------

test('listRegionSubscriptions matches the tenancy regions, home region flagged', async () => {
  for (const emulator of [small, large]) {
    const provider = emulator === small ? smallProvider : largeProvider;
    const { items } = await identityClient(emulator, provider).listRegionSubscriptions({ tenancyId: emulator.tenancy.id });
    assert.equal(
      items.map((s) => ({ regionName: s.regionName, regionKey: s.regionKey, status: s.status, isHomeRegion: s.isHomeRegion })),
      emulator.tenancy.regions.map((r) => ({ regionName: r.name, regionKey: r.key, status: 'READY', isHomeRegion: r.name === emulator.tenancy.homeRegion })),
    );
    assert.equal(items.filter((s) => s.isHomeRegion).map((s) => s.regionName), [emulator.tenancy.homeRegion]);
  }
  assert.is(large.tenancy.regions.length, 2);
});

test('listCompartments subtree + ANY, paged by 7: every compartment once, depth >= 5 reachable, DELETED ones present', async () => {
  const tenancyId = small.tenancy.id;
  const { items, pageSizes } = await listAllCompartments(identityClient(small, smallProvider), {
    compartmentId: tenancyId,
    compartmentIdInSubtree: true,
    accessLevel: ANY,
    limit: 7,
  });
  const expected = small.tenancy.compartments.filter((c) => c.compartmentId !== null);
  assert.ok(pageSizes.length >= 3, `several pages expected, got ${pageSizes.join(',')}`);
  assert.ok(pageSizes.slice(0, -1).every((size) => size === 7), `full pages before the last: ${pageSizes.join(',')}`);
  assertNoDuplicates(items.map((c) => c.id), 'compartments');
  assert.equal(items.map((c) => c.id).sort(), expected.map((c) => c.id).sort());

  // Depth from the listing alone: each parent chain must end at the tenancy (no orphans, no cycles).
  const parentOf = new Map(items.map((c) => [c.id, c.compartmentId]));
  const depthOf = (id: string): number => {
    let depth = 0;
    for (let at: string | undefined = id; at !== tenancyId; at = parentOf.get(at)) {
      if (at === undefined || depth > items.length) throw new Error(`compartment ${id} does not reach the tenancy`);
      depth++;
    }
    return depth;
  };
  const maxDepth = Math.max(...items.map((c) => depthOf(c.id)));
  assert.ok(maxDepth >= 5, `deepest compartment is at depth ${maxDepth}`);

  const deleted = items.filter((c) => c.lifecycleState === 'DELETED');
  assert.ok(deleted.length > 0, 'DELETED compartments are listed');
  assert.equal(deleted.map((c) => c.id).sort(), expected.filter((c) => c.lifecycleState === 'DELETED').map((c) => c.id).sort());
});

test('listCompartments without subtree on a nested compartment lists its children only', async () => {
  const all = small.tenancy.compartments;
  const parent = all.find((c) => c.compartmentId !== null && all.some((child) => child.compartmentId === c.id));
  assert.ok(parent, 'a compartment with children');
  const { items } = await listAllCompartments(identityClient(small, smallProvider), { compartmentId: parent.id, accessLevel: ANY, limit: 7 });
  assert.equal(items.map((c) => c.id).sort(), all.filter((c) => c.compartmentId === parent.id).map((c) => c.id).sort());
  assert.ok(items.every((c) => c.compartmentId === parent.id));
});

test('compartmentIdInSubtree=true on a non-root compartment is 400', async () => {
  const nested = small.tenancy.compartments.find((c) => c.compartmentId !== null);
  assert.ok(nested);
  const failure = await expectSdkFailure(() =>
    identityClient(small, smallProvider).listCompartments({ compartmentId: nested.id, compartmentIdInSubtree: true, accessLevel: ANY }));
  assert.is(failure.statusCode, 400, failure.message);
  assert.is(failure.serviceCode, 'InvalidParameter');
});

// ---------------------------------------------------------------------------------------------------
// Search: pagination over many pages
// ---------------------------------------------------------------------------------------------------

test('query all resources, limit 1000, paged to the end in every region: each resource exactly once', async () => {
  for (const region of large.tenancy.regions) {
    const expectedCount = large.tenancy.resourceCount(region.name);
    const { items, pageSizes } = await searchAll(searchClient(large, largeProvider, region.name), 'query all resources', 1000);
    assert.ok(pageSizes.length >= 4, `${region.name}: several pages expected, got ${pageSizes.length}`);
    assert.is(pageSizes.length, Math.ceil(expectedCount / 1000), region.name);
    assert.ok(pageSizes.slice(0, -1).every((size) => size === 1000), `${region.name}: full pages before the last: ${pageSizes.join(',')}`);
    assertNoDuplicates(identifiers(items), region.name);
    assert.is(items.length, expectedCount, region.name);
    const fromTenancy = new Set([...large.tenancy.iterate(region.name)].map((r) => r.identifier));
    assert.ok(identifiers(items).every((id) => fromTenancy.has(id)), `${region.name}: every item is a resource of the region`);
    largeListings.set(region.name, items);
  }
  assert.is(largeListings.size, 2);
});

test('limit 0 and limit 1001 are 400 InvalidParameter', async () => {
  const client = searchClient(large, largeProvider);
  for (const limit of [0, 1001]) {
    const failure = await expectSdkFailure(() => client.searchResources({ searchDetails: { type: 'Structured', query: 'query all resources' }, limit }));
    assert.is(failure.statusCode, 400, `limit ${limit}: ${failure.message}`);
    assert.is(failure.serviceCode, 'InvalidParameter');
  }
});

test('a garbage page token is 400, and so is a real token used in another region', async () => {
  const [home, other] = large.tenancy.regions.map((r) => r.name);
  assert.ok(home && other);
  const details = { type: 'Structured', query: 'query all resources' } as searchModels.StructuredSearchDetails;
  const garbage = await expectSdkFailure(() => searchClient(large, largeProvider, home).searchResources({ searchDetails: details, page: 'garbage-token' }));
  assert.is(garbage.statusCode, 400, garbage.message);
  assert.is(garbage.serviceCode, 'InvalidParameter');

  const first = await searchClient(large, largeProvider, home).searchResources({ searchDetails: details, limit: 10 });
  const token = first.opcNextPage;
  assert.ok(token, 'a first page of 10 has a next page');
  const replayed = await expectSdkFailure(() => searchClient(large, largeProvider, other).searchResources({ searchDetails: details, limit: 10, page: token }));
  assert.is(replayed.statusCode, 400, replayed.message);
});

test("query instance resources where lifecycleState = 'RUNNING' returns exactly the running instances", async () => {
  const region = large.tenancy.homeRegion;
  const all = largeListings.get(region);
  assert.ok(all, 'the pagination test ran first');
  const instances = all.filter((r) => r.resourceType === 'Instance');
  const running = instances.filter((r) => r.lifecycleState === 'RUNNING');
  assert.ok(running.length > 0 && running.length < instances.length, 'some instances run and some do not');

  const { items } = await searchAll(searchClient(large, largeProvider, region), "query instance resources where lifecycleState = 'RUNNING'", 1000);
  assert.ok(items.every((r) => r.resourceType === 'Instance' && r.lifecycleState === 'RUNNING'));
  assertNoDuplicates(identifiers(items), 'running instances');
  assert.equal(identifiers(items).sort(), identifiers(running).sort());
});

// ---------------------------------------------------------------------------------------------------
// Search sees mutations at once
// ---------------------------------------------------------------------------------------------------

async function snapshot(emulator: Emulator, provider: AuthenticationDetailsProvider): Promise<Map<string, searchModels.ResourceSummary>> {
  const all = new Map<string, searchModels.ResourceSummary>();
  for (const region of emulator.tenancy.regions) {
    const { items } = await searchAll(searchClient(emulator, provider, region.name), 'query all resources', 1000);
    assertNoDuplicates(identifiers(items), region.name);
    assert.is(items.length, emulator.tenancy.resourceCount(region.name), region.name);
    for (const item of items) all.set(item.identifier, item);
  }
  return all;
}

test('explicit mutations show up in the next search: added present, removed absent, modified with the new values', async () => {
  const tenancy = small.tenancy;
  const home = tenancy.homeRegion;
  const client = searchClient(small, smallProvider, home);
  const before = (await searchAll(client, 'query all resources')).items;
  const running = before.filter((r) => r.resourceType === 'Instance' && r.lifecycleState === 'RUNNING');
  const [renamed, retagged, removed] = running;
  assert.ok(renamed && retagged && removed, 'three running instances');
  const target = tenancy.compartments.find((c) => c.compartmentId !== null && c.lifecycleState === 'ACTIVE' && c.id !== renamed.compartmentId);
  assert.ok(target);

  const report = tenancy.mutate([
    { kind: 'add', resourceType: 'Instance', region: home, compartmentId: target.id, displayName: 'e2e-added', lifecycleState: 'RUNNING' },
    { kind: 'remove', ocid: removed.identifier },
    { kind: 'modify', ocid: renamed.identifier, displayName: 'e2e-renamed', lifecycleState: 'STOPPED' },
    { kind: 'move', ocid: renamed.identifier, compartmentId: target.id },
    { kind: 'retag', ocid: retagged.identifier, freeformTags: { e2e: 'retagged' } },
  ]);
  assert.is(report.added.length, 1);
  const addedId = report.added[0]!;

  const after = (await searchAll(client, 'query all resources')).items;
  const byId = new Map(after.map((r) => [r.identifier, r]));
  assert.is(after.length, before.length);
  assert.is(after.length, tenancy.resourceCount(home));

  const added = byId.get(addedId);
  assert.ok(added, 'the added instance is found');
  assert.is(added.resourceType, 'Instance');
  assert.is(added.displayName, 'e2e-added');
  assert.is(added.lifecycleState, 'RUNNING');
  assert.is(added.compartmentId, target.id);
  assert.not.ok(byId.has(removed.identifier), 'the removed instance is gone');

  const modified = byId.get(renamed.identifier);
  assert.ok(modified);
  assert.equal({ displayName: modified.displayName, lifecycleState: modified.lifecycleState, compartmentId: modified.compartmentId },
    { displayName: 'e2e-renamed', lifecycleState: 'STOPPED', compartmentId: target.id });
  assert.equal(byId.get(retagged.identifier)?.freeformTags, { e2e: 'retagged' });

  // Conditions are evaluated on the mutated values too.
  const runningNow = identifiers((await searchAll(client, "query instance resources where lifecycleState = 'RUNNING'")).items);
  assert.ok(runningNow.includes(addedId));
  assert.not.ok(runningNow.includes(renamed.identifier));
  assert.not.ok(runningNow.includes(removed.identifier));
  assert.is(runningNow.length, running.length - 1);
});

test('random mutations (applyRandomMutations) are all visible in the next search of every region', async () => {
  const before = await snapshot(small, smallProvider);
  const report = small.tenancy.applyRandomMutations({ seed: 'e2e-random', count: 30 });
  assert.is(report.added.length + report.removed.length + report.modified.length, 30);
  assert.ok(report.added.length > 0 && report.removed.length > 0 && report.modified.length > 0, JSON.stringify(report));
  const after = await snapshot(small, smallProvider);

  for (const id of report.added) {
    assert.not.ok(before.has(id), `${id} is new`);
    assert.ok(after.has(id), `added ${id} is found`);
  }
  for (const id of report.removed) {
    assert.ok(before.has(id), `${id} existed`);
    assert.not.ok(after.has(id), `removed ${id} is gone`);
  }
  for (const { ocid, fields } of report.modified) {
    const was = before.get(ocid);
    const now = after.get(ocid);
    assert.ok(was && now, `modified ${ocid} is found`);
    for (const field of fields) {
      assert.not.equal(now[field], was[field], `${ocid}.${field} changed`);
      assert.equal(now[field], small.tenancy.findByOcid(ocid)?.summary[field], `${ocid}.${field} has the new value`);
    }
  }
  // Nothing else changed.
  const touched = new Set([...report.added, ...report.removed, ...report.modified.map((m) => m.ocid)]);
  for (const [id, item] of after) {
    if (!touched.has(id)) assert.equal(item, before.get(id), `${id} is unchanged`);
  }
  assert.is(after.size, before.size + report.added.length - report.removed.length);
});

test.run();
