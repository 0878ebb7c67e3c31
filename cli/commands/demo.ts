import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fetchRun } from '../../shared/bucket/fetch-run.ts';
import { deployLocally } from '../../emulator/deployment/local-deployment.ts';
import { startEmulator } from '../../emulator/index.ts';
import { UsageError } from '../../shared/errors.ts';
import type { RunSummary } from '../../shared/run/run-summary.ts';
import { defineCommand, integerInRange, nonEmptyString, valueOption } from '../../shared/settings/index.ts';
import { defineCliCommand } from '../cli-command.ts';

function table(rows: [string, string | number][]): string {
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`).join('\n');
}

interface CoordinatorReply {
  ok: boolean;
  result?: { runId: string; regions: string[] };
  error?: { message: string };
}

/**
 * The main job, end to end on this machine: the function bundle is built and deployed three times
 * (coordinator, region, merge) under the local Fn agent, against the emulator's demo tenancy and
 * bucket; the coordinator is invoked as `fn invoke` would; the artifacts are downloaded as
 * `oci-inventory fetch` does. Then the tenancy changes and a second run shows a real diff.
 */
export const demoCommand = defineCliCommand({
  spec: defineCommand({
    name: 'demo',
    summary: 'The main job on the embedded emulator: the serverless flow twice (inventory, change, diff), artifacts into --outdir',
    settings: ['outdir'],
    options: {
      tenancy: valueOption({ description: 'Synthetic tenancy size: a resource count', valueName: 'N', parse: integerInRange(100, 1_000_000), default: 10_000 }),
      seed: valueOption({ description: 'Seed of the synthetic tenancy', valueName: 'S', parse: nonEmptyString(), default: 'demo' }),
      changes: valueOption({ description: 'How many resources to change between the two runs', valueName: 'N', parse: integerInRange(1, 10_000), default: 40 }),
    },
  }),
  async execute(parsed, io) {
    const say = (text: string) => io.stdout.write(`${text}\n`);
    const { outdir } = parsed.settings;

    say('Building the function bundle (npm run build)...');
    const { bundle } = await import('../../scripts/bundle.mjs');
    const built = await bundle({
      entry: fileURLToPath(new URL('../../functions/index.ts', import.meta.url)),
      outfile: fileURLToPath(new URL('../../dist/func.cjs', import.meta.url)),
    });
    say(`  ${built.outfile} (${(built.bytes / 1024 / 1024).toFixed(1)} MiB)`);

    const emulator = await startEmulator({ tenancy: parsed.options.tenancy, seed: parsed.options.seed });
    const deployment = await deployLocally({ emulator, bundlePath: built.outfile });
    try {
      const { tenancy } = emulator;
      say(`Emulated tenancy ${tenancy.name} (${tenancy.regions.map((r) => r.name).join(', ')}) at ${emulator.url}`);
      say(`Functions coordinator, region and merge deployed from one bundle; bucket ${deployment.bucketName}`);

      const runOnce = async (label: string): Promise<{ runId: string; summary: RunSummary; runDir: string }> => {
        say(`\n${label}: fn invoke oci-inventory coordinator`);
        const started = Date.now();
        const reply = (await deployment.invoke('coordinator', {})).body as CoordinatorReply;
        if (!reply.ok || !reply.result) throw new UsageError(`The coordinator failed: ${reply.error?.message ?? JSON.stringify(reply)}`);
        const { runId, regions } = reply.result;
        say(`  run ${runId}: ${regions.length} region functions started (detached)`);
        const summary = await deployment.waitForRun(runId, {
          timeoutMs: 110_000,
          regions,
          onProgress: (done) => say(`  regions done ${done.length}/${regions.length}: ${done.join(', ') || '-'}`),
        });
        say(`  merged: ${summary.status}, ${summary.total_discovered} records in ${((Date.now() - started) / 1000).toFixed(1)} s`);
        const fetched = await fetchRun({ bucket: deployment.bucket, run: runId, outdir });
        say(`  downloaded ${fetched.files.length} artifacts to ${fetched.runDir}`);
        return { runId, summary, runDir: fetched.runDir };
      };

      const first = await runOnce('Run 1');
      say(table([
        ['resource types', Object.keys(first.summary.counts_by_resource_type).length],
        ['regions', first.summary.regions.map((r) => `${r.name} ${r.resources}`).join(', ')],
        ['files', first.summary.files.map((f) => `${f.name} ${(f.bytes / 1024).toFixed(0)} KiB`).join(', ')],
      ]));

      const report = tenancy.applyRandomMutations({ seed: `${parsed.options.seed}-changes`, count: parsed.options.changes });
      say(`\nChanged the tenancy: ${report.added.length} added, ${report.removed.length} removed, ${report.modified.length} modified`);

      const second = await runOnce('Run 2');
      const diff = JSON.parse(await readFile(join(second.runDir, 'diff_summary.json'), 'utf8')) as Record<string, number>;
      say(table([
        ['diff vs run 1', Object.entries(diff).map(([key, value]) => `${key} ${value}`).join(', ')],
        ['artifacts', second.runDir],
      ]));
      return 0;
    } finally {
      await deployment.close();
      await emulator.close();
    }
  },
});
