import type { ResourceSummary } from '../discovery/search-pages.ts';
import type { JsonValue, Relationship } from '../model/record.ts';
import type { OciClientFactory, SdkClient, SdkClientConstructor } from '../oci/client-factory.ts';
import { failureInfoOf } from '../oci/retry-policy.ts';
import { describeOciFailure } from '../oci/service-errors.ts';
import type { Enricher, EnrichmentContext, EnrichmentResult } from './enricher.ts';
import { ocidsAt, type FieldPath } from './field-paths.ts';
import type { RelationName } from './relations.ts';
import { objectInKeyOrder, searchSummaryDetails, toJsonValue } from './search-summary.ts';

/** The SDK client of a service and its `{service}` host prefix in the endpoint template. */
export interface ServiceClient<C extends SdkClient> {
  ctor: SdkClientConstructor<C>;
  hostPrefix: string;
}

/** What a GET or list call may ask besides the client and the Search hit. */
export interface CallContext {
  region: string;
  tenancyId: string;
  /** The Object Storage namespace of the tenancy (looked up once per run and region). */
  namespace(): Promise<string>;
  /**
   * The run's client factory, for a GET that needs more than its declared client: another service's
   * client (`forRegion`) or a per-resource endpoint (`forEndpoint`: a Key is read at its vault's
   * management endpoint). A lookup shared by many records is cached per factory and runs each of its
   * calls under `factory.call` (the run's retry policy), as the namespace lookup does.
   */
  factory: OciClientFactory;
}

export type Model = Record<string, unknown>;

/**
 * One resource type's enrichment, as data: which client, which GET (and list calls), which fields
 * become `details`, which fields become relationships. Every field is required: a declaration
 * cannot silently miss its relationships or details.
 */
export interface TypeDeclaration<C extends SdkClient = SdkClient> {
  /** The exact `resourceType` Search returns. */
  resourceType: string;
  service: ServiceClient<C>;
  get(client: C, summary: ResourceSummary, context: CallContext): Promise<Model>;
  /** Extra list calls; each result is kept in `details` under its name and can feed relationships. */
  lists: Readonly<Record<string, (client: C, model: Model, context: CallContext) => Promise<readonly Model[]>>>;
  /** Model fields kept in `details`. */
  details: readonly string[];
  /** `[relation, path]`: the OCIDs at the path (in the model, or in a list result by its name) are targets. */
  relations: readonly (readonly [RelationName, FieldPath])[];
}

/** Helps TypeScript infer C from `service` while checking the rest against it. */
export function declare<C extends SdkClient>(declaration: TypeDeclaration<C>): TypeDeclaration<SdkClient> {
  return declaration as unknown as TypeDeclaration<SdkClient>;
}

const namespaces = new WeakMap<OciClientFactory, Map<string, Promise<string>>>();

function namespaceLookup(factory: OciClientFactory, region: string, lookUp: () => Promise<string>): Promise<string> {
  let byRegion = namespaces.get(factory);
  if (!byRegion) namespaces.set(factory, (byRegion = new Map()));
  let pending = byRegion.get(region);
  if (!pending) {
    pending = lookUp();
    pending.catch(() => byRegion.delete(region));
    byRegion.set(region, pending);
  }
  return pending;
}

/**
 * What a declaration makes of the GET body and its list calls' results: `details` (the declared fields,
 * then each list's items under its name, keys in sorted order so the record is born canonical) and the
 * relationships (the compartment, then the OCIDs at each declared path, never the resource itself).
 */
export function enrichmentFromModel(
  declaration: TypeDeclaration,
  summary: ResourceSummary,
  model: Model,
  listed: Readonly<Record<string, readonly Model[]>>,
): EnrichmentResult {
  const members: [string, JsonValue][] = declaration.details.map((field) => {
    const value = model[field];
    return [field, value === undefined ? null : toJsonValue(value)];
  });
  const sources: Record<string, unknown> = { ...model };
  for (const name of Object.keys(declaration.lists)) {
    const items = listed[name] ?? [];
    sources[name] = items;
    members.push([name, toJsonValue(items)]);
  }
  const relationships: Relationship[] = [];
  if (typeof summary.compartmentId === 'string') relationships.push({ relation: 'in_compartment', target: summary.compartmentId });
  for (const [relation, path] of declaration.relations) {
    for (const target of ocidsAt(sources, path)) {
      if (target !== summary.identifier) relationships.push({ relation, target });
    }
  }
  return { status: 'OK', details: objectInKeyOrder(members), relationships, error: null };
}

export interface DeclarativeEnricherOptions {
  /** Looks up the tenancy's Object Storage namespace (needed by Bucket). */
  lookUpNamespace?: (factory: OciClientFactory, region: string) => Promise<string>;
}

/**
 * Turns a declaration into an Enricher: the GET and list calls run under the run's retry policy (the
 * caller bounds how many run at once per region and service, and the client factory paces each endpoint). 404 means the resource is gone since Search indexed
 * it (NOT_FOUND); 401/403 and failures that outlast the retries are ERROR with a short reason.
 */
export function declarativeEnricher(declaration: TypeDeclaration, options: DeclarativeEnricherOptions = {}): Enricher {
  return {
    service: declaration.service.hostPrefix,
    async enrich(summary: ResourceSummary, context: EnrichmentContext): Promise<EnrichmentResult> {
      const { factory, region } = context;
      const client = factory.forRegion(declaration.service.ctor, declaration.service.hostPrefix, region);
      const callContext: CallContext = {
        region,
        tenancyId: context.tenancyId,
        factory,
        namespace: () =>
          namespaceLookup(factory, region, () => {
            if (!options.lookUpNamespace) throw new Error(`${declaration.resourceType} needs the Object Storage namespace, and no lookup was given`);
            return options.lookUpNamespace(factory, region);
          }),
      };
      const call = <T>(operation: () => Promise<T>) => factory.call(region, operation);
      try {
        const model = await call(() => declaration.get(client, summary, callContext));
        const listed: Record<string, readonly Model[]> = {};
        for (const [name, list] of Object.entries(declaration.lists)) listed[name] = await call(() => list(client, model, callContext));
        return enrichmentFromModel(declaration, summary, model, listed);
      } catch (error) {
        const failure = failureInfoOf(error);
        if (!failure) throw error;
        const status = failure.statusCode === 404 ? 'NOT_FOUND' : 'ERROR';
        return { status, details: searchSummaryDetails(summary), relationships: [], error: describeOciFailure(error).slice(0, 300) };
      }
    },
  };
}
