import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { startEmulator } from '../../emulator/index.ts';
import { defineCommand, integerInRange, nonEmptyString, valueOption } from '../../shared/settings/index.ts';
import type { RunSummary } from '../../shared/run/run-summary.ts';
import { defineCliCommand, type CliIo } from '../cli-command.ts';

/** Runs one CLI command in-process, its stderr shown, its stdout captured (the run folder is its last line). */
async function runCli(argv: string[], io: CliIo): Promise<{ code: number; lastLine: string }> {
  const { main } = await import('../main.ts');
  let captured = '';
  const stdout = new Writable({
    write(chunk, _encoding, done) {
      captured += String(chunk);
      done();
    },
  });
  const code = await main(argv, { ...io, stdout });
  return { code, lastLine: captured.trimEnd().split('\n').at(-1) ?? '' };
}

function table(rows: [string, string | number][]): string {
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`).join('\n');
}

export const demoCommand = defineCliCommand({
  spec: defineCommand({
    name: 'demo',
    summary: 'The main job on the embedded emulator: inventory a demo tenancy, change it, inventory again and diff',
    settings: ['outdir'],
    options: {
      tenancy: valueOption({ description: 'Synthetic tenancy size: a resource count', valueName: 'N', parse: integerInRange(100, 1_000_000), default: 10_000 }),
      seed: valueOption({ description: 'Seed of the synthetic tenancy', valueName: 'S', parse: nonEmptyString(), default: 'demo' }),
      changes: valueOption({ description: 'How many resources to change between the two runs', valueName: 'N', parse: integerInRange(1, 10_000), default: 40 }),
    },
  }),
  async execute(parsed, io) {
    const { outdir } = parsed.settings;
    const say = (text: string) => io.stdout.write(`${text}\n`);
    const emulator = await startEmulator({ tenancy: parsed.options.tenancy, seed: parsed.options.seed });
    const stateDir = await mkdtemp(join(tmpdir(), 'oci-inventory-demo-'));
    try {
      const { configPath } = await emulator.writeOciConfig(stateDir);
      say(`Emulated tenancy ${emulator.tenancy.name}: ${emulator.tenancy.regions.map((r) => r.name).join(', ')} at ${emulator.url}`);
      const common = ['--auth', 'config', '--oci-config', configPath, '--endpoint-template', emulator.endpointTemplate, '--outdir', outdir];

      say('\n1/2  First inventory');
      const first = await runCli(['run', ...common], io);
      if (first.code !== 0) return first.code;
      const firstSummary = JSON.parse(await readFile(join(first.lastLine, 'run_summary.json'), 'utf8')) as RunSummary;
      say(table([
        ['run folder', first.lastLine],
        ['records', firstSummary.total_discovered],
        ['resource types', Object.keys(firstSummary.counts_by_resource_type).length],
        ['regions', firstSummary.regions.map((r) => `${r.name} ${r.resources}`).join(', ')],
        ['files', firstSummary.files.map((f) => `${f.name} ${(f.bytes / 1024).toFixed(0)} KiB`).join(', ')],
      ]));

      const report = emulator.tenancy.applyRandomMutations({ seed: `${parsed.options.seed}-changes`, count: parsed.options.changes });
      say(`\nChanged the tenancy: ${report.added.length} added, ${report.removed.length} removed, ${report.modified.length} modified`);

      say('\n2/2  Second inventory, diffed against the first');
      const second = await runCli(['run', ...common, '--prev', join(first.lastLine, 'inventory.jsonl')], io);
      if (second.code !== 0) return second.code;
      const diff = JSON.parse(await readFile(join(second.lastLine, 'diff_summary.json'), 'utf8')) as Record<string, number>;
      say(table([
        ['run folder', second.lastLine],
        ['diff', Object.entries(diff).map(([key, value]) => `${key} ${value}`).join(', ')],
      ]));
      say(`\nArtifacts: ${second.lastLine}/ (inventory.jsonl, inventory.csv, inventory.parquet, run_summary.json, diff.json, diff_summary.json)`);
      return 0;
    } finally {
      await emulator.close();
      await rm(stateDir, { recursive: true, force: true });
    }
  },
});
