import { createHmac } from 'node:crypto';
import { OciHttpError } from '../http/errors.ts';

/**
 * Opaque, URL-safe page tokens for list operations (offset-based), bound to what was listed so a
 * token from one listing cannot be replayed against another. The HMAC makes guessed tokens fail.
 */
const TOKEN_KEY = 'oci-emulator-list-pages';

function mac(scope: string, offset: number): string {
  return createHmac('sha256', TOKEN_KEY).update(`${scope}\n${offset}`).digest('base64url').slice(0, 16);
}

export function encodeOffsetToken(scope: string, offset: number): string {
  return `${offset.toString(36)}.${mac(scope, offset)}`;
}

export function decodeOffsetToken(scope: string, token: string | null): number {
  if (token === null || token === '') return 0;
  const [offsetText, signature] = token.split('.');
  const offset = offsetText === undefined ? Number.NaN : Number.parseInt(offsetText, 36);
  if (!Number.isSafeInteger(offset) || offset < 0 || signature !== mac(scope, offset)) {
    throw new OciHttpError(400, 'InvalidParameter', 'Invalid page token');
  }
  return offset;
}

/** Parses `limit` for list operations: 1..max, default when absent; 400 naming the parameter otherwise. */
export function parseLimit(value: string | null, defaultLimit: number, maxLimit: number): number {
  if (value === null) return defaultLimit;
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1 || limit > maxLimit) {
    throw new OciHttpError(400, 'InvalidParameter', `Invalid limit "${value}": expected an integer from 1 to ${maxLimit}`);
  }
  return limit;
}

/** Slices one page out of an array and answers the `opc-next-page` header value, if any. */
export function pageOf<T>(items: readonly T[], scope: string, query: URLSearchParams, defaultLimit: number, maxLimit: number) {
  const limit = parseLimit(query.get('limit'), defaultLimit, maxLimit);
  const offset = decodeOffsetToken(scope, query.get('page'));
  const page = items.slice(offset, offset + limit);
  const nextOffset = offset + page.length;
  const nextPage = nextOffset < items.length ? encodeOffsetToken(scope, nextOffset) : undefined;
  return { page, nextPage };
}
