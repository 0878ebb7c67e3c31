/** The diff's result types, shared by the merge-join, the diff.json writer and callers of the streaming API. */
import type { RecordKey } from '../model/record.ts';
import type { FieldChange } from './record-changes.ts';

export type { FieldChange } from './record-changes.ts';

/** Counts of one diff; the first thing in diff.json and the whole of diff_summary.json. */
export interface DiffSummary {
  added: number;
  removed: number;
  changed: number;
  unchanged: number;
  /** Records in the previous file: removed + changed + unchanged. */
  prev_total: number;
  /** Records in the current file: added + changed + unchanged. */
  curr_total: number;
}

/** A record present in both runs whose hash differs. */
export interface ChangedRecord extends RecordKey {
  prevHash: string;
  currHash: string;
  /** Never empty. */
  changes: FieldChange[];
}

/** One difference, as yielded by diffInventoryEntries in (ocid, resourceType) order. */
export type DiffEntry =
  | { kind: 'added'; key: RecordKey }
  | { kind: 'removed'; key: RecordKey }
  | { kind: 'changed'; change: ChangedRecord };
