import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RESOURCE_TYPES } from '../emulator/tenancy/catalogue.ts';
import { HOSTILE_KINDS } from '../emulator/tenancy/hostile.ts';
import { isoTime } from '../emulator/tenancy/iso-time.ts';
import { createTenancy } from '../emulator/tenancy/tenancy.ts';
import type { ResourceSummary } from '../emulator/tenancy/types.ts';
import { searchAll, smallTenancy, snapshot } from './emulator-tenancy-fixtures.ts';

const small = smallTenancy();
const smallAll = snapshot(small);
const byRegion = new Map(small.regions.map((r) => [r.name, [...small.iterate(r.name, { withDetails: true })]]));
const TYPE_BY_NAME = new Map(RESOURCE_TYPES.map((t) => [t.searchType, t]));
const GLOBAL_TYPE_NAMES = new Set(RESOURCE_TYPES.filter((t) => t.scope === 'global').map((t) => t.searchType));

test('same seed gives the same tenancy; another seed a different one', () => {
  const again = smallTenancy();
  assert.is(again.id, small.id);
  assert.equal(again.compartments, small.compartments);
  for (const region of small.regions) {
    assert.equal([...again.iterate(region.name, { withDetails: true })], byRegion.get(region.name));
  }
  const other = smallTenancy('another-seed');
  assert.is.not(other.id, small.id);
  const firstIds = (t: typeof small) => [...t.iterate('us-ashburn-1')].slice(0, 50).map((s) => s.identifier);
  assert.equal(firstIds(other).filter((id) => firstIds(small).includes(id)), []);
  assert.is.not(other.namespace, small.namespace);
});

test('small: 480 distinct resources over 3 regions, home region first', () => {
  assert.equal(small.regions.map((r) => [r.name, r.key, r.status, r.isHomeRegion]), [
    ['us-ashburn-1', 'IAD', 'READY', true],
    ['us-phoenix-1', 'PHX', 'READY', false],
    ['eu-frankfurt-1', 'FRA', 'READY', false],
  ]);
  assert.is(small.homeRegion, 'us-ashburn-1');
  assert.is(small.homeRegionKey, 'IAD');
  assert.is(smallAll.size, 480);
  for (const region of small.regions) assert.is(byRegion.get(region.name)!.length, small.resourceCount(region.name));
  assert.equal(small.regionSubscriptions()[0], { regionName: 'us-ashburn-1', regionKey: 'IAD', status: 'READY', isHomeRegion: true });
});

test('demo and numeric sizes: exact distinct counts and region counts', () => {
  const demo = createTenancy({ size: 'demo', seed: 'demo' });
  assert.is(demo.regions.length, 4);
  assert.is(snapshot(demo).size, 10_000);

  const custom = createTenancy({ size: 3_000, seed: 'custom', regionCount: 7 });
  assert.equal(custom.regions.map((r) => r.name), [
    'us-ashburn-1', 'us-phoenix-1', 'eu-frankfurt-1', 'uk-london-1', 'us-chicago-1', 'ap-tokyo-1', 'eu-amsterdam-1',
  ]);
  assert.equal(custom.regions.map((r) => r.availabilityDomains.length), [3, 3, 3, 3, 3, 1, 1]);
  assert.is(snapshot(custom).size, 3_000);
  assert.is(custom.regions[6]!.ocidSegment, 'eu-amsterdam-1');
  assert.is(custom.regions[1]!.ocidSegment, 'phx');
});

test('invalid sizes and region counts are rejected with the value in the message', () => {
  assert.throws(() => createTenancy({ size: 0, seed: 's' }), /size must be/);
  assert.throws(() => createTenancy({ size: 1_000_001, seed: 's' }), /1000000; got 1000001/);
  assert.throws(() => createTenancy({ size: 'huge' as never, seed: 's' }), /got huge/);
  assert.throws(() => createTenancy({ size: 'small', seed: 's', regionCount: 21 }), /regionCount must be an integer 1..20; got 21/);
  assert.throws(() => createTenancy({ size: 200, seed: 's', regionCount: 20 }), /too small for 20 region/);
  assert.throws(() => createTenancy({ size: 'small', seed: '' }), /seed/);
});

test('small holds every catalogue type (more than 40) in every region, with Search type names', () => {
  assert.ok(RESOURCE_TYPES.length >= 40);
  for (const [region, items] of byRegion) {
    const types = new Set(items.map((s) => s.resourceType));
    assert.equal([...types].sort(), RESOURCE_TYPES.map((t) => t.searchType).sort(), region);
  }
  for (const name of ['Instance', 'Vcn', 'Subnet', 'Bucket', 'ClustersCluster', 'DynamicResourceGroup', 'VaultSecret', 'ContainerRepo', 'DHCPOptions', 'FunctionsFunction']) {
    assert.ok(TYPE_BY_NAME.has(name), name);
  }
});

test('OCIDs have the right form for their scope and region, and are unique', () => {
  assert.match(small.id, /^ocid1\.tenancy\.oc1\.\.[a-z2-7]{60}$/);
  const seen = new Set<string>();
  for (const region of small.regions) {
    for (const s of byRegion.get(region.name)!) {
      const spec = TYPE_BY_NAME.get(s.resourceType)!;
      const token = spec.ocidToken;
      const pattern = spec.scope === 'global'
        ? new RegExp(`^ocid1\\.${token}\\.oc1\\.\\.[a-z2-7]{60}$`)
        : spec.vaultSegment
          ? new RegExp(`^ocid1\\.${token}\\.oc1\\.${region.ocidSegment}\\.[a-z2-7]{13}\\.[a-z2-7]{60}$`)
          : new RegExp(`^ocid1\\.${token}\\.oc1\\.${region.ocidSegment}\\.[a-z2-7]{60}$`);
      assert.match(s.identifier, pattern);
      if (spec.scope !== 'global' || region.isHomeRegion) {
        assert.not.ok(seen.has(s.identifier), `duplicate ${s.identifier}`);
        seen.add(s.identifier);
      }
    }
  }
  assert.is(seen.size, 480);
});

test('summaries have every ResourceSummary field, ISO times with ms, ADs only on AD-scoped types', () => {
  const keys = ['resourceType', 'identifier', 'compartmentId', 'timeCreated', 'displayName', 'availabilityDomain', 'lifecycleState',
    'freeformTags', 'definedTags', 'systemTags', 'searchContext', 'identityContext', 'additionalDetails'];
  for (const region of small.regions) {
    for (const s of byRegion.get(region.name)!) {
      assert.equal(Object.keys(s), keys);
      assert.not.ok('region' in s);
      assert.match(s.timeCreated, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      assert.ok(Date.parse(s.timeCreated) < Date.UTC(2025, 5, 1));
      assert.is(s.searchContext, null);
      assert.equal(s.identityContext, {});
      const spec = TYPE_BY_NAME.get(s.resourceType)!;
      if (spec.scope === 'ad') {
        assert.match(s.availabilityDomain!, new RegExp(`^[A-Z][a-z]{3}:${region.key}-AD-[1-3]$`));
        assert.ok(region.availabilityDomains.includes(s.availabilityDomain!));
      } else {
        assert.is(s.availabilityDomain, null);
      }
      assert.ok(spec.states.some(([state]) => state === s.lifecycleState), `${s.resourceType} ${s.lifecycleState}`);
      for (const [ns, tags] of Object.entries(s.definedTags)) {
        assert.type(tags, 'object', ns);
        for (const v of Object.values(tags)) assert.type(v, 'string');
      }
    }
  }
  const states = new Set([...smallAll.values()].map((s) => s.lifecycleState));
  assert.ok(states.has('TERMINATED') && states.has('DELETED') && states.has('RUNNING'));
});

test('compartments: root first, nested at least 5 deep, some DELETED, parents exist, names unique', () => {
  const compartments = small.compartments;
  assert.ok(compartments.length >= 20 && compartments.length <= 80, String(compartments.length));
  const [root] = compartments;
  assert.is(root!.id, small.id);
  assert.is(root!.compartmentId, null);
  assert.is(root!.name, small.name);
  const ids = new Map(compartments.map((c) => [c.id, c]));
  for (const c of compartments.slice(1)) {
    assert.ok(ids.has(c.compartmentId!), `parent of ${c.name}`);
    assert.is(c.depth, ids.get(c.compartmentId!)!.depth + 1);
    assert.match(c.id, /^ocid1\.compartment\.oc1\.\.[a-z2-7]{60}$/);
    assert.is(c.isAccessible, true);
  }
  assert.ok(Math.max(...compartments.map((c) => c.depth)) >= 5);
  assert.ok(compartments.filter((c) => c.lifecycleState === 'DELETED').length >= 2);
  assert.is(new Set(compartments.map((c) => c.name)).size, compartments.length);
  // Search shows every compartment but the root, DELETED ones included.
  const inSearch = byRegion.get('us-ashburn-1')!.filter((s) => s.resourceType === 'Compartment');
  assert.equal(inSearch.map((s) => s.identifier).sort(), compartments.slice(1).map((c) => c.id).sort());
  for (const s of inSearch) assert.is(s.lifecycleState, ids.get(s.identifier)!.lifecycleState);
});

test('resources are spread over compartments, never into DELETED ones', () => {
  const states = new Map(small.compartments.map((c) => [c.id, c.lifecycleState]));
  const used = new Set<string>();
  for (const s of smallAll.values()) {
    if (s.resourceType === 'Compartment') continue;
    assert.is(states.get(s.compartmentId), 'ACTIVE', `${s.identifier} in ${s.compartmentId}`);
    used.add(s.compartmentId);
  }
  assert.ok(used.size >= 15, String(used.size));
  const users = [...smallAll.values()].filter((s) => s.resourceType === 'User');
  for (const u of users) assert.is(u.compartmentId, small.id);
});

test('global types appear in every region with identical summaries', () => {
  const globals = (region: string) => byRegion.get(region)!.filter((s) => GLOBAL_TYPE_NAMES.has(s.resourceType));
  const home = globals('us-ashburn-1');
  assert.ok(home.length >= 40);
  assert.equal([...new Set(home.map((s) => s.resourceType))].sort(), [...GLOBAL_TYPE_NAMES].sort());
  for (const region of small.regions) assert.equal(globals(region.name), home, region.name);
  const found = small.findByOcid(home.find((s) => s.resourceType === 'User')!.identifier)!;
  assert.is(found.region, 'us-ashburn-1');
  assert.is(found.scope, 'global');
});

test('findByOcid returns what Search returns (with additionalDetails), and rejects anything else', () => {
  for (const region of small.regions) {
    for (const s of byRegion.get(region.name)!.filter((_, i) => i % 7 === 0)) {
      const found = small.findByOcid(s.identifier)!;
      assert.equal(found.summary, s);
      assert.is(found.region, TYPE_BY_NAME.get(s.resourceType)!.scope === 'global' ? 'us-ashburn-1' : region.name);
      assert.is(found.added, false);
    }
  }
  const some = byRegion.get('us-phoenix-1')!.find((s) => s.resourceType === 'Instance')!.identifier;
  const flip = (text: string, at: number) => text.slice(0, at) + (text[at] === 'a' ? 'b' : 'a') + text.slice(at + 1);
  assert.is(small.findByOcid(flip(some, some.length - 1)), undefined, 'filler changed');
  assert.is(small.findByOcid(flip(some, some.length - 45)), undefined, 'encoded block changed');
  assert.is(small.findByOcid(some.replace('.phx.', '.iad.')), undefined, 'region changed');
  assert.is(small.findByOcid(some.replace('ocid1.instance.', 'ocid1.volume.')), undefined, 'type changed');
  assert.is(small.findByOcid('ocid1.instance.oc1.phx.' + 'a'.repeat(60)), undefined);
  assert.is(small.findByOcid('garbage'), undefined);
  assert.is(small.findByOcid(small.id), undefined, 'the root is not a Search resource');
  const other = smallTenancy('other-tenancy');
  assert.is(small.findByOcid([...other.iterate('us-phoenix-1')][100]!.identifier), undefined, 'another tenancy');
});

test('references resolve: every OCID in references/additionalDetails is a live resource of the right type and region', () => {
  let checked = 0;
  for (const region of small.regions) {
    for (const s of byRegion.get(region.name)!) {
      const found = small.findByOcid(s.identifier)!;
      const values = [...Object.values(found.references), ...Object.values(s.additionalDetails)]
        .flatMap((v) => (Array.isArray(v) ? v : [v]))
        .filter((v): v is string => typeof v === 'string' && v.startsWith('ocid1.') && !v.startsWith('ocid1.keyversion.'));
      for (const ocid of values) {
        const target = small.findByOcid(ocid);
        assert.ok(target, `${s.resourceType} ${s.identifier} -> ${ocid}`);
        if (target!.scope !== 'global' && found.scope !== 'global') assert.is(target!.region, found.region);
        checked++;
      }
    }
  }
  assert.ok(checked > 500, String(checked));
});

test('relationships are internally consistent (Subnet in its Vcn, Key in its Vault, defaults per VCN)', () => {
  for (const [region, items] of byRegion) {
    for (const s of items) {
      if (s.resourceType === 'Subnet') {
        const vcn = small.findByOcid(s.additionalDetails['vcnId'] as string)!;
        assert.is(vcn.summary.resourceType, 'Vcn');
        assert.is(vcn.region, region);
        const routeTable = small.findByOcid(s.additionalDetails['routeTableId'] as string)!;
        assert.is(routeTable.references['vcnId'], vcn.summary.identifier, 'route table of the same VCN');
        const cidr = s.additionalDetails['cidrBlock'] as string;
        assert.ok(cidr.startsWith((vcn.summary.additionalDetails['cidrBlock'] as string).split('.').slice(0, 2).join('.') + '.'));
      }
      if (s.resourceType === 'Key') {
        const vaultId = s.additionalDetails['vaultId'] as string;
        const vault = small.findByOcid(vaultId)!;
        assert.is(vault.summary.resourceType, 'Vault');
        assert.is(s.identifier.split('.')[4], vaultId.split('.')[4], 'a key carries its vault segment');
      }
      if (s.resourceType === 'Bucket') assert.is(s.additionalDetails['namespace'], small.namespace);
      if (s.resourceType === 'Vcn') {
        const refs = small.findByOcid(s.identifier)!.references;
        for (const k of ['defaultRouteTableId', 'defaultSecurityListId', 'defaultDhcpOptionsId']) {
          assert.is(small.findByOcid(refs[k] as string)!.references['vcnId'], s.identifier, k);
        }
      }
    }
  }
});

test('children are created after their owner', () => {
  for (const s of [...byRegion.values()].flat()) {
    if (s.resourceType !== 'Subnet' && s.resourceType !== 'Key' && s.resourceType !== 'Log') continue;
    const ownerId = (s.additionalDetails['vcnId'] ?? s.additionalDetails['vaultId'] ?? s.additionalDetails['logGroupId']) as string;
    assert.ok(small.findByOcid(ownerId)!.summary.timeCreated < s.timeCreated, s.identifier);
  }
});

const hostileChecks: Record<(typeof HOSTILE_KINDS)[number], (s: ResourceSummary) => boolean> = {
  'name-comma': (s) => s.displayName.includes(','),
  'name-double-quote': (s) => s.displayName.includes('"'),
  'name-newline-lf': (s) => s.displayName.includes('\n') && !s.displayName.includes('\r'),
  'name-newline-crlf': (s) => s.displayName.includes('\r\n'),
  'name-leading-equals': (s) => s.displayName.startsWith('='),
  'name-leading-plus': (s) => s.displayName.startsWith('+'),
  'name-leading-minus': (s) => s.displayName.startsWith('-'),
  'name-leading-at': (s) => s.displayName.startsWith('@'),
  'name-255-chars': (s) => s.displayName.length === 255,
  'name-1000-plus-chars': (s) => s.displayName.length >= 1000,
  'name-accents': (s) => /[À-ÿ]/.test(s.displayName),
  'name-cjk': (s) => /\p{Script=Han}/u.test(s.displayName),
  'name-emoji': (s) => /\p{Extended_Pictographic}/u.test(s.displayName),
  'name-rtl': (s) => /[\u0590-\u08FF]/.test(s.displayName),
  'name-surrounding-whitespace': (s) => s.displayName !== s.displayName.trim(),
  'tags-empty': (s) => Object.keys(s.freeformTags).length === 0 && Object.keys(s.definedTags).length === 0,
  'tag-value-empty': (s) => Object.values(s.freeformTags).includes(''),
  'tag-value-equals-and-quotes': (s) => Object.values(s.freeformTags).some((v) => v.includes('=')) &&
    Object.values(s.freeformTags).some((v) => v.includes('"')),
  'tag-key-unicode': (s) => Object.keys(s.freeformTags).some((k) => /[^\x00-\x7f]/.test(k)),
};

test('every hostile kind is present, findable, and really hostile', () => {
  const examples = small.hostileExamples();
  assert.equal(examples.map((e) => e.kind), [...HOSTILE_KINDS]);
  assert.is(new Set(examples.map((e) => e.ocid)).size, examples.length);
  for (const example of examples) {
    const inSearch = byRegion.get(example.region)!.find((s) => s.identifier === example.ocid);
    assert.ok(inSearch, example.kind);
    assert.is(inSearch!.resourceType, example.resourceType);
    assert.ok(hostileChecks[example.kind](inSearch!), `${example.kind}: ${JSON.stringify(inSearch!.displayName)} ${JSON.stringify(inSearch!.freeformTags)}`);
  }
  const bigger = createTenancy({ size: 20_000, seed: 'hostile', regionCount: 5 });
  assert.equal(bigger.hostileExamples().map((e) => e.kind), [...HOSTILE_KINDS]);
  for (const e of bigger.hostileExamples()) assert.ok(hostileChecks[e.kind](bigger.findByOcid(e.ocid)!.summary), e.kind);
});

test('hostile names are also sprinkled over larger tenancies, never over restricted names like buckets', () => {
  const demo = createTenancy({ size: 'demo', seed: 'sprinkle' });
  const items = [...demo.iterate('us-ashburn-1')];
  const names = new Set(demo.hostileExamples().map((e) => e.ocid));
  const sprinkled = items.filter((s) => !names.has(s.identifier) && /[,"\n=+@]|^[-\s]|[^\x00-\x7f]/.test(s.displayName));
  assert.ok(sprinkled.length >= 5, String(sprinkled.length));
  for (const s of items.filter((i) => i.resourceType === 'Bucket')) assert.match(s.displayName, /^[A-Za-z0-9._-]+$/);
});

test('a global resource is found from its OCID whatever the region, and Search never returns the root', () => {
  const home = searchAll(small, 'us-ashburn-1', 'query all resources').items;
  assert.not.ok(home.some((s) => s.identifier === small.id));
});

test('isoTime formats exactly like Date.toISOString over the range the emulator uses', () => {
  const samples = [0, Date.UTC(2000, 1, 29, 23, 59, 59, 999), Date.UTC(2024, 11, 31, 0, 0, 0, 7), Date.UTC(2100, 2, 1)];
  for (let ms = Date.UTC(2017, 0, 1); ms < Date.UTC(2027, 0, 1); ms += 86_400_000 * 3 + 3_600_123) samples.push(ms);
  for (const ms of samples) assert.is(isoTime(ms), new Date(ms).toISOString(), String(ms));
});

test.run();
