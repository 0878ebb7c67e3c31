/**
 * Records are born in canonical key order: the enrichment's copies (toJsonValue, enrichmentFromModel)
 * sort every object's keys, so the export can canonicalise them with JSON.stringify after one order check.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { enrichmentFromModel, type TypeDeclaration } from '../shared/enrich/declaration.ts';
import { objectInKeyOrder, toJsonValue } from '../shared/enrich/search-summary.ts';
import { canonicalJson } from '../shared/json/canonical-json.ts';
import type { ResourceSummary } from '../shared/discovery/search-pages.ts';
import { recordFromSummary } from '../shared/normalize/record-from-summary.ts';

function keysSortedEverywhere(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (Array.isArray(value)) return value.every(keysSortedEverywhere);
  const keys = Object.keys(value);
  return keys.every((key, index) => index === 0 || (keys[index - 1] as string) < key) && keys.every((key) => keysSortedEverywhere((value as Record<string, unknown>)[key]));
}

const unordered = {
  zeta: 1,
  alpha: { z: [{ b: 2, a: 1 }], y: null, x: new Date(Date.UTC(2024, 0, 2)) },
  Beta: 'capital letters sort before lower case',
  émile: 'non-ASCII sorts by UTF-16 code units',
  mid: undefined,
};

test('toJsonValue copies with every object in sorted key order, so JSON.stringify is already canonical', () => {
  const copy = toJsonValue(unordered);
  assert.ok(keysSortedEverywhere(copy));
  assert.equal(Object.keys(copy as object), ['Beta', 'alpha', 'zeta', 'émile']);
  assert.is(JSON.stringify(copy), canonicalJson(unordered));
});

test('a data key named __proto__ stays a member of the copy, not its prototype', () => {
  const parsed = JSON.parse('{"z":1,"__proto__":{"polluted":true}}') as unknown;
  const copy = toJsonValue(parsed) as Record<string, unknown>;
  assert.is(Object.getPrototypeOf(copy), Object.prototype);
  assert.equal(Object.keys(copy), ['__proto__', 'z']);
  assert.is(JSON.stringify(copy), '{"__proto__":{"polluted":true},"z":1}');
  assert.is((objectInKeyOrder([['b', 1], ['__proto__', 2]]) as Record<string, unknown>)['__proto__'], 2);
});

test('enrichmentFromModel: details in sorted order (declared fields and list results together), edges from model and lists', () => {
  const declaration = {
    resourceType: 'Thing',
    details: ['zone', 'config', 'absent'],
    lists: { attachments: async () => [] },
    relations: [
      ['in_subnet', 'subnetId'],
      ['has_vnic', 'attachments[].vnicId'],
    ],
  } as unknown as TypeDeclaration;
  const summary = { identifier: 'ocid1.thing.oc1..self', resourceType: 'Thing', compartmentId: 'ocid1.compartment.oc1..c' } as ResourceSummary;
  const model = { zone: 'AD-1', subnetId: 'ocid1.subnet.oc1..s', config: { retries: 3, enabled: true } };
  const result = enrichmentFromModel(declaration, summary, model, { attachments: [{ vnicId: 'ocid1.vnic.oc1..v', id: 'a1' }] });
  assert.equal(Object.keys(result.details ?? {}), ['absent', 'attachments', 'config', 'zone']);
  assert.ok(keysSortedEverywhere(result.details));
  assert.is(JSON.stringify(result.details), canonicalJson(result.details));
  assert.equal(
    result.relationships.map((edge) => `${edge.relation} ${edge.target}`).sort(),
    ['has_vnic ocid1.vnic.oc1..v', 'in_compartment ocid1.compartment.oc1..c', 'in_subnet ocid1.subnet.oc1..s'],
  );
});

test('recordFromSummary: tags from the Search summary come out in sorted key order too', () => {
  const summary = {
    identifier: 'ocid1.instance.oc1..i',
    resourceType: 'Instance',
    freeformTags: { team: 'a', env: 'prod' },
    definedTags: { Ops: { owner: 'x', CostCenter: '42' }, Budget: { code: '7' } },
  } as unknown as ResourceSummary;
  const record = recordFromSummary(summary, 'us-ashburn-1', { status: 'NOT_IMPLEMENTED', details: null, relationships: [], error: null }, new Date(0));
  assert.is(JSON.stringify(record.freeformTags), '{"env":"prod","team":"a"}');
  assert.is(JSON.stringify(record.definedTags), '{"Budget":{"code":"7"},"Ops":{"CostCenter":"42","owner":"x"}}');
});

test.run();
