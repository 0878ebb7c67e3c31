import { OciHttpError, sendJson } from '../../http/errors.ts';
import type { RequestContext } from '../../server/service-module.ts';
import { pageOf } from '../../server/pagination.ts';
import { decodeIdSegment, type ReadScope } from '../resource-reader.ts';
import { sendModel } from '../send-model.ts';
import type { NetworkServicesReads } from './index.ts';

/**
 * The routes of the network-services modules, as one small table per module: each route is an SDK
 * operation (PascalCase, as counters and fault rules name it), a GET path pattern and its handler. Only
 * GETs are claimed, so a module composed with others on one host (iaas, functions) never takes their routes.
 */
export interface Route {
  operation: string;
  pattern: RegExp;
  handle(context: RequestContext, match: RegExpExecArray): void;
}

export class RouteTable {
  readonly #routes: ReadonlyMap<string, Route>;

  constructor(routes: readonly Route[]) {
    this.#routes = new Map(routes.map((route) => [route.operation, route]));
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
      throw new OciHttpError(404, 'NotFound', `Unsupported ${context.service} operation ${operation}`);
    }
    route.handle(context, match);
  }
}

export function scopeOf(context: RequestContext): ReadScope {
  return { region: context.region, tenancyId: context.principal.tenancyId };
}

/** `GET /{version}/{collection}/{id}`: one resource of `searchType` through the read gate. */
export function getRoute(reads: NetworkServicesReads, operation: string, version: string, collection: string, searchType: string): Route {
  return {
    operation,
    pattern: new RegExp(`^/${version}/${collection}/([^/]+)$`),
    handle: (context, match) => sendModel(context.res, reads.model(searchType, decodeIdSegment(match[1]!), scopeOf(context))),
  };
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

/** One page of a list as the SDK reads it: a JSON array body and `opc-next-page` when more follow. */
export function sendPage(context: RequestContext, items: readonly unknown[], scope: string, defaultLimit: number, maxLimit: number): void {
  const { page, nextPage } = pageOf(items, scope, context.query, defaultLimit, maxLimit);
  sendJson(context.res, 200, page, nextPage === undefined ? {} : { 'opc-next-page': nextPage });
}
