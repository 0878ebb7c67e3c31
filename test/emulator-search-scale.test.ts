import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { encodePageToken } from '../emulator/search/page-token.ts';
import { parseQuery } from '../emulator/search/query-parser.ts';
import { searchPage } from '../emulator/search/search-page.ts';
import { RESOURCE_TYPES } from '../emulator/tenancy/catalogue.ts';
import { createTenancy } from '../emulator/tenancy/tenancy.ts';

// Laziness is a functional property: a million resources must not be a million objects.
test('a 1,000,000-resource tenancy is created and paged in the middle while the heap stays small', () => {
  const heapBefore = process.memoryUsage().heapUsed;
  const t = createTenancy({ size: 1_000_000, seed: 'scale' });
  const region = 'us-ashburn-1';
  const globals = RESOURCE_TYPES.filter((s) => s.scope === 'global').reduce((n, s) => n + t.baseTypeCounts(region)[s.searchType]!, 0);
  const perRegion = t.regions.map((r) => t.resourceCount(r.name));
  assert.is(perRegion.reduce((a, b) => a + b, 0) - (t.regions.length - 1) * globals, 1_000_000);
  assert.ok(t.compartments.length > 200 && t.compartments.length <= 301, String(t.compartments.length));

  const query = 'query all resources';
  const middle = Math.floor(t.resourceCount(region) / 2);
  const page = searchPage(t, region, query, { limit: 1000, page: encodePageToken(t.tokenKey, region, parseQuery(query).canonical, middle) });
  assert.is(page.items.length, 1000);
  const next = searchPage(t, region, query, { limit: 1000, page: page.nextPage! });
  assert.is(next.items.length, 1000);
  const seen = new Set(page.items.map((s) => s.identifier));
  assert.ok(next.items.every((s) => !seen.has(s.identifier)));
  const probe = next.items[500]!;
  assert.equal(t.findByOcid(probe.identifier)!.summary.identifier, probe.identifier);

  const filtered = searchPage(t, region, `query subnet, vcn resources where compartmentId = '${probe.compartmentId}' return allAdditionalFields`, { limit: 50 });
  assert.ok(filtered.items.every((s) => s.compartmentId === probe.compartmentId && ['Subnet', 'Vcn'].includes(s.resourceType)));

  const growthMb = (process.memoryUsage().heapUsed - heapBefore) / 1e6;
  assert.ok(growthMb < 100, `heap grew ${growthMb.toFixed(1)} MB`);
});

test.run();
