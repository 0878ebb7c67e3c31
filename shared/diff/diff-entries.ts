/**
 * The diff of two inventory runs as a stream: a merge-join of two files sorted by (ocid, resourceType),
 * holding one line of each file at a time, so memory does not grow with the inventory.
 *
 * Per step, in this order:
 * 1. Fast path: the two current lines are equal apart from their top-level collectedAt (the common
 *    case). Same record, unchanged. Only the previous line is parsed (to validate it and learn the key).
 * 2. Otherwise parse both and compare keys: the smaller key is removed (previous file) or added
 *    (current file); equal keys are compared field by field (record-changes.ts).
 * A record counts as changed when that comparison finds a difference, which is exactly when the record
 * hashes differ (canonical JSON is one text per JSON value); the hashes are computed for changed
 * records only, where diff.json reports them.
 */
import type { ReadLinesOptions } from '../io/line-reader.ts';
import { compareRecordKeys } from '../model/record.ts';
import { equalApartFromCollectedAt } from './collected-at-span.ts';
import type { DiffEntry, DiffSummary } from './diff-types.ts';
import { InventoryCursor } from './inventory-cursor.ts';
import { diffRecordFields } from './record-changes.ts';
import { hashRecord } from './record-hash.ts';

export interface DiffInputs {
  /** The previous run's inventory.jsonl. */
  prevPath: string;
  /** The current run's inventory.jsonl. */
  currPath: string;
  /** Line reader tuning; tests use tiny chunks to exercise chunk boundaries. */
  readOptions?: ReadLinesOptions;
}

/**
 * Yields every difference in (ocid, resourceType) order, with added, removed and changed interleaved,
 * and returns the summary when done. `for await` drops a generator's return value: call `next()` until
 * `done` to get it. Throws InputFormatError (context {file, line}) at the first malformed line.
 * Stopping early (break, return) closes both files.
 */
export async function* diffInventoryEntries(inputs: DiffInputs): AsyncGenerator<DiffEntry, DiffSummary, undefined> {
  const readOptions = inputs.readOptions ?? {};
  const prev = await InventoryCursor.open(inputs.prevPath, readOptions);
  let curr: InventoryCursor | undefined;
  try {
    curr = await InventoryCursor.open(inputs.currPath, readOptions);
    const counts = { added: 0, removed: 0, changed: 0, unchanged: 0 };

    while (!prev.done && !curr.done) {
      if (equalApartFromCollectedAt(prev.line, prev.collectedAtSpan, curr.line, curr.collectedAtSpan)) {
        curr.acceptKeyOfEqualLine(prev.parsed().key);
        counts.unchanged += 1;
        await advanceBoth(prev, curr);
        continue;
      }
      const before = prev.parsed();
      const after = curr.parsed();
      const order = compareRecordKeys(before.key, after.key);
      if (order < 0) {
        counts.removed += 1;
        yield { kind: 'removed', key: before.key };
        await prev.advance();
      } else if (order > 0) {
        counts.added += 1;
        yield { kind: 'added', key: after.key };
        await curr.advance();
      } else {
        const changes = diffRecordFields(before.record, after.record);
        if (changes.length === 0) {
          counts.unchanged += 1;
        } else {
          counts.changed += 1;
          const { ocid, resourceType } = before.key;
          yield { kind: 'changed', change: { ocid, resourceType, prevHash: hashRecord(before.record), currHash: hashRecord(after.record), changes } };
        }
        await advanceBoth(prev, curr);
      }
    }
    for (; !prev.done; await prev.advance()) {
      counts.removed += 1;
      yield { kind: 'removed', key: prev.parsed().key };
    }
    for (; !curr.done; await curr.advance()) {
      counts.added += 1;
      yield { kind: 'added', key: curr.parsed().key };
    }
    return { ...counts, prev_total: prev.recordCount, curr_total: curr.recordCount };
  } finally {
    await prev.close();
    await curr?.close();
  }
}

/** One after the other, not in parallel: with errors on both sides, the previous file's is always the one reported. */
async function advanceBoth(prev: InventoryCursor, curr: InventoryCursor): Promise<void> {
  await prev.advance();
  await curr.advance();
}
