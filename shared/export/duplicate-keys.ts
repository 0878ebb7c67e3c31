/**
 * Collapses records that share a key (ocid + resourceType) in a sorted sequence, e.g. a global IAM
 * resource that several regions returned. Without a rule this is an error naming the key; with a rule the
 * outcome must not depend on which worker delivered first, so the group is ordered by canonical line
 * before the rule sees it.
 */
import { compareRecordKeys, type InventoryRecord } from '../model/record.ts';
import { columnIndex } from './canonical-json.ts';
import { DuplicateRecordError } from './export-errors.ts';
import { ExportRow } from './export-row.ts';

/**
 * Chooses one of two records with the same key. It receives the group of duplicates in canonical-line
 * order, folded from the left: `resolve(resolve(r1, r2), r3)`. It may return `a`, `b`, or a new record
 * with the same key. A rule that looks at content (e.g. the lowest region name) is fully deterministic.
 */
export type ResolveDuplicate = (a: InventoryRecord, b: InventoryRecord) => InventoryRecord;

const REGION = columnIndex('region');

/** Yields each key once; `rows` must be sorted by compareRecordKeys. */
export async function* collapseDuplicateKeys(rows: AsyncIterable<ExportRow>, resolve: ResolveDuplicate | undefined): AsyncGenerator<ExportRow> {
  let current: ExportRow | undefined;
  let twins: ExportRow[] = [];
  for await (const row of rows) {
    if (current !== undefined && compareRecordKeys(current, row) === 0) {
      twins.push(row);
      continue;
    }
    if (current !== undefined) yield twins.length === 0 ? current : chooseOne([current, ...twins], resolve);
    current = row;
    if (twins.length > 0) twins = [];
  }
  if (current !== undefined) yield twins.length === 0 ? current : chooseOne([current, ...twins], resolve);
}

/**
 * collapseDuplicateKeys over arrays of rows (sorted within and across arrays), yielding arrays: one
 * asynchronous step per array instead of per row. A group of duplicates may span arrays.
 */
export async function* collapseDuplicateKeyChunks(
  chunks: AsyncIterable<readonly ExportRow[]>,
  resolve: ResolveDuplicate | undefined,
): AsyncGenerator<ExportRow[]> {
  let current: ExportRow | undefined;
  let twins: ExportRow[] = [];
  for await (const chunk of chunks) {
    const out: ExportRow[] = [];
    for (const row of chunk) {
      if (current !== undefined && compareRecordKeys(current, row) === 0) {
        twins.push(row);
        continue;
      }
      if (current !== undefined) out.push(twins.length === 0 ? current : chooseOne([current, ...twins], resolve));
      current = row;
      if (twins.length > 0) twins = [];
    }
    if (out.length > 0) yield out;
  }
  if (current !== undefined) yield [twins.length === 0 ? current : chooseOne([current, ...twins], resolve)];
}

function chooseOne(group: readonly ExportRow[], resolve: ResolveDuplicate | undefined): ExportRow {
  const first = group[0] as ExportRow;
  if (resolve === undefined) {
    const regions = group.map((row) => row.column(REGION) ?? 'null').join(', ');
    throw new DuplicateRecordError(
      `${group.length} records have the same key (ocid ${first.ocid}, resourceType ${first.resourceType}; regions: ${regions}). ` +
        'Pass resolveDuplicate to the sorter to choose one deterministically.',
      { context: { ocid: first.ocid, resourceType: first.resourceType, count: group.length } },
    );
  }
  const candidates = group
    .map((row) => ({ row, line: row.line }))
    .sort((a, b) => (a.line < b.line ? -1 : a.line > b.line ? 1 : 0));
  let winner = candidates[0]!.row;
  let winnerRecord = winner.toRecord();
  for (const candidate of candidates.slice(1)) {
    const record = candidate.row.toRecord();
    const chosen = resolve(winnerRecord, record);
    if (chosen === winnerRecord) continue;
    if (chosen === record) {
      winner = candidate.row;
    } else {
      const merged = ExportRow.fromRecord(chosen);
      if (compareRecordKeys(merged, first) !== 0) {
        throw new DuplicateRecordError(
          `resolveDuplicate returned a record with another key (ocid ${merged.ocid}, resourceType ${merged.resourceType}) ` +
            `for ocid ${first.ocid}, resourceType ${first.resourceType}: it must return a record with the same key.`,
          { context: { ocid: first.ocid, resourceType: first.resourceType } },
        );
      }
      winner = merged;
    }
    winnerRecord = chosen;
  }
  return winner;
}
