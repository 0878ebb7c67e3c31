import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';

/** A new `opc-request-id`, in the form OCI uses (uppercase hex blocks joined by slashes). */
export function newRequestId(): string {
  return randomUUID().replaceAll('-', '').toUpperCase();
}

/**
 * An error the emulator answers with: OCI's body `{"code","message"}` plus `opc-request-id`.
 * Throw it from a service handler; the server turns it into the response.
 */
export class OciHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'OciHttpError';
  }
}

export function sendOciError(res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    // Too late for an error body: cut the response so the client sees a failure, not a truncated success.
    res.destroy();
    return;
  }
  sendJson(res, status, { code, message }, headers);
}

export function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(value);
  const requestId = (res.getHeader('opc-request-id') as string | undefined) ?? newRequestId();
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'opc-request-id': requestId,
  });
  res.end(body);
}
