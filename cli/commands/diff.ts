import { mkdir } from 'node:fs/promises';
import { LOG_SETTINGS, defineCommand, pathValue, valueOption } from '../../shared/settings/index.ts';
import { diffInventories } from '../../shared/diff/diff-inventories.ts';
import { UsageError } from '../../shared/errors.ts';
import { defineCliCommand } from '../cli-command.ts';

export const diffCommand = defineCliCommand({
  spec: defineCommand({
    name: 'diff',
    summary: 'Compare two inventory.jsonl files; writes diff.json and diff_summary.json',
    settings: ['prev', 'outdir', ...LOG_SETTINGS],
    options: {
      curr: valueOption({ description: 'The newer inventory.jsonl', valueName: 'FILE', parse: pathValue(), required: true }),
    },
  }),
  async execute(parsed, io) {
    const prev = parsed.settings.prev;
    if (prev === null) throw new UsageError('diff needs --prev FILE (the older inventory.jsonl)');
    await mkdir(parsed.settings.outdir, { recursive: true });
    const summary = await diffInventories({ prevPath: prev, currPath: parsed.options.curr, outDir: parsed.settings.outdir });
    io.stdout.write(`${JSON.stringify(summary)}\n`);
    return 0;
  },
});
