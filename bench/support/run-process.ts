import { spawn } from 'node:child_process';

/** The last bytes of stderr a failed process printed: enough to read why, never the whole log. */
const STDERR_TAIL_BYTES = 20_000;

export interface ProcessOutcome {
  code: number | null;
  stdout: string;
  /** The last STDERR_TAIL_BYTES of stderr. */
  stderrTail: string;
}

/** Runs a command to its end, collecting stdout and the tail of stderr. */
export function runProcess(command: string, args: readonly string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<ProcessOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: options.env ?? process.env, ...(options.cwd ? { cwd: options.cwd } : {}), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderrTail = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderrTail = (stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL_BYTES)));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderrTail }));
  });
}
