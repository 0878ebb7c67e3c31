import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { canonicalize } from 'json-canonicalize';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { diffInventories, diffInventoryEntries } from '../shared/diff/diff-inventories.ts';
import type { DiffEntry, DiffSummary } from '../shared/diff/diff-inventories.ts';
import { InputFormatError, UsageError } from '../shared/errors.ts';
import type { InventoryRecord, JsonObject, RecordKey } from '../shared/model/record.ts';
import {
  applyChanges,
  cloneJson,
  expectedHash,
  hasAllRecordKeys,
  keyId,
  makeRecord,
  pick,
  randomKeys,
  randomRecord,
  randomText,
  seededRandom,
  sortedByKey,
  withTempDir,
  writeInventory,
} from './diff-fixtures.ts';

const PREV_RUN = '2025-06-01T02:00:00.000Z';
const CURR_RUN = '2025-06-02T02:00:00.000Z';

interface ChangedJson {
  ocid: string;
  resourceType: string;
  prevHash: string;
  currHash: string;
  changes: { path: string; before?: unknown; after?: unknown }[];
}
interface DiffJson {
  summary: DiffSummary;
  added: RecordKey[];
  removed: RecordKey[];
  changed: ChangedJson[];
}

async function readDiff(outDir: string): Promise<{ diff: DiffJson; text: string; summaryText: string }> {
  const text = await readFile(join(outDir, 'diff.json'), 'utf8');
  const summaryText = await readFile(join(outDir, 'diff_summary.json'), 'utf8');
  return { diff: JSON.parse(text) as DiffJson, text, summaryText };
}

const key = (ocid: string, resourceType = 'Instance'): RecordKey => ({ ocid, resourceType });
const prevRecord = (k: RecordKey, overrides: Partial<InventoryRecord> = {}) => makeRecord(k, { collectedAt: PREV_RUN, ...overrides });
const currRecord = (k: RecordKey, overrides: Partial<InventoryRecord> = {}) => makeRecord(k, { collectedAt: CURR_RUN, ...overrides });

/** Expects an InputFormatError whose message and context name this file and line. */
async function expectFormatError(run: () => Promise<unknown>, file: string, line: number, messagePart: RegExp): Promise<void> {
  try {
    await run();
  } catch (error) {
    assert.instance(error, InputFormatError);
    const formatError = error as InputFormatError;
    assert.equal(formatError.context, { file, line });
    assert.ok(formatError.message.startsWith(`${file} line ${line}: `), formatError.message);
    assert.match(formatError.message, messagePart);
    return;
  }
  assert.unreachable(`expected an InputFormatError at ${file} line ${line}`);
}

test('added, removed, changed and unchanged records, with diff.json and diff_summary.json', async () => {
  await withTempDir(async (dir) => {
    const prevPath = join(dir, 'prev.jsonl');
    const currPath = join(dir, 'curr.jsonl');
    const outDir = join(dir, 'out');
    const prev = [
      prevRecord(key('ocid1.a')), // renamed
      prevRecord(key('ocid1.b')), // defined tag value changed
      prevRecord(key('ocid1.c')), // freeform tag removed
      prevRecord(key('ocid1.d')), // relationships changed
      prevRecord(key('ocid1.e')), // moved compartment
      prevRecord(key('ocid1.f')), // only collectedAt differs
      prevRecord(key('ocid1.g')), // details.collectedAt differs
      prevRecord(key('ocid1.h')), // removed
      prevRecord(key('ocid1.j', 'Bucket')), // unchanged, same ocid as an added record of another type
    ];
    const curr = [
      currRecord(key('ocid1.a'), { displayName: 'web-renamed' }),
      currRecord(key('ocid1.b'), { definedTags: { Operations: { CostCenter: '43', Owner: 'sre' } } }),
      currRecord(key('ocid1.c'), { freeformTags: { app: 'shop' } }),
      currRecord(key('ocid1.d'), { relationships: [{ relation: 'in_subnet', target: 'ocid1.subnet.oc1..cccc' }] }),
      currRecord(key('ocid1.e'), { compartmentId: 'ocid1.compartment.oc1..moved' }),
      currRecord(key('ocid1.f')),
      currRecord(key('ocid1.g'), { details: { shape: 'VM.Standard.E4.Flex', ocpus: 2, collectedAt: '2025-06-01T23:00:00.000Z' } }),
      currRecord(key('ocid1.i')), // added
      currRecord(key('ocid1.j', 'Bucket')),
      currRecord(key('ocid1.j', 'Instance')), // added
    ];
    assert.ok([...prev, ...curr].every(hasAllRecordKeys), 'fixtures carry all 15 record keys');
    await writeInventory(prevPath, prev);
    await writeInventory(currPath, curr);

    const summary = await diffInventories({ prevPath, currPath, outDir });

    const expectedSummary = { added: 2, removed: 1, changed: 6, unchanged: 2, prev_total: 9, curr_total: 10 };
    assert.equal(summary, expectedSummary);
    const { diff, text, summaryText } = await readDiff(outDir);
    assert.is(summaryText, `${canonicalize(expectedSummary)}\n`);
    assert.ok(text.startsWith(`{"summary":${canonicalize(expectedSummary)},\n"added":[\n`), 'summary first');
    assert.equal(diff.summary, expectedSummary);
    assert.equal(diff.added, [key('ocid1.i'), key('ocid1.j', 'Instance')]);
    assert.equal(diff.removed, [key('ocid1.h')]);
    assert.equal(
      diff.changed.map((entry) => [entry.ocid, entry.changes]),
      [
        ['ocid1.a', [{ path: '/displayName', before: 'web-1', after: 'web-renamed' }]],
        ['ocid1.b', [{ path: '/definedTags/Operations/CostCenter', before: '42', after: '43' }]],
        ['ocid1.c', [{ path: '/freeformTags/env', before: 'prod' }]],
        [
          'ocid1.d',
          [{ path: '/relationships', before: [{ relation: 'in_subnet', target: 'ocid1.subnet.oc1..bbbb' }], after: [{ relation: 'in_subnet', target: 'ocid1.subnet.oc1..cccc' }] }],
        ],
        ['ocid1.e', [{ path: '/compartmentId', before: 'ocid1.compartment.oc1..aaaa', after: 'ocid1.compartment.oc1..moved' }]],
        ['ocid1.g', [{ path: '/details/collectedAt', before: '2025-05-31T23:00:00.000Z', after: '2025-06-01T23:00:00.000Z' }]],
      ],
    );
    const changedA = diff.changed[0];
    assert.ok(changedA !== undefined);
    assert.is(changedA.prevHash, expectedHash(prev[0] as InventoryRecord));
    assert.is(changedA.currHash, expectedHash(curr[0] as InventoryRecord));
    assert.is.not(changedA.prevHash, changedA.currHash);
  });
});

test('diff.json layout is exact: entry per line, empty arrays inline, trailing newline', async () => {
  await withTempDir(async (dir) => {
    const prevPath = join(dir, 'prev.jsonl');
    const currPath = join(dir, 'curr.jsonl');
    const a = { ocid: 'o1', resourceType: 'T', collectedAt: PREV_RUN, name: 'x' };
    await writeInventory(prevPath, [a]);
    await writeInventory(currPath, [{ ...a, collectedAt: CURR_RUN, name: 'y' }, { ocid: 'o2', resourceType: 'T', collectedAt: CURR_RUN }]);
    await diffInventories({ prevPath, currPath, outDir: dir });
    const { text } = await readDiff(dir);
    const hashX = expectedHash(a);
    const hashY = expectedHash({ ...a, name: 'y' });
    assert.is(
      text,
      '{"summary":{"added":1,"changed":1,"curr_total":2,"prev_total":1,"removed":0,"unchanged":0},\n' +
        '"added":[\n{"ocid":"o2","resourceType":"T"}\n],\n' +
        '"removed":[],\n' +
        `"changed":[\n{"changes":[{"after":"y","before":"x","path":"/name"}],"currHash":"${hashY}","ocid":"o1","prevHash":"${hashX}","resourceType":"T"}\n]}\n`,
    );
  });
});

test('keys with "/" and "~" are escaped in change paths', async () => {
  await withTempDir(async (dir) => {
    const prevPath = join(dir, 'prev.jsonl');
    const currPath = join(dir, 'curr.jsonl');
    const k = key('ocid1.tags');
    await writeInventory(prevPath, [prevRecord(k, { freeformTags: { 'cost/center': '1', '~owner': 'a' }, definedTags: { 'ns/1': { '~k/': 'v' } } })]);
    await writeInventory(currPath, [currRecord(k, { freeformTags: { 'cost/center': '2', '~owner': 'b' }, definedTags: { 'ns/1': { '~k/': 'w' } } })]);
    await diffInventories({ prevPath, currPath, outDir: dir });
    const { diff } = await readDiff(dir);
    assert.equal(diff.changed[0]?.changes.map((change) => change.path), ['/definedTags/ns~11/~0k~1', '/freeformTags/cost~1center', '/freeformTags/~0owner']);
  });
});

test('an empty previous file: everything is added; identical files: nothing changed', async () => {
  await withTempDir(async (dir) => {
    const emptyPath = join(dir, 'empty.jsonl');
    const currPath = join(dir, 'curr.jsonl');
    await writeFile(emptyPath, '');
    const records = [currRecord(key('ocid1.a')), currRecord(key('ocid1.b'))];
    await writeInventory(currPath, records);
    assert.equal(await diffInventories({ prevPath: emptyPath, currPath }), { added: 2, removed: 0, changed: 0, unchanged: 0, prev_total: 0, curr_total: 2 });
    assert.equal(await diffInventories({ prevPath: currPath, currPath: emptyPath }), { added: 0, removed: 2, changed: 0, unchanged: 0, prev_total: 2, curr_total: 0 });
    assert.equal(await diffInventories({ prevPath: currPath, currPath }), { added: 0, removed: 0, changed: 0, unchanged: 2, prev_total: 2, curr_total: 2 });
    assert.equal(await diffInventories({ prevPath: emptyPath, currPath: emptyPath, outDir: dir }), { added: 0, removed: 0, changed: 0, unchanged: 0, prev_total: 0, curr_total: 0 });
    const { text } = await readDiff(dir);
    assert.is(text, '{"summary":{"added":0,"changed":0,"curr_total":0,"prev_total":0,"removed":0,"unchanged":0},\n"added":[],\n"removed":[],\n"changed":[]}\n');
  });
});

test('non-canonical input (other key order, spaces, CRLF) is compared by value, not by text', async () => {
  await withTempDir(async (dir) => {
    const prevPath = join(dir, 'prev.jsonl');
    const currPath = join(dir, 'curr.jsonl');
    const a = prevRecord(key('ocid1.a'));
    const b = prevRecord(key('ocid1.b'));
    // Previous file: insertion order (RECORD_KEYS), indented, CRLF line ends.
    await writeFile(prevPath, `${JSON.stringify(a, null, 1).replaceAll('\n', '')}\r\n${JSON.stringify(b)}\r\n`);
    await writeInventory(currPath, [currRecord(key('ocid1.a')), currRecord(key('ocid1.b'), { lifecycleState: 'STOPPED' })]);
    assert.equal(await diffInventories({ prevPath, currPath }), { added: 0, removed: 0, changed: 1, unchanged: 1, prev_total: 2, curr_total: 2 });
  });
});

test('the streaming API yields entries in key order, interleaved, and returns the summary', async () => {
  await withTempDir(async (dir) => {
    const prevPath = join(dir, 'prev.jsonl');
    const currPath = join(dir, 'curr.jsonl');
    await writeInventory(prevPath, [prevRecord(key('ocid1.a')), prevRecord(key('ocid1.c')), prevRecord(key('ocid1.d'))]);
    await writeInventory(currPath, [currRecord(key('ocid1.b')), currRecord(key('ocid1.c'), { region: 'us-ashburn-1' }), currRecord(key('ocid1.d'))]);
    const entries = diffInventoryEntries({ prevPath, currPath });
    const seen: string[] = [];
    let summary: DiffSummary | undefined;
    for (;;) {
      const next = await entries.next();
      if (next.done === true) {
        summary = next.value;
        break;
      }
      seen.push(describe(next.value));
    }
    assert.equal(seen, ['removed ocid1.a', 'added ocid1.b', 'changed ocid1.c /region']);
    assert.equal(summary, { added: 1, removed: 1, changed: 1, unchanged: 1, prev_total: 3, curr_total: 3 });
  });
});

test('stopping the stream early closes it cleanly', async () => {
  await withTempDir(async (dir) => {
    const prevPath = join(dir, 'prev.jsonl');
    await writeInventory(prevPath, [prevRecord(key('ocid1.a')), prevRecord(key('ocid1.b'))]);
    const emptyPath = join(dir, 'empty.jsonl');
    await writeFile(emptyPath, '');
    let count = 0;
    for await (const _entry of diffInventoryEntries({ prevPath, currPath: emptyPath })) {
      count += 1;
      break;
    }
    assert.is(count, 1);
  });
});

function describe(entry: DiffEntry): string {
  if (entry.kind === 'changed') return `changed ${entry.change.ocid} ${entry.change.changes.map((change) => change.path).join(',')}`;
  return `${entry.kind} ${entry.key.ocid}`;
}

// ---- Validation: every error names the file and the 1-based line ----

test('a line that is not JSON', async () => {
  await withTempDir(async (dir) => {
    const prevPath = join(dir, 'prev.jsonl');
    const currPath = join(dir, 'curr.jsonl');
    await writeInventory(prevPath, [prevRecord(key('ocid1.a')), prevRecord(key('ocid1.b'))]);
    await writeFile(currPath, `${canonicalize(currRecord(key('ocid1.a')))}\n{"ocid":"ocid1.b",\n`);
    await expectFormatError(() => diffInventories({ prevPath, currPath }), currPath, 2, /not valid JSON/);
    await writeFile(currPath, `\uFEFF${canonicalize(currRecord(key('ocid1.a')))}\n`);
    await expectFormatError(() => diffInventories({ prevPath, currPath }), currPath, 1, /not valid JSON.*byte order mark/);
  });
});

test('a line that is JSON but not an object, or lacks a string ocid/resourceType', async () => {
  await withTempDir(async (dir) => {
    const prevPath = join(dir, 'prev.jsonl');
    const currPath = join(dir, 'curr.jsonl');
    await writeFile(currPath, '');
    const good = canonicalize(prevRecord(key('ocid1.a')));
    const cases: [string, RegExp][] = [
      ['[1,2]', /expected a JSON object, got an array/],
      ['null', /expected a JSON object, got null/],
      ['"text"', /expected a JSON object, got a string/],
      ['{"resourceType":"Vcn"}', /"ocid" must be a non-empty string, got nothing/],
      ['{"ocid":"","resourceType":"Vcn"}', /"ocid" must be a non-empty string/],
      ['{"ocid":"ocid1.z","resourceType":7}', /"resourceType" must be a non-empty string, got 7/],
      ['   ', /not valid JSON/],
    ];
    for (const [line, message] of cases) {
      await writeFile(prevPath, `${good}\n${line}\n`);
      await expectFormatError(() => diffInventories({ prevPath, currPath }), prevPath, 2, message);
    }
  });
});

test('a record out of sort order, in either file, names its line', async () => {
  await withTempDir(async (dir) => {
    const sortedPath = join(dir, 'sorted.jsonl');
    const unsortedPath = join(dir, 'unsorted.jsonl');
    await writeInventory(sortedPath, [prevRecord(key('ocid1.a')), prevRecord(key('ocid1.b')), prevRecord(key('ocid1.c'))]);
    // Same ocid, resourceType out of order on line 3.
    await writeInventory(unsortedPath, [prevRecord(key('ocid1.a')), prevRecord(key('ocid1.b', 'Vcn')), prevRecord(key('ocid1.b', 'Instance'))]);
    await expectFormatError(() => diffInventories({ prevPath: unsortedPath, currPath: sortedPath }), unsortedPath, 3, /out of sort order.*line 2/);
    await expectFormatError(() => diffInventories({ prevPath: sortedPath, currPath: unsortedPath }), unsortedPath, 3, /out of sort order/);
    // Plain string order, not locale order: "Z" (U+005A) sorts before "a" (U+0061).
    const caseOrderPath = join(dir, 'case.jsonl');
    await writeInventory(caseOrderPath, [prevRecord(key('ocid1.a')), prevRecord(key('ocid1.Z'))]);
    await expectFormatError(() => diffInventories({ prevPath: caseOrderPath, currPath: sortedPath }), caseOrderPath, 2, /out of sort order/);
  });
});

test('a duplicate key is an error, also when the duplicate line repeats the previous one', async () => {
  await withTempDir(async (dir) => {
    const prevPath = join(dir, 'prev.jsonl');
    const currPath = join(dir, 'curr.jsonl');
    await writeInventory(prevPath, [prevRecord(key('ocid1.a')), prevRecord(key('ocid1.b'))]);
    await writeInventory(currPath, [currRecord(key('ocid1.a')), currRecord(key('ocid1.b')), currRecord(key('ocid1.b'), { displayName: 'dup' })]);
    await expectFormatError(() => diffInventories({ prevPath, currPath }), currPath, 3, /duplicate key .*ocid1\.b.*already on line 2/);
    await writeInventory(currPath, [currRecord(key('ocid1.a')), currRecord(key('ocid1.a'))]);
    await expectFormatError(() => diffInventories({ prevPath, currPath }), currPath, 2, /duplicate key/);
  });
});

test('an invalid collectedAt on a line otherwise equal to its partner is still caught', async () => {
  await withTempDir(async (dir) => {
    const prevPath = join(dir, 'prev.jsonl');
    const currPath = join(dir, 'curr.jsonl');
    await writeInventory(prevPath, [prevRecord(key('ocid1.a'))]);
    const line = canonicalize(currRecord(key('ocid1.a'))).replace(CURR_RUN, 'bad\u0001control');
    await writeFile(currPath, `${line}\n`);
    await expectFormatError(() => diffInventories({ prevPath, currPath }), currPath, 1, /collectedAt value/);
  });
});

test('a blank final line is fine; a blank line elsewhere is an error', async () => {
  await withTempDir(async (dir) => {
    const prevPath = join(dir, 'prev.jsonl');
    const currPath = join(dir, 'curr.jsonl');
    const lines = [canonicalize(prevRecord(key('ocid1.a'))), canonicalize(prevRecord(key('ocid1.b')))];
    await writeFile(currPath, '');
    await writeFile(prevPath, `${lines.join('\n')}\n\n`);
    assert.equal((await diffInventories({ prevPath, currPath })).prev_total, 2);
    await writeFile(prevPath, `${lines.join('\n')}\n\n\n`);
    await expectFormatError(() => diffInventories({ prevPath, currPath }), prevPath, 3, /blank line/);
    await writeFile(prevPath, `${lines.join('\n\n')}\n`);
    await expectFormatError(() => diffInventories({ prevPath, currPath }), prevPath, 2, /blank line/);
  });
});

test('on error nothing is written: an existing diff.json stays, no temp files are left', async () => {
  await withTempDir(async (dir) => {
    const prevPath = join(dir, 'prev.jsonl');
    const currPath = join(dir, 'curr.jsonl');
    const outDir = join(dir, 'out');
    await writeInventory(prevPath, [prevRecord(key('ocid1.a'))]);
    await writeInventory(currPath, [currRecord(key('ocid1.a'), { displayName: 'x' })]);
    await diffInventories({ prevPath, currPath, outDir });
    const before = await readDiff(outDir);
    await writeFile(currPath, `${canonicalize(currRecord(key('ocid1.b')))}\n${canonicalize(currRecord(key('ocid1.a')))}\n`);
    await expectFormatError(() => diffInventories({ prevPath, currPath, outDir }), currPath, 2, /out of sort order/);
    assert.equal(await readDiff(outDir), before);
    assert.equal((await readdir(outDir)).sort(), ['diff.json', 'diff_summary.json']);
  });
});

test('options are checked at the edge; a missing file is a UsageError naming it', async () => {
  await withTempDir(async (dir) => {
    const missing = join(dir, 'missing.jsonl');
    await assertRejects(() => diffInventories({ prevPath: missing, currPath: missing }), UsageError, missing);
    await assertRejects(() => diffInventories({ prevPath: 'a', currPath: 'b', outdir: 'x' } as never), UsageError, 'unknown option "outdir"');
    await assertRejects(() => diffInventories({ prevPath: '', currPath: 'b' }), UsageError, 'prevPath must be a non-empty file path');
  });
});

async function assertRejects(run: () => Promise<unknown>, type: new (...args: never[]) => Error, messagePart: string): Promise<void> {
  try {
    await run();
  } catch (error) {
    assert.instance(error, type);
    assert.ok((error as Error).message.includes(messagePart), (error as Error).message);
    return;
  }
  assert.unreachable(`expected ${type.name}`);
}

// ---- Property: random inventories and random mutations ----

const MUTATIONS: ((random: () => number, record: InventoryRecord) => void)[] = [
  (random, record) => {
    record.displayName = `${record.displayName ?? ''}~${randomText(random, 3)}`;
  },
  (random, record) => {
    record.definedTags = { ...record.definedTags, 'ns/new': { [randomText(random, 3)]: randomText(random, 3) } };
  },
  (_random, record) => {
    record.freeformTags = { ...record.freeformTags, 'added/~tag': 'v' };
  },
  (random, record) => {
    record.relationships = [...record.relationships, { relation: 'in_vcn', target: randomText(random, 5) }];
  },
  (random, record) => {
    record.compartmentId = `ocid1.compartment.oc1..moved${randomText(random, 3)}`;
  },
  (_random, record) => {
    record.details = { ...record.details, collectedAt: 'changed-by-service' };
  },
  (_random, record) => {
    record.lifecycleState = 'TERMINATED'; // never a value randomRecord produces
  },
];

for (const seed of [1, 2, 3, 4, 5, 6]) {
  test(`property (seed ${seed}): exactly the mutated key sets, counts add up, prev + changes = curr`, async () => {
    const random = seededRandom(seed);
    const prevKeys = randomKeys(random, Math.floor(random() * 250));
    const prev = prevKeys.map((k) => ({ ...randomRecord(random, k), collectedAt: PREV_RUN }));
    const expected = { added: new Set<string>(), removed: new Set<string>(), changed: new Set<string>() };
    const curr: InventoryRecord[] = [];
    for (const record of prev) {
      const roll = random();
      if (roll < 0.15) {
        expected.removed.add(keyId(record));
        continue;
      }
      const next = cloneJson(record);
      next.collectedAt = random() < 0.9 ? CURR_RUN : PREV_RUN; // sometimes the same run time
      if (roll < 0.45) {
        for (let i = 1 + Math.floor(random() * 2); i > 0; i -= 1) pick(random, MUTATIONS)(random, next);
        expected.changed.add(keyId(record));
      }
      curr.push(next);
    }
    for (const k of randomKeys(random, Math.floor(random() * 60), new Set(prevKeys.map(keyId)))) {
      curr.push({ ...randomRecord(random, k), collectedAt: CURR_RUN });
      expected.added.add(keyId(k));
    }

    await withTempDir(async (dir) => {
      const prevPath = join(dir, 'prev.jsonl');
      const currPath = join(dir, 'curr.jsonl');
      const sortedPrev = sortedByKey(prev);
      const sortedCurr = sortedByKey(curr);
      await writeInventory(prevPath, sortedPrev);
      await writeInventory(currPath, sortedCurr);
      // Tiny reads on odd seeds: chunk boundaries inside lines and multi-byte characters.
      const readOptions = seed % 2 === 1 ? { chunkBytes: 1 + (seed % 7) } : undefined;
      const summary = await diffInventories({ prevPath, currPath, outDir: join(dir, 'a'), ...(readOptions ? { readOptions } : {}) });
      await diffInventories({ prevPath, currPath, outDir: join(dir, 'b') });

      const { diff, text } = await readDiff(join(dir, 'a'));
      assert.is(text, (await readDiff(join(dir, 'b'))).text, 'byte-for-byte deterministic');
      assert.equal(new Set(diff.added.map(keyId)), expected.added);
      assert.equal(new Set(diff.removed.map(keyId)), expected.removed);
      assert.equal(new Set(diff.changed.map(keyId)), expected.changed);
      for (const list of [diff.added, diff.removed, diff.changed]) assert.equal(list, sortedByKey(list), 'sorted');
      assert.equal(diff.summary, summary);
      assert.is(summary.prev_total, prev.length);
      assert.is(summary.curr_total, curr.length);
      assert.is(summary.prev_total, summary.removed + summary.changed + summary.unchanged);
      assert.is(summary.curr_total, summary.added + summary.changed + summary.unchanged);

      const prevByKey = new Map(prev.map((record) => [keyId(record), record]));
      const currByKey = new Map(curr.map((record) => [keyId(record), record]));
      for (const entry of diff.changed) {
        const before = prevByKey.get(keyId(entry)) as InventoryRecord;
        const after = currByKey.get(keyId(entry)) as InventoryRecord;
        assert.is(entry.prevHash, expectedHash(before));
        assert.is(entry.currHash, expectedHash(after));
        assert.ok(entry.changes.length > 0);
        const patched = applyChanges(before as unknown as JsonObject, entry.changes as never);
        patched['collectedAt'] = after.collectedAt;
        assert.is(canonicalize(patched), canonicalize(after), `prev + changes = curr for ${entry.ocid}`);
      }
    });
  });
}

test.run();
