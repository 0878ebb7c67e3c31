/** Writes what a phase process reports to its parent (run-phase.ts reads it): result, peak RSS, CPU, wall. */
import { writeFile } from 'node:fs/promises';

export async function writePhaseOutcome(resultPath: string, result: unknown, wallMs: number): Promise<void> {
  const usage = process.resourceUsage();
  await writeFile(
    resultPath,
    JSON.stringify({
      result,
      // ru_maxrss is in kilobytes on Linux.
      maxRssBytes: usage.maxRSS * 1024,
      cpuMs: Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000),
      wallMs: Math.round(wallMs),
    }),
  );
}
