import { compareNames } from './name-order.ts';

export interface ListObjectsQuery {
  /** Only names starting with this. */
  prefix?: string | undefined;
  /** Only names >= this. */
  start?: string | undefined;
  /** Only names > this. */
  startAfter?: string | undefined;
  /** Only names < this. */
  end?: string | undefined;
  /** Entries (names plus prefixes) per page, 1..1000. */
  limit: number;
  /** Only '/' is supported, as in OCI: names with it after the prefix are rolled up into `prefixes`. */
  delimiter?: string | undefined;
}

export interface ListingPage {
  names: string[];
  /** Present only when a delimiter was given. */
  prefixes: string[] | undefined;
  /** The name to pass as `start` for the next page; absent on the last page. */
  nextStartWith: string | undefined;
}

/**
 * One page of a ListObjects call over all names of a bucket (any order). Names and prefixes both count
 * towards the limit; names rolled up into a prefix are skipped together, so `nextStartWith` is always
 * the first name the next page will report (either as itself or as its prefix).
 */
export function listingPage(allNames: readonly string[], query: ListObjectsQuery): ListingPage {
  const prefix = query.prefix ?? '';
  const sorted = [...allNames].sort(compareNames);
  const names: string[] = [];
  const prefixes: string[] = [];
  let lastPrefix: string | undefined;
  let count = 0;
  for (const name of sorted) {
    if (!name.startsWith(prefix)) continue;
    if (query.start !== undefined && compareNames(name, query.start) < 0) continue;
    if (query.startAfter !== undefined && compareNames(name, query.startAfter) <= 0) continue;
    if (query.end !== undefined && compareNames(name, query.end) >= 0) break;

    const rolledUp = rollUp(name, prefix, query.delimiter);
    if (rolledUp !== undefined && rolledUp === lastPrefix) continue;
    if (count === query.limit) {
      return { names, prefixes: query.delimiter === undefined ? undefined : prefixes, nextStartWith: name };
    }
    count++;
    if (rolledUp === undefined) {
      names.push(name);
    } else {
      prefixes.push(rolledUp);
      lastPrefix = rolledUp;
    }
  }
  return { names, prefixes: query.delimiter === undefined ? undefined : prefixes, nextStartWith: undefined };
}

/** The prefix `name` is rolled up into (up to and including the first delimiter after `prefix`), if any. */
function rollUp(name: string, prefix: string, delimiter: string | undefined): string | undefined {
  if (delimiter === undefined) return undefined;
  const at = name.indexOf(delimiter, prefix.length);
  return at === -1 ? undefined : name.slice(0, at + delimiter.length);
}
