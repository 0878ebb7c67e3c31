/**
 * The diff between two inventory runs: the public entry point of shared/diff.
 *
 * Inputs are two inventory.jsonl files (one RFC 8785 canonical record per line, sorted by
 * compareRecordKeys). They are merge-joined as streams (diff-entries.ts), so a 1M-record diff holds one
 * line of each file at a time. Malformed input is an InputFormatError whose message and context name the
 * file and the 1-based line.
 *
 * - diffInventories: the summary, and with outDir also diff.json and diff_summary.json
 *   (format: diff-document.ts).
 * - diffInventoryEntries: the same diff as an async stream of entries, for callers that write it
 *   elsewhere (for example to Object Storage); diffEntryJson/summaryJson give the diff.json bytes.
 */
import { UsageError } from '../errors.ts';
import { diffInventoryEntries } from './diff-entries.ts';
import type { DiffInputs } from './diff-entries.ts';
import { writeDiffDocuments } from './diff-document.ts';
import type { DiffSummary } from './diff-types.ts';

export { diffInventoryEntries } from './diff-entries.ts';
export type { DiffInputs } from './diff-entries.ts';
export { DIFF_FILE_NAME, DIFF_SUMMARY_FILE_NAME, diffEntryJson, summaryJson } from './diff-document.ts';
export type { ChangedRecord, DiffEntry, DiffSummary, FieldChange } from './diff-types.ts';

export interface DiffInventoriesOptions extends DiffInputs {
  /** Where to write diff.json and diff_summary.json (created if missing). Nothing is written without it. */
  outDir?: string;
}

const OPTION_KEYS: ReadonlySet<string> = new Set(['prevPath', 'currPath', 'outDir', 'readOptions']);

export async function diffInventories(options: DiffInventoriesOptions): Promise<DiffSummary> {
  validateOptions(options);
  const { outDir, ...inputs } = options;
  const entries = diffInventoryEntries(inputs);
  if (outDir !== undefined) return writeDiffDocuments(entries, outDir);
  for (;;) {
    const next = await entries.next();
    if (next.done === true) return next.value;
  }
}

function validateOptions(options: DiffInventoriesOptions): void {
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.has(key)) throw new UsageError(`diffInventories: unknown option "${key}"; expected ${[...OPTION_KEYS].join(', ')}`);
  }
  for (const key of ['prevPath', 'currPath'] as const) {
    if (typeof options[key] !== 'string' || options[key] === '') {
      throw new UsageError(`diffInventories: ${key} must be a non-empty file path, got ${JSON.stringify(options[key]) ?? 'nothing'}`);
    }
  }
  if (options.outDir !== undefined && (typeof options.outDir !== 'string' || options.outDir === '')) {
    throw new UsageError(`diffInventories: outDir must be a non-empty directory path when given, got ${JSON.stringify(options.outDir)}`);
  }
}
