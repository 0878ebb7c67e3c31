import type { ChildProcess } from 'node:child_process';

/*
 * Every container process still running, across all agents of this process, so that none outlives it: one
 * 'exit' hook SIGKILLs whatever is left (a test that forgot close(), an uncaught exception). close() remains
 * the way to stop containers; this is the safety net.
 */
const live = new Set<ChildProcess>();
let hooked = false;

function killAll(): void {
  for (const child of live) {
    try {
      child.kill('SIGKILL');
    } catch {
      // Already gone.
    }
  }
  live.clear();
}

export function trackProcess(child: ChildProcess): void {
  if (!hooked) {
    process.once('exit', killAll);
    hooked = true;
  }
  live.add(child);
  child.once('exit', () => live.delete(child));
}
