import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { OciHttpError } from '../emulator/http/errors.ts';
import { parseQuery } from '../emulator/search/query-parser.ts';
import { DEFAULT_SEARCH_LIMIT, searchPage } from '../emulator/search/search-page.ts';
import { RESOURCE_TYPES } from '../emulator/tenancy/catalogue.ts';
import type { ResourceSummary } from '../emulator/tenancy/types.ts';
import { searchAll, smallTenancy } from './emulator-tenancy-fixtures.ts';

const t = smallTenancy('search');
const HOME = 'us-ashburn-1';
const everything = new Map(t.regions.map((r) => [r.name, [...t.iterate(r.name)]]));
const home = everything.get(HOME)!;

function rejects(fn: () => unknown, status: number, code: string, message: RegExp): void {
  try {
    fn();
  } catch (error) {
    assert.instance(error, OciHttpError);
    const e = error as OciHttpError;
    assert.is(e.status, status, e.message);
    assert.is(e.code, code);
    assert.match(e.message, message);
    return;
  }
  assert.unreachable(`expected ${status} ${code} ${message}`);
}

const ids = (items: ResourceSummary[]): string[] => items.map((s) => s.identifier);

test('parseQuery: keywords, type and field names are case-insensitive; whitespace and type order do not matter', () => {
  const a = parseQuery("query instance, vcn resources where lifecycleState = 'RUNNING'");
  const b = parseQuery("QUERY  Vcn ,INSTANCE\n  RESOURCES\tWHERE LifeCycleState=='RUNNING'");
  assert.equal(a.types, ['Instance', 'Vcn']);
  assert.is(a.canonical, b.canonical);
  assert.equal(a.where, { kind: 'compare', field: 'lifecycleState', op: '=', value: 'RUNNING' });
  assert.is(parseQuery('query all resources').types, 'all');
  assert.is(parseQuery('query all resources return allAdditionalFields').returnAllAdditionalFields, true);
  const either = parseQuery("query all resources where displayName = 'x' return ALLADDITIONALFIELDS");
  assert.ok(either.returnAllAdditionalFields && either.where !== null, 'return may follow where');
  assert.is.not(parseQuery("query all resources where displayName = 'x'").canonical, parseQuery("query all resources where displayName = 'X'").canonical);
  const nested = parseQuery("query all resources where (lifecycleState = 'A' || lifecycleState = 'B') && displayName != 'c'");
  assert.equal(nested.where, {
    kind: 'and',
    conditions: [
      { kind: 'or', conditions: [
        { kind: 'compare', field: 'lifecycleState', op: '=', value: 'A' },
        { kind: 'compare', field: 'lifecycleState', op: '=', value: 'B' },
      ] },
      { kind: 'compare', field: 'displayName', op: '!=', value: 'c' },
    ],
  });
  assert.is((parseQuery("query all resources where displayName = 'it\\'s'").where as { value: string }).value, "it's");
});

test('parseQuery: errors are 400 InvalidParameter naming the token and position', () => {
  const cases: [string, RegExp][] = [
    ['', /empty/],
    ['find all resources', /expected 'query' at position 1, found 'find'/],
    ['query instance resource', /expected 'resources' at position 16, found 'resource'/],
    ['query instance', /expected 'resources' at position 15, found end of query/],
    ['query instanse resources', /unknown resource type 'instanse' at position 7/],
    ['query , resources', /expected a resource type or 'all' at position 7/],
    ["query all resources where colour = 'red'", /unsupported field 'colour' at position 27/],
    ["query all resources where freeformTags.key = 'env'", /unsupported field 'freeformTags.key'/],
    ["query all resources where timeCreated > '2024'", /unsupported field 'timeCreated'/],
    ["query all resources where displayName > 'a'", /operator '>' at position 39 is not supported/],
    ["query all resources where displayName = 'open", /unterminated string starting at position 41/],
    ['query all resources where displayName = "x"', /single quotes; found '"' at position 41/],
    ["query all resources where displayName 'x'", /expected an operator after 'displayName' at position 39/],
    ["query all resources where (displayName = 'x'", /expected '\)' at position 45, found end of query/],
    ["query all resources where displayName = 'x' &&", /expected a field name or '\(' at position 47/],
    ["query all resources sorted by displayName", /'sorted' at position 21 is not supported/],
    ["query all resources matching 'x'", /'matching' at position 21 is not supported/],
    ['query all resources return displayName', /only 'return allAdditionalFields' is supported/],
    ['query all resources extra', /unexpected 'extra' at position 21/],
    ["query all resources where displayName = 'a' where displayName = 'b'", /unexpected 'where'/],
    ['query all resources ; drop', /unexpected character ';' at position 21/],
  ];
  for (const [query, message] of cases) rejects(() => parseQuery(query), 400, 'InvalidParameter', message);
});

test('query all resources pages through every resource of every region exactly once', () => {
  for (const region of t.regions) {
    for (const limit of [1000, 37, 1]) {
      const { items, pages } = searchAll(t, region.name, 'query all resources', limit);
      assert.is(items.length, t.resourceCount(region.name), `${region.name} limit ${limit}`);
      assert.is(new Set(ids(items)).size, items.length);
      assert.is(pages, Math.ceil(items.length / limit), 'no trailing empty page');
      assert.equal(ids(items), ids(everything.get(region.name)!));
    }
  }
});

test('default limit applies when absent; nextPage only when more exist', () => {
  const first = searchPage(t, HOME, 'query all resources');
  assert.is(first.items.length, DEFAULT_SEARCH_LIMIT);
  assert.match(first.nextPage!, /^[A-Za-z0-9_-]+$/);
  const exact = searchPage(t, HOME, 'query vcn resources', { limit: home.filter((s) => s.resourceType === 'Vcn').length });
  assert.is(exact.nextPage, undefined);
  assert.ok(exact.items.length > 0);
  assert.is(searchPage(t, HOME, 'query all resources', { limit: '7' }).items.length, 7, 'a query-string limit');
});

test('limits outside 1..1000 are 400 InvalidParameter naming limit', () => {
  for (const limit of [0, 1001, -1, 1.5, 'abc', '10x', Number.NaN]) {
    rejects(() => searchPage(t, HOME, 'query all resources', { limit }), 400, 'InvalidParameter', /^Invalid limit '.*': must be an integer from 1 to 1000$/);
  }
});

test('page tokens are bound to tenancy, region and query; garbage is rejected', () => {
  const query = 'query all resources';
  const token = searchPage(t, HOME, query, { limit: 10 }).nextPage!;
  const bad = /^Invalid page token$/;
  rejects(() => searchPage(t, 'us-phoenix-1', query, { limit: 10, page: token }), 400, 'InvalidParameter', bad);
  rejects(() => searchPage(t, HOME, 'query instance resources', { limit: 10, page: token }), 400, 'InvalidParameter', bad);
  rejects(() => searchPage(smallTenancy('elsewhere'), HOME, query, { limit: 10, page: token }), 400, 'InvalidParameter', bad);
  for (const garbage of ['x', 'not a token', 'AAAAAAAAAAAAAAAAAAAAAAA', token.slice(0, -1), token + 'A', `${token.slice(0, 3)}${token[3] === 'A' ? 'B' : 'A'}${token.slice(4)}`]) {
    rejects(() => searchPage(t, HOME, query, { limit: 10, page: garbage }), 400, 'InvalidParameter', bad);
  }
  const again = searchPage(t, HOME, ' QUERY ALL RESOURCES ', { limit: 10, page: token });
  assert.equal(ids(again.items), ids(home.slice(10, 20)), 'same query in another spelling accepts the token');
});

test('a region the tenancy does not subscribe to is 401 NotAuthenticated', () => {
  rejects(() => searchPage(t, 'eu-paris-1', 'query all resources'), 401, 'NotAuthenticated', /eu-paris-1/);
});

test('type lists return exactly those types, in full, across pages', () => {
  for (const region of t.regions) {
    const wanted = ['Subnet', 'Key', 'User', 'Compartment'];
    const { items } = searchAll(t, region.name, 'query subnet, KEY, user, compartment resources', 3);
    const expected = everything.get(region.name)!.filter((s) => wanted.includes(s.resourceType));
    assert.equal(ids(items).sort(), ids(expected).sort());
  }
  const one = searchAll(t, HOME, 'query ClustersCluster resources').items;
  assert.ok(one.length > 0 && one.every((s) => s.resourceType === 'ClustersCluster'));
});

test('unknown types are 400; real types the emulator does not generate match nothing', () => {
  rejects(() => searchPage(t, HOME, 'query instance, spaceship resources'), 400, 'InvalidParameter', /unknown resource type 'spaceship'/);
  assert.equal(searchPage(t, HOME, 'query CustomerDnsZone resources'), { items: [] });
  const mixed = searchAll(t, HOME, 'query customerdnszone, vcn resources').items;
  assert.ok(mixed.length > 0 && mixed.every((s) => s.resourceType === 'Vcn'));
});

test('where filters: compartmentId, lifecycleState (either spelling, any case), displayName, with = != && || ()', () => {
  const compartment = home.find((s) => s.resourceType === 'Instance')!.compartmentId;
  const check = (query: string, predicate: (s: ResourceSummary) => boolean, limit = 9) => {
    const got = searchAll(t, HOME, query, limit).items;
    const expected = home.filter(predicate);
    assert.ok(expected.length > 0, `no subjects for ${query}`);
    assert.equal(ids(got), ids(expected), query);
  };
  check(`query all resources where compartmentId = '${compartment}'`, (s) => s.compartmentId === compartment);
  check(`query all resources where compartmentId != '${compartment}'`, (s) => s.compartmentId !== compartment, 100);
  check("query all resources where lifeCycleState = 'running'", (s) => s.lifecycleState === 'RUNNING');
  check("query instance resources where lifecycleState != 'RUNNING'", (s) => s.resourceType === 'Instance' && s.lifecycleState !== 'RUNNING');
  check(`query all resources where compartmentId = '${compartment}' && lifecycleState = 'AVAILABLE'`,
    (s) => s.compartmentId === compartment && s.lifecycleState === 'AVAILABLE');
  check("query all resources where lifecycleState = 'TERMINATED' || lifecycleState = 'DELETED'",
    (s) => s.lifecycleState === 'TERMINATED' || s.lifecycleState === 'DELETED');
  check(`query all resources where (lifecycleState = 'STOPPED' || lifecycleState = 'DISABLED') && compartmentId != '${compartment}'`,
    (s) => (s.lifecycleState === 'STOPPED' || s.lifecycleState === 'DISABLED') && s.compartmentId !== compartment);
  const part = home.find((s) => s.resourceType === 'Bucket')!.displayName.split('-')[1]!;
  check(`query all resources where resourceType = 'Bucket' && displayName =~ '${part.toUpperCase()}'`,
    (s) => s.resourceType === 'Bucket' && s.displayName.toLowerCase().includes(part));
  const vcn = home.find((s) => s.resourceType === 'Vcn')!;
  check(`query all resources where identifier = '${vcn.identifier}'`, (s) => s.identifier === vcn.identifier);
  check(`query all resources where displayName = '${vcn.displayName}'`, (s) => s.displayName.toLowerCase() === vcn.displayName.toLowerCase());
});

test('displayName filters match hostile names exactly', () => {
  for (const example of t.hostileExamples().filter((e) => e.kind === 'name-comma' || e.kind === 'name-double-quote' || e.kind === 'name-cjk' || e.kind === 'name-newline-crlf')) {
    const name = t.findByOcid(example.ocid)!.summary.displayName;
    const got = searchAll(t, example.region, `query all resources where displayName = '${name.replaceAll("'", "\\'")}'`).items;
    assert.equal(ids(got), [example.ocid], example.kind);
  }
});

test('additionalDetails only with return allAdditionalFields', () => {
  const plain = searchAll(t, HOME, 'query bucket, subnet resources').items;
  assert.ok(plain.every((s) => Object.keys(s.additionalDetails).length === 0));
  const full = searchAll(t, HOME, 'query bucket, subnet resources return allAdditionalFields').items;
  assert.equal(ids(full), ids(plain));
  for (const s of full) {
    if (s.resourceType === 'Bucket') assert.is(s.additionalDetails['namespace'], t.namespace);
    else assert.match(s.additionalDetails['vcnId'] as string, /^ocid1\.vcn\.oc1\.iad\./);
    assert.equal(s, t.findByOcid(s.identifier)!.summary);
  }
});

test('global types come back from every region', () => {
  const users = t.regions.map((r) => ids(searchAll(t, r.name, 'query user, group, policy, dynamicresourcegroup, tagnamespace resources').items));
  assert.ok(users[0]!.length >= 20);
  for (const list of users) assert.equal(list, users[0]);
});

test('same seed gives deep-equal pages; another seed different ones', () => {
  const query = "query all resources where lifecycleState != 'DELETED' return allAdditionalFields";
  const a = searchPage(smallTenancy('det'), 'eu-frankfurt-1', query, { limit: 200 });
  const b = searchPage(smallTenancy('det'), 'eu-frankfurt-1', query, { limit: 200 });
  const c = searchPage(smallTenancy('det2'), 'eu-frankfurt-1', query, { limit: 200 });
  assert.equal(a, b);
  assert.not.equal(a.items, c.items);
});

test('every catalogue type can be queried by its own name', () => {
  for (const spec of RESOURCE_TYPES) {
    const items = searchAll(t, HOME, `query ${spec.searchType} resources`).items;
    assert.ok(items.length > 0 && items.every((s) => s.resourceType === spec.searchType), spec.searchType);
  }
});

test.run();
