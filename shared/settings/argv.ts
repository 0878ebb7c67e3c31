/**
 * Splits argv into flags and positionals against a table of known flags. Knows syntax only
 * (`--name value`, `--name=value`, `--`, `-h`); values are validated later by the declared parsers.
 * Written out rather than using util.parseArgs so that unknown flags get a "did you mean" and a value
 * that looks like a flag is reported, not swallowed.
 */
import type { SettingsIssues } from './issues.ts';

export interface FlagTableEntry {
  takesValue: boolean;
  /** For messages: `--workers-region N`. */
  usage: string;
}

export interface ArgvFlag {
  flag: string;
  /** The value, or true for a switch. */
  value: string | true;
}

export interface TokenizedArgv {
  flags: ArgvFlag[];
  positionals: string[];
}

export function tokenizeArgv(
  argv: readonly string[],
  table: ReadonlyMap<string, FlagTableEntry>,
  unknownFlagMessage: (flag: string) => string,
  issues: SettingsIssues,
): TokenizedArgv {
  const flags: ArgvFlag[] = [];
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] as string;
    if (token === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!token.startsWith('-') || token === '-') {
      positionals.push(token);
      continue;
    }
    const equals = token.indexOf('=');
    const flag = token.startsWith('--') && equals > 0 ? token.slice(0, equals) : token;
    const inlineValue = flag === token ? undefined : token.slice(equals + 1);
    const entry = table.get(flag);
    if (entry === undefined) {
      issues.add(unknownFlagMessage(flag));
      // Most likely `--typo value`: skip the value too, or it would be reported again as a stray argument.
      const next = argv[i + 1];
      if (inlineValue === undefined && next !== undefined && !next.startsWith('-')) i++;
      continue;
    }
    if (!entry.takesValue) {
      if (inlineValue !== undefined) issues.add(`Option ${flag} takes no value, got ${JSON.stringify(inlineValue)}`);
      else flags.push({ flag, value: true });
      continue;
    }
    if (inlineValue !== undefined) {
      flags.push({ flag, value: inlineValue });
      continue;
    }
    const next = argv[i + 1];
    if (next === undefined || (next.startsWith('-') && next !== '-')) {
      const hint = next === undefined ? '' : ` (got the option ${next}; write ${flag}=${next} if that is the value)`;
      issues.add(`Missing value for ${entry.usage}${hint}`);
      continue;
    }
    flags.push({ flag, value: next });
    i++;
  }
  return { flags, positionals };
}
