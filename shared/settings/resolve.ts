/**
 * Layered resolution: defaults < settings file (--config / OCI_INV_CONFIG) < env OCI_INV_* < flags.
 * Every value given in every layer is validated (an overridden bad value still fails: it would break
 * the next run that does not override it), and all problems are reported together in one SettingsError.
 */
import { SettingsError } from '../errors.ts';
import { tokenizeArgv, type ArgvFlag, type FlagTableEntry } from './argv.ts';
import { CONFIG_FLAG, HELP_FLAGS, optionFlag, type CommandSpec, type OptionSpecs, type OptionValues } from './command.ts';
import { DEFAULT_SETTINGS } from './defaults.ts';
import { describeGot, SettingsIssues } from './issues.ts';
import { readEnvLayer, readFileLayer, type RawEntry } from './layers.ts';
import {
  CONFIG_FILE_ENV,
  flagName,
  OCI_CLI_CONFIG_FILE_ENV,
  SETTING_KEYS,
  SETTING_SPECS,
  type Settings,
  type SettingSpec,
} from './settings.ts';
import { describeSource, type SettingSource, type SettingSources } from './sources.ts';
import { didYouMean } from './suggest.ts';
import { resolvePath, type ParseContext } from './values.ts';

export interface ResolveInput {
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
  /** Relative paths from flags and env resolve against this. */
  cwd: string;
  /** `~` expands to this. */
  homeDir: string;
}

export interface ResolvedSettings {
  /** Frozen. */
  settings: Settings;
  sources: SettingSources;
  /** Absolute path of the settings file read, or null. */
  configFile: string | null;
}

export type ParsedCommandLine<O extends OptionSpecs> =
  | { help: true }
  | (ResolvedSettings & { help: false; options: OptionValues<O>; positionals: string[] });

/** The implicit command of `resolveSettings`: every setting as a flag, nothing else. */
const ALL_SETTINGS_COMMAND: CommandSpec = { name: 'settings', summary: 'Run settings', settings: SETTING_KEYS, options: {} };

/** Resolves the run settings from argv holding only setting flags and `--config`. */
export function resolveSettings(input: ResolveInput): ResolvedSettings {
  const issues = new SettingsIssues();
  const table = flagTable(ALL_SETTINGS_COMMAND, false);
  const tokens = tokenizeArgv(input.argv, table, (flag) => unknownFlagMessage(flag, ALL_SETTINGS_COMMAND, table), issues);
  for (const positional of tokens.positionals) issues.add(`Unexpected argument ${describeGot(positional)}`);
  return resolveLayers(tokens.flags, input, issues);
}

/**
 * Parses a command's argv: `{help: true}` when -h/--help is present (nothing else is validated, so help
 * works even with a broken environment), otherwise the resolved settings plus the command's own options.
 */
export function parseCommandLine<O extends OptionSpecs>(command: CommandSpec<O>, input: ResolveInput): ParsedCommandLine<O> {
  const issues = new SettingsIssues();
  const table = flagTable(command, true);
  const tokens = tokenizeArgv(input.argv, table, (flag) => unknownFlagMessage(flag, command, table), issues);
  if (tokens.flags.some((f) => (HELP_FLAGS as readonly string[]).includes(f.flag))) return { help: true };

  const context: ParseContext = { baseDir: input.cwd, homeDir: input.homeDir };
  const options: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(command.options)) {
    const flag = optionFlag(name);
    const given = tokens.flags.filter((f) => f.flag === flag).at(-1); // last one wins
    if (spec.kind === 'switch') {
      options[name] = given !== undefined;
    } else if (given === undefined) {
      if (spec.required) issues.add(`Missing required option ${flag} ${spec.valueName}: ${spec.description}`);
      options[name] = spec.defaultValue;
    } else {
      const result = spec.parse(given.value, context);
      if (result.ok) options[name] = result.value;
      else issues.invalid(flag, result.expected, result.got ?? describeGot(given.value));
    }
  }

  const declared = command.positionals ?? [];
  const requiredCount = declared.filter((p) => p.required).length;
  if (tokens.positionals.length > declared.length) {
    issues.add(`Unexpected argument ${describeGot(tokens.positionals[declared.length])} for "${command.name}"`);
  } else if (tokens.positionals.length < requiredCount) {
    const missing = declared[tokens.positionals.length];
    if (missing !== undefined) issues.add(`Missing argument ${missing.name}: ${missing.description}`);
  }

  // A command's own options are not settings, even where a flag name is also a setting's.
  const optionFlags = new Set(Object.keys(command.options).map(optionFlag));
  const resolved = resolveLayers(tokens.flags.filter((f) => !optionFlags.has(f.flag)), input, issues);
  return { ...resolved, help: false, options: options as OptionValues<O>, positionals: tokens.positionals };
}

function resolveLayers(flags: readonly ArgvFlag[], input: ResolveInput, issues: SettingsIssues): ResolvedSettings {
  const cwdContext: ParseContext = { baseDir: input.cwd, homeDir: input.homeDir };
  const configFile = settingsFilePath(flags, input, issues);

  // Entries in rank order, lowest first: the last valid entry per key wins.
  const entries: RawEntry[] = [];
  const ociCliConfig = input.env[OCI_CLI_CONFIG_FILE_ENV];
  if (ociCliConfig !== undefined && ociCliConfig !== '') {
    entries.push({ key: 'ociConfig', source: { kind: 'env', name: OCI_CLI_CONFIG_FILE_ENV }, raw: ociCliConfig, baseDir: input.cwd });
  }
  if (configFile !== null) {
    try {
      entries.push(...readFileLayer(configFile, issues));
    } catch (error) {
      if (!(error instanceof SettingsError)) throw error;
      issues.add(error.message);
    }
  }
  entries.push(...readEnvLayer(input.env, input.cwd, issues));
  entries.push(...flagEntries(flags, input.cwd));

  const settings: Record<string, unknown> = {};
  const sources: Record<string, SettingSource> = {};
  for (const key of SETTING_KEYS) {
    const { parse }: SettingSpec<unknown> = SETTING_SPECS[key];
    const fallback = parse(DEFAULT_SETTINGS[key], cwdContext);
    if (!fallback.ok) throw new Error(`DEFAULT_SETTINGS.${key} fails its own validation: ${fallback.expected}`);
    settings[key] = fallback.value;
    sources[key] = { kind: 'default' };
    for (const entry of entries.filter((e) => e.key === key)) {
      const result = parse(entry.raw, { baseDir: entry.baseDir, homeDir: input.homeDir });
      if (result.ok) {
        settings[key] = result.value;
        sources[key] = entry.source;
      } else {
        issues.invalid(describeSource(entry.source), result.expected, result.got ?? describeGot(entry.raw));
      }
    }
  }
  issues.throwIfAny();
  return { settings: deepFreeze(settings) as unknown as Settings, sources: Object.freeze(sources) as SettingSources, configFile };
}

/** `--config FILE` (last one wins) or else OCI_INV_CONFIG; relative to the cwd. */
function settingsFilePath(flags: readonly ArgvFlag[], input: ResolveInput, issues: SettingsIssues): string | null {
  const fromFlag = flags.filter((f) => f.flag === CONFIG_FLAG).at(-1)?.value;
  const fromEnv = input.env[CONFIG_FILE_ENV];
  const [raw, where] = fromFlag !== undefined ? [fromFlag, CONFIG_FLAG] : [fromEnv, CONFIG_FILE_ENV];
  if (raw === undefined) return null;
  if (typeof raw !== 'string' || raw.trim() === '') {
    issues.invalid(where, 'the path of a JSON or YAML settings file', describeGot(raw));
    return null;
  }
  return resolvePath(raw, { baseDir: input.cwd, homeDir: input.homeDir });
}

/** Setting flags as raw entries. A list setting given twice adds up (`--regions a --regions b`); others: last wins. */
function flagEntries(flags: readonly ArgvFlag[], cwd: string): RawEntry[] {
  const entries: RawEntry[] = [];
  for (const key of SETTING_KEYS) {
    const flag = flagName(key);
    const values = flags.filter((f) => f.flag === flag).map((f) => f.value);
    if (values.length === 0) continue;
    const raw = SETTING_SPECS[key].list === true ? values.join(',') : values.at(-1);
    entries.push({ key, source: { kind: 'flag', flag }, raw, baseDir: cwd });
  }
  return entries;
}

function flagTable(command: CommandSpec, withHelp: boolean): Map<string, FlagTableEntry> {
  const table = new Map<string, FlagTableEntry>();
  for (const key of command.settings) {
    table.set(flagName(key), { takesValue: true, usage: `${flagName(key)} ${SETTING_SPECS[key].valueName}` });
  }
  for (const [name, spec] of Object.entries(command.options)) {
    const flag = optionFlag(name);
    table.set(flag, spec.kind === 'value' ? { takesValue: true, usage: `${flag} ${spec.valueName}` } : { takesValue: false, usage: flag });
  }
  table.set(CONFIG_FLAG, { takesValue: true, usage: `${CONFIG_FLAG} FILE` });
  if (withHelp) for (const flag of HELP_FLAGS) table.set(flag, { takesValue: false, usage: flag });
  return table;
}

function unknownFlagMessage(flag: string, command: CommandSpec, table: ReadonlyMap<string, FlagTableEntry>): string {
  const helpHint = table.has('--help') ? `; see "${command.name} --help"` : '';
  if (SETTING_KEYS.some((key) => flagName(key) === flag)) return `Option ${flag} is not accepted by "${command.name}"${helpHint}`;
  return `Unknown option ${flag}${didYouMean(flag, [...table.keys()].filter((f) => f.startsWith('--')))}${helpHint}`;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
