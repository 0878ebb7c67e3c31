import { timingSafeEqual, verify, type KeyObject } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { AuthenticationError } from './authentication-error.ts';
import { parseSignatureAuthorization, type SignatureParameters } from './authorization-header.ts';
import type { ApiKeyRegistry } from './keys.ts';
import type { SessionTokenFailure, SessionTokenIssuer } from './session-tokens.ts';

/** A request as the server received it; nothing here is normalised, because the client signed it raw. */
export interface SignedRequest {
  method: string;
  /** The raw request path and query string, exactly as received (Node's `req.url`). */
  target: string;
  headers: IncomingHttpHeaders;
  /** Base64 SHA-256 of the received body, when the request has one. Absent means an empty body. */
  bodySha256Base64?: string | undefined;
}

/** Who signed the request. */
export type Principal =
  | { kind: 'api_key'; tenancyId: string; userId: string; keyId: string }
  | { kind: 'resource_principal'; tenancyId: string; compartmentId: string; resourceId: string };

export interface VerifySignatureOptions {
  apiKeys: Pick<ApiKeyRegistry, 'lookup'>;
  sessionTokens: Pick<SessionTokenIssuer, 'verify'>;
  /** The server's clock; defaults to the current time. */
  now?: Date;
  /** Largest accepted difference between `x-date`/`date` and `now`; OCI allows 5 minutes. */
  maxClockSkewMs?: number;
}

const DEFAULT_MAX_CLOCK_SKEW_MS = 300_000;
/** What the SDK sends as `x-content-sha256` for an empty body. */
const EMPTY_BODY_SHA256 = '47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=';
const SESSION_TOKEN_PREFIX = 'ST$';

const TOKEN_FAILURES: Record<SessionTokenFailure, () => AuthenticationError> = {
  malformed: () => new AuthenticationError('token_malformed', 'The session token in keyId is not a well-formed session token'),
  bad_signature: () => new AuthenticationError('token_signature_invalid', 'The session token was not issued by this identity service'),
  expired: () => new AuthenticationError('token_expired', 'The session token has expired'),
  not_yet_valid: () => new AuthenticationError('token_not_yet_valid', 'The session token is not valid yet'),
};

/** A header as one string: Node keeps repeated headers as an array only for a few names (e.g. set-cookie). */
function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  // Signed header names come from the client: never let one resolve to an inherited property.
  if (!Object.hasOwn(headers, name)) return undefined;
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

function parseAuthorization(request: SignedRequest): SignatureParameters {
  const authorization = headerValue(request.headers, 'authorization');
  if (authorization === undefined || authorization === '') {
    throw new AuthenticationError('missing_authorization', 'The request has no Authorization header; OCI requests must be signed');
  }
  const parameters = parseSignatureAuthorization(authorization);
  if (parameters === undefined) {
    throw new AuthenticationError('malformed_authorization',
      'The Authorization header is not a Signature header with keyId, algorithm, headers and signature');
  }
  if (parameters.version !== '1') {
    throw new AuthenticationError('malformed_authorization', 'The Authorization header must carry version="1"');
  }
  if (parameters.algorithm !== 'rsa-sha256') {
    throw new AuthenticationError('unsupported_algorithm',
      `The signature algorithm must be rsa-sha256, got ${JSON.stringify(parameters.algorithm ?? null)}`);
  }
  return parameters;
}

/** OCI's minimum signed set, plus the body headers whenever the request declares a body hash. */
function checkSignedHeaders(request: SignedRequest, signed: readonly string[]): void {
  const missing = (name: string): AuthenticationError =>
    new AuthenticationError('missing_signed_header', `The signature must cover the "${name}" header`);
  for (const name of ['(request-target)', 'host']) {
    if (!signed.includes(name)) throw missing(name);
  }
  if (!signed.includes('x-date') && !signed.includes('date')) throw missing('x-date');
  if (request.headers['x-content-sha256'] !== undefined) {
    for (const name of ['x-content-sha256', 'content-length']) {
      if (!signed.includes(name)) throw missing(name);
    }
  }
  for (const name of signed) {
    if (name !== '(request-target)' && headerValue(request.headers, name) === undefined) {
      throw new AuthenticationError('missing_header', `The signed header "${name}" is not in the request`);
    }
  }
}

function checkClock(request: SignedRequest, signed: readonly string[], now: Date, maxClockSkewMs: number): void {
  // x-date takes precedence: browsers cannot set `date`, so OCI clients sign x-date instead.
  const name = signed.includes('x-date') ? 'x-date' : 'date';
  const sentAt = Date.parse(headerValue(request.headers, name) ?? '');
  if (Number.isNaN(sentAt)) {
    throw new AuthenticationError('invalid_date', `The "${name}" header is not an HTTP date`);
  }
  if (Math.abs(now.getTime() - sentAt) > maxClockSkewMs) {
    throw new AuthenticationError('clock_skew',
      `The "${name}" header is more than ${Math.round(maxClockSkewMs / 1000)} seconds away from the server's clock`);
  }
}

/** The key that must have made the signature, and who it stands for. */
function resolveSigner(keyId: string, options: VerifySignatureOptions, now: Date): { publicKey: KeyObject; principal: Principal } {
  if (keyId.startsWith(SESSION_TOKEN_PREFIX)) {
    const checked = options.sessionTokens.verify(keyId.slice(SESSION_TOKEN_PREFIX.length), now);
    if (!checked.ok) throw TOKEN_FAILURES[checked.reason]();
    const { claims } = checked;
    return {
      publicKey: checked.sessionPublicKey,
      principal: { kind: 'resource_principal', tenancyId: claims.res_tenant, compartmentId: claims.res_compartment, resourceId: claims.res_id },
    };
  }
  const key = options.apiKeys.lookup(keyId);
  if (key === undefined) {
    throw new AuthenticationError('unknown_key', 'The keyId does not name an API key registered for this tenancy and user');
  }
  return {
    publicKey: key.publicKey,
    principal: { kind: 'api_key', tenancyId: key.tenancyId, userId: key.userId, keyId: key.keyId },
  };
}

/** The draft-cavage signing string: one `name: value` line per signed header, in the signed order. */
function signingString(request: SignedRequest, signed: readonly string[]): string {
  return signed
    .map((name) => name === '(request-target)'
      ? `(request-target): ${request.method.toLowerCase()} ${request.target}`
      : `${name}: ${headerValue(request.headers, name) ?? ''}`)
    .join('\n');
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Authenticates a request the way OCI does and returns who signed it; throws `AuthenticationError`
 * (401 NotAuthenticated) otherwise. Checks, in order: Authorization syntax and algorithm, the signed header set,
 * the request's date, the key (API key registry or a resource-principal session token), the signature, and the
 * body hash.
 */
export function verifyRequestSignature(request: SignedRequest, options: VerifySignatureOptions): Principal {
  const now = options.now ?? new Date();
  const parameters = parseAuthorization(request);
  checkSignedHeaders(request, parameters.headers);
  checkClock(request, parameters.headers, now, options.maxClockSkewMs ?? DEFAULT_MAX_CLOCK_SKEW_MS);
  const { publicKey, principal } = resolveSigner(parameters.keyId, options, now);

  const signature = Buffer.from(parameters.signature, 'base64');
  const data = Buffer.from(signingString(request, parameters.headers), 'utf8');
  if (signature.length === 0 || !verify('sha256', data, publicKey, signature)) {
    throw new AuthenticationError('signature_mismatch', 'The request signature does not match the request and key');
  }

  // The signature proves the client sent this hash; the hash proves the body is the one it signed.
  const declaredSha256 = headerValue(request.headers, 'x-content-sha256');
  if (declaredSha256 !== undefined && !sameText(declaredSha256, request.bodySha256Base64 ?? EMPTY_BODY_SHA256)) {
    throw new AuthenticationError('body_hash_mismatch', 'The request body does not match its signed x-content-sha256');
  }
  return principal;
}
