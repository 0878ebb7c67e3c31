import type { IncomingMessage } from 'node:http';
import { OciHttpError, sendJson } from '../http/errors.ts';
import { pageOf } from '../server/pagination.ts';
import type { RequestContext, ServiceModule } from '../server/service-module.ts';
import type { Model } from './model-fields.ts';
import { decodeIdSegment, type ReadScope } from './resource-reader.ts';
import { sendModel } from './send-model.ts';

/**
 * A read-only emulated OCI API as a table of GET routes: each route is the SDK's operation name, an
 * anchored path pattern whose groups are the path parameters (decoded as ids) and its handler. Only GETs
 * matching a route are claimed, so modules composed on one host (composite-service.ts: `iaas`, `functions`)
 * never take each other's routes.
 */
export interface GetRoute<S extends ReadScope = ReadScope> {
  /** The SDK's operation name, PascalCase as the emulator's counters and fault rules use it. */
  operation: string;
  /** The path after `/{region}/{service}`, anchored; one group per path parameter. */
  pattern: RegExp;
  handle(context: RequestContext, params: readonly string[], scope: S): void;
}

/** The caller's read scope: the request's region and the signing principal's tenancy. */
export function scopeOf(context: RequestContext): ReadScope {
  return { region: context.region, tenancyId: context.principal.tenancyId };
}

/** `http://<host>:<port>` as the caller addressed the emulator: endpoints in models (a vault's) point back at it. */
export function emulatorBaseUrl(req: IncomingMessage): string {
  const host = req.headers.host;
  if (typeof host === 'string' && host !== '') return `http://${host}`;
  const { localAddress, localPort } = req.socket;
  return `http://${localAddress?.includes(':') ? `[${localAddress}]` : localAddress}:${localPort}`;
}

/** The read scope plus `baseUrl`, for models whose endpoints point back at the emulator. */
export function scopeWithBaseUrl(context: RequestContext): ReadScope & { baseUrl: string } {
  return { ...scopeOf(context), baseUrl: emulatorBaseUrl(context.req) };
}

export class GetRouteModule<S extends ReadScope = ReadScope> implements ServiceModule {
  readonly #routes: ReadonlyMap<string, GetRoute<S>>;
  readonly #scopeOf: (context: RequestContext) => S;

  /** `scope` builds the scope handed to every route (by default region and tenancy: `scopeOf`). */
  constructor(service: string, routes: readonly GetRoute<ReadScope>[]);
  constructor(service: string, routes: readonly GetRoute<S>[], scope: (context: RequestContext) => S);
  constructor(
    readonly service: string,
    routes: readonly GetRoute<S>[],
    scope: (context: RequestContext) => S = scopeOf as (context: RequestContext) => S,
  ) {
    this.#routes = new Map(routes.map((route) => [route.operation, route]));
    this.#scopeOf = scope;
  }

  operationOf(method: string, path: string): string | undefined {
    if (method !== 'GET') return undefined;
    for (const route of this.#routes.values()) if (route.pattern.test(path)) return route.operation;
    return undefined;
  }

  async handle(context: RequestContext, operation: string): Promise<void> {
    const route = this.#routes.get(operation);
    const match = route?.pattern.exec(context.path);
    if (route === undefined || match === null || match === undefined) {
      throw new OciHttpError(404, 'NotFound', `Unsupported ${this.service} operation ${operation}`);
    }
    const scope = this.#scopeOf(context);
    route.handle(context, match.slice(1).map((segment) => decodeIdSegment(segment ?? '')), scope);
  }
}

/** `^/{version}/{collection}/{id}$`: the path of one resource of a collection. */
export function idPath(version: string, collection: string): RegExp {
  return new RegExp(`^/${version}/${collection}/([^/]+)$`);
}

/** `^/{version}/{collection}$`: the path of a collection's listing. */
export function listPath(version: string, collection: string): RegExp {
  return new RegExp(`^/${version}/${collection}$`);
}

/** Reads one model of a Search type through the read gate (an OciHttpError, 404 or 403, when it may not). */
export type ReadModel<S extends ReadScope = ReadScope> = (searchType: string, ocid: string, scope: S) => Model;

/** A GET of one resource of `searchType` by the path's last parameter, through the read gate, answered with its model. */
export function getResource<S extends ReadScope>(read: ReadModel<S>, operation: string, pattern: RegExp, searchType: string): GetRoute<S> {
  return { operation, pattern, handle: (context, params, scope) => sendModel(context.res, read(searchType, params.at(-1) ?? '', scope)) };
}

/** A query parameter, undefined when absent or empty. */
export function optionalParam(query: URLSearchParams, name: string): string | undefined {
  const value = query.get(name);
  return value === null || value === '' ? undefined : value;
}

export function requiredParam(query: URLSearchParams, name: string): string {
  const value = optionalParam(query, name);
  if (value === undefined) throw new OciHttpError(400, 'MissingParameter', `Missing required parameter ${name}`);
  return value;
}

/** An enum query parameter (case-sensitive, as the SDK sends it), or the default; 400 naming what was expected. */
export function enumParam<T extends string>(query: URLSearchParams, name: string, allowed: readonly T[], fallback: T): T {
  const value = optionalParam(query, name);
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new OciHttpError(400, 'InvalidParameter', `Invalid ${name} "${value}": expected one of ${allowed.join(', ')}`);
  }
  return value as T;
}

/** Sorts by a text key in the given order; ties by id, so every page boundary is stable. */
export function sortBy<T>(items: T[], keyOf: (item: T) => string, idOf: (item: T) => string, order: 'ASC' | 'DESC'): T[] {
  const direction = order === 'ASC' ? 1 : -1;
  return items.sort((a, b) => {
    const [ka, kb] = [keyOf(a), keyOf(b)];
    if (ka !== kb) return ka < kb ? -direction : direction;
    const [ia, ib] = [idOf(a), idOf(b)];
    return ia < ib ? -1 : ia > ib ? 1 : 0;
  });
}

/** One page of a list: its items, and the `opc-next-page` token when more follow. */
export interface Page {
  items: readonly unknown[];
  nextPage: string | undefined;
}

/** Slices the page the request asks for (`limit`, `page`) out of all items; tokens are bound to `scope`. */
export function pageOfItems(context: RequestContext, items: readonly unknown[], scope: string, defaultLimit: number, maxLimit: number): Page {
  const { page, nextPage } = pageOf(items, scope, context.query, defaultLimit, maxLimit);
  return { items: page, nextPage };
}

/** A list answer as the SDK reads it: a JSON array body and `opc-next-page` when more follow. */
export function sendPage(context: RequestContext, page: Page): void {
  sendJson(context.res, 200, page.items, page.nextPage === undefined ? {} : { 'opc-next-page': page.nextPage });
}
