/**
 * Value parsers: each turns a raw value (a string from a flag or env var, or any YAML/JSON value from
 * a settings file) into a typed value, or says what it expected. The caller adds WHERE the value came
 * from and what it got, so every message reads "Invalid <where>: expected <what>, got <value>".
 */
import { isAbsolute, resolve } from 'node:path';

export interface ParseContext {
  /** Relative paths resolve against this: the cwd for flags and env, the file's folder for a settings file. */
  baseDir: string;
  /** `~` expands to this. */
  homeDir: string;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; expected: string; got?: string };

export type ValueParser<T> = (raw: unknown, context: ParseContext) => ParseResult<T>;

const ok = <T>(value: T): ParseResult<T> => ({ ok: true, value });
const fail = <T>(expected: string, got?: string): ParseResult<T> => (got === undefined ? { ok: false, expected } : { ok: false, expected, got });

/** A non-empty string (surrounding whitespace is kept: a query or profile name is taken as given). */
export function nonEmptyString(expected = 'a non-empty string'): ValueParser<string> {
  return (raw) => (typeof raw === 'string' && raw.trim() !== '' ? ok(raw) : fail(expected));
}

export function oneOf<const T extends string>(choices: readonly T[]): ValueParser<T> {
  const expected = `one of ${choices.map((c) => `"${c}"`).join(', ')}`;
  return (raw) => (typeof raw === 'string' && (choices as readonly string[]).includes(raw) ? ok(raw as T) : fail(expected));
}

/** Accepts integers as numbers (files) or as plain decimal strings (flags, env): no "4.0", "0x4", " 4". */
export function integerInRange(min: number, max: number): ValueParser<number> {
  const expected = `an integer from ${min} to ${max}`;
  return (raw) => {
    const value = typeof raw === 'number' ? raw : typeof raw === 'string' && /^-?[0-9]+$/.test(raw) ? Number(raw) : Number.NaN;
    return Number.isInteger(value) && value >= min && value <= max ? ok(value) : fail(expected);
  };
}

/** A file or folder path, `~` expanded, made absolute against the context's base folder. */
export function pathValue(expected = 'a file path'): ValueParser<string> {
  return (raw, context) => {
    if (typeof raw !== 'string' || raw.trim() === '') return fail(expected);
    return ok(resolvePath(raw, context));
  };
}

export function resolvePath(path: string, context: ParseContext): string {
  const expanded = path === '~' ? context.homeDir : path.startsWith('~/') ? resolve(context.homeDir, path.slice(2)) : path;
  return isAbsolute(expanded) ? resolve(expanded) : resolve(context.baseDir, expanded);
}

/** Lets a settings file say `key: null` to mean "not set" (flags and env vars cannot produce null). */
export function nullable<T>(parser: ValueParser<T>): ValueParser<T | null> {
  return (raw, context) => {
    if (raw === null) return ok(null);
    return parser(raw, context);
  };
}

/**
 * A list given as a YAML/JSON array of strings or as one comma-separated string (flags, env).
 * Items are trimmed; empty items (a trailing comma) are dropped.
 */
function listItems(raw: unknown): string[] | undefined {
  if (typeof raw === 'string') return raw.split(',').map((item) => item.trim()).filter((item) => item !== '');
  if (Array.isArray(raw) && raw.every((item) => typeof item === 'string')) {
    return raw.map((item) => item.trim()).filter((item) => item !== '');
  }
  return undefined;
}

/**
 * A non-empty list of items each passing `accepts`, deduplicated, in a canonical order so that
 * two runs with the same list in a different order behave identically.
 */
function canonicalList(options: {
  expected: string;
  accepts: (item: string) => boolean;
  order: (a: string, b: string) => number;
}): ValueParser<string[]> {
  return (raw) => {
    const items = listItems(raw);
    if (items === undefined || items.length === 0) return fail(options.expected);
    const bad = items.find((item) => !options.accepts(item));
    if (bad !== undefined) return fail(options.expected, JSON.stringify(bad));
    return ok([...new Set(items)].sort(options.order));
  };
}

/** OCI region identifiers: `us-ashburn-1`, `eu-frankfurt-1`, `us-gov-ashburn-1`... */
export const REGION_ID_PATTERN = /^[a-z]{2,}-[a-z]+(?:-[a-z]+)*-\d+$/;

export function regionList(): ValueParser<string[]> {
  return canonicalList({
    expected: 'a comma-separated list of OCI region ids such as us-ashburn-1,eu-frankfurt-1',
    accepts: (item) => REGION_ID_PATTERN.test(item),
    order: (a, b) => (a < b ? -1 : a > b ? 1 : 0),
  });
}

/** A non-empty subset of `choices`, returned in the order of `choices`. */
export function subsetOf<const T extends string>(choices: readonly T[]): ValueParser<T[]> {
  const parse = canonicalList({
    expected: `a comma-separated, non-empty subset of ${choices.join(',')}`,
    accepts: (item) => (choices as readonly string[]).includes(item),
    order: (a, b) => choices.indexOf(a as T) - choices.indexOf(b as T),
  });
  return (raw, context) => parse(raw, context) as ParseResult<T[]>;
}

/**
 * A tenancy OCID: `ocid1.tenancy.<realm>.[region][.future].<unique id>`. Checked for shape only;
 * OCI itself says whether it exists.
 */
export function tenancyOcid(): ValueParser<string> {
  const expected = 'a tenancy OCID such as ocid1.tenancy.oc1..aaaa...';
  return (raw) => {
    if (typeof raw !== 'string') return fail(expected);
    const parts = raw.split('.');
    const wellFormed =
      parts.length >= 5 &&
      parts[0] === 'ocid1' &&
      parts[1] === 'tenancy' &&
      /^[a-z0-9]+$/.test(parts[2] ?? '') &&
      /^[a-z0-9]+$/.test(parts[parts.length - 1] ?? '') &&
      parts.every((part) => /^[a-z0-9-]*$/.test(part));
    return wellFormed ? ok(raw) : fail(expected);
  };
}

const ENDPOINT_PLACEHOLDERS = ['{service}', '{region}'] as const;

/**
 * The per-(service, region) endpoint template, e.g. `http://127.0.0.1:8080/{region}/{service}` for the
 * emulator. Both placeholders are required: one template serves every service in every region, so a
 * template without `{service}` would send identity calls to the search endpoint (or vice versa).
 */
export function endpointTemplate(): ValueParser<string> {
  const expected =
    'an http(s) URL containing both {service} and {region} placeholders ' +
    '(one template serves every service in every region), ' +
    'e.g. https://{service}.{region}.oci.oraclecloud.com or http://127.0.0.1:8080/{region}/{service}';
  return (raw) => {
    if (typeof raw !== 'string') return fail(expected);
    if (!ENDPOINT_PLACEHOLDERS.every((placeholder) => raw.includes(placeholder))) return fail(expected);
    const unknownPlaceholder = raw.replaceAll('{service}', '').replaceAll('{region}', '').match(/\{[^}]*\}/);
    if (unknownPlaceholder !== null) return fail(`${expected}; no other placeholder such as ${unknownPlaceholder[0]}`);
    let url: URL;
    try {
      url = new URL(raw.replaceAll('{service}', 'identity').replaceAll('{region}', 'us-ashburn-1'));
    } catch {
      return fail(expected);
    }
    return url.protocol === 'http:' || url.protocol === 'https:' ? ok(raw) : fail(expected);
  };
}
