import { hash4 } from './hash.ts';
import { COMPARTMENT_CHILD_NAMES, COMPARTMENT_TOP_NAMES, TEAMS } from './vocabulary.ts';

/**
 * The compartment tree: the only part of a tenancy that is materialized (a few hundred nodes at most),
 * because resources are placed into it and the Identity API lists it whole.
 *
 * Shape: root (the tenancy) + a chain six deep (OCI's maximum nesting) so depth tests always have a subject,
 * then top-level compartments and nested ones under random parents of depth < 6. A few leaves are DELETED
 * (OCI only deletes empty compartments, so no live resource is ever placed in them). DELETED compartments
 * still appear in Search with lifecycleState DELETED, as the real index keeps deleted resources for a while.
 * The root (the tenancy) is not a Search result; its OCID is `ocid1.tenancy.oc1..<unique>`.
 */
export const MAX_COMPARTMENT_DEPTH = 6;
const DAY_MS = 86_400_000;

export interface CompartmentNode {
  /** 0 = root; a compartment's Search/OCID ordinal is index - 1. */
  readonly index: number;
  readonly parentIndex: number;
  readonly name: string;
  readonly description: string;
  readonly lifecycleState: 'ACTIVE' | 'DELETED';
  readonly timeMs: number;
  readonly depth: number;
  readonly freeformTags: Record<string, string>;
}

export function generateCompartments(options: {
  count: number;
  key: number;
  tenancyName: string;
  rootTimeMs: number;
}): CompartmentNode[] {
  const { count, key, tenancyName, rootTimeMs } = options;
  const h = (index: number, salt: number): number => hash4(key, index, salt);
  const nodes: { parentIndex: number; name: string; depth: number; timeMs: number }[] = [
    { parentIndex: -1, name: tenancyName, depth: 0, timeMs: rootTimeMs },
  ];
  const usedNames = new Set<string>([tenancyName]);
  const uniqueName = (base: string, index: number): string => {
    const name = usedNames.has(base) ? `${base}-${index}` : base;
    usedNames.add(name);
    return name;
  };
  const topLevelTarget = Math.min(COMPARTMENT_TOP_NAMES.length, Math.max(3, Math.round(count / 6)));
  let topLevel = 0;
  const canParent: number[] = [0];

  for (let index = 1; index <= count; index++) {
    let parentIndex: number;
    if (index <= MAX_COMPARTMENT_DEPTH) parentIndex = index - 1;
    else if (topLevel < topLevelTarget) parentIndex = 0;
    else parentIndex = canParent[h(index, 1) % canParent.length]!;
    const parent = nodes[parentIndex]!;
    const depth = parent.depth + 1;
    const base = depth === 1
      ? (COMPARTMENT_TOP_NAMES[topLevel] ?? `Division-${index}`)
      : COMPARTMENT_CHILD_NAMES[h(index, 2) % COMPARTMENT_CHILD_NAMES.length]!;
    if (depth === 1) topLevel++;
    const timeMs = parent.timeMs + DAY_MS + (h(index, 3) % (30 * DAY_MS));
    nodes.push({ parentIndex, name: uniqueName(base, index), depth, timeMs });
    if (depth < MAX_COMPARTMENT_DEPTH) canParent.push(index);
  }

  const hasChildren = new Set(nodes.map((n) => n.parentIndex));
  const deletable = nodes
    .map((_, index) => index)
    .filter((index) => index > MAX_COMPARTMENT_DEPTH && !hasChildren.has(index))
    .sort((a, b) => h(a, 4) - h(b, 4) || a - b);
  const deleted = new Set(deletable.slice(0, Math.max(2, Math.round(count * 0.05))));

  return nodes.map((n, index) => ({
    index,
    parentIndex: n.parentIndex,
    name: n.name,
    description: index === 0 ? 'Root compartment' : `${n.name} compartment (${TEAMS[h(index, 5) % TEAMS.length]} team)`,
    lifecycleState: deleted.has(index) ? 'DELETED' : 'ACTIVE',
    timeMs: n.timeMs,
    depth: n.depth,
    freeformTags: index === 0 || h(index, 6) % 2 === 0 ? {} : ({ owner: TEAMS[h(index, 7) % TEAMS.length]! } as Record<string, string>),
  }));
}
