import { OciHttpError, sendJson } from '../http/errors.ts';
import { decodeIdSegment, sendModel, type MembershipFilter, type Model, type ReadScope } from '../reads/index.ts';
import { pageOf } from '../server/pagination.ts';
import type { RequestContext, ServiceModule } from '../server/service-module.ts';

export interface CompartmentEntry {
  id: string;
  /** The parent compartment (the tenancy OCID for top-level compartments). */
  compartmentId: string;
  name: string;
  description: string;
  timeCreated: string;
  lifecycleState: 'CREATING' | 'ACTIVE' | 'INACTIVE' | 'DELETING' | 'DELETED';
  isAccessible: boolean;
  freeformTags: Record<string, string>;
  definedTags: Record<string, Record<string, unknown>>;
}

/** What Identity serves; the synthetic tenancy provides it. */
export interface IdentityDirectory {
  readonly tenancyId: string;
  readonly tenancyName: string;
  readonly homeRegionKey: string;
  regionSubscriptions(): { regionKey: string; regionName: string; status: 'READY' | 'IN_PROGRESS'; isHomeRegion: boolean }[];
  allRegions(): { key: string; name: string }[];
  /** Every compartment below the root, in a stable order. */
  compartments(): readonly CompartmentEntry[];
}

/**
 * Single IAM resources and user-group memberships (the synthetic tenancy provides them). Without it, only
 * regions, the tenancy and compartments are served (GetCompartment from the directory).
 */
export interface IdentityReads {
  /** The model of one resource of Search type `searchType` (User, Group, ..., Compartment), or an OciHttpError. */
  identity(searchType: string, ocid: string, scope: ReadScope): Model;
  /** Memberships of a user and/or group (neither: all), in a stable order. */
  memberships(filter: MembershipFilter): Model[];
}

const V = '/20160918';
const ROUTES: readonly [string, RegExp, string][] = [
  ['GET', /^\/20160918\/regions$/, 'ListRegions'],
  ['GET', /^\/20160918\/tenancies\/[^/]+\/regionSubscriptions$/, 'ListRegionSubscriptions'],
  ['GET', /^\/20160918\/tenancies\/[^/]+$/, 'GetTenancy'],
  ['GET', /^\/20160918\/compartments$/, 'ListCompartments'],
  ['GET', /^\/20160918\/compartments\/[^/]+$/, 'GetCompartment'],
  ['GET', /^\/20160918\/users\/[^/]+$/, 'GetUser'],
  ['GET', /^\/20160918\/groups\/[^/]+$/, 'GetGroup'],
  ['GET', /^\/20160918\/policies\/[^/]+$/, 'GetPolicy'],
  ['GET', /^\/20160918\/dynamicGroups\/[^/]+$/, 'GetDynamicGroup'],
  ['GET', /^\/20160918\/tagNamespaces\/[^/]+$/, 'GetTagNamespace'],
  ['GET', /^\/20160918\/userGroupMemberships$/, 'ListUserGroupMemberships'],
];

/** The Search type each single-resource IAM GET serves. */
const IAM_GETS: Readonly<Record<string, string>> = {
  GetUser: 'User',
  GetGroup: 'Group',
  GetPolicy: 'Policy',
  GetDynamicGroup: 'DynamicResourceGroup',
  GetTagNamespace: 'TagNamespace',
};

const ACCESS_LEVELS = new Set(['ANY', 'ACCESSIBLE']);

export class IdentityService implements ServiceModule {
  readonly service = 'identity';

  constructor(
    private readonly directory: () => IdentityDirectory,
    private readonly reads?: IdentityReads,
  ) {}

  operationOf(method: string, path: string): string | undefined {
    return ROUTES.find(([m, pattern]) => m === method && pattern.test(path))?.[2];
  }

  async handle(context: RequestContext, operation: string): Promise<void> {
    const directory = this.directory();
    const segments = context.path.slice(V.length + 1).split('/').map(decodeIdSegment);
    const searchType = IAM_GETS[operation];
    if (searchType !== undefined) {
      return sendModel(context.res, this.#reads(operation).identity(searchType, segments[1] ?? '', scopeOf(context)));
    }
    switch (operation) {
      case 'ListRegions':
        return sendJson(context.res, 200, directory.allRegions());
      case 'ListRegionSubscriptions':
        this.#requireOwnTenancy(context, directory, segments[1] ?? '');
        return sendJson(context.res, 200, directory.regionSubscriptions());
      case 'GetTenancy':
        this.#requireOwnTenancy(context, directory, segments[1] ?? '');
        return sendJson(context.res, 200, {
          id: directory.tenancyId,
          name: directory.tenancyName,
          description: `Synthetic tenancy ${directory.tenancyName}`,
          homeRegionKey: directory.homeRegionKey,
          freeformTags: {},
          definedTags: {},
        });
      case 'GetCompartment': {
        const id = segments[1] ?? '';
        // The root is not a Search resource: the directory answers it.
        if (this.reads === undefined || id === directory.tenancyId) {
          return sendJson(context.res, 200, this.#getCompartment(context, directory, id));
        }
        return sendModel(context.res, this.reads.identity('Compartment', id, scopeOf(context)));
      }
      case 'ListCompartments':
        return this.#listCompartments(context, directory);
      case 'ListUserGroupMemberships':
        return this.#listUserGroupMemberships(context, directory);
      default:
        throw new OciHttpError(404, 'NotFound', `Unsupported identity operation ${operation}`);
    }
  }

  #reads(operation: string): IdentityReads {
    if (this.reads === undefined) throw new OciHttpError(404, 'NotFound', `Unsupported identity operation ${operation}`);
    return this.reads;
  }

  /**
   * `compartmentId` (required) must be the tenancy: memberships live in the root compartment. `userId`
   * and/or `groupId` narrow the list; unknown ones give an empty list, as OCI does.
   */
  async #listUserGroupMemberships(context: RequestContext, directory: IdentityDirectory): Promise<void> {
    const reads = this.#reads('ListUserGroupMemberships');
    const { query } = context;
    const compartmentId = query.get('compartmentId');
    if (!compartmentId) throw new OciHttpError(400, 'MissingParameter', 'Missing required parameter compartmentId');
    if (context.principal.tenancyId !== directory.tenancyId) {
      throw new OciHttpError(404, 'NotAuthorizedOrNotFound', `Compartment ${compartmentId} not found or not authorized`);
    }
    if (compartmentId !== directory.tenancyId) {
      throw new OciHttpError(400, 'InvalidParameter',
        `Invalid compartmentId "${compartmentId}": user-group memberships live in the root compartment (the tenancy OCID)`);
    }
    const userId = query.get('userId') || undefined;
    const groupId = query.get('groupId') || undefined;
    const items = reads.memberships({ userId, groupId });
    const { page, nextPage } = pageOf(items, `userGroupMemberships|${userId}|${groupId}`, query, 100, 1000);
    return sendJson(context.res, 200, page, nextPage === undefined ? {} : { 'opc-next-page': nextPage });
  }

  #requireOwnTenancy(context: RequestContext, directory: IdentityDirectory, tenancyId: string): void {
    if (tenancyId !== directory.tenancyId || context.principal.tenancyId !== directory.tenancyId) {
      throw new OciHttpError(404, 'NotAuthorizedOrNotFound', `Tenancy ${tenancyId} not found or not authorized`);
    }
  }

  #getCompartment(context: RequestContext, directory: IdentityDirectory, id: string): CompartmentEntry {
    if (context.principal.tenancyId !== directory.tenancyId) {
      throw new OciHttpError(404, 'NotAuthorizedOrNotFound', `Compartment ${id} not found or not authorized`);
    }
    if (id === directory.tenancyId) {
      // The root compartment is the tenancy itself; OCI answers GetCompartment for it too.
      return {
        id,
        compartmentId: id,
        name: directory.tenancyName,
        description: 'The root compartment',
        timeCreated: '2016-01-01T00:00:00.000Z',
        lifecycleState: 'ACTIVE',
        isAccessible: true,
        freeformTags: {},
        definedTags: {},
      };
    }
    const found = directory.compartments().find((compartment) => compartment.id === id);
    if (!found) throw new OciHttpError(404, 'NotAuthorizedOrNotFound', `Compartment ${id} not found or not authorized`);
    return found;
  }

  async #listCompartments(context: RequestContext, directory: IdentityDirectory): Promise<void> {
    const { query } = context;
    const parentId = query.get('compartmentId');
    if (!parentId) throw new OciHttpError(400, 'MissingParameter', 'Missing required parameter compartmentId');
    const inSubtree = query.get('compartmentIdInSubtree') === 'true';
    const accessLevel = (query.get('accessLevel') ?? 'ANY').toUpperCase();
    if (!ACCESS_LEVELS.has(accessLevel)) {
      throw new OciHttpError(400, 'InvalidParameter', `Invalid accessLevel "${accessLevel}": expected ANY or ACCESSIBLE`);
    }
    if (inSubtree && parentId !== directory.tenancyId) {
      throw new OciHttpError(400, 'InvalidParameter', 'compartmentIdInSubtree=true is only valid with the root compartment (the tenancy OCID)');
    }
    const all = directory.compartments();
    if (context.principal.tenancyId !== directory.tenancyId || (parentId !== directory.tenancyId && !all.some((c) => c.id === parentId))) {
      throw new OciHttpError(404, 'NotAuthorizedOrNotFound', `Compartment ${parentId} not found or not authorized`);
    }
    const lifecycleState = query.get('lifecycleState');
    const name = query.get('name');
    const selected = all.filter(
      (compartment) =>
        (inSubtree || compartment.compartmentId === parentId) &&
        (accessLevel === 'ANY' || compartment.isAccessible) &&
        (lifecycleState === null || compartment.lifecycleState === lifecycleState) &&
        (name === null || compartment.name === name),
    );
    const scope = `compartments|${parentId}|${inSubtree}|${accessLevel}|${lifecycleState}|${name}`;
    const { page, nextPage } = pageOf(selected, scope, query, 100, 1000);
    return sendJson(context.res, 200, page, nextPage === undefined ? {} : { 'opc-next-page': nextPage });
  }
}

function scopeOf(context: RequestContext): ReadScope {
  return { region: context.region, tenancyId: context.principal.tenancyId };
}
