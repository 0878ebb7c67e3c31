import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { canonicalize } from 'json-canonicalize';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startEmulator, type Emulator } from '../emulator/index.ts';
import { HOSTILE_KINDS } from '../emulator/tenancy/index.ts';
import {
  emulatorAuthArgs,
  makeTempDir,
  readCsvRows,
  readJsonlLines,
  readParquetRows,
  removeTempDir,
  runCli,
  runDirOf,
  sha256OfFile,
  type CliResult,
} from './support/cli-harness.ts';
import { configFileProvider, searchAll, searchClient } from './support/emulator-clients.ts';

/*
 * `oci-inventory run` end to end against the emulator's multi-region "small" tenancy (~480 resources in
 * 3 regions, hostile names included), through the CLI's public entry point. Every artifact is read back
 * with independent tools (JSON.parse + json-canonicalize, csv-parse, parquet-wasm + apache-arrow) and
 * compared with an independent walk of Resource Search made with the real OCI SDK.
 */

/** The record contract, written out here rather than imported, so a change to it has to change this test. */
const RECORD_KEYS = [
  'ocid', 'resourceType', 'displayName', 'compartmentId', 'region', 'availabilityDomain', 'lifecycleState', 'timeCreated',
  'definedTags', 'freeformTags', 'collectedAt', 'enrichStatus', 'enrichError', 'details', 'relationships',
] as const;
const CSV_COLUMNS = ['ocid', 'resourceType', 'displayName', 'compartmentId', 'region', 'lifecycleState', 'timeCreated', 'enrichStatus'] as const;
/** Fields whose Parquet cell is the canonical JSON text of the value. */
const JSON_VALUED = new Set(['definedTags', 'freeformTags', 'details', 'relationships']);
const IAM_TYPES = ['Compartment', 'DynamicResourceGroup', 'Group', 'Policy', 'TagNamespace', 'User'];
const ENRICH_STATUSES = ['OK', 'NOT_IMPLEMENTED', 'NOT_FOUND', 'ERROR'] as const;
/** First characters csv-stringify's escape_formulas neutralises (see shared/export/csv-writer.ts). */
const FORMULA_STARTS = new Set(['=', '+', '-', '@', '\t', '\r', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20']);

type InventoryLine = Record<string, unknown> & { ocid: string; resourceType: string };

/** One resource as Search returned it, keyed by (identifier, resourceType), with every region it appeared in. */
interface WalkedResource {
  key: string;
  summary: Record<string, unknown>;
  regions: string[];
}

let emulator: Emulator;
let workDir: string;
let result: CliResult;
let runDir: string;
let lines: string[];
let records: InventoryLine[];
let walked: Map<string, WalkedResource>;

const keyOf = (ocid: string, resourceType: string): string => `${ocid}\u0000${resourceType}`;

function plainCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Walks every region's Structured Search with the real SDK, paging to the end; dedupes by (identifier, resourceType). */
async function walkSearch(): Promise<Map<string, WalkedResource>> {
  const { provider } = await configFileProvider(emulator, join(workDir, 'walk'));
  const resources = new Map<string, WalkedResource>();
  for (const region of emulator.tenancy.regions) {
    const { items } = await searchAll(searchClient(emulator, provider, region.name), 'query all resources');
    for (const item of items) {
      const key = keyOf(item.identifier, item.resourceType);
      const known = resources.get(key);
      if (known) known.regions.push(region.name);
      else resources.set(key, { key, summary: item as unknown as Record<string, unknown>, regions: [region.name] });
    }
  }
  return resources;
}

function isoOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : new Date(value as string | Date).toISOString();
}

function recordByKey(): Map<string, InventoryLine> {
  return new Map(records.map((record) => [keyOf(record.ocid, record.resourceType), record]));
}

test.before(async () => {
  emulator = await startEmulator({ tenancy: 'small', seed: 'core-e2e-exports' });
  workDir = await makeTempDir('core-e2e-exports');
  const { configPath } = await emulator.writeOciConfig(join(workDir, 'oci'));
  result = await runCli(['run', ...emulatorAuthArgs(emulator, configPath), '--outdir', join(workDir, 'out')], { cwd: workDir });
  runDir = runDirOf(result);
  lines = await readJsonlLines(join(runDir, 'inventory.jsonl'));
  records = lines.map((line) => JSON.parse(line) as InventoryLine);
  walked = await walkSearch();
});

test.after(async () => {
  await emulator?.close();
  await removeTempDir(workDir);
});

test('run exits 0 and prints the run folder as the last stdout line; the folder holds the three exports and run_summary.json', async () => {
  assert.is(result.exitCode, 0, result.stderr);
  assert.is(dirname(runDir), join(workDir, 'out'));
  assert.equal((await readdir(runDir)).sort(), ['graph_edges.jsonl', 'graph_nodes.jsonl', 'inventory.csv', 'inventory.jsonl', 'inventory.parquet', 'run_summary.json']);
});

test('every resource of every region is exported exactly once (same (ocid, resourceType) set as an SDK walk of Search)', () => {
  // The walk really covers several regions and finds global resources in each of them.
  assert.ok(emulator.tenancy.regions.length >= 3);
  assert.ok([...walked.values()].some((resource) => resource.regions.length > 1), 'expected global resources in every region');
  const exported = records.map((record) => keyOf(record.ocid, record.resourceType));
  assert.is(new Set(exported).size, exported.length, 'a key appears twice in inventory.jsonl');
  assert.equal([...exported].sort(plainCompare), [...walked.keys()].sort(plainCompare));
  assert.is(records.length, emulator.tenancy.baseResourceCount);
});

test('each record carries the values Search returned, and the region it was found in', () => {
  const home = emulator.tenancy.homeRegion;
  const byKey = recordByKey();
  for (const resource of walked.values()) {
    const record = byKey.get(resource.key);
    assert.ok(record, `missing ${resource.key}`);
    const summary = resource.summary;
    const where = `${record.ocid} ${record.resourceType}`;
    assert.is(record.displayName, summary.displayName ?? null, where);
    assert.is(record.compartmentId, summary.compartmentId ?? null, where);
    assert.is(record.lifecycleState, summary.lifecycleState ?? null, where);
    assert.is(record.availabilityDomain, summary.availabilityDomain ?? null, where);
    assert.is(record.timeCreated, isoOrNull(summary.timeCreated), where);
    assert.equal(record.freeformTags, summary.freeformTags ?? null, where);
    assert.equal(record.definedTags, summary.definedTags ?? null, where);
    assert.is(record.region, resource.regions.length > 1 ? home : resource.regions[0], where);
  }
});

test('global IAM resources appear once, with region = the home region', () => {
  const regionCount = emulator.tenancy.regions.length;
  const globalKeys = new Set([...walked.values()].filter((resource) => resource.regions.length === regionCount).map((r) => r.key));
  const globalTypes = new Set([...walked.values()].filter((resource) => globalKeys.has(resource.key)).map((r) => r.summary.resourceType));
  for (const type of IAM_TYPES) assert.ok(globalTypes.has(type), `${type} should be returned by every region's Search`);
  const iam = records.filter((record) => IAM_TYPES.includes(record.resourceType));
  assert.ok(iam.length >= IAM_TYPES.length);
  for (const record of iam) {
    assert.is(record.region, emulator.tenancy.homeRegion, `${record.ocid} ${record.resourceType}`);
    assert.ok(globalKeys.has(keyOf(record.ocid, record.resourceType)));
  }
  // Regional resources keep their own region, and every region is represented.
  const regions = new Set(records.filter((record) => !IAM_TYPES.includes(record.resourceType)).map((record) => record.region));
  assert.equal([...regions].sort(), emulator.tenancy.regions.map((region) => region.name).sort());
});

test('JSONL: every line is RFC 8785 canonical JSON with exactly the 15 contract keys, sorted by (ocid, resourceType) in plain string order', () => {
  assert.ok(lines.length > 400);
  const expectedKeys = [...RECORD_KEYS].sort();
  lines.forEach((line, index) => {
    const record = records[index]!;
    assert.is(canonicalize(record), line, `line ${index + 1} is not canonical`);
    assert.equal(Object.keys(record).sort(), expectedKeys, `line ${index + 1} keys`);
    assert.ok((ENRICH_STATUSES as readonly string[]).includes(record.enrichStatus as string), `line ${index + 1} enrichStatus`);
    assert.ok(Array.isArray(record.relationships), `line ${index + 1} relationships`);
    assert.ok(typeof record.collectedAt === 'string' && !Number.isNaN(Date.parse(record.collectedAt)));
    if (index > 0) {
      const previous = records[index - 1]!;
      const ordered = previous.ocid < record.ocid || (previous.ocid === record.ocid && previous.resourceType < record.resourceType);
      assert.ok(ordered, `line ${index + 1} (${record.ocid}) does not sort after line ${index} (${previous.ocid})`);
    }
  });
});

test('hostile names and tags exist and survive the JSONL byte for byte', () => {
  const examples = emulator.tenancy.hostileExamples();
  assert.equal(examples.map((example) => example.kind).sort(), [...HOSTILE_KINDS].sort());
  const byKey = recordByKey();
  const nameOf = (kind: string): string => {
    const example = examples.find((candidate) => candidate.kind === kind)!;
    const record = byKey.get(keyOf(example.ocid, example.resourceType));
    assert.ok(record, `no record for hostile kind ${kind}`);
    assert.is(record.region, example.region);
    const summary = walked.get(keyOf(example.ocid, example.resourceType))!.summary;
    assert.is(record.displayName, summary.displayName, kind);
    assert.equal(record.freeformTags, summary.freeformTags, kind);
    assert.equal(record.definedTags, summary.definedTags, kind);
    return record.displayName as string;
  };
  for (const example of examples) nameOf(example.kind);
  assert.match(nameOf('name-comma'), /, /);
  assert.match(nameOf('name-double-quote'), /"primary"/);
  assert.match(nameOf('name-newline-lf'), /^first line\nsecond line/);
  assert.match(nameOf('name-newline-crlf'), /^first line\r\nsecond line/);
  assert.match(nameOf('name-leading-equals'), /^=HYPERLINK\(/);
  assert.match(nameOf('name-leading-plus'), /^\+/);
  assert.match(nameOf('name-leading-minus'), /^-/);
  assert.match(nameOf('name-leading-at'), /^@SUM/);
  assert.is(nameOf('name-255-chars').length, 255);
  assert.ok(nameOf('name-1000-plus-chars').length >= 1000);
  assert.match(nameOf('name-accents'), /Café-Zürich-Ærøskøbing/);
  assert.match(nameOf('name-cjk'), /東京/);
  assert.match(nameOf('name-emoji'), /🚀 launch 🔥 \d+ 👩‍💻/u);
  assert.match(nameOf('name-rtl'), /خادم/);
  assert.match(nameOf('name-surrounding-whitespace'), /^ {2}padded\tname \d+ $/);
  const tagged = (kind: string) => {
    const example = examples.find((candidate) => candidate.kind === kind)!;
    return byKey.get(keyOf(example.ocid, example.resourceType))!;
  };
  assert.equal(tagged('tag-value-equals-and-quotes').freeformTags, { expr: 'a=b', quoted: 'say "hi"', formula: '=1+2', mixed: `it's "x=y", ok` });
  assert.equal(tagged('tag-key-unicode').freeformTags, { 'Kostenstelle-ä': '4711', '部署': '開発', '😀': 'smile' });
  assert.equal(tagged('tags-empty').freeformTags, {});
  // No raw line break inside a JSONL line: a newline in a name is escaped, so one line is one record.
  assert.is(lines.length, records.length);
  assert.ok(lines.every((line) => !line.includes('\n') && !line.includes('\r')));
});

/**
 * What the CSV cell of a value is: null is an empty field; a value starting with = + - @ TAB CR (or their
 * full-width forms) carries a leading `'` so that spreadsheets show it as text instead of evaluating it.
 */
function expectedCsvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return FORMULA_STARTS.has(text[0] ?? '') ? `'${text}` : text;
}

test('CSV: header plus one row per record, same order; hostile cells round-trip through csv-parse; formula cells get a leading quote', async () => {
  const text = await readFile(join(runDir, 'inventory.csv'), 'utf8');
  assert.ok(text.endsWith('\r\n'), 'rows end with CRLF (RFC 4180)');
  assert.not.ok(text.startsWith('\uFEFF'), 'no byte order mark');
  const rows = await readCsvRows(join(runDir, 'inventory.csv'));
  assert.equal(rows[0], [...CSV_COLUMNS]);
  assert.is(rows.length, records.length + 1);
  records.forEach((record, index) => {
    const row = rows[index + 1]!;
    assert.equal(
      row,
      CSV_COLUMNS.map((column) => expectedCsvCell(record[column])),
      `CSV row ${index + 2} (${record.ocid})`,
    );
  });

  // The neutralising prefix, spelled out on the hostile resources.
  const examples = emulator.tenancy.hostileExamples();
  const rowOf = (kind: string): string[] => {
    const example = examples.find((candidate) => candidate.kind === kind)!;
    const row = rows.find((candidate) => candidate[0] === example.ocid && candidate[1] === example.resourceType);
    assert.ok(row, `no CSV row for ${kind}`);
    return row;
  };
  const displayName = CSV_COLUMNS.indexOf('displayName');
  assert.match(rowOf('name-leading-equals')[displayName]!, /^'=HYPERLINK\("http:\/\/example\.invalid\/\d+","open"\)$/);
  assert.match(rowOf('name-leading-plus')[displayName]!, /^'\+/);
  assert.match(rowOf('name-leading-minus')[displayName]!, /^'-/);
  assert.match(rowOf('name-leading-at')[displayName]!, /^'@SUM/);
  assert.match(rowOf('name-comma')[displayName]!, /^web, prod, #\d+$/);
  assert.match(rowOf('name-double-quote')[displayName]!, /^the "primary" server \d+$/);
  assert.match(rowOf('name-newline-crlf')[displayName]!, /^first line\r\nsecond line \d+$/);
  assert.match(rowOf('name-surrounding-whitespace')[displayName]!, /^ {2}padded\tname \d+ $/);
});

test('Parquet: the same 15 columns, rows and values as the JSONL (objects and arrays as canonical JSON text)', async () => {
  const { columns, rows } = await readParquetRows(join(runDir, 'inventory.parquet'));
  assert.equal(columns, [...RECORD_KEYS]);
  assert.is(rows.length, records.length);
  records.forEach((record, index) => {
    const row = rows[index]!;
    for (const key of RECORD_KEYS) {
      const value = record[key];
      const expected = value === null ? null : JSON_VALUED.has(key) ? canonicalize(value) : (value as string);
      assert.is(row[key], expected, `Parquet row ${index} (${record.ocid}) column ${key}`);
    }
  });
});

test('run_summary.json: status, counts by type and enrich status, per-region resources and file hashes match the artifacts', async () => {
  const summary = JSON.parse(await readFile(join(runDir, 'run_summary.json'), 'utf8')) as Record<string, unknown> & {
    regions: { name: string; status: string; resources: number; error: string | null }[];
    files: { name: string; bytes: number; sha256: string }[];
    counts_by_resource_type: Record<string, number>;
    counts_by_enrich_status: Record<string, number>;
  };
  assert.is(summary.status, 'complete');
  assert.is(summary.error, null);
  assert.is(summary.diff, null);
  assert.is(summary.tenancyId, emulator.tenancy.id);
  assert.is(summary.total_discovered, records.length);

  const byType: Record<string, number> = {};
  for (const record of records) byType[record.resourceType] = (byType[record.resourceType] ?? 0) + 1;
  assert.equal(summary.counts_by_resource_type, byType);
  assert.equal(Object.keys(summary.counts_by_resource_type), Object.keys(byType).sort(plainCompare), 'types listed in name order');

  const byStatus = Object.fromEntries(ENRICH_STATUSES.map((status) => [status, records.filter((r) => r.enrichStatus === status).length]));
  assert.equal(summary.counts_by_enrich_status, byStatus);
  assert.is(summary.not_implemented, byStatus.NOT_IMPLEMENTED);
  assert.is(summary.enriched_ok, byStatus.OK);
  assert.is(summary.not_found, byStatus.NOT_FOUND);
  assert.is(summary.errors, byStatus.ERROR);

  // Each region's count is what its Search returned (global resources counted in every region).
  const expectedRegions = emulator.tenancy.regions.map((region) => region.name).sort(plainCompare);
  assert.equal(summary.regions.map((region) => region.name), expectedRegions);
  for (const region of summary.regions) {
    assert.is(region.status, 'complete');
    assert.is(region.error, null);
    assert.is(region.resources, [...walked.values()].filter((resource) => resource.regions.includes(region.name)).length, region.name);
  }
  assert.is(summary.compartments, emulator.tenancy.compartments.length);

  assert.equal(summary.files.map((file) => file.name).sort(), ['graph_edges.jsonl', 'graph_nodes.jsonl', 'inventory.csv', 'inventory.jsonl', 'inventory.parquet']);
  for (const file of summary.files) {
    const bytes = await readFile(join(runDir, file.name));
    assert.is(file.bytes, bytes.length, file.name);
    assert.is(file.sha256, await sha256OfFile(join(runDir, file.name)), file.name);
  }
});

test.run();
