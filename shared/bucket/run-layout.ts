/**
 * Where a run lives in a run bucket (all names relative to the bucket prefix):
 *
 *   latest.json                      {"runId": "<runId>", ...}: the newest complete run
 *   runs/<runId>/inventory.jsonl     the run's artifacts, one level
 *   runs/<runId>/regions/...         per-region shards (working data, not artifacts)
 *   runs/<runId>/<locks, markers>    coordination objects (not artifacts)
 */
import { InputFormatError, UsageError } from '../errors.ts';

export const LATEST_POINTER = 'latest.json';
export const RUNS_FOLDER = 'runs/';

/** `YYYYMMDDTHHMMSSZ`, with `-N` when several runs started in the same second (shared/run/run-id.ts). */
export const RUN_ID_PATTERN = /^\d{8}T\d{6}Z(-\d+)?$/;

/** The files of a run that `fetch` downloads; anything else at the run's level is coordination data. */
export const RUN_ARTIFACT_FILES = [
  'inventory.jsonl',
  'inventory.csv',
  'inventory.parquet',
  'run_summary.json',
  'diff.json',
  'diff_summary.json',
  'manifest.json',
] as const;

/** Relationship graphs: `graph_<name>.jsonl`. */
const GRAPH_FILE = /^graph_[A-Za-z0-9._-]+\.jsonl$/;

export function isRunId(value: string): boolean {
  return RUN_ID_PATTERN.test(value);
}

export function assertRunId(value: string): string {
  if (!isRunId(value)) {
    throw new UsageError(`Invalid run id ${JSON.stringify(value)}: expected "latest" or an id like 20240131T020000Z (or 20240131T020000Z-2)`, {
      context: { run: value },
    });
  }
  return value;
}

/** `runs/<runId>/` */
export function runFolder(runId: string): string {
  return `${RUNS_FOLDER}${assertRunId(runId)}/`;
}

export function isRunArtifact(fileName: string): boolean {
  return (RUN_ARTIFACT_FILES as readonly string[]).includes(fileName) || GRAPH_FILE.test(fileName);
}

/** Oldest first: by start time, then by the `-N` suffix as a number (so `-10` comes after `-9`). */
export function compareRunIds(a: string, b: string): number {
  const [baseA = '', suffixA = '1'] = a.split('-');
  const [baseB = '', suffixB = '1'] = b.split('-');
  if (baseA !== baseB) return baseA < baseB ? -1 : 1;
  return Number(suffixA) - Number(suffixB);
}

/** What latest.json holds; only `runId` is read here, other fields are kept as they are. */
export interface LatestPointer {
  runId: string;
  [field: string]: unknown;
}

export function parseLatestPointer(value: unknown, where: string): LatestPointer {
  const runId = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as { runId?: unknown }).runId : undefined;
  if (typeof runId !== 'string' || !isRunId(runId)) {
    throw new InputFormatError(
      `${where} is malformed: expected {"runId": "<id like 20240131T020000Z>", ...}, got ${JSON.stringify(value)?.slice(0, 200)}`,
      { context: { object: where } },
    );
  }
  return value as LatestPointer;
}
