/**
 * Child-process entry of `runPhase`: imports a module, calls one of its exports with JSON arguments and
 * writes the result together with this process's peak RSS and CPU time to a result file. A fresh
 * process per phase is what makes "peak RSS of the merge" and "peak RSS of the diff" separate figures.
 */
import { writePhaseOutcome } from './phase-outcome.ts';
import { pathToFileURL } from 'node:url';

const [modulePath, exportName, argsJson, resultPath] = process.argv.slice(2);
if (!modulePath || !exportName || argsJson === undefined || !resultPath) {
  console.error('usage: phase-child <module> <export> <json-args> <result-file>');
  process.exit(2);
}

const started = performance.now();
const module = (await import(pathToFileURL(modulePath).href)) as Record<string, unknown>;
const fn = module[exportName];
if (typeof fn !== 'function') {
  console.error(`phase-child: ${modulePath} has no function export "${exportName}"`);
  process.exit(2);
}
const result: unknown = await (fn as (args: unknown) => Promise<unknown>)(JSON.parse(argsJson));
await writePhaseOutcome(resultPath, result, performance.now() - started);
// Scenarios may leave handles (servers closed lazily, timers): the phase is over, so is the process.
process.exit(0);
