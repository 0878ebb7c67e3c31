/**
 * A CLI command declared as data: which run settings it accepts as flags, its own extra options and
 * positional arguments. The argv parser and `--help` both read the declaration, so they cannot disagree.
 *
 *   const diffCommand = defineCommand({
 *     name: 'diff',
 *     summary: 'Compare two inventories and write the changes',
 *     settings: ['outdir', 'prev', ...LOG_SETTINGS],
 *     options: { curr: valueOption({ description: 'Current inventory.jsonl', valueName: 'FILE', parse: pathValue(), required: true }) },
 *   });
 *
 * Extra options come from the command line only; settings also come from env vars and the settings file.
 */
import { flagName, kebabCase, SETTING_KEYS, type SettingKey } from './settings.ts';
import type { ValueParser } from './values.ts';

export interface ValueOptionSpec<T, AlwaysSet extends boolean = boolean> {
  readonly kind: 'value';
  readonly description: string;
  readonly valueName: string;
  readonly parse: ValueParser<T>;
  readonly required: boolean;
  /** Used as is when the option is absent (not run through `parse`). */
  readonly defaultValue: T | undefined;
  /** Type-level marker only: true when the parsed value is never undefined (required or defaulted). */
  readonly alwaysSet?: AlwaysSet;
}

/** A flag without a value (`--force`): true when present. */
export interface SwitchOptionSpec {
  readonly kind: 'switch';
  readonly description: string;
}

export type OptionSpec = ValueOptionSpec<unknown> | SwitchOptionSpec;

/** Options keyed by camelCase name; the flag is the kebab-case name (`dryRun` -> `--dry-run`). */
export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

export type OptionValues<O extends OptionSpecs> = {
  -readonly [K in keyof O]: O[K] extends SwitchOptionSpec
    ? boolean
    : O[K] extends ValueOptionSpec<infer T, infer AlwaysSet>
      ? AlwaysSet extends true
        ? T
        : T | undefined
      : never;
};

export interface PositionalSpec {
  readonly name: string;
  readonly description: string;
  readonly required: boolean;
}

export interface CommandSpec<O extends OptionSpecs = OptionSpecs> {
  /** As typed after the program name, e.g. `diff`. */
  readonly name: string;
  /** One line for `--help`. */
  readonly summary: string;
  /** Settings this command takes as flags (all settings are still read from env and the settings file). */
  readonly settings: readonly SettingKey[];
  readonly options: O;
  readonly positionals?: readonly PositionalSpec[];
}

interface ValueOptionInput<T> {
  description: string;
  valueName: string;
  parse: ValueParser<T>;
}

export function valueOption<T>(input: ValueOptionInput<T> & { required: true }): ValueOptionSpec<T, true>;
export function valueOption<T>(input: ValueOptionInput<T> & { default: T }): ValueOptionSpec<T, true>;
export function valueOption<T>(input: ValueOptionInput<T> & { required?: false }): ValueOptionSpec<T, false>;
export function valueOption<T>(input: ValueOptionInput<T> & { required?: boolean; default?: T }): ValueOptionSpec<T> {
  return {
    kind: 'value',
    description: input.description,
    valueName: input.valueName,
    parse: input.parse,
    required: input.required ?? false,
    defaultValue: input.default,
  };
}

export function switchOption(input: { description: string }): SwitchOptionSpec {
  return { kind: 'switch', description: input.description };
}

/** Flags every command has. */
export const CONFIG_FLAG = '--config';
export const HELP_FLAGS = ['--help', '-h'] as const;

export function optionFlag(name: string): string {
  return `--${kebabCase(name)}`;
}

/**
 * Checks a declaration once, when the module defining it loads: a command whose option shadows a
 * setting or a built-in flag is a programming error, not a user error.
 */
export function defineCommand<const O extends OptionSpecs>(spec: CommandSpec<O>): CommandSpec<O> {
  // Only the settings this command accepts own their flags here: a command that takes no `tenancy`
  // setting (the emulator) may give `--tenancy` its own meaning.
  const reserved = new Set<string>([CONFIG_FLAG, ...HELP_FLAGS, ...spec.settings.map(flagName)]);
  for (const name of Object.keys(spec.options)) {
    if (!/^[a-z][A-Za-z0-9]*$/.test(name)) throw new Error(`Command ${spec.name}: option name "${name}" must be camelCase`);
    if (reserved.has(optionFlag(name))) {
      throw new Error(`Command ${spec.name}: option ${optionFlag(name)} clashes with a setting or built-in flag; list the setting in "settings" instead`);
    }
  }
  for (const key of spec.settings) {
    if (!SETTING_KEYS.includes(key)) throw new Error(`Command ${spec.name}: unknown setting "${key}"`);
  }
  return spec;
}
