import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../../shared/errors.ts';
import { integerInRange, nonEmptyString, pathValue, valueOption, defineCommand, type ValueParser } from '../../shared/settings/index.ts';
import { startEmulator, type FaultPlan } from '../../emulator/index.ts';
import { validateFaultPlan } from '../../emulator/faults/fault-plan.ts';
import type { TenancySize } from '../../emulator/tenancy/index.ts';
import { defineCliCommand } from '../cli-command.ts';

const tenancySize: ValueParser<TenancySize> = (raw) => {
  const text = String(raw).trim();
  if (text === 'small' || text === 'demo') return { ok: true, value: text };
  const count = /^[0-9_]+$/.test(text) ? Number(text.replaceAll('_', '')) : Number.NaN;
  if (Number.isInteger(count) && count >= 1 && count <= 1_000_000) return { ok: true, value: count };
  return { ok: false, expected: 'small, demo, or a resource count from 1 to 1000000', got: text };
};

async function readFaultPlan(path: string): Promise<FaultPlan> {
  let plan: unknown;
  try {
    plan = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`Cannot read the fault plan ${path}: ${(error as Error).message}`, { context: { file: path } });
  }
  try {
    return validateFaultPlan(plan as FaultPlan);
  } catch (error) {
    throw new UsageError(`Invalid fault plan ${path}: ${(error as Error).message}`, { context: { file: path } });
  }
}

export const emulatorCommand = defineCliCommand({
  spec: defineCommand({
    name: 'emulator',
    summary: 'Run the local OCI emulator (Identity, Search, Object Storage, Functions) until Ctrl-C',
    settings: [],
    options: {
      port: valueOption({ description: 'Port on 127.0.0.1 (0 picks a free one)', valueName: 'P', parse: integerInRange(0, 65535), default: 0 }),
      tenancy: valueOption({ description: 'Synthetic tenancy: small, demo or a resource count', valueName: 'SIZE', parse: tenancySize, default: 'demo' as TenancySize }),
      seed: valueOption({ description: 'Seed of the synthetic tenancy', valueName: 'S', parse: nonEmptyString(), default: 'oci-inventory' }),
      regionCount: valueOption({ description: 'Number of subscribed regions (1-20)', valueName: 'N', parse: integerInRange(1, 20) }),
      storageDir: valueOption({ description: 'Keep Object Storage in this directory (in memory otherwise)', valueName: 'DIR', parse: pathValue('a directory path') }),
      faults: valueOption({ description: 'JSON fault plan: latency, rate limits, errors, drops, regions down', valueName: 'FILE', parse: pathValue() }),
      stateDir: valueOption({ description: 'Where to write the OCI config file and API key', valueName: 'DIR', parse: pathValue('a directory path') }),
    },
  }),
  async execute(parsed, io) {
    const { options } = parsed;
    const faults = options.faults ? await readFaultPlan(options.faults) : undefined;
    const emulator = await startEmulator({
      port: options.port,
      tenancy: options.tenancy,
      seed: options.seed,
      ...(options.regionCount === undefined ? {} : { regionCount: options.regionCount }),
      ...(options.storageDir === undefined ? {} : { storageDir: options.storageDir }),
      ...(faults ? { faults } : {}),
    });
    const stateDir = options.stateDir ?? join(io.cwd, '.emulator');
    const { configPath } = await emulator.writeOciConfig(stateDir);
    const { tenancy } = emulator;
    const regions = tenancy.regions.map((region) => region.name);
    const total = regions.reduce((sum, region) => sum + tenancy.resourceCount(region), 0);
    io.stdout.write(
      [
        `OCI emulator listening on ${emulator.url}`,
        `Endpoint template: ${emulator.endpointTemplate}`,
        `OCI config: ${configPath} (profile DEFAULT)`,
        `Tenancy: ${tenancy.name} ${tenancy.id}`,
        `Regions: ${regions.join(', ')} (home ${tenancy.homeRegion}); ${total} search results in all`,
        `Object Storage namespace: ${emulator.namespace}`,
        '',
        'Use it from another shell:',
        `  export OCI_CLI_CONFIG_FILE='${configPath}'`,
        `  export OCI_INVENTORY_ENDPOINT_TEMPLATE='${emulator.endpointTemplate}'`,
        '  npx oci-inventory list-regions --auth config',
        '',
        'Press Ctrl-C to stop.',
        '',
      ].join('\n'),
    );
    await io.interrupted;
    await emulator.close();
    io.stdout.write('Emulator stopped.\n');
    return 0;
  },
});
