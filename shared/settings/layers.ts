/**
 * Reads the settings FILE and ENVIRONMENT layers into raw entries (key, where it came from, raw
 * value). Unknown keys are reported here; values are validated later, by the same parsers for every layer.
 */
import { readFileSync } from 'node:fs';
import { dirname, extname } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { SettingsError } from '../errors.ts';
import { redactText } from '../log/redact.ts';
import type { SettingsIssues } from './issues.ts';
import { CONFIG_FILE_ENV, ENV_PREFIX, envName, kebabCase, SETTING_KEYS, SETTING_SPECS, type SettingKey } from './settings.ts';
import type { SettingSource } from './sources.ts';
import { didYouMean } from './suggest.ts';

export interface RawEntry {
  key: SettingKey;
  source: SettingSource;
  raw: unknown;
  /** Relative paths in this entry resolve against this folder. */
  baseDir: string;
}

/**
 * Loads a JSON or YAML settings file: `.json` is JSON, `.yaml`/`.yml` YAML, anything else JSON if it
 * starts with `{`, else YAML. Keys may be camelCase (`workersRegion`) or kebab-case (`workers-region`).
 * Unreadable or unparsable files throw at once (nothing else in them can be trusted).
 */
export function readFileLayer(path: string, issues: SettingsIssues): RawEntry[] {
  const document = parseSettingsFile(path, readSettingsFile(path));
  if (document === null || document === undefined) return []; // an empty (or comments-only) file sets nothing
  if (typeof document !== 'object' || Array.isArray(document)) {
    throw new SettingsError(`Invalid settings file ${path}: expected a mapping of setting names to values, got ${Array.isArray(document) ? 'a list' : typeof document}`, {
      context: { file: path },
    });
  }
  const byFileKey = new Map<string, SettingKey>();
  for (const key of SETTING_KEYS) {
    byFileKey.set(key, key);
    byFileKey.set(kebabCase(key), key);
  }
  const entries: RawEntry[] = [];
  const firstSeen = new Map<SettingKey, string>();
  for (const [fileKey, raw] of Object.entries(document)) {
    const key = byFileKey.get(fileKey);
    if (key === undefined) {
      issues.add(`Unknown setting "${fileKey}" in ${path}${didYouMean(fileKey, SETTING_KEYS, SETTING_KEYS)}`);
      continue;
    }
    const earlier = firstSeen.get(key);
    if (earlier !== undefined) {
      issues.add(`Setting ${key} is given twice in ${path}, as "${earlier}" and "${fileKey}"; keep one`);
      continue;
    }
    firstSeen.set(key, fileKey);
    entries.push({ key, source: { kind: 'file', path, key: fileKey }, raw, baseDir: dirname(path) });
  }
  return entries;
}

function readSettingsFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new SettingsError(`Cannot read settings file ${path} (${reason}): check the --config path or ${CONFIG_FILE_ENV}`, {
      cause: error,
      context: { file: path },
    });
  }
}

function parseSettingsFile(path: string, text: string): unknown {
  const extension = extname(path).toLowerCase();
  const isJson = extension === '.json' || (extension !== '.yaml' && extension !== '.yml' && text.trimStart().startsWith('{'));
  return isJson ? parseJson(path, text) : parseYamlFile(path, text);
}

function parseJson(path: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    // V8 sometimes echoes the whole source in the message: keep only the reason, add a line if it gives a position.
    const message = (error as Error).message.replace(/, ".*" is not valid JSON$/s, '');
    const position = /at position (\d+)/.exec(message);
    const where = position?.[1] === undefined ? '' : ` (${lineAndColumn(text, Number(position[1]))})`;
    throw new SettingsError(`Cannot parse settings file ${path} as JSON${where}: ${redactText(message)}`, { context: { file: path } });
  }
}

function parseYamlFile(path: string, text: string): unknown {
  try {
    return parseYaml(text);
  } catch (error) {
    if (!(error instanceof YAMLParseError)) throw error;
    // The first line says what and where ("... at line 3, column 1:"); the rest is a source excerpt.
    const reason = (error.message.split('\n')[0] ?? '').replace(/:$/, '');
    throw new SettingsError(`Cannot parse settings file ${path} as YAML: ${redactText(reason)}`, {
      context: { file: path, line: error.linePos?.[0].line },
    });
  }
}

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${(before[before.length - 1]?.length ?? 0) + 1}`;
}

/**
 * Reads `OCI_INV_*` variables (and the aliases declared on settings). The prefix is ours, so an unknown
 * `OCI_INV_*` variable is a typo to report, not someone else's variable to ignore.
 */
export function readEnvLayer(env: NodeJS.ProcessEnv, cwd: string, issues: SettingsIssues): RawEntry[] {
  const byName = new Map<string, SettingKey>();
  for (const key of SETTING_KEYS) {
    byName.set(envName(key), key);
    for (const alias of SETTING_SPECS[key].envAliases ?? []) byName.set(alias, key);
  }
  const entries: RawEntry[] = [];
  for (const name of Object.keys(env).sort()) {
    const raw = env[name];
    if (raw === undefined) continue;
    const key = byName.get(name);
    if (key !== undefined) {
      entries.push({ key, source: { kind: 'env', name }, raw, baseDir: cwd });
    } else if (name.startsWith(ENV_PREFIX) && name !== CONFIG_FILE_ENV) {
      const known = [...byName.keys(), CONFIG_FILE_ENV].filter((n) => n.startsWith(ENV_PREFIX));
      issues.add(`Unknown environment variable ${name}${didYouMean(name, known, known)}`);
    }
  }
  // Two env vars for one setting (ours and an alias) must agree, or the winner would be arbitrary.
  const seen = new Map<SettingKey, RawEntry>();
  for (const entry of entries) {
    const other = seen.get(entry.key);
    if (other !== undefined && other.raw !== entry.raw && other.source.kind === 'env' && entry.source.kind === 'env') {
      issues.add(`Environment variables ${other.source.name} and ${entry.source.name} both set ${entry.key} but differ; unset one`);
    }
    seen.set(entry.key, entry);
  }
  return entries;
}
