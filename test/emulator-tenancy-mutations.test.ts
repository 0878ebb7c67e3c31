import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { searchPage } from '../emulator/search/search-page.ts';
import { OciHttpError } from '../emulator/http/errors.ts';
import { diffSnapshots, searchAll, smallTenancy, snapshot } from './emulator-tenancy-fixtures.ts';

function httpError(fn: () => unknown): OciHttpError {
  try {
    fn();
  } catch (error) {
    if (error instanceof OciHttpError) return error;
    throw error;
  }
  throw new Error('expected an OciHttpError');
}

test('explicit mutations are visible to Search and findByOcid, and reported exactly', () => {
  const t = smallTenancy('explicit');
  const home = [...t.iterate('us-ashburn-1')];
  const phx = [...t.iterate('us-phoenix-1')];
  const instance = phx.find((s) => s.resourceType === 'Instance')!;
  const bucket = home.find((s) => s.resourceType === 'Bucket')!;
  const volume = home.find((s) => s.resourceType === 'Volume')!;
  const user = home.find((s) => s.resourceType === 'User')!;
  const target = t.compartments.find((c) => c.lifecycleState === 'ACTIVE' && c.id !== volume.compartmentId && c.depth > 0)!;
  const before = snapshot(t);

  const report = t.mutate([
    { kind: 'add', resourceType: 'Bucket', region: 'us-phoenix-1', compartmentId: target.id, displayName: 'added-bucket', freeformTags: { a: '1' } },
    { kind: 'remove', ocid: instance.identifier },
    { kind: 'modify', ocid: bucket.identifier, displayName: 'renamed-bucket' },
    { kind: 'move', ocid: volume.identifier, compartmentId: target.id },
    { kind: 'retag', ocid: user.identifier, freeformTags: { team: 'x' }, definedTags: {} },
  ]);
  assert.is(report.added.length, 1);
  const added = report.added[0]!;
  assert.match(added, /^ocid1\.bucket\.oc1\.phx\.[a-z2-7]{60}$/);
  assert.equal(report.removed, [instance.identifier]);
  const modified = Object.fromEntries(report.modified.map((m) => [m.ocid, m.fields]));
  assert.equal(modified[bucket.identifier], ['displayName']);
  assert.equal(modified[volume.identifier], ['compartmentId']);
  assert.ok(modified[user.identifier]!.includes('freeformTags'));
  assert.equal(report, diffSnapshots(before, snapshot(t)), 'the report equals what a diff sees');

  assert.is(t.findByOcid(instance.identifier), undefined);
  assert.not.ok(searchAll(t, 'us-phoenix-1', 'query instance resources').items.some((s) => s.identifier === instance.identifier));
  const found = t.findByOcid(added)!;
  assert.is(found.added, true);
  assert.is(found.region, 'us-phoenix-1');
  assert.is(found.summary.displayName, 'added-bucket');
  assert.is(found.summary.compartmentId, target.id);
  assert.is(found.summary.additionalDetails['namespace'], t.namespace);
  assert.ok(found.summary.timeCreated >= '2025-06-01T00:00:00.000Z', 'added resources are newer than the base');
  const buckets = searchAll(t, 'us-phoenix-1', `query bucket resources where compartmentId = '${target.id}'`).items;
  assert.ok(buckets.some((s) => s.identifier === added && s.displayName === 'added-bucket'));
  assert.is(t.findByOcid(bucket.identifier)!.summary.displayName, 'renamed-bucket');
  for (const region of t.regions) {
    const u = searchAll(t, region.name, 'query user resources').items.find((s) => s.identifier === user.identifier)!;
    assert.equal(u.freeformTags, { team: 'x' }, 'a global change shows in every region');
  }
  assert.is(t.resourceCount('us-phoenix-1'), phx.length, 'one added, one removed');
  assert.is(t.resourceCount('us-ashburn-1'), home.length);
});

test('net effect within one call: add+modify is an add, modify+remove is a remove, add+remove is nothing, no-op is nothing', () => {
  const t = smallTenancy('net');
  const [a, b] = [...t.iterate('us-ashburn-1')].filter((s) => s.resourceType === 'Instance');
  const first = t.mutate({ kind: 'add', resourceType: 'Vcn' }).added[0]!;
  const report = t.mutate([
    { kind: 'add', resourceType: 'Instance', displayName: 'x' },
    { kind: 'modify', ocid: a!.identifier, lifecycleState: 'STOPPED' === a!.lifecycleState ? 'RUNNING' : 'STOPPED' },
    { kind: 'remove', ocid: a!.identifier },
    { kind: 'modify', ocid: b!.identifier, displayName: b!.displayName },
    { kind: 'modify', ocid: first, displayName: 'vcn-renamed' },
  ]);
  assert.is(report.added.length, 1);
  const addedInstance = report.added[0]!;
  assert.equal(report.removed, [a!.identifier]);
  assert.equal(report.modified, [{ ocid: first, fields: ['displayName'] }]);
  const third = t.mutate([
    { kind: 'modify', ocid: addedInstance, displayName: 'y' },
    { kind: 'remove', ocid: addedInstance },
  ]);
  assert.equal(third, { added: [], removed: [addedInstance], modified: [] });
  const fourth = t.mutate([{ kind: 'add', resourceType: 'Log', region: 'eu-frankfurt-1' }]);
  const log = fourth.added[0]!;
  assert.equal(t.mutate([{ kind: 'remove', ocid: log }]).removed, [log]);
});

test('applyRandomMutations reports exactly what a diff of Search before and after shows', () => {
  const t = smallTenancy('random');
  const before = snapshot(t);
  const report = t.applyRandomMutations({ seed: 'm1', count: 40 });
  assert.is(report.added.length + report.removed.length + report.modified.length, 40);
  assert.ok(report.added.length > 0 && report.removed.length > 0 && report.modified.length > 0);
  assert.equal(report, diffSnapshots(before, snapshot(t)));
  // A second batch reports only its own changes.
  const middle = snapshot(t);
  const second = t.applyRandomMutations({ seed: 'm2', count: 25 });
  assert.equal(second, diffSnapshots(middle, snapshot(t)));
  const fields = new Set(report.modified.flatMap((m) => m.fields));
  for (const f of ['displayName', 'compartmentId', 'freeformTags']) assert.ok(fields.has(f as never), f);
});

test('random mutations are deterministic for a seed and history, and differ across seeds', () => {
  const one = smallTenancy('det').applyRandomMutations({ seed: 'x', count: 30 });
  const two = smallTenancy('det').applyRandomMutations({ seed: 'x', count: 30 });
  const other = smallTenancy('det').applyRandomMutations({ seed: 'y', count: 30 });
  assert.equal(one, two);
  assert.not.equal(one, other);
});

test('random removals keep references resolvable', () => {
  const t = smallTenancy('refs');
  const report = t.applyRandomMutations({ seed: 'r', count: 150 });
  assert.ok(report.removed.length >= 20, String(report.removed.length));
  for (const region of t.regions) {
    for (const s of t.iterate(region.name, { withDetails: true })) {
      for (const v of Object.values(t.findByOcid(s.identifier)!.references).flat()) {
        if (typeof v === 'string') assert.ok(t.findByOcid(v), `${s.identifier} -> ${v}`);
      }
    }
  }
});

test('a page token taken before mutations still pages correctly: no duplicates, removals skipped, additions at the end', () => {
  const t = smallTenancy('paging');
  const region = 'us-ashburn-1';
  const first = searchPage(t, region, 'query all resources', { limit: 50 });
  const later = [...t.iterate(region)].slice(100, 110);
  t.mutate(later.map((s) => ({ kind: 'remove' as const, ocid: s.identifier })));
  const added = t.mutate({ kind: 'add', resourceType: 'Subnet', region }).added[0]!;
  const rest = [] as string[];
  let page = first.nextPage;
  while (page) {
    const next = searchPage(t, region, 'query all resources', { limit: 50, page });
    rest.push(...next.items.map((s) => s.identifier));
    page = next.nextPage;
  }
  const all = [...first.items.map((s) => s.identifier), ...rest];
  assert.is(new Set(all).size, all.length);
  assert.is(all.length, t.resourceCount(region));
  for (const s of later) assert.not.ok(all.includes(s.identifier));
  assert.is(all[all.length - 1], added);
});

test('added compartments join the compartment list and can hold resources; moves cannot create cycles', () => {
  const t = smallTenancy('compartments');
  const parent = t.compartments.find((c) => c.depth === 2 && c.lifecycleState === 'ACTIVE')!;
  const child = t.mutate({ kind: 'add', resourceType: 'Compartment', compartmentId: parent.id, displayName: 'NewTeam' }).added[0]!;
  const listed = t.compartments.find((c) => c.id === child)!;
  assert.equal([listed.name, listed.compartmentId, listed.depth, listed.lifecycleState], ['NewTeam', parent.id, 3, 'ACTIVE']);
  for (const region of t.regions) {
    assert.ok(searchAll(t, region.name, 'query compartment resources').items.some((s) => s.identifier === child));
  }
  const bucket = t.mutate({ kind: 'add', resourceType: 'Bucket', compartmentId: child }).added[0]!;
  assert.is(t.findByOcid(bucket)!.summary.compartmentId, child);
  const err = httpError(() => t.mutate({ kind: 'move', ocid: parent.id, compartmentId: child }));
  assert.is(err.status, 400);
  assert.match(err.message, /under itself/);
  t.mutate({ kind: 'modify', ocid: parent.id, displayName: 'Renamed' });
  assert.is(t.compartments.find((c) => c.id === parent.id)!.name, 'Renamed');
});

test('invalid mutations answer OCI errors that name the problem', () => {
  const t = smallTenancy('errors');
  const deleted = t.compartments.find((c) => c.lifecycleState === 'DELETED')!;
  const vcn = [...t.iterate('us-ashburn-1')].find((s) => s.resourceType === 'Vcn')!;
  const cases: [() => unknown, number, RegExp][] = [
    [() => t.mutate({ kind: 'remove', ocid: 'ocid1.instance.oc1.iad.' + 'a'.repeat(60) }), 404, /not found/],
    [() => t.mutate({ kind: 'add', resourceType: 'Spaceship' }), 400, /unknown resourceType 'Spaceship'/],
    [() => t.mutate({ kind: 'add', resourceType: 'Vcn', region: 'eu-paris-1' }), 400, /region 'eu-paris-1' is not subscribed/],
    [() => t.mutate({ kind: 'add', resourceType: 'Vcn', compartmentId: deleted.id }), 400, /not ACTIVE/],
    [() => t.mutate({ kind: 'move', ocid: vcn.identifier, compartmentId: 'ocid1.compartment.oc1..nope' }), 400, /does not exist/],
    [() => t.mutate({ kind: 'modify', ocid: vcn.identifier }), 400, /needs displayName or lifecycleState/],
    [() => t.mutate({ kind: 'retag', ocid: vcn.identifier }), 400, /needs freeformTags or definedTags/],
  ];
  for (const [fn, status, message] of cases) {
    const err = httpError(fn);
    assert.is(err.status, status, err.message);
    assert.match(err.message, message);
  }
  assert.throws(() => t.applyRandomMutations({ seed: 's', count: -1 }), /count must be/);
});

test.run();
