import { OciHttpError } from '../http/errors.ts';
import { TYPE_INDEX_LOWER } from '../tenancy/catalogue.ts';
import type { Tenancy } from '../tenancy/tenancy.ts';
import type { ResourceSummary } from '../tenancy/types.ts';
import { decodePageToken, encodePageToken } from './page-token.ts';
import { compileCondition, typesRequiredBy } from './query-filter.ts';
import { parseQuery, type ParsedQuery } from './query-parser.ts';

/**
 * One page of Structured Search in one region (POST /20180409/resources).
 *
 * - Results are per region: that region's regional resources plus every global one (compartments and IAM
 *   resources appear in every region's Search with identical summaries; see the tenancy's layout).
 * - Order: the emulator's stable Search order (type blocks in catalogue order, then ordinal, then resources
 *   added by mutations), not the real service's newest-first; clients must not depend on order.
 * - `additionalDetails` is `{}` unless the query says `return allAdditionalFields`.
 * - `limit`: integer 1..1000, default DEFAULT_SEARCH_LIMIT (the real default is unconfirmed).
 * - `nextPage` is present exactly when at least one more matching resource exists (never an empty last page).
 */
export const DEFAULT_SEARCH_LIMIT = 100;
export const MAX_SEARCH_LIMIT = 1000;

export interface SearchPageOptions {
  /** A number, or the raw query-string value; absent/empty = DEFAULT_SEARCH_LIMIT. */
  limit?: number | string | null;
  /** The `page` parameter: a previous response's nextPage. */
  page?: string | null;
}

export interface SearchPage {
  items: ResourceSummary[];
  nextPage?: string;
}

export function parseLimit(raw: number | string | null | undefined): number {
  if (raw === undefined || raw === null || raw === '') return DEFAULT_SEARCH_LIMIT;
  const value = typeof raw === 'number' ? raw : /^[0-9]+$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
  if (!Number.isInteger(value) || value < 1 || value > MAX_SEARCH_LIMIT) {
    throw new OciHttpError(400, 'InvalidParameter', `Invalid limit '${String(raw)}': must be an integer from 1 to ${MAX_SEARCH_LIMIT}`);
  }
  return value;
}

export function searchPage(tenancy: Tenancy, region: string, query: string | ParsedQuery, options: SearchPageOptions = {}): SearchPage {
  if (tenancy.regionIndexOf(region) === undefined) {
    // As for any OCI API called in a region the tenancy has not subscribed to.
    throw new OciHttpError(401, 'NotAuthenticated', `The tenancy is not subscribed to region ${region}`);
  }
  const limit = parseLimit(options.limit);
  const parsed = typeof query === 'string' ? parseQuery(query) : query;
  const from = options.page === undefined || options.page === null || options.page === ''
    ? 0
    : decodePageToken(tenancy.tokenKey, region, parsed.canonical, options.page);

  const types = typeIndexes(parsed);
  if (types !== null && types.length === 0) return { items: [] };
  const { items, next } = tenancy.scan(region, {
    from,
    types,
    filter: parsed.where === null ? null : compileCondition(parsed.where),
    limit,
    withDetails: parsed.returnAllAdditionalFields,
  });
  return next === null ? { items } : { items, nextPage: encodePageToken(tenancy.tokenKey, region, parsed.canonical, next) };
}

/** Catalogue indexes of the types a query can match, or null for all types. */
function typeIndexes(parsed: ParsedQuery): number[] | null {
  let names: Set<string> | null = parsed.types === 'all' ? null : new Set(parsed.types.map((t) => t.toLowerCase()));
  const required = typesRequiredBy(parsed.where);
  if (required !== null) names = names === null ? required : new Set([...names].filter((t) => required.has(t)));
  if (names === null) return null;
  return [...names].flatMap((name) => {
    const index = TYPE_INDEX_LOWER.get(name);
    return index === undefined ? [] : [index];
  });
}
