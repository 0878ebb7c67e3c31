import type { IncomingMessage, ServerResponse } from 'node:http';
import { OciHttpError } from '../http/errors.ts';

/** Who signed a request, as the signature verifier established it. */
export type Principal =
  | { kind: 'api_key'; tenancyId: string; userId: string; keyId: string }
  | { kind: 'resource_principal'; tenancyId: string; compartmentId: string; resourceId: string };

export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  region: string;
  service: string;
  /** The path after `/{region}/{service}`, without the query string, e.g. `/20160918/compartments`. */
  path: string;
  query: URLSearchParams;
  principal: Principal;
  /** The body, when the request signed it (`x-content-sha256`): already read and verified. */
  body: Buffer | undefined;
  requestId: string;
}

/**
 * One emulated OCI service, addressed as `{service}` in the endpoint template (the OCI host prefix:
 * `identity`, `query`, `objectstorage`, `functions`, ...).
 */
export interface ServiceModule {
  readonly service: string;
  /** The operation name (as in the SDK, e.g. `ListCompartments`) or undefined when no route matches. */
  operationOf(method: string, path: string, query: URLSearchParams): string | undefined;
  handle(context: RequestContext, operation: string): Promise<void>;
}

/** Reads a JSON request body, answering 400 for anything that is not a JSON object. */
export function parseJsonBody(context: RequestContext): Record<string, unknown> {
  const text = context.body?.toString('utf8') ?? '';
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new OciHttpError(400, 'CannotParseRequest', 'The request body is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new OciHttpError(400, 'CannotParseRequest', 'The request body must be a JSON object');
  }
  return value as Record<string, unknown>;
}
