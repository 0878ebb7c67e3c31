import { copyFile, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startEmulator, type Emulator } from '../emulator/index.ts';
import type { MutationReport } from '../emulator/tenancy/index.ts';
import {
  emulatorAuthArgs,
  makeTempDir,
  readJsonlRecords,
  removeTempDir,
  runCli,
  runDirOf,
  type CliResult,
} from './support/cli-harness.ts';

/*
 * History as diffs, end to end: inventory the tenancy, let the emulator change it at random (adds, removes,
 * renames, state changes, moves, retags), inventory again with --prev, and check that diff.json and
 * diff_summary.json report exactly what the emulator says it changed, field by field. Then the standalone
 * `diff` command on the same two files, and malformed --prev input.
 */

interface DiffSummary {
  added: number;
  removed: number;
  changed: number;
  unchanged: number;
  prev_total: number;
  curr_total: number;
}

interface FieldChange {
  path: string;
  before?: unknown;
  after?: unknown;
}

interface DiffDocument {
  summary: DiffSummary;
  added: { ocid: string; resourceType: string }[];
  removed: { ocid: string; resourceType: string }[];
  changed: { ocid: string; resourceType: string; prevHash: string; currHash: string; changes: FieldChange[] }[];
}

type InventoryRecord = Record<string, unknown> & { ocid: string; resourceType: string };

/** The report's field names and the JSON pointer each one shows up under in a record. */
const FIELD_POINTERS: Record<string, string> = {
  displayName: '/displayName',
  lifecycleState: '/lifecycleState',
  compartmentId: '/compartmentId',
  freeformTags: '/freeformTags',
  definedTags: '/definedTags',
};

let emulator: Emulator;
let workDir: string;
let configPath: string;
let firstDir: string;
let secondRun: CliResult;
let secondDir: string;
let report: MutationReport;
let prevRecords: Map<string, InventoryRecord>;
let currRecords: Map<string, InventoryRecord>;
let document: DiffDocument;

async function run(outName: string, extra: string[] = []): Promise<CliResult> {
  return runCli(['run', ...emulatorAuthArgs(emulator, configPath), '--outdir', join(workDir, outName), '--log-level', 'warn', ...extra], {
    cwd: workDir,
  });
}

async function recordsByOcid(dir: string): Promise<Map<string, InventoryRecord>> {
  const records = (await readJsonlRecords(join(dir, 'inventory.jsonl'))) as InventoryRecord[];
  const byOcid = new Map(records.map((record) => [record.ocid, record]));
  assert.is(byOcid.size, records.length, 'the small tenancy has one record per ocid');
  return byOcid;
}

function sorted(values: Iterable<string>): string[] {
  return [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The top-level record key a JSON pointer starts with: '/freeformTags/a~1b' -> 'freeformTags'. */
function topLevelKey(path: string): string {
  return path.split('/')[1] ?? '';
}

test.before(async () => {
  emulator = await startEmulator({ tenancy: 'small', seed: 'core-e2e-diff' });
  workDir = await makeTempDir('core-e2e-diff');
  ({ configPath } = await emulator.writeOciConfig(join(workDir, 'oci')));

  const first = await run('first');
  assert.is(first.exitCode, 0, first.stderr);
  firstDir = runDirOf(first);

  report = emulator.tenancy.applyRandomMutations({ seed: 'x', count: 12 });

  secondRun = await run('second', ['--prev', join(firstDir, 'inventory.jsonl')]);
  assert.is(secondRun.exitCode, 0, secondRun.stderr);
  secondDir = runDirOf(secondRun);
  prevRecords = await recordsByOcid(firstDir);
  currRecords = await recordsByOcid(secondDir);
  document = JSON.parse(await readFile(join(secondDir, 'diff.json'), 'utf8')) as DiffDocument;
});

test.after(async () => {
  await emulator?.close();
  await removeTempDir(workDir);
});

test('applyRandomMutations reports 12 distinct changes: sorted added/removed ocids and modified {ocid, fields}', () => {
  assert.equal(Object.keys(report).sort(), ['added', 'modified', 'removed']);
  const ocids = [...report.added, ...report.removed, ...report.modified.map((entry) => entry.ocid)];
  assert.is(ocids.length, 12);
  assert.is(new Set(ocids).size, 12, 'each mutation touches a different resource');
  assert.equal(report.added, sorted(report.added));
  assert.equal(report.removed, sorted(report.removed));
  assert.equal(report.modified.map((entry) => entry.ocid), sorted(report.modified.map((entry) => entry.ocid)));
  for (const entry of report.modified) {
    assert.equal(Object.keys(entry).sort(), ['fields', 'ocid']);
    assert.ok(entry.fields.length > 0);
    assert.equal(entry.fields, [...entry.fields].sort());
    for (const field of entry.fields) assert.ok(field in FIELD_POINTERS, `unexpected field ${field}`);
  }
  // With 12 draws this seed exercises every kind of change.
  assert.ok(report.added.length > 0 && report.removed.length > 0 && report.modified.length > 0, JSON.stringify(report));
});

test('the mutation report agrees with the two inventories themselves', () => {
  for (const ocid of report.added) {
    assert.not.ok(prevRecords.has(ocid), ocid);
    assert.ok(currRecords.has(ocid), ocid);
  }
  for (const ocid of report.removed) {
    assert.ok(prevRecords.has(ocid), ocid);
    assert.not.ok(currRecords.has(ocid), ocid);
  }
  for (const { ocid, fields } of report.modified) {
    const before = prevRecords.get(ocid);
    const after = currRecords.get(ocid);
    assert.ok(before && after, ocid);
    for (const field of fields) assert.not.equal(after[field], before[field], `${ocid} ${field}`);
  }
});

/*
 * With enrichment, a mutation can also change OTHER records, legitimately: a record whose relationships
 * point at a resource that was removed, added or moved sees its edges (and enriched details) change.
 * Such a "derived" change never touches the record's own Search fields, and it always involves a
 * mutated resource in its relationships before or after.
 */
const mutatedOcids = () => new Set([...report.added, ...report.removed, ...report.modified.map((entry) => entry.ocid)]);
const derivedChanges = () => document.changed.filter((entry) => !report.modified.some((candidate) => candidate.ocid === entry.ocid));
const DERIVED_FIELDS = new Set(['relationships', 'details']);

test('diff_summary.json, the summary in diff.json and run_summary.diff count the mutated resources and their derived changes', async () => {
  const summaryText = await readFile(join(secondDir, 'diff_summary.json'), 'utf8');
  const summary = JSON.parse(summaryText) as DiffSummary;
  const changed = report.modified.length + derivedChanges().length;
  const expected: DiffSummary = {
    added: report.added.length,
    removed: report.removed.length,
    changed,
    unchanged: prevRecords.size - report.removed.length - changed,
    prev_total: prevRecords.size,
    curr_total: currRecords.size,
  };
  assert.equal(summary, expected);
  assert.is(summaryText, `${JSON.stringify(Object.fromEntries(Object.entries(expected).sort(([a], [b]) => (a < b ? -1 : 1))))}\n`, 'canonical JSON');
  assert.equal(document.summary, expected);
  const runSummary = JSON.parse(await readFile(join(secondDir, 'run_summary.json'), 'utf8')) as { status: string; diff: unknown };
  assert.is(runSummary.status, 'complete');
  assert.equal(runSummary.diff, expected);
});

test('diff.json lists exactly the added and removed keys of the report; changed = the modified keys plus derived ones', () => {
  assert.equal(document.added.map((entry) => entry.ocid), report.added);
  assert.equal(document.removed.map((entry) => entry.ocid), report.removed);
  const changedOcids = new Set(document.changed.map((entry) => entry.ocid));
  for (const { ocid } of report.modified) assert.ok(changedOcids.has(ocid), `modified ${ocid} is reported changed`);
  const mutated = mutatedOcids();
  for (const entry of derivedChanges()) {
    for (const change of entry.changes) assert.ok(DERIVED_FIELDS.has(topLevelKey(change.path)), `derived change of ${entry.ocid} at ${change.path}`);
    const edgesOf = (record: Record<string, unknown> | undefined) => (record?.relationships ?? []) as { target: string }[];
    const targets = [...edgesOf(prevRecords.get(entry.ocid)), ...edgesOf(currRecords.get(entry.ocid))];
    assert.ok(targets.some((edge) => mutated.has(edge.target)), `derived change of ${entry.ocid} involves a mutated resource`);
  }
  for (const entry of document.added) assert.is(entry.resourceType, currRecords.get(entry.ocid)?.resourceType);
  for (const entry of document.removed) assert.is(entry.resourceType, prevRecords.get(entry.ocid)?.resourceType);
  for (const entry of document.changed) {
    assert.is(entry.resourceType, currRecords.get(entry.ocid)?.resourceType);
    assert.match(entry.prevHash, /^[0-9a-f]{64}$/);
    assert.match(entry.currHash, /^[0-9a-f]{64}$/);
    assert.is.not(entry.prevHash, entry.currHash);
  }
});

test('each modified record reports its mutated fields with correct paths, and otherwise only edges and details', () => {
  for (const entry of document.changed) {
    const modified = report.modified.find((candidate) => candidate.ocid === entry.ocid);
    if (!modified) continue;
    const fields: readonly string[] = modified.fields;
    const before = prevRecords.get(entry.ocid)!;
    const after = currRecords.get(entry.ocid)!;
    const summaryFields = entry.changes.map((change) => topLevelKey(change.path)).filter((field) => !DERIVED_FIELDS.has(field));
    assert.equal(sorted(new Set(summaryFields)), fields, `${entry.ocid} top-level paths`);
    for (const change of entry.changes.filter((c) => topLevelKey(c.path) === 'details')) {
      // An unenriched record keeps only its Search summary: its details change exactly where the mutated fields are.
      if (after.enrichStatus !== 'NOT_IMPLEMENTED') continue;
      assert.ok(change.path.startsWith('/details/searchSummary/'), `${entry.ocid}: ${change.path}`);
      assert.ok(fields.includes(topLevelKey(change.path.slice('/details/searchSummary'.length))), `${entry.ocid}: ${change.path}`);
    }
    assert.not.ok(entry.changes.some((change) => change.path === '/collectedAt'), 'collectedAt is never a change');

    for (const change of entry.changes.filter((c) => fields.includes(topLevelKey(c.path)))) {
      const field = topLevelKey(change.path);
      if (field === 'freeformTags' || field === 'definedTags') {
        // Tags are compared key by key: the path names the tag that changed.
        assert.ok(change.path.startsWith(`${FIELD_POINTERS[field]}/`), `${entry.ocid}: ${change.path}`);
        const tag = change.path.split('/')[2]!.replaceAll('~1', '/').replaceAll('~0', '~');
        const beforeTags = (before[field] ?? {}) as Record<string, unknown>;
        const afterTags = (after[field] ?? {}) as Record<string, unknown>;
        if (field === 'freeformTags') {
          if ('before' in change) assert.equal(change.before, beforeTags[tag]);
          else assert.not.ok(tag in beforeTags);
          if ('after' in change) assert.equal(change.after, afterTags[tag]);
          else assert.not.ok(tag in afterTags);
        }
      } else {
        assert.is(change.path, FIELD_POINTERS[field], entry.ocid);
        assert.equal(change.before, before[field]);
        assert.equal(change.after, after[field]);
      }
    }
    // A move changes the record's in_compartment edge too, when it has edges at all.
    if (fields.includes('compartmentId') && after.enrichStatus === 'OK') {
      const edge = (after.relationships as { relation: string; target: string }[]).find((e) => e.relation === 'in_compartment');
      assert.is(edge?.target, after.compartmentId, `${entry.ocid} in_compartment follows the move`);
    }
  }
  // The run exercised renames or state changes, moves and retags.
  const paths = new Set(document.changed.flatMap((entry) => entry.changes.map((change) => topLevelKey(change.path))));
  assert.ok(paths.has('compartmentId') && paths.has('freeformTags'), [...paths].join(', '));
  assert.ok(paths.has('displayName') || paths.has('lifecycleState'), [...paths].join(', '));
});

test('the standalone diff command on the same two files prints and writes the same summary and the same diff.json', async () => {
  const outdir = join(workDir, 'standalone');
  const result = await runCli(
    ['diff', '--prev', join(firstDir, 'inventory.jsonl'), '--curr', join(secondDir, 'inventory.jsonl'), '--outdir', outdir],
    { cwd: workDir },
  );
  assert.is(result.exitCode, 0, result.stderr);
  assert.equal(JSON.parse(result.stdoutLines.at(-1)!), document.summary);
  assert.is(await readFile(join(outdir, 'diff_summary.json'), 'utf8'), await readFile(join(secondDir, 'diff_summary.json'), 'utf8'));
  assert.is(await readFile(join(outdir, 'diff.json'), 'utf8'), await readFile(join(secondDir, 'diff.json'), 'utf8'));
});

test('a diff of an inventory with itself is empty', async () => {
  const outdir = join(workDir, 'self');
  const path = join(secondDir, 'inventory.jsonl');
  const result = await runCli(['diff', '--prev', path, '--curr', path, '--outdir', outdir], { cwd: workDir });
  assert.is(result.exitCode, 0, result.stderr);
  assert.equal(JSON.parse(await readFile(join(outdir, 'diff_summary.json'), 'utf8')), {
    added: 0, removed: 0, changed: 0, unchanged: currRecords.size, prev_total: currRecords.size, curr_total: currRecords.size,
  });
});

/** A copy of the first inventory with line `lineNumber` (1-based) replaced by `text`. */
async function corruptedCopy(name: string, lineNumber: number, text: string): Promise<string> {
  const path = join(workDir, name);
  await copyFile(join(firstDir, 'inventory.jsonl'), path);
  const lines = (await readFile(path, 'utf8')).split('\n');
  lines[lineNumber - 1] = text;
  await writeFile(path, lines.join('\n'));
  return path;
}

test('diff: a malformed line in --prev is exit 2, and the message names the file and the line number', async () => {
  const bad = await corruptedCopy('malformed.jsonl', 7, '{"ocid":"ocid1.instance.oc1..x", "resourceType": ');
  const result = await runCli(['diff', '--prev', bad, '--curr', join(secondDir, 'inventory.jsonl'), '--outdir', join(workDir, 'bad')], {
    cwd: workDir,
  });
  assert.is(result.exitCode, 2, result.stderr);
  assert.ok(result.stderr.includes(bad), result.stderr);
  assert.match(result.stderr, /line 7\b/);
  assert.is(result.stdout, '');
});

test('diff: a record out of sort order in --prev is exit 2 naming the file and line', async () => {
  const lines = (await readFile(join(firstDir, 'inventory.jsonl'), 'utf8')).split('\n');
  const bad = await corruptedCopy('unsorted.jsonl', 3, lines[0]!);
  const result = await runCli(['diff', '--prev', bad, '--curr', join(secondDir, 'inventory.jsonl'), '--outdir', join(workDir, 'bad2')], {
    cwd: workDir,
  });
  assert.is(result.exitCode, 2, result.stderr);
  assert.ok(result.stderr.includes(bad), result.stderr);
  assert.match(result.stderr, /line 3\b/);
});

test('run --prev with a malformed line is exit 2, naming the file and line; run_summary records the failure', async () => {
  const bad = await corruptedCopy('malformed-for-run.jsonl', 12, 'not json at all');
  const result = await run('third', ['--prev', bad]);
  assert.is(result.exitCode, 2, result.stderr);
  assert.ok(result.stderr.includes(bad), result.stderr);
  assert.match(result.stderr, /line 12\b/);
  assert.is(result.stdout, '', 'a failed run does not announce its folder');
  // The diff runs after the exports, so the folder exists; its summary marks the run failed, with the reason.
  const [runId, ...others] = await readdir(join(workDir, 'third'));
  assert.ok(runId !== undefined && others.length === 0);
  const summary = JSON.parse(await readFile(join(workDir, 'third', runId, 'run_summary.json'), 'utf8')) as { status: string; error: string; diff: unknown };
  assert.is(summary.status, 'failed');
  assert.ok(summary.error.includes(bad) && /line 12\b/.test(summary.error), summary.error);
  assert.is(summary.diff, null);
});

test('run --prev naming a file that does not exist is exit 2 and names the file', async () => {
  const missing = join(workDir, 'no-such-inventory.jsonl');
  const result = await run('fourth', ['--prev', missing]);
  assert.is(result.exitCode, 2, result.stderr);
  assert.ok(result.stderr.includes(missing), result.stderr);
});

test.run();
