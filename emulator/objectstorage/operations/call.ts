import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { newRequestId } from '../../http/errors.ts';
import { objectStorageErrors as errors } from '../errors.ts';
import type { ExternalBuckets } from '../external-buckets.ts';
import type { ObjectStore } from '../store/object-store.ts';

/** Everything an operation needs to answer one request. */
export interface OperationCall {
  req: IncomingMessage;
  res: ServerResponse;
  query: URLSearchParams;
  store: ObjectStore;
  /** The body, when the front door already read it (signed JSON bodies); otherwise read `req`. */
  body: Buffer | undefined;
  /** OCID of the caller, if known; recorded as a new bucket's `createdBy`. */
  principalId: string | undefined;
  /** The endpoint's region, when known (external buckets are regional). */
  region?: string | undefined;
  /** Buckets GetBucket/HeadBucket fall back to when the store has none of the name. */
  externalBuckets?: ExternalBuckets | undefined;
}

/** The request body as a stream of chunks, whether or not the front door already read it. */
export function bodyOf(call: OperationCall): AsyncIterable<Uint8Array | string> {
  return call.body === undefined ? call.req : Readable.from([call.body]);
}

/** A query parameter; an empty value counts as absent (the SDK never sends empty values on purpose). */
export function queryValue(query: URLSearchParams, name: string): string | undefined {
  const value = query.get(name);
  return value === null || value === '' ? undefined : value;
}

export function requiredQueryValue(query: URLSearchParams, name: string): string {
  const value = queryValue(query, name);
  if (value === undefined) throw errors.missingParameter(name);
  return value;
}

/** All values of a list parameter, whether repeated (`fields=a&fields=b`, as the SDK sends arrays) or comma-separated. */
export function queryList(query: URLSearchParams, name: string): string[] {
  return query
    .getAll(name)
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter((value) => value !== '');
}

function requestIdOf(res: ServerResponse): string {
  return (res.getHeader('opc-request-id') as string | undefined) ?? newRequestId();
}

/** A reply without a body (PUT, DELETE, HEAD), always with `opc-request-id`. */
export function sendEmpty(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...headers, 'opc-request-id': requestIdOf(res) });
  res.end();
}

/** A streamed body reply; rejects if the client goes away mid-stream (the body stream is then closed). */
export async function sendStream(res: ServerResponse, status: number, headers: Record<string, string>, body: Readable): Promise<void> {
  res.writeHead(status, { ...headers, 'opc-request-id': requestIdOf(res) });
  await pipeline(body, res);
}
