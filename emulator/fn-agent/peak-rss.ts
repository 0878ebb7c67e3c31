import { readFileSync } from 'node:fs';

/**
 * Peak resident set size of a running process in bytes: `VmHWM` of /proc/<pid>/status (Linux), the figure
 * getrusage's ru_maxrss reports inside the process. Null when the process is gone or /proc is unavailable.
 * Read synchronously: the file is a few hundred bytes, and a sample must not race the process's exit.
 */
export function readPeakRss(pid: number): number | null {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'latin1');
  } catch {
    return null;
  }
  const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(status);
  return match ? Number(match[1]) * 1024 : null;
}
