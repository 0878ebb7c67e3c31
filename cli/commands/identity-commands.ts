import { AUTH_SETTINGS, LOG_SETTINGS, defineCommand } from '../../shared/settings/index.ts';
import { listCompartmentTree } from '../../shared/discovery/compartments.ts';
import { listSubscribedRegions } from '../../shared/discovery/regions.ts';
import { UsageError } from '../../shared/errors.ts';
import type { ResolvedAuth } from '../../shared/oci/auth.ts';
import { defineCliCommand } from '../cli-command.ts';
import { createRuntime } from './runtime.ts';

function callRegionOf(auth: ResolvedAuth): string {
  if (!auth.region) throw new UsageError('No region to call Identity in: set "region" in the OCI config profile (or OCI_RESOURCE_PRINCIPAL_REGION)');
  return auth.region;
}

export const validateAuthCommand = defineCliCommand({
  spec: defineCommand({
    name: 'validate-auth',
    summary: 'Check the credentials: resolve auth, list regions, print the tenancy and method (never secrets)',
    settings: [...AUTH_SETTINGS, ...LOG_SETTINGS],
    options: {},
  }),
  async execute(parsed, io) {
    const { auth, factory } = await createRuntime(parsed.settings, io);
    const regions = await listSubscribedRegions(factory, { tenancyId: auth.tenancyId, callRegion: callRegionOf(auth), wanted: null });
    const home = regions.find((region) => region.isHomeRegion)?.name ?? 'unknown';
    io.stdout.write(
      [
        `Authentication: ${auth.method}`,
        `Tenancy: ${auth.tenancyId}`,
        `Region of the credentials: ${auth.region}`,
        `Home region: ${home}`,
        `Subscribed regions (${regions.length}): ${regions.map((region) => region.name).join(', ')}`,
        'OK',
        '',
      ].join('\n'),
    );
    return 0;
  },
});

export const listRegionsCommand = defineCliCommand({
  spec: defineCommand({
    name: 'list-regions',
    summary: 'Print the subscribed regions, one per line, sorted',
    settings: [...AUTH_SETTINGS, ...LOG_SETTINGS],
    options: {},
  }),
  async execute(parsed, io) {
    const { auth, factory } = await createRuntime(parsed.settings, io);
    const regions = await listSubscribedRegions(factory, { tenancyId: auth.tenancyId, callRegion: callRegionOf(auth), wanted: null });
    io.stdout.write(regions.map((region) => `${region.name}\n`).join(''));
    return 0;
  },
});

/** CSV-quotes a value only when it needs it (names may hold commas or quotes). */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export const listCompartmentsCommand = defineCliCommand({
  spec: defineCommand({
    name: 'list-compartments',
    summary: 'Print "ocid,name" for the root and every compartment of its subtree, sorted by ocid',
    settings: [...AUTH_SETTINGS, ...LOG_SETTINGS],
    options: {},
  }),
  async execute(parsed, io) {
    const { auth, factory } = await createRuntime(parsed.settings, io);
    const compartments = await listCompartmentTree(factory, { tenancyId: auth.tenancyId, callRegion: callRegionOf(auth) });
    io.stdout.write(compartments.map((compartment) => `${compartment.id},${csvField(compartment.name)}\n`).join(''));
    return 0;
  },
});
