import { RESOURCE_TYPES, typeIndex } from '../../tenancy/catalogue.ts';
import type { Tenancy } from '../../tenancy/index.ts';

/**
 * The ordinal of every base resource of one type in a region, by OCID: what the catalogue's proportional
 * ownership is computed from (a boot volume's instance is the one of ordinal floor(i * instances / volumes)).
 *
 * A region's Search sequence is the catalogue's blocks in order (see tenancy/layout.ts): a type's block
 * starts after the base counts of every earlier type, and a base resource's position minus that start is its
 * ordinal. Removed resources are skipped; added ones (positions past the blocks) have no base ordinal and are
 * left out.
 *
 * Fast path: one scan reads the type's live OCIDs in order (a filter sees the cheap fields only); when the
 * block's last position holds the count-th of them, nothing of the block was removed and the ordinals are
 * the indexes. Otherwise positions are read one by one: `next` is the position of the next match, and a scan
 * of limit 0 answers the first match's position without returning it.
 */
export function baseOrdinals(tenancy: Tenancy, region: string, searchType: string): Map<string, number> {
  const counts = tenancy.baseTypeCounts(region);
  let start = 0;
  for (const spec of RESOURCE_TYPES) {
    if (spec.searchType === searchType) break;
    start += counts[spec.searchType] ?? 0;
  }
  const count = counts[searchType] ?? 0;
  const types = [typeIndex(searchType)];
  const ordinals = new Map<string, number>();
  if (count === 0) return ordinals;

  const live: string[] = [];
  tenancy.scan(region, { from: start, types, limit: 1, withDetails: false, filter: (fields) => (live.push(fields.identifier), false) });
  const last = start + count - 1;
  const atLast = tenancy.scan(region, { from: last, types, filter: null, limit: 1, withDetails: false });
  const lastIsLive = tenancy.scan(region, { from: last, types, filter: null, limit: 0, withDetails: false }).next === last;
  if (lastIsLive && atLast.items[0]?.identifier === live[count - 1]) {
    for (let ordinal = 0; ordinal < count; ordinal++) ordinals.set(live[ordinal]!, ordinal);
    return ordinals;
  }

  let position = tenancy.scan(region, { from: start, types, filter: null, limit: 0, withDetails: false }).next;
  while (position !== null && position <= last) {
    const page = tenancy.scan(region, { from: position, types, filter: null, limit: 1, withDetails: false });
    const item = page.items[0];
    if (item === undefined) break;
    ordinals.set(item.identifier, position - start);
    position = page.next;
  }
  return ordinals;
}

/** The catalogue's proportional owner: child i of C belongs to owner floor(i * P / C). */
export function proportionalOwner(childOrdinal: number, children: number, parents: number): number {
  return Math.floor((childOrdinal * parents) / children);
}
