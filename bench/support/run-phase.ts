import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runProcess } from './run-process.ts';

const CHILD = join(dirname(fileURLToPath(import.meta.url)), 'phase-child.ts');

export interface PhaseOutcome<T> {
  result: T;
  /** Peak resident set size of the phase's process (getrusage ru_maxrss). */
  maxRssBytes: number;
  cpuMs: number;
  wallMs: number;
}

/** The last stdout a failed phase printed (with its stderr tail), so its failure can be read in the benchmark's output. */
const TAIL_BYTES = 8_000;

/**
 * Runs `module`'s export `exportName(args)` in a fresh Node process (with tsx, as the CLI runs) and
 * returns its result with the process's peak RSS and CPU time. `nodeOptions` are extra flags for the
 * child (e.g. `--cpu-prof`).
 */
export async function runPhase<T>(
  module: string,
  exportName: string,
  args: unknown,
  options: { nodeOptions?: string[]; env?: NodeJS.ProcessEnv } = {},
): Promise<PhaseOutcome<T>> {
  const scratch = await mkdtemp(join(tmpdir(), 'bench-phase-'));
  const resultPath = join(scratch, 'result.json');
  try {
    const outcome = await runProcess(
      process.execPath,
      [...(options.nodeOptions ?? []), '--import', 'tsx', CHILD, resolve(module), exportName, JSON.stringify(args), resultPath],
      { env: { ...process.env, ...options.env } },
    );
    if (outcome.code !== 0) {
      throw new Error(`bench phase ${module}#${exportName} exited with ${outcome.code}:\n${outcome.stdout.slice(-TAIL_BYTES)}${outcome.stderrTail}`);
    }
    return JSON.parse(await readFile(resultPath, 'utf8')) as PhaseOutcome<T>;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
