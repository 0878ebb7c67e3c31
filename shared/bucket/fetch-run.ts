/**
 * Fetching a run from a run bucket: resolve `latest` or a run id, list the run's artifacts (one level,
 * no shards, no locks or markers) and download each, streamed and verified, into `<outdir>/<runId>/`.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../errors.ts';
import type { Logger } from '../log/index.ts';
import { compareRunIds, isRunArtifact, isRunId, LATEST_POINTER, parseLatestPointer, RUNS_FOLDER, runFolder, assertRunId } from './run-layout.ts';
import type { ObjectInfo, RunBucket } from './run-bucket.ts';

/** There is no such run (or no complete run yet): the user asked for something the bucket does not have. Exit code 2. */
export class RunNotFoundError extends UsageError {}

/** How many run ids a "not found" message lists. */
const AVAILABLE_SHOWN = 5;

export interface FetchRunInput {
  bucket: RunBucket;
  /** `latest` or a run id. */
  run: string;
  /** The run lands in `<outdir>/<runId>/`. */
  outdir: string;
  logger?: Logger | undefined;
  /** Downloads in parallel. Default 3. */
  concurrency?: number | undefined;
}

export interface FetchedFile {
  /** File name inside the run folder. */
  name: string;
  path: string;
  bytes: number;
  md5: string;
  md5Verified: boolean;
}

export interface FetchedRun {
  runId: string;
  runDir: string;
  files: FetchedFile[];
}

/** The run id `run` stands for: `latest` reads latest.json; an id is checked for shape only. */
export async function resolveRunId(bucket: RunBucket, run: string): Promise<string> {
  if (run !== 'latest') return assertRunId(run);
  const pointer = await bucket.getJson<unknown>(LATEST_POINTER);
  if (pointer === undefined) {
    throw new RunNotFoundError(`No complete run yet in bucket "${bucket.bucket}" (there is no ${bucket.prefix}${LATEST_POINTER}).`, {
      context: { bucket: bucket.bucket, prefix: bucket.prefix },
    });
  }
  return parseLatestPointer(pointer, bucket.describe(LATEST_POINTER)).runId;
}

/** Run ids in the bucket, oldest first. */
export async function listRunIds(bucket: RunBucket): Promise<string[]> {
  const { folders } = await bucket.listLevel(RUNS_FOLDER);
  return folders
    .map((folder) => folder.slice(RUNS_FOLDER.length, -1))
    .filter(isRunId)
    .sort(compareRunIds);
}

/** The run's artifacts (objects directly in its folder that are artifacts), or a RunNotFoundError. */
export async function listRunArtifacts(bucket: RunBucket, runId: string, via: 'latest' | 'id'): Promise<ObjectInfo[]> {
  const folder = runFolder(runId);
  const level = await bucket.listLevel(folder);
  if (level.objects.length === 0 && level.folders.length === 0) {
    if (via === 'latest') {
      throw new RunNotFoundError(
        `${bucket.describe(LATEST_POINTER)} points at run ${runId}, but ${bucket.prefix}${folder} is empty (was the run deleted?).`,
        { context: { bucket: bucket.bucket, run: runId } },
      );
    }
    const available = await listRunIds(bucket);
    const shown = available.slice(-AVAILABLE_SHOWN);
    const listing = shown.length === 0 ? 'the bucket has no runs yet' : `available: ${shown.join(', ')} (last ${shown.length} of ${available.length})`;
    throw new RunNotFoundError(`Run ${runId} not found in bucket "${bucket.bucket}"${bucket.prefix === '' ? '' : ` under ${bucket.prefix}`}; ${listing}.`, {
      context: { bucket: bucket.bucket, run: runId },
    });
  }
  const artifacts = level.objects.filter((object) => isRunArtifact(object.name.slice(folder.length)));
  if (artifacts.length === 0) {
    throw new RunNotFoundError(`Run ${runId} in bucket "${bucket.bucket}" has no artifacts yet (it may still be running).`, {
      context: { bucket: bucket.bucket, run: runId },
    });
  }
  return artifacts;
}

export async function fetchRun(input: FetchRunInput): Promise<FetchedRun> {
  const { bucket, logger } = input;
  const runId = await resolveRunId(bucket, input.run);
  const artifacts = await listRunArtifacts(bucket, runId, input.run === 'latest' ? 'latest' : 'id');
  const runDir = join(input.outdir, runId);
  await mkdir(runDir, { recursive: true });
  logger?.info('fetching run', { bucket: bucket.bucket, runId, files: artifacts.length, bytes: artifacts.reduce((sum, a) => sum + a.bytes, 0) });

  const folder = runFolder(runId);
  const files = await mapWithConcurrency(artifacts, input.concurrency ?? 3, async (artifact): Promise<FetchedFile> => {
    const name = artifact.name.slice(folder.length);
    const path = join(runDir, name);
    const result = await bucket.downloadToFile(artifact.name, path);
    logger?.debug('downloaded', { object: artifact.name, bytes: result.bytes, md5Verified: result.md5Verified });
    return { name, path, bytes: result.bytes, md5: result.md5, md5Verified: result.md5Verified };
  });
  return { runId, runDir, files };
}

/**
 * `work` over `items`, at most `limit` at a time, results in input order. After the first failure no
 * new item starts; the ones running finish, then the first error is thrown.
 */
async function mapWithConcurrency<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < items.length) {
      const index = next;
      next += 1;
      try {
        results[index] = await work(items[index] as T);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failure !== undefined) throw failure.error;
  return results;
}
