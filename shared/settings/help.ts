/**
 * Human-readable renderings of the declarations: `--help` for a command, and the resolved settings with
 * where each value came from (for `--help` follow-ups and debug logs).
 */
import { CONFIG_FLAG, optionFlag, type CommandSpec } from './command.ts';
import { DEFAULT_SETTINGS } from './defaults.ts';
import type { ResolvedSettings } from './resolve.ts';
import { CONFIG_FILE_ENV, ENV_PREFIX, envName, flagName, SETTING_KEYS, SETTING_SPECS } from './settings.ts';
import { describeSource } from './sources.ts';

interface HelpRow {
  usage: string;
  lines: string[];
}

export interface HelpOptions {
  /** Default: `oci-inventory`. */
  program?: string;
}

export function formatHelp(command: CommandSpec, helpOptions: HelpOptions = {}): string {
  const program = helpOptions.program ?? 'oci-inventory';
  const positionals = (command.positionals ?? []).map((p) => (p.required ? ` <${p.name}>` : ` [${p.name}]`)).join('');
  const sections = [`Usage: ${program} ${command.name} [options]${positionals}`, command.summary];

  if ((command.positionals ?? []).length > 0) {
    sections.push(formatRows('Arguments:', (command.positionals ?? []).map((p) => ({ usage: p.name, lines: [p.description] }))));
  }

  const optionRows: HelpRow[] = Object.entries(command.options).map(([name, spec]) => {
    if (spec.kind === 'switch') return { usage: optionFlag(name), lines: [spec.description] };
    const note = spec.required ? ' (required)' : spec.defaultValue !== undefined ? ` (default: ${formatValue(spec.defaultValue)})` : '';
    return { usage: `${optionFlag(name)} ${spec.valueName}`, lines: [spec.description + note] };
  });
  if (optionRows.length > 0) sections.push(formatRows('Options:', optionRows));

  const settingRows: HelpRow[] = command.settings.map((key) => {
    const spec = SETTING_SPECS[key];
    const fallback = DEFAULT_SETTINGS[key];
    const note = fallback === null ? '' : ` (default: ${formatValue(fallback)})`;
    const env = [envName(key), ...(spec.envAliases ?? [])].join(' or ');
    return { usage: `${flagName(key)} ${spec.valueName}`, lines: [spec.description + note, `env ${env}, file key ${key}`] };
  });
  settingRows.push(
    { usage: `${CONFIG_FLAG} FILE`, lines: ['Settings file, JSON or YAML', `env ${CONFIG_FILE_ENV}`] },
    { usage: '-h, --help', lines: ['Show this help'] },
  );
  sections.push(formatRows(`Settings (precedence: flag > env ${ENV_PREFIX}* > settings file > default):`, settingRows));
  return `${sections.join('\n\n')}\n`;
}

/** One line per setting: `workersRegion  4  (--workers-region)`. */
export function formatResolvedSettings(resolved: ResolvedSettings): string {
  const width = Math.max(...SETTING_KEYS.map((key) => key.length));
  const lines = SETTING_KEYS.map(
    (key) => `${key.padEnd(width)}  ${formatValue(resolved.settings[key])}  (${describeSource(resolved.sources[key])})`,
  );
  if (resolved.configFile !== null) lines.unshift(`settings file: ${resolved.configFile}`);
  return `${lines.join('\n')}\n`;
}

function formatValue(value: unknown): string {
  if (value === null) return 'none';
  if (Array.isArray(value)) return value.join(',');
  return String(value);
}

function formatRows(title: string, rows: readonly HelpRow[]): string {
  const width = Math.max(...rows.map((row) => row.usage.length)) + 2;
  const body = rows.flatMap((row) =>
    row.lines.map((line, i) => `  ${(i === 0 ? row.usage : '').padEnd(width)}${line}`),
  );
  return [title, ...body].join('\n');
}
