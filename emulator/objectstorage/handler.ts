import type { IncomingMessage, ServerResponse } from 'node:http';
import { newRequestId, OciHttpError, sendOciError } from '../http/errors.ts';
import { objectStorageErrors as errors } from './errors.ts';
import type { ExternalBuckets } from './external-buckets.ts';
import { drainRequest } from './operations/request-input.ts';
import { operationFor } from './operations/operation-table.ts';
import { parseRoute } from './routes.ts';
import type { ObjectStore } from './store/object-store.ts';

export interface ObjectStorageContext {
  /**
   * The request path after `/objectstorage`, as on the wire (still percent-encoded) and without the
   * query string, e.g. `/n/ns/b/bucket/o/dir%2Fname`. It must not be decoded beforehand: object names
   * may contain `%`, and `/` inside a name arrives as `%2F`.
   */
  path: string;
  query: URLSearchParams;
  store: ObjectStore;
  /** The body, if the front door already read it (it reads signed JSON bodies); otherwise `req` is read. */
  body?: Buffer | undefined;
  /** OCID of the authenticated caller; recorded as a new bucket's `createdBy`. */
  principalId?: string | undefined;
  /** The endpoint's region: where `externalBuckets` are looked up. */
  region?: string | undefined;
  /** Buckets GetBucket/HeadBucket answer when the store has none of the name (the synthetic tenancy's). */
  externalBuckets?: ExternalBuckets | undefined;
}

/**
 * Answers one Object Storage request (signature already verified by the caller). Every reply carries
 * `opc-request-id` (the one already set on `res`, or a new one) and echoes `opc-client-request-id`.
 * Service errors are answered here as OCI does (JSON `{code, message}`); anything else is a bug and
 * is rethrown, after draining the request, for the server to log and answer 500.
 */
export async function handleObjectStorage(req: IncomingMessage, res: ServerResponse, ctx: ObjectStorageContext): Promise<void> {
  if (res.getHeader('opc-request-id') === undefined) res.setHeader('opc-request-id', newRequestId());
  const clientRequestId = req.headers['opc-client-request-id'];
  if (typeof clientRequestId === 'string') res.setHeader('opc-client-request-id', clientRequestId);

  const method = (req.method ?? 'GET').toUpperCase();
  try {
    const route = parseRoute(ctx.path);
    const operation = route && operationFor(method, route);
    if (!route || !operation) throw errors.notFound(method, ctx.path);
    if ('namespace' in route && route.namespace !== ctx.store.namespace) throw errors.namespaceNotFound(route.namespace);
    await operation.run({
      req, res, query: ctx.query, store: ctx.store, body: ctx.body, principalId: ctx.principalId,
      region: ctx.region, externalBuckets: ctx.externalBuckets,
    });
  } catch (error) {
    if (res.headersSent) {
      // The reply had begun (a streamed GET) when the body stream or the client failed: nothing more
      // can be said to the client, so cut the connection rather than end a truncated body cleanly.
      res.destroy();
      return;
    }
    if (ctx.body === undefined) await drainRequest(req);
    if (!(error instanceof OciHttpError)) throw error;
    if (error.status === 304) {
      // Not Modified has no body, only the validator.
      res.writeHead(304, { ...error.headers, 'opc-request-id': res.getHeader('opc-request-id') as string });
      res.end();
      return;
    }
    sendOciError(res, error.status, error.code, error.message, error.headers);
  }
}

/** The SDK operation name (e.g. `PutObject`) a request is for, or undefined when none matches. */
export function objectStorageOperationOf(method: string, path: string): string | undefined {
  try {
    const route = parseRoute(path);
    return route && operationFor(method, route)?.name;
  } catch {
    // A path with malformed percent-encoding names no operation.
    return undefined;
  }
}
