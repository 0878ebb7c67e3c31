/**
 * `npm run bench [-- --quick] [--only a,b] [--repeats N]`: runs the benchmark scenarios against the
 * emulator, prints a table (median, min, max and target of every figure) and writes bench/results.json.
 * Each repeat of a scenario runs in a fresh process so peak RSS is that repeat's own.
 */
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SCENARIOS } from './scenarios/index.ts';
import { meets, type ScenarioResult, type Target } from './support/figures.ts';
import { describeMachine } from './support/machine.ts';
import { runPhase } from './support/run-phase.ts';
import { spreadOf, type Spread } from './support/stats.ts';
import { formatTable } from './support/table.ts';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));

interface FigureReport extends Spread {
  key: string;
  label: string;
  unit: string;
  target: Target | null;
  /** Whether the median meets the target (null without a target). */
  met: boolean | null;
}

interface ScenarioReport {
  name: string;
  title: string;
  repeats: number;
  status: 'ok' | 'failed';
  error: string | null;
  figures: FigureReport[];
  facts: ScenarioResult['facts'];
  wallMs: number;
}

function usageError(message: string): never {
  console.error(`bench: ${message}\nusage: npm run bench [-- --quick] [--only ${SCENARIOS.map((s) => s.name).join(',')}] [--repeats N]`);
  process.exit(2);
}

function parseOptions() {
  let values;
  try {
    ({ values } = parseArgs({
      options: { quick: { type: 'boolean', default: false }, only: { type: 'string' }, repeats: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    usageError((error as Error).message);
  }
  const only = values.only === undefined ? null : values.only.split(',').map((name) => name.trim()).filter(Boolean);
  for (const name of only ?? []) {
    if (!SCENARIOS.some((scenario) => scenario.name === name)) usageError(`--only: unknown scenario "${name}"`);
  }
  let repeats: number | null = null;
  if (values.repeats !== undefined) {
    repeats = Number(values.repeats);
    if (!Number.isInteger(repeats) || repeats < 1 || repeats > 20) usageError(`--repeats: expected a whole number from 1 to 20, got "${values.repeats}"`);
  }
  return { quick: values.quick ?? false, only, repeats };
}

function summarise(results: ScenarioResult[]): FigureReport[] {
  const first = results[0];
  if (!first) return [];
  return first.figures.map((template) => {
    const samples = results.map((result) => {
      const found = result.figures.find((candidate) => candidate.key === template.key);
      if (!found) throw new Error(`figure ${template.key} missing from a repeat`);
      return found.value;
    });
    const spread = spreadOf(samples);
    const target = template.target ?? null;
    return { key: template.key, label: template.label, unit: template.unit, ...spread, target, met: target === null ? null : meets(spread.median, target) };
  });
}

async function main(): Promise<void> {
  const options = parseOptions();
  const machine = describeMachine();
  const startedAt = new Date();
  const scenarios = SCENARIOS.filter((scenario) => options.only === null || options.only.includes(scenario.name));
  console.log(`oci-inventory benchmark (${options.quick ? 'quick' : 'full'}) on ${machine.cpus} x ${machine.cpuModel}, ${(machine.memoryBytes / 2 ** 30).toFixed(0)} GiB, Node ${machine.node}`);
  const reports: ScenarioReport[] = [];
  for (const scenario of scenarios) {
    const repeats = options.repeats ?? (options.quick ? scenario.repeats.quick : scenario.repeats.full);
    const started = Date.now();
    const results: ScenarioResult[] = [];
    let error: string | null = null;
    for (let repeat = 1; repeat <= repeats && error === null; repeat += 1) {
      console.log(`- ${scenario.name}: repeat ${repeat} of ${repeats} ...`);
      const workDir = await mkdtemp(join(BENCH_DIR, 'tmp', `${scenario.name}-`)).catch(async () => {
        await mkdir(join(BENCH_DIR, 'tmp'), { recursive: true });
        return mkdtemp(join(BENCH_DIR, 'tmp', `${scenario.name}-`));
      });
      try {
        const outcome = await runPhase<ScenarioResult>(join(BENCH_DIR, 'scenarios', scenario.module), 'run', { quick: options.quick, workDir });
        results.push(outcome.result);
      } catch (caught) {
        error = (caught as Error).message;
        console.error(error);
      } finally {
        await rm(workDir, { recursive: true, force: true });
      }
    }
    const figures = error === null ? summarise(results) : [];
    const report: ScenarioReport = {
      name: scenario.name,
      title: scenario.title,
      repeats: results.length,
      status: error === null ? 'ok' : 'failed',
      error,
      figures,
      facts: results.at(-1)?.facts ?? {},
      wallMs: Date.now() - started,
    };
    reports.push(report);
    console.log(formatTable([report]));
  }

  const missed = reports.flatMap((report) => report.figures.filter((figure) => figure.met === false).map((figure) => `${report.name}: ${figure.label}`));
  const document = {
    generatedAt: startedAt.toISOString(),
    mode: options.quick ? 'quick' : 'full',
    machine,
    scenarios: reports,
    targetsMissed: missed,
    scenariosFailed: reports.filter((report) => report.status === 'failed').map((report) => report.name),
  };
  const resultsPath = join(BENCH_DIR, 'results.json');
  // Written whole then renamed: a benchmark stopped half-way never leaves a half-written results.json.
  await writeFile(`${resultsPath}.tmp`, `${JSON.stringify(document, null, 2)}\n`);
  await rename(`${resultsPath}.tmp`, resultsPath);

  console.log('\nSummary');
  console.log(formatTable(reports));
  const failed = reports.filter((report) => report.status === 'failed').map((report) => report.name);
  if (failed.length > 0) console.log(`\nScenarios that failed (no figures): ${failed.join(', ')}`);
  if (missed.length > 0) console.log(`\nTargets missed (${missed.length}):\n${missed.map((line) => `  - ${line}`).join('\n')}`);
  else if (failed.length === 0) console.log('\nAll targets met.');
  console.log(`Results: ${resultsPath}`);
  if (reports.some((report) => report.status === 'failed')) process.exitCode = 1;
}

await main();
