import { OciHttpError, sendJson } from '../http/errors.ts';
import type { AttachmentKind, AttachmentQuery } from '../reads/compute/index.ts';
import { decodeIdSegment, sendModel, type Model, type ReadScope } from '../reads/index.ts';
import { pageOf } from '../server/pagination.ts';
import type { RequestContext, ServiceModule } from '../server/service-module.ts';

/** What the compute, block storage and VNIC reads need: one model per (Search type, OCID), attachment lists. */
export interface ComputeReadsApi {
  model(searchType: string, ocid: string, scope: ReadScope): Model;
  attachments(kind: AttachmentKind, query: AttachmentQuery, scope: ReadScope): Model[];
}

/** A single-resource GET: `/20160918/{collection}/{id}`. */
export interface GetRoute {
  /** The SDK's operation name, PascalCase as the emulator's counters and fault rules use it. */
  operation: string;
  searchType: string;
}

/** A list of attachments: `/20160918/{collection}?compartmentId=...`; `attachedParameter` names its resource filter. */
export interface ListRoute {
  operation: string;
  kind: AttachmentKind;
  attachedParameter: 'vnicId' | 'volumeId' | 'bootVolumeId';
}

const GET_PATH = /^\/20160918\/([A-Za-z]+)\/([^/]+)$/;
const LIST_PATH = /^\/20160918\/([A-Za-z]+)$/;
/** Items per page when the request gives no `limit`, and the most it may ask for. */
const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

/**
 * One iaas API (ComputeClient, BlockstorageClient, ...) as GET and list routes by path collection. Several
 * share the `iaas` host with Networking: the server composes them and routes by operation.
 */
export class ComputeReadModule implements ServiceModule {
  readonly service = 'iaas';
  readonly #reads: ComputeReadsApi;
  readonly #gets: ReadonlyMap<string, GetRoute>;
  readonly #lists: ReadonlyMap<string, ListRoute>;
  readonly #byOperation: ReadonlyMap<string, GetRoute | ListRoute>;

  constructor(reads: ComputeReadsApi, routes: { gets: Readonly<Record<string, GetRoute>>; lists: Readonly<Record<string, ListRoute>> }) {
    this.#reads = reads;
    this.#gets = new Map(Object.entries(routes.gets));
    this.#lists = new Map(Object.entries(routes.lists));
    this.#byOperation = new Map([...this.#gets.values(), ...this.#lists.values()].map((route) => [route.operation, route]));
  }

  operationOf(method: string, path: string): string | undefined {
    if (method !== 'GET') return undefined;
    const get = GET_PATH.exec(path);
    if (get !== null) return this.#gets.get(get[1]!)?.operation;
    const list = LIST_PATH.exec(path);
    return list === null ? undefined : this.#lists.get(list[1]!)?.operation;
  }

  async handle(context: RequestContext, operation: string): Promise<void> {
    const route = this.#byOperation.get(operation);
    if (route === undefined) throw new OciHttpError(404, 'NotFound', `Unsupported iaas operation ${operation}`);
    const scope: ReadScope = { region: context.region, tenancyId: context.principal.tenancyId };
    if ('searchType' in route) {
      const segment = GET_PATH.exec(context.path)?.[2];
      if (segment === undefined) throw new OciHttpError(404, 'NotFound', `Unsupported iaas operation ${operation}`);
      return sendModel(context.res, this.#reads.model(route.searchType, decodeIdSegment(segment), scope));
    }
    const { query } = context;
    const filters: AttachmentQuery = {
      compartmentId: query.get('compartmentId'),
      availabilityDomain: query.get('availabilityDomain'),
      instanceId: query.get('instanceId'),
      attachedId: query.get(route.attachedParameter),
    };
    const items = this.#reads.attachments(route.kind, filters, scope);
    const pageScope = [operation, context.region, filters.compartmentId, filters.availabilityDomain, filters.instanceId, filters.attachedId].join('|');
    const { page, nextPage } = pageOf(items, pageScope, query, DEFAULT_LIMIT, MAX_LIMIT);
    return sendJson(context.res, 200, page, nextPage === undefined ? {} : { 'opc-next-page': nextPage });
  }
}
