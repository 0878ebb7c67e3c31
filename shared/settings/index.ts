export { tokenizeArgv, type ArgvFlag, type FlagTableEntry, type TokenizedArgv } from './argv.ts';
export {
  CONFIG_FLAG,
  defineCommand,
  HELP_FLAGS,
  optionFlag,
  switchOption,
  valueOption,
  type CommandSpec,
  type OptionSpec,
  type OptionSpecs,
  type OptionValues,
  type PositionalSpec,
  type SwitchOptionSpec,
  type ValueOptionSpec,
} from './command.ts';
export { DEFAULT_SETTINGS } from './defaults.ts';
export { formatHelp, formatResolvedSettings, type HelpOptions } from './help.ts';
export { parseCommandLine, resolveSettings, type ParsedCommandLine, type ResolvedSettings, type ResolveInput } from './resolve.ts';
export {
  AUTH_MODES,
  AUTH_SETTINGS,
  CONFIG_FILE_ENV,
  ENV_PREFIX,
  envName,
  EXPORT_FORMATS,
  flagName,
  LOG_SETTINGS,
  OCI_CLI_CONFIG_FILE_ENV,
  SETTING_KEYS,
  SETTING_SPECS,
  type AuthMode,
  type ExportFormat,
  type SettingKey,
  type Settings,
  type SettingSpec,
} from './settings.ts';
export { describeSource, type SettingSource, type SettingSources } from './sources.ts';
export {
  endpointTemplate,
  integerInRange,
  nonEmptyString,
  nullable,
  oneOf,
  pathValue,
  REGION_ID_PATTERN,
  regionList,
  resolvePath,
  subsetOf,
  tenancyOcid,
  type ParseContext,
  type ParseResult,
  type ValueParser,
} from './values.ts';
