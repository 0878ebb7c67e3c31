import { AUTH_SETTINGS, LOG_SETTINGS, defineCommand } from '../../shared/settings/index.ts';
import { EXIT_CODES } from '../../shared/errors.ts';
import { runInventory } from '../../shared/run/run-inventory.ts';
import { defineCliCommand } from '../cli-command.ts';
import { createRuntime } from './runtime.ts';

export const runCommand = defineCliCommand({
  spec: defineCommand({
    name: 'run',
    summary: 'Take an inventory: discover, enrich, export (and diff with --prev); prints the run folder',
    settings: [...AUTH_SETTINGS, 'regions', 'query', 'workersRegion', 'workersEnrich', 'outdir', 'prev', 'formats', ...LOG_SETTINGS],
    options: {},
  }),
  async execute(parsed, io) {
    const runtime = await createRuntime(parsed.settings, io);
    const { runDir, summary } = await runInventory({ settings: parsed.settings, ...runtime });
    const failed = summary.regions.filter((region) => region.status === 'failed');
    if (failed.length > 0) {
      io.stderr.write(`Partial run: ${failed.map((region) => `${region.name} (${region.error})`).join('; ')}. See ${runDir}/run_summary.json.\n`);
    }
    io.stdout.write(`${runDir}\n`);
    return summary.status === 'complete' ? EXIT_CODES.complete : EXIT_CODES.partial;
  },
});
