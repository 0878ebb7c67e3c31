import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../errors.ts';

/** `YYYYMMDDTHHMMSSZ` in UTC: sorts by time as a plain string. */
export function runIdFor(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Creates `<outdir>/<runId>/` for a new run. Two runs started in the same second get `-2`, `-3`...:
 * mkdir without `recursive` fails on an existing folder, so the claim is atomic even across processes.
 */
export async function createRunDirectory(outdir: string, startedAt: Date): Promise<{ runId: string; runDir: string }> {
  try {
    await mkdir(outdir, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOTDIR' || code === 'EACCES' || code === 'EROFS') {
      throw new UsageError(`Cannot use ${outdir} as the output folder (${code}): pass --outdir with a writable folder`, { cause: error, context: { outdir } });
    }
    throw error;
  }
  const base = runIdFor(startedAt);
  for (let attempt = 1; attempt < 1000; attempt += 1) {
    const runId = attempt === 1 ? base : `${base}-${attempt}`;
    const runDir = join(outdir, runId);
    try {
      await mkdir(runDir);
      return { runId, runDir };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  throw new Error(`Could not create a run folder under ${outdir}: 999 runs already started at ${base}`);
}
