import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { newRequestId, OciHttpError, sendOciError } from '../http/errors.ts';
import type { RequestCounters } from '../faults/counters.ts';
import type { FaultInjector } from '../faults/fault-injector.ts';
import type { Principal, ServiceModule } from './service-module.ts';

/** What the server needs to authenticate a request; throws to reject (the message is safe to show). */
export type Authenticate = (request: {
  method: string;
  target: string;
  headers: IncomingMessage['headers'];
  bodySha256Base64: string | undefined;
}) => Principal;

export interface EmulatorServerOptions {
  host: string;
  port: number;
  /** Region ids the tenancy is subscribed to; others answer 401 as OCI does for unsubscribed regions. */
  subscribedRegions: () => readonly string[];
  services: readonly ServiceModule[];
  authenticate: Authenticate;
  faults: FaultInjector;
  counters: RequestCounters;
  /** Largest signed (buffered) body; object uploads are streamed and not limited by this. */
  maxSignedBodyBytes?: number;
  /** Called with unexpected handler errors (a bug in the emulator, not a client mistake). */
  onInternalError?: (error: unknown) => void;
}

const REGION_ID = /^[a-z]{2,}-[a-z]+-\d+$/;

export class AuthenticationFailure extends Error {}

/** Reads the whole request body, refusing more than `limit` bytes. */
async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new OciHttpError(413, 'RequestEntityTooLarge', `Request body exceeds ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * The emulator's HTTP front door. Every request goes through the same steps as at OCI's edge:
 * route (`/{region}/{service}/...`), count, faults (latency, throttling, errors, drops), signature
 * verification, then the service module.
 */
export class EmulatorHttpServer {
  readonly #options: Required<Omit<EmulatorServerOptions, 'onInternalError'>> & Pick<EmulatorServerOptions, 'onInternalError'>;
  readonly #services: Map<string, ServiceModule>;
  readonly #server: Server;

  constructor(options: EmulatorServerOptions) {
    this.#options = { maxSignedBodyBytes: 16 * 1024 * 1024, ...options };
    this.#services = new Map(options.services.map((module) => [module.service, module]));
    this.#server = createServer((req, res) => {
      this.#serve(req, res).catch((error: unknown) => {
        this.#options.onInternalError?.(error);
        sendOciError(res, 500, 'InternalServerError', 'The emulator failed to handle the request');
      });
    });
    // Clients keep connections alive between calls; idle sockets must not hold close() open.
    this.#server.keepAliveTimeout = 5_000;
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(this.#options.port, this.#options.host, () => resolve());
    });
    const { port } = this.#server.address() as AddressInfo;
    return `http://${this.#options.host}:${port}`;
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    this.#server.closeAllConnections();
    await closed;
  }

  async #serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = (req.headers['opc-request-id'] as string | undefined) ?? newRequestId();
    res.setHeader('opc-request-id', requestId);
    const target = req.url ?? '/';
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(target, 'http://emulator.invalid');
    const [, region = '', service = '', ...rest] = url.pathname.split('/');
    const path = `/${rest.join('/')}`;

    if (!REGION_ID.test(region)) {
      return sendOciError(res, 404, 'NotFound', `No region in the path "${url.pathname}": expected /{region}/{service}/...`);
    }
    const module = this.#services.get(service);
    if (!module) return sendOciError(res, 404, 'NotFound', `Unknown service "${service}" in the path "${url.pathname}"`);
    const operation = module.operationOf(method, path, url.searchParams);
    if (!operation) return sendOciError(res, 404, 'NotFound', `No ${service} operation for ${method} ${path}`);

    const { counters } = this.#options;
    counters.count(service, region, operation, 'requests');

    const verdict = await this.#options.faults.judge({ service, region, operation });
    switch (verdict.kind) {
      case 'drop':
        counters.count(service, region, operation, 'dropped');
        req.socket.destroy();
        return;
      case 'throttle':
        counters.count(service, region, operation, 'throttled');
        return sendOciError(res, 429, 'TooManyRequests', 'Too many requests for the tenancy',
          verdict.retryAfterSeconds === undefined ? {} : { 'retry-after': String(verdict.retryAfterSeconds) });
      case 'error':
        counters.count(service, region, operation, 'errors');
        return sendOciError(res, verdict.status,
          verdict.status === 503 ? 'ServiceUnavailable' : verdict.status === 500 ? 'InternalServerError' : 'BadGateway',
          'Injected server error');
      case 'proceed':
        break;
    }

    try {
      // Only bodies the client signed (x-content-sha256) are read here; uploads stay streams.
      const body = req.headers['x-content-sha256'] === undefined ? undefined : await readBody(req, this.#options.maxSignedBodyBytes);
      let principal: Principal;
      try {
        principal = this.#options.authenticate({
          method,
          target,
          headers: req.headers,
          bodySha256Base64: body === undefined ? undefined : createHash('sha256').update(body).digest('base64'),
        });
      } catch (error) {
        counters.count(service, region, operation, 'authFailures');
        return sendOciError(res, 401, 'NotAuthenticated', (error as Error).message);
      }
      if (!this.#options.subscribedRegions().includes(region)) {
        return sendOciError(res, 401, 'NotAuthenticated', `The tenancy is not subscribed to region ${region}`);
      }
      await module.handle({ req, res, region, service, path, query: url.searchParams, principal, body, requestId }, operation);
    } catch (error) {
      if (error instanceof OciHttpError) {
        if (error.status >= 500) counters.count(service, region, operation, 'errors');
        return sendOciError(res, error.status, error.code, error.message, error.headers);
      }
      throw error;
    }
  }
}
