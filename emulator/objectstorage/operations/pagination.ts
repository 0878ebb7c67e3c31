import { objectStorageErrors as errors } from '../errors.ts';
import { compareNames } from '../store/name-order.ts';

/** OCI's page size limit for Object Storage lists (and the default). */
export const MAX_LIMIT = 1000;

/** `limit`: an integer 1..1000, 1000 when absent; anything else is 400 InvalidParameter. */
export function parseLimit(value: string | null): number {
  if (value === null) return MAX_LIMIT;
  const limit = Number(value);
  if (value.trim() === '' || !Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw errors.invalidParameter(`Invalid limit '${value}': expected an integer from 1 to ${MAX_LIMIT}`);
  }
  return limit;
}

/**
 * Page tokens (`page` / `opc-next-page`) for buckets, uploads and parts: the sort key of the last item
 * served, as base64url JSON. base64url because the SDK sends query values without encoding them, and
 * key-based rather than offset-based so items added or removed between pages are neither skipped
 * nor repeated.
 */
export function encodePageToken(key: readonly string[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

export function decodePageToken(token: string): string[] {
  try {
    const key: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length > 0 && key.every((part) => typeof part === 'string')) return key as string[];
  } catch {
    // falls through to the error below
  }
  throw errors.invalidParameter(`Invalid page token '${token}': pass the opc-next-page value of the previous response`);
}

function compareKeys(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const order = compareNames(a[i] ?? '', b[i] ?? '');
    if (order !== 0) return order;
  }
  return a.length - b.length;
}

/** One page of `items` (sorted by `keyOf`, in `compareNames` order per key part) after the `page` token. */
export function pageOf<T>(items: readonly T[], keyOf: (item: T) => string[], query: URLSearchParams): { page: T[]; nextPage: string | undefined } {
  const limit = parseLimit(query.get('limit'));
  const token = query.get('page');
  const after = token === null || token === '' ? undefined : decodePageToken(token);
  const remaining = after === undefined ? items : items.filter((item) => compareKeys(keyOf(item), after) > 0);
  const page = remaining.slice(0, limit);
  const last = page.at(-1);
  return { page, nextPage: remaining.length > limit && last !== undefined ? encodePageToken(keyOf(last)) : undefined };
}
