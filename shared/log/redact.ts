/**
 * Secret redaction for everything that leaves the process as text: log lines, error reports, `--help`
 * echoes of bad values. Two independent nets, because either alone leaks:
 *  - by field NAME (a `passphrase` field is secret whatever it holds), at any depth;
 *  - by VALUE shape (a PEM block or a JWT is secret whatever field or message it sits in).
 * Over-redaction (e.g. a `pageToken`) is accepted: a log line missing a value is a nuisance, a leaked key
 * is an incident.
 */

export const REDACTED = '[REDACTED]';

/**
 * Field names are compared after lower-casing and dropping `_`, `-` and `.`, so `private_key`,
 * `privateKey` and `PRIVATE-KEY` are one name. A name is secret when it contains one of these…
 */
const SECRET_NAME_PARTS = [
  'privatekey',
  'passphrase',
  'password',
  'passwd',
  'secret',
  'token', // securityToken, rpst token, access_token, also pageToken (accepted over-redaction)
  'rpst',
  'authorization',
  'signature',
  'credential',
  'cookie',
  'pem',
] as const;

/** …or ends with `key` (`key`, `apiKey`, `signingKey`; `keyId` and `keyFile` stay visible). */
const SECRET_NAME_SUFFIX = 'key';

export function isSecretFieldName(name: string): boolean {
  const normalized = name.toLowerCase().replace(/[-_.\s]/g, '');
  return normalized.endsWith(SECRET_NAME_SUFFIX) || SECRET_NAME_PARTS.some((part) => normalized.includes(part));
}

/**
 * Value patterns, applied in order. Each replacement keeps a hint of WHAT was removed (helps debugging
 * "why did auth fail") but nothing of its content.
 */
const SECRET_TEXT_PATTERNS: readonly (readonly [RegExp, string])[] = [
  // A complete PEM block (private key, certificate, public key: we do not try to tell them apart).
  [/-----BEGIN [A-Z0-9 ]+-----[\s\S]*?-----END [A-Z0-9 ]+-----/g, '[REDACTED PEM]'],
  // A PEM block cut off (truncated error message, partial file): drop everything after the header.
  [/-----BEGIN [A-Z0-9 ]+-----[\s\S]*$/g, '[REDACTED PEM]'],
  // Bare base64 DER (a PEM body without its armour): an ASN.1 SEQUENCE with a 2-byte length starts "MII".
  [/\bMII[A-Za-z0-9+/\r\n]{60,}={0,2}/g, '[REDACTED DER]'],
  // Resource-principal keyId `ST$<token>`.
  [/ST\$[A-Za-z0-9._~+/=-]+/g, `ST$${REDACTED}`],
  // JWTs (RPST, security tokens, OAuth): header and payload are base64url JSON, so both start "eyJ".
  [/eyJ[A-Za-z0-9_-]*\.eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g, '[REDACTED JWT]'],
  // An HTTP-signature Authorization value: `Signature version="1",keyId="…",…,signature="…"`.
  [/\bSignature\s+[A-Za-z]+=(?:"[^"]*"|[^\s,"]*)(?:\s*,\s*[A-Za-z]+=(?:"[^"]*"|[^\s,"]*))*/g, `Signature ${REDACTED}`],
  // A lone signature parameter, e.g. in a logged signing string.
  [/\bsignature="[^"]*"/gi, `signature="${REDACTED}"`],
  // Bearer/Basic credentials in a header echo.
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g, `$1 ${REDACTED}`],
  // `key=value` / `key: value` pairs in free text (e.g. an OCI config line quoted in an error message).
  [
    /\b(pass_?phrase|password|passwd|secret|token|security_token|private_?key|authorization)(\s*[=:]\s*)(?!\[REDACTED|(?:Signature|Bearer|Basic) )("[^"]*"|'[^']*'|[^\s,;]+)/gi,
    `$1$2${REDACTED}`,
  ],
];

/** Redacts secret-looking substrings of free text (messages, stacks, header dumps). */
export function redactText(text: string): string {
  let result = text;
  for (const [pattern, replacement] of SECRET_TEXT_PATTERNS) {
    result = result.replace(pattern, replacement);
  }
  return result;
}

const MAX_DEPTH = 8;

export interface RedactOptions {
  /** Include `stack` when rendering Errors (only when debugging: stacks are long and path-revealing). */
  includeStack?: boolean;
}

/**
 * Returns a JSON-safe, redacted copy of `value`, for logging or error reporting:
 * strings are pattern-redacted; object fields with secret names become `[REDACTED]` (null, undefined
 * and booleans stay, they reveal only presence); Errors become `{name, message, code?, statusCode?,
 * opcRequestId?, context?, cause?, stack?}`; binary data becomes a byte count (it may be key material);
 * cycles, functions and symbols never reach the output.
 */
export function redactSecrets(value: string, options?: RedactOptions): string;
export function redactSecrets(value: unknown, options?: RedactOptions): unknown;
export function redactSecrets(value: unknown, options: RedactOptions = {}): unknown {
  return redactValue(value, options.includeStack ?? false, new WeakSet(), 0);
}

/** The fixed shape an Error takes in logs and error reports. */
export interface SerializedError {
  name: string;
  message: string;
  code?: string | number;
  statusCode?: number;
  opcRequestId?: string;
  context?: unknown;
  cause?: unknown;
  stack?: string;
}

/** Renders an Error in its fixed, redacted shape (see {@link SerializedError}). */
export function serializeError(error: Error, options: RedactOptions = {}): SerializedError {
  return redactError(error, options.includeStack ?? false, new WeakSet(), 0);
}

function redactValue(value: unknown, includeStack: boolean, seen: WeakSet<object>, depth: number): unknown {
  switch (typeof value) {
    case 'string':
      return redactText(value);
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'boolean':
      return value;
    case 'bigint':
      return value.toString();
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
  }
  if (value === null) return null;
  const object = value as object;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (ArrayBuffer.isView(object) || object instanceof ArrayBuffer) {
    return `[binary ${(object as ArrayBufferLike | ArrayBufferView).byteLength} bytes]`;
  }
  if (seen.has(object)) return '[Circular]';
  if (depth >= MAX_DEPTH) return '[Nested too deep]';
  seen.add(object);
  try {
    if (value instanceof Error) return redactError(value, includeStack, seen, depth);
    if (Array.isArray(value)) return value.map((item) => redactValue(item, includeStack, seen, depth + 1) ?? null);
    if (value instanceof Set) return [...value].map((item) => redactValue(item, includeStack, seen, depth + 1) ?? null);
    const entries = value instanceof Map ? [...value.entries()].map(([k, v]) => [String(k), v] as const) : Object.entries(object);
    const result: Record<string, unknown> = {};
    for (const [key, field] of entries) {
      const redacted = isSecretFieldName(key) ? redactByName(field) : redactValue(field, includeStack, seen, depth + 1);
      if (redacted !== undefined) result[redactText(key)] = redacted;
    }
    return result;
  } finally {
    // Only ancestors count as cycles: the same object under two sibling keys is rendered twice.
    seen.delete(object);
  }
}

function redactByName(value: unknown): unknown {
  if (value === undefined || value === null || typeof value === 'boolean') return value;
  return REDACTED;
}

function redactError(error: Error, includeStack: boolean, seen: WeakSet<object>, depth: number): SerializedError {
  const props = error as Error & Record<string, unknown>;
  const result: SerializedError = { name: redactText(String(error.name)), message: redactText(String(error.message)) };
  // Node system errors carry `code`; OCI SDK errors carry `serviceCode` (e.g. NotAuthorizedOrNotFound).
  const code = props['code'] ?? props['serviceCode'];
  if (typeof code === 'string' || typeof code === 'number') result.code = typeof code === 'string' ? redactText(code) : code;
  if (typeof props['statusCode'] === 'number') result.statusCode = props['statusCode'];
  if (typeof props['opcRequestId'] === 'string') result.opcRequestId = redactText(props['opcRequestId']);
  // InventoryError's context says what failed and where; it is meant for exactly this report.
  const context = props['context'];
  if (context !== null && typeof context === 'object' && Object.keys(context).length > 0) {
    result.context = redactValue(context, includeStack, seen, depth + 1);
  }
  if (error.cause !== undefined) result.cause = redactValue(error.cause, includeStack, seen, depth + 1);
  if (includeStack && typeof error.stack === 'string') result.stack = redactText(error.stack);
  return result;
}
