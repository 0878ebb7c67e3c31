import type { IncomingMessage } from 'node:http';
import { finished } from 'node:stream/promises';
import { objectStorageErrors as errors } from '../errors.ts';
import type { Preconditions } from '../store/preconditions.ts';
import type { ContentHeaders } from '../store/records.ts';

/** Largest JSON request body read (bucket and multipart details are small; a commit of 10000 parts is ~600 KB). */
const MAX_JSON_BODY_BYTES = 4 * 1024 * 1024;

export function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function preconditionsOf(req: IncomingMessage): Preconditions {
  return { ifMatch: header(req, 'if-match'), ifNoneMatch: header(req, 'if-none-match') };
}

/** `opc-meta-*` request headers as user metadata (Node lowercases header names, as OCI stores them). */
export function userMetadataOf(req: IncomingMessage): Record<string, string> {
  const metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (name.startsWith('opc-meta-') && value !== undefined) {
      metadata[name.slice('opc-meta-'.length)] = Array.isArray(value) ? value.join(', ') : value;
    }
  }
  return metadata;
}

export function contentHeadersOfRequest(req: IncomingMessage): Partial<ContentHeaders> {
  return {
    contentType: header(req, 'content-type'),
    contentLanguage: header(req, 'content-language'),
    contentEncoding: header(req, 'content-encoding'),
    contentDisposition: header(req, 'content-disposition'),
    cacheControl: header(req, 'cache-control'),
  };
}

/** The declared body size. Node has already refused malformed values; absent for chunked uploads. */
export function contentLengthOf(req: IncomingMessage): number | undefined {
  const value = header(req, 'content-length');
  return value === undefined ? undefined : Number(value);
}

/**
 * The JSON object in the request body: `preread` when the front door already read (and verified) a
 * signed body, else read from the request. Anything but a JSON object is 400 CannotParseRequest.
 */
export async function readJsonObject(req: IncomingMessage, preread: Buffer | undefined): Promise<Record<string, unknown>> {
  const text = (preread ?? (await readSmallBody(req))).toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw errors.cannotParseRequest('The request body is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw errors.cannotParseRequest('The request body must be a JSON object');
  }
  return value as Record<string, unknown>;
}

async function readSmallBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_JSON_BODY_BYTES) throw errors.cannotParseRequest(`The request body exceeds ${MAX_JSON_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * Reads and drops what is left of the request body, so an early error reply does not race a client
 * that is still uploading (undici reports "other side closed" if the server answers and hangs up).
 */
export async function drainRequest(req: IncomingMessage): Promise<void> {
  if (req.readableEnded || req.destroyed) return;
  req.resume();
  await finished(req).catch(() => undefined);
}
