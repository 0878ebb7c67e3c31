/**
 * The run settings, declared as data: type, description and parser of each setting. Flag, env var and
 * settings-file names are derived from the key (`workersRegion` -> `--workers-region`,
 * `OCI_INV_WORKERS_REGION`, `workersRegion` or `workers-region` in a file), so they cannot drift apart.
 */
import { LOG_FORMATS, LOG_LEVELS, type LogFormat, type LogLevel } from '../log/levels.ts';
import {
  endpointTemplate,
  integerInRange,
  nonEmptyString,
  nullable,
  oneOf,
  pathValue,
  regionList,
  subsetOf,
  tenancyOcid,
  type ValueParser,
} from './values.ts';

export const AUTH_MODES = ['auto', 'config', 'instance', 'resource', 'security_token'] as const;
export type AuthMode = (typeof AUTH_MODES)[number];

export const EXPORT_FORMATS = ['jsonl', 'csv', 'parquet'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface Settings {
  readonly auth: AuthMode;
  /** Absolute path of the OCI config file. */
  readonly ociConfig: string;
  readonly profile: string;
  /** null: taken from the OCI config file or the principal. */
  readonly tenancy: string | null;
  /** Sorted, deduplicated region ids; null: every subscribed region. */
  readonly regions: readonly string[] | null;
  readonly query: string;
  readonly workersRegion: number;
  readonly workersEnrich: number;
  /** Absolute path. */
  readonly outdir: string;
  /** Absolute path of the previous inventory to diff against; null: no diff. */
  readonly prev: string | null;
  /** Non-empty, deduplicated, in EXPORT_FORMATS order. */
  readonly formats: readonly ExportFormat[];
  readonly logFormat: LogFormat;
  readonly logLevel: LogLevel;
  /** null: OCI's public endpoints. */
  readonly endpointTemplate: string | null;
}

export type SettingKey = keyof Settings;

export interface SettingSpec<T> {
  /** One line for `--help`. */
  description: string;
  /** Placeholder in `--help`, e.g. `N`, `FILE`. */
  valueName: string;
  parse: ValueParser<T>;
  /** A list: given several times as a flag, the values add up (`--regions a --regions b`). */
  list?: boolean;
  /** Env vars outside our `OCI_INV_` prefix that also set this (same rank as ours). */
  envAliases?: readonly string[];
}

/** Every setting, in the order `--help` lists them. The mapped type makes a missing declaration a compile error. */
export const SETTING_SPECS: { readonly [K in SettingKey]: SettingSpec<Settings[K]> } = {
  auth: {
    description: 'How to authenticate (auto: choose from the environment the run is in)',
    valueName: AUTH_MODES.join('|'),
    parse: oneOf(AUTH_MODES),
  },
  ociConfig: {
    description: 'OCI config file; $OCI_CLI_CONFIG_FILE, when set, replaces the default',
    valueName: 'FILE',
    parse: pathValue(),
  },
  profile: { description: 'Profile in the OCI config file', valueName: 'NAME', parse: nonEmptyString('a profile name') },
  tenancy: {
    description: 'Tenancy OCID (default: from the OCI config or the principal)',
    valueName: 'OCID',
    parse: nullable(tenancyOcid()),
  },
  regions: {
    description: 'Regions to inventory, comma-separated (default: every subscribed region)',
    valueName: 'LIST',
    parse: nullable(regionList()),
    list: true,
  },
  query: { description: 'Resource Search structured query', valueName: 'QUERY', parse: nonEmptyString('a search query') },
  workersRegion: { description: 'Regions searched in parallel', valueName: 'N', parse: integerInRange(1, 64) },
  workersEnrich: { description: 'Enrichment calls in parallel per region and service', valueName: 'N', parse: integerInRange(1, 256) },
  outdir: { description: 'Output folder', valueName: 'DIR', parse: pathValue('a folder path') },
  prev: {
    description: 'Previous inventory.jsonl to diff against (default: no diff)',
    valueName: 'FILE',
    parse: nullable(pathValue()),
  },
  formats: {
    description: 'Export formats, comma-separated',
    valueName: EXPORT_FORMATS.join(','),
    parse: subsetOf(EXPORT_FORMATS),
    list: true,
  },
  logFormat: { description: 'Log line format on stderr', valueName: LOG_FORMATS.join('|'), parse: oneOf(LOG_FORMATS) },
  logLevel: { description: 'Lowest level logged', valueName: LOG_LEVELS.join('|'), parse: oneOf(LOG_LEVELS) },
  endpointTemplate: {
    description: 'Endpoint URL template with {service} and {region}, e.g. for the emulator (default: OCI public endpoints)',
    valueName: 'URL',
    parse: nullable(endpointTemplate()),
    envAliases: ['OCI_INVENTORY_ENDPOINT_TEMPLATE'],
  },
};

export const SETTING_KEYS = Object.keys(SETTING_SPECS) as SettingKey[];

/** Settings groups, to keep command declarations short. */
export const LOG_SETTINGS = ['logFormat', 'logLevel'] as const satisfies readonly SettingKey[];
export const AUTH_SETTINGS = ['auth', 'ociConfig', 'profile', 'tenancy', 'endpointTemplate'] as const satisfies readonly SettingKey[];

export const ENV_PREFIX = 'OCI_INV_';
/** Env var naming the settings file (the `--config` flag wins over it). */
export const CONFIG_FILE_ENV = 'OCI_INV_CONFIG';
/** The OCI CLI's own variable: it replaces the `ociConfig` default, below every explicit layer. */
export const OCI_CLI_CONFIG_FILE_ENV = 'OCI_CLI_CONFIG_FILE';

/** `workersRegion` -> `workers-region`. */
export function kebabCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

export function flagName(key: SettingKey): string {
  return `--${kebabCase(key)}`;
}

export function envName(key: SettingKey): string {
  return ENV_PREFIX + kebabCase(key).replaceAll('-', '_').toUpperCase();
}
