import { createHash, sign, type KeyObject } from 'node:crypto';
import { createServer, request as httpRequest, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CircuitBreaker, NoRetryConfigurationDetails, Region, SimpleAuthenticationDetailsProvider, type ClientConfiguration } from 'oci-common';
import { AuthenticationError } from '../emulator/auth/authentication-error.ts';
import { verifyRequestSignature, type Principal, type VerifySignatureOptions } from '../emulator/auth/verify-signature.ts';

/**
 * Test fixtures for the emulator's authentication: a tiny HTTP server that authenticates every request with
 * `verifyRequestSignature` (as the emulator's front door will), and helpers to drive it with real SDK clients
 * or replay captured requests byte for byte with changes.
 */

export interface CapturedRequest {
  method: string;
  target: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export type Outcome = { ok: true; principal: Principal } | { ok: false; error: AuthenticationError };

export interface VerifyingServer {
  baseUrl: string;
  port: number;
  /** Every request received, in order. */
  received: CapturedRequest[];
  /** The verifier's verdict for each request, in order. */
  outcomes: Outcome[];
  lastOutcome(): Outcome;
  close(): Promise<void>;
}

/** Answers 200 `[]` to any authenticated request and 401 NotAuthenticated otherwise. */
export async function startVerifyingServer(options: () => VerifySignatureOptions): Promise<VerifyingServer> {
  const received: CapturedRequest[] = [];
  const outcomes: Outcome[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const captured = { method: req.method ?? 'GET', target: req.url ?? '/', headers: { ...req.headers }, body };
      received.push(captured);
      let status = 200;
      let reply: unknown = [];
      try {
        const principal = verifyRequestSignature(
          {
            method: captured.method,
            target: captured.target,
            headers: captured.headers,
            bodySha256Base64: body.length > 0 ? createHash('sha256').update(body).digest('base64') : undefined,
          },
          options(),
        );
        outcomes.push({ ok: true, principal });
      } catch (error) {
        if (!(error instanceof AuthenticationError)) throw error;
        outcomes.push({ ok: false, error });
        status = 401;
        reply = { code: error.code, message: error.message };
      }
      const text = JSON.stringify(reply);
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    port,
    received,
    outcomes,
    lastOutcome() {
      const last = outcomes.at(-1);
      if (last === undefined) throw new Error('the server has not answered any request yet');
      return last;
    },
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

/** No retries and no circuit breaker: a 401 must surface at once, and one test must not trip the next. */
export function noRetryClientConfiguration(): ClientConfiguration {
  return {
    retryConfiguration: NoRetryConfigurationDetails,
    circuitBreaker: new CircuitBreaker({ disableClientCircuitBreaker: true }),
  };
}

export function apiKeyProvider(input: { tenancyId: string; userId: string; fingerprint: string; privateKeyPem: string }): SimpleAuthenticationDetailsProvider {
  return new SimpleAuthenticationDetailsProvider(
    input.tenancyId, input.userId, input.fingerprint, input.privateKeyPem, null, Region.US_ASHBURN_1);
}

/** Runs `build` with extra environment variables, then restores the environment exactly. */
export function withEnv<T>(env: Record<string, string>, build: () => T): T {
  const saved = new Map(Object.keys(env).map((name) => [name, process.env[name]]));
  Object.assign(process.env, env);
  try {
    return build();
  } finally {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

/**
 * Runs an SDK call that is expected to fail while muting the SDK's own console output for it, and returns the
 * error (throws when the call succeeds).
 */
export async function expectSdkFailure(call: () => Promise<unknown>): Promise<{ statusCode: number; serviceCode: string; message: string }> {
  const { warn, info, error: logError } = console;
  console.warn = console.info = console.error = () => undefined;
  try {
    await call();
  } catch (error) {
    return error as { statusCode: number; serviceCode: string; message: string };
  } finally {
    Object.assign(console, { warn, info, error: logError });
  }
  throw new Error('expected the SDK call to fail, but it succeeded');
}

/** Sends a request with exactly these headers and body (no header is added except what Node needs). */
export async function sendRaw(port: number, input: { method: string; target: string; headers: OutgoingHttpHeaders; body?: Buffer }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method: input.method, path: input.target, headers: input.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(input.body);
  });
}

/** Replays a captured request, optionally changing its target, headers or body. */
export async function replay(
  port: number,
  captured: CapturedRequest,
  changes: { target?: string; headers?: OutgoingHttpHeaders; body?: Buffer } = {},
): Promise<{ status: number; body: string }> {
  const headers: OutgoingHttpHeaders = { ...captured.headers, ...changes.headers };
  // Node's server drops `connection`; keep the replay's own connection handling.
  delete headers['connection'];
  return sendRaw(port, {
    method: captured.method,
    target: changes.target ?? captured.target,
    headers,
    body: changes.body ?? captured.body,
  });
}

/**
 * A hand-rolled draft-cavage signer for unit tests that need requests the SDK would never send (other
 * algorithms, missing headers, `date` instead of `x-date`). The SDK-driven tests pin the real format.
 */
export function signHeaders(input: {
  method: string;
  target: string;
  headers: Record<string, string>;
  signedHeaders: readonly string[];
  keyId: string;
  privateKey: KeyObject;
  algorithm?: string;
  version?: string | null;
}): Record<string, string> {
  const signingString = input.signedHeaders
    .map((name) => name === '(request-target)'
      ? `(request-target): ${input.method.toLowerCase()} ${input.target}`
      : `${name.toLowerCase()}: ${input.headers[name.toLowerCase()] ?? ''}`)
    .join('\n');
  const signature = sign('sha256', Buffer.from(signingString), input.privateKey).toString('base64');
  const version = input.version === undefined ? 'version="1",' : input.version === null ? '' : `version="${input.version}",`;
  return {
    ...input.headers,
    authorization: `Signature ${version}keyId="${input.keyId}",algorithm="${input.algorithm ?? 'rsa-sha256'}",headers="${input.signedHeaders.join(' ')}",signature="${signature}"`,
  };
}
