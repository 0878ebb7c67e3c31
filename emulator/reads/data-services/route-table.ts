import type { IncomingMessage } from 'node:http';
import { OciHttpError, sendJson } from '../../http/errors.ts';
import type { RequestContext, ServiceModule } from '../../server/service-module.ts';
import { decodeIdSegment } from '../resource-reader.ts';
import { sendModel } from '../send-model.ts';
import type { DataReadScope, DataServiceReads, ListPage } from './index.ts';

/**
 * A read-only OCI service as a table of GET routes: each route is the SDK's operation name and a path
 * pattern whose groups are the path parameters (decoded as ids), so a service module is a few lines of data.
 */
export interface GetRoute {
  /** The SDK's operation name, PascalCase as the emulator's counters and fault rules use it. */
  operation: string;
  /** The path after `/{region}/{service}`, anchored; one group per path parameter. */
  pattern: RegExp;
  answer(context: RequestContext, params: readonly string[], scope: DataReadScope): void;
}

/** `http://<host>:<port>` as the caller addressed the emulator: endpoints in models (a vault's) point back at it. */
export function emulatorBaseUrl(req: IncomingMessage): string {
  const host = req.headers.host;
  if (typeof host === 'string' && host !== '') return `http://${host}`;
  const { localAddress, localPort } = req.socket;
  return `http://${localAddress?.includes(':') ? `[${localAddress}]` : localAddress}:${localPort}`;
}

export class GetRouteService implements ServiceModule {
  readonly #routes: ReadonlyMap<string, GetRoute>;

  constructor(
    readonly service: string,
    routes: readonly GetRoute[],
  ) {
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
    if (route === undefined || !match) throw new OciHttpError(404, 'NotFound', `Unsupported ${this.service} operation ${operation}`);
    const scope: DataReadScope = { region: context.region, tenancyId: context.principal.tenancyId, baseUrl: emulatorBaseUrl(context.req) };
    route.answer(context, match.slice(1).map((segment) => decodeIdSegment(segment ?? '')), scope);
  }
}

/** A GET of one resource by the path's last parameter, answered with its model. */
export function getResource(reads: DataServiceReads, operation: string, pattern: RegExp, searchType: string): GetRoute {
  return { operation, pattern, answer: (context, params, scope) => sendModel(context.res, reads.read(searchType, params.at(-1) ?? '', scope)) };
}

/** A list answer: the items, and `opc-next-page` when there is more. */
export function sendPage(context: RequestContext, page: ListPage): void {
  sendJson(context.res, 200, page.items, page.nextPage === undefined ? {} : { 'opc-next-page': page.nextPage });
}
