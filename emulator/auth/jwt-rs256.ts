import { sign, verify, type KeyObject } from 'node:crypto';

/**
 * Compact JWS with RS256 only: enough for the session tokens the emulator issues and checks. Accepting one
 * fixed algorithm (never the token's own choice) closes the `alg: none` / HMAC-with-public-key holes.
 */

const BASE64URL = /^[A-Za-z0-9_-]+$/;

function encodeSegment(value: object): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

/** Decodes a base64url JSON object; undefined for anything else (Buffer's decoder alone skips bad characters). */
function decodeSegment(segment: string): Record<string, unknown> | undefined {
  if (!BASE64URL.test(segment)) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function signJwtRs256(payload: object, privateKey: KeyObject): string {
  const signingInput = `${encodeSegment({ alg: 'RS256', typ: 'JWT' })}.${encodeSegment(payload)}`;
  const signature = sign('sha256', Buffer.from(signingInput, 'ascii'), privateKey).toString('base64url');
  return `${signingInput}.${signature}`;
}

export type JwtCheck =
  | { ok: true; payload: Record<string, unknown> }
  | { ok: false; reason: 'malformed' | 'bad_signature' };

/** Checks shape, algorithm and signature; the claims are the caller's business. */
export function verifyJwtRs256(token: string, publicKey: KeyObject): JwtCheck {
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'malformed' };
  const [headerPart = '', payloadPart = '', signaturePart = ''] = parts;
  const header = decodeSegment(headerPart);
  const payload = decodeSegment(payloadPart);
  if (header === undefined || payload === undefined || header['alg'] !== 'RS256' || !BASE64URL.test(signaturePart)) {
    return { ok: false, reason: 'malformed' };
  }
  const signed = verify(
    'sha256',
    Buffer.from(`${headerPart}.${payloadPart}`, 'ascii'),
    publicKey,
    Buffer.from(signaturePart, 'base64url'),
  );
  return signed ? { ok: true, payload } : { ok: false, reason: 'bad_signature' };
}
