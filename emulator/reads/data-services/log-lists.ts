import { OciHttpError } from '../../http/errors.ts';
import { pageOf } from '../../server/pagination.ts';
import { typeIndex } from '../../tenancy/catalogue.ts';
import type { Tenancy } from '../../tenancy/index.ts';
import { notAuthorizedOrNotFound } from '../errors.ts';
import type { Model } from '../model-fields.ts';
import type { ReadControls } from '../read-controls.ts';
import { RegionCache, scanTypes } from '../region-cache.ts';

/**
 * The two Logging listings an enricher needs when Search does not give a log's group (GetLog takes
 * both ids): ListLogGroups (a compartment, optionally its whole subtree) and ListLogs (one group). The
 * region's log groups and each group's logs are indexed once (rebuilt after a mutation); a page builds
 * only the models it returns (ListLogs builds its group's, to filter on them). Logs and groups marked
 * gone are not listed (deleted); forbidden ones are (reading one is what the policy denies).
 */
export interface ListPage {
  items: Model[];
  nextPage: string | undefined;
}

interface LogGroupEntry {
  id: string;
  compartmentId: string;
  displayName: string;
}

export class LogListings {
  readonly #tenancy: Tenancy;
  readonly #controls: ReadControls;
  readonly #groups: RegionCache<readonly LogGroupEntry[]>;
  readonly #logsByGroup: RegionCache<ReadonlyMap<string, readonly string[]>>;
  #subtrees: { generation: number; children: ReadonlyMap<string, readonly string[]> } | undefined;

  constructor(tenancy: Tenancy, controls: ReadControls) {
    this.#tenancy = tenancy;
    this.#controls = controls;
    const logGroupType = typeIndex('LogGroup');
    const logType = typeIndex('Log');
    this.#groups = new RegionCache(tenancy, (region) => {
      const entries: LogGroupEntry[] = [];
      tenancy.scan(region, {
        from: 0,
        types: [logGroupType],
        limit: 1,
        withDetails: false,
        filter: (fields) => {
          entries.push({ id: fields.identifier, compartmentId: fields.compartmentId, displayName: fields.displayName });
          return false;
        },
      });
      return entries;
    });
    this.#logsByGroup = new RegionCache(tenancy, (region) => {
      const byGroup = new Map<string, string[]>();
      for (const item of scanTypes(tenancy, region, [logType], true)) {
        const groupId = item.additionalDetails['logGroupId'];
        if (typeof groupId !== 'string') continue;
        const logs = byGroup.get(groupId);
        if (logs === undefined) byGroup.set(groupId, [item.identifier]);
        else logs.push(item.identifier);
      }
      return byGroup;
    });
  }

  /**
   * ListLogGroups: the region's log groups in `compartmentId` (and, with `isCompartmentIdInSubtree=true`, in
   * every compartment below it), optionally of one `displayName`, in Search order.
   */
  logGroups(region: string, query: URLSearchParams, build: (id: string) => Model | undefined): ListPage {
    const compartmentId = query.get('compartmentId');
    if (compartmentId === null || compartmentId === '') throw new OciHttpError(400, 'MissingParameter', 'compartmentId is required');
    const subtree = query.get('isCompartmentIdInSubtree') === 'true';
    const compartments = this.#compartmentsUnder(compartmentId, subtree);
    const displayName = query.get('displayName');
    const ids = this.#groups
      .get(region)
      .filter((g) => compartments.has(g.compartmentId) && (displayName === null || g.displayName === displayName) && !this.#controls.isGone(g.id))
      .map((g) => g.id);
    const scope = `ListLogGroups|${region}|${compartmentId}|${subtree}|${displayName ?? ''}`;
    const { page, nextPage } = pageOf(ids, scope, query, 100, 1000);
    return { items: present(page.map(build)), nextPage };
  }

  /** ListLogs of one (already read) log group, filtered as the API filters, in Search order. */
  logs(region: string, logGroupId: string, query: URLSearchParams, build: (id: string) => Model | undefined): ListPage {
    const filters: [string, (model: Model) => unknown][] = [
      ['logType', (m) => m['logType']],
      ['sourceService', (m) => (m['configuration'] as { source?: { service?: unknown } } | undefined)?.source?.service],
      ['sourceResource', (m) => (m['configuration'] as { source?: { resource?: unknown } } | undefined)?.source?.resource],
      ['displayName', (m) => m['displayName']],
      ['lifecycleState', (m) => m['lifecycleState']],
    ];
    const wanted = filters.flatMap(([name, read]) => {
      const value = query.get(name);
      return value === null ? [] : [[value, read] as const];
    });
    const ids = (this.#logsByGroup.get(region).get(logGroupId) ?? []).filter((id) => !this.#controls.isGone(id));
    const models = present(ids.map(build))
      .filter((model) => wanted.every(([value, read]) => read(model) === value));
    const scope = `ListLogs|${region}|${logGroupId}|${wanted.map(([value]) => value).join('|')}`;
    const { page, nextPage } = pageOf(models, scope, query, 100, 1000);
    return { items: page, nextPage };
  }

  /** The compartment and, for a subtree, all below it; 404 when the tenancy has no such compartment. */
  #compartmentsUnder(compartmentId: string, subtree: boolean): ReadonlySet<string> {
    const children = this.#children();
    if (compartmentId !== this.#tenancy.id && !children.has(compartmentId)) throw notAuthorizedOrNotFound();
    const out = new Set([compartmentId]);
    if (!subtree) return out;
    const pending = [compartmentId];
    for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
      for (const child of children.get(next) ?? []) {
        if (!out.has(child)) {
          out.add(child);
          pending.push(child);
        }
      }
    }
    return out;
  }

  /** Children by compartment (every compartment has an entry), rebuilt after a mutation. */
  #children(): ReadonlyMap<string, readonly string[]> {
    const generation = this.#tenancy.generation;
    if (this.#subtrees?.generation === generation) return this.#subtrees.children;
    const children = new Map<string, string[]>();
    const compartments = this.#tenancy.compartments;
    for (const c of compartments) children.set(c.id, []);
    for (const c of compartments) if (c.compartmentId !== null) children.get(c.compartmentId)?.push(c.id);
    this.#subtrees = { generation, children };
    return children;
  }
}

function present(models: readonly (Model | undefined)[]): Model[] {
  return models.filter((model): model is Model => model !== undefined);
}
