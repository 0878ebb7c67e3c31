import type { AttachmentKind, AttachmentQuery } from '../reads/compute/index.ts';
import { getResource, GetRouteModule, idPath, listPath, pageOfItems, sendPage, type GetRoute } from '../reads/get-routes.ts';
import type { Model, ReadScope } from '../reads/index.ts';

/** What the compute, block storage and VNIC reads need: one model per (Search type, OCID), attachment lists. */
export interface ComputeReadsApi {
  model(searchType: string, ocid: string, scope: ReadScope): Model;
  attachments(kind: AttachmentKind, query: AttachmentQuery, scope: ReadScope): Model[];
}

/** A single-resource GET: `/20160918/{collection}/{id}`. */
export interface GetCollection {
  /** The SDK's operation name, PascalCase as the emulator's counters and fault rules use it. */
  operation: string;
  searchType: string;
}

/** A list of attachments: `/20160918/{collection}?compartmentId=...`; `attachedParameter` names its resource filter. */
export interface ListCollection {
  operation: string;
  kind: AttachmentKind;
  attachedParameter: 'vnicId' | 'volumeId' | 'bootVolumeId';
}

/** Items per page when the request gives no `limit`, and the most it may ask for. */
const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

/**
 * One iaas API (ComputeClient, BlockstorageClient, ...) as GET and list routes by path collection. Several
 * share the `iaas` host with Networking: the server composes them and routes by operation.
 */
export function computeReadModule(
  reads: ComputeReadsApi,
  collections: { gets: Readonly<Record<string, GetCollection>>; lists: Readonly<Record<string, ListCollection>> },
): GetRouteModule {
  const read = reads.model.bind(reads);
  const gets = Object.entries(collections.gets).map(([collection, { operation, searchType }]) =>
    getResource(read, operation, idPath('20160918', collection), searchType),
  );
  const lists = Object.entries(collections.lists).map(([collection, list]) => listAttachments(reads, collection, list));
  return new GetRouteModule('iaas', [...gets, ...lists]);
}

function listAttachments(reads: ComputeReadsApi, collection: string, { operation, kind, attachedParameter }: ListCollection): GetRoute {
  return {
    operation,
    pattern: listPath('20160918', collection),
    handle: (context, _params, scope) => {
      const { query } = context;
      const filters: AttachmentQuery = {
        compartmentId: query.get('compartmentId'),
        availabilityDomain: query.get('availabilityDomain'),
        instanceId: query.get('instanceId'),
        attachedId: query.get(attachedParameter),
      };
      const items = reads.attachments(kind, filters, scope);
      const pageScope = [operation, context.region, filters.compartmentId, filters.availabilityDomain, filters.instanceId, filters.attachedId].join('|');
      sendPage(context, pageOfItems(context, items, pageScope, DEFAULT_LIMIT, MAX_LIMIT));
    },
  };
}
