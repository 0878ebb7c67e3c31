import { mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CircuitBreaker,
  ConfigFileAuthenticationDetailsProvider,
  DefaultRequestSigner,
  NoRetryConfigurationDetails,
  ResourcePrincipalAuthenticationDetailsProvider,
  type AuthenticationDetailsProvider,
  type ClientConfiguration,
  type HttpRequest,
} from 'oci-common';
import { FunctionsInvokeClient } from 'oci-functions';
import { IdentityClient, type models as identityModels, type requests as identityRequests } from 'oci-identity';
import { ObjectStorageClient } from 'oci-objectstorage';
import { ResourceSearchClient, type models as searchModels } from 'oci-resourcesearch';
import type { ApiKeyCredentials, Emulator } from '../../emulator/index.ts';

/*
 * Real, unmodified OCI SDK clients pointed at a running emulator, built with the SDK's own authentication
 * providers, plus what end-to-end tests need around them: failures as data, every page of a listing, raw
 * (signed or unsigned) requests, and a recorder of what the SDK actually put on the wire.
 */

/** No retries and no circuit breaker: every fault the emulator injects must reach the test unchanged. */
export function noRetryClientConfiguration(): ClientConfiguration {
  return {
    retryConfiguration: NoRetryConfigurationDetails,
    circuitBreaker: new CircuitBreaker({ disableClientCircuitBreaker: true }),
  };
}

/** A fresh temporary directory; remove it with `removeDir`. */
export function makeTempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `oci-inventory-${prefix}-`));
}

export async function removeDir(dir: string | undefined): Promise<void> {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
}

/**
 * An API-key provider exactly as a user would build one: the emulator writes an OCI config file for the
 * user (default: its default user) and the SDK reads it.
 */
export async function configFileProvider(
  emulator: Emulator,
  dir: string,
  user?: ApiKeyCredentials,
): Promise<{ provider: ConfigFileAuthenticationDetailsProvider; configPath: string }> {
  const { configPath } = await emulator.writeOciConfig(dir, user);
  return { provider: new ConfigFileAuthenticationDetailsProvider(configPath, 'DEFAULT'), configPath };
}

/** Builds a resource-principal provider from OCI_RESOURCE_PRINCIPAL_* values, then restores process.env exactly. */
export function resourcePrincipalProvider(env: Record<string, string>): ResourcePrincipalAuthenticationDetailsProvider {
  const saved = new Map(Object.keys(env).map((name) => [name, process.env[name]]));
  Object.assign(process.env, env);
  try {
    return ResourcePrincipalAuthenticationDetailsProvider.builder();
  } finally {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

function homeOf(emulator: Emulator, region: string | undefined): string {
  return region ?? emulator.tenancy.homeRegion;
}

export function identityClient(emulator: Emulator, provider: AuthenticationDetailsProvider, region?: string): IdentityClient {
  const client = new IdentityClient({ authenticationDetailsProvider: provider }, noRetryClientConfiguration());
  // After construction: setting a region later would overwrite it.
  client.endpoint = emulator.endpoint('identity', homeOf(emulator, region));
  return client;
}

export function searchClient(emulator: Emulator, provider: AuthenticationDetailsProvider, region?: string): ResourceSearchClient {
  const client = new ResourceSearchClient({ authenticationDetailsProvider: provider }, noRetryClientConfiguration());
  client.endpoint = emulator.endpoint('query', homeOf(emulator, region));
  return client;
}

export function objectStorageClient(emulator: Emulator, provider: AuthenticationDetailsProvider, region?: string): ObjectStorageClient {
  const client = new ObjectStorageClient({ authenticationDetailsProvider: provider }, noRetryClientConfiguration());
  client.endpoint = emulator.endpoint('objectstorage', homeOf(emulator, region));
  return client;
}

export function functionsClient(emulator: Emulator, provider: AuthenticationDetailsProvider, region?: string): FunctionsInvokeClient {
  const client = new FunctionsInvokeClient({ authenticationDetailsProvider: provider }, noRetryClientConfiguration());
  client.endpoint = emulator.endpoint('functions', homeOf(emulator, region));
  return client;
}

/** How an SDK call failed: an OciError (statusCode, serviceCode) or a client-side error (no statusCode). */
export interface SdkFailure {
  statusCode: number | undefined;
  serviceCode: string | undefined;
  message: string;
  opcRequestId: string | undefined;
  /** The thrown value itself, for assertions on its kind. */
  error: unknown;
}

/** Runs `call` with the console muted (the SDK warns about every failure). */
export async function quietly<T>(call: () => Promise<T>): Promise<T> {
  const saved = { log: console.log, warn: console.warn, info: console.info, error: console.error, debug: console.debug };
  console.log = console.warn = console.info = console.error = console.debug = () => undefined;
  try {
    return await call();
  } finally {
    Object.assign(console, saved);
  }
}

/** Runs an SDK call that must fail and returns how it failed; throws when it succeeds. */
export async function expectSdkFailure(call: () => Promise<unknown>): Promise<SdkFailure> {
  let outcome: { failed: true; error: unknown } | { failed: false };
  try {
    await quietly(call);
    outcome = { failed: false };
  } catch (error) {
    outcome = { failed: true, error };
  }
  if (!outcome.failed) throw new Error('expected the SDK call to fail, but it succeeded');
  const error = outcome.error as Partial<Record<'statusCode' | 'serviceCode' | 'message' | 'opcRequestId', unknown>>;
  return {
    statusCode: typeof error.statusCode === 'number' ? error.statusCode : undefined,
    serviceCode: typeof error.serviceCode === 'string' ? error.serviceCode : undefined,
    message: String(error.message ?? error),
    opcRequestId: typeof error.opcRequestId === 'string' ? error.opcRequestId : undefined,
    error: outcome.error,
  };
}

/** Every page of a Structured Search; fails loudly on an empty follow-up page or a runaway loop. */
export async function searchAll(
  client: ResourceSearchClient,
  query: string,
  limit = 1000,
): Promise<{ items: searchModels.ResourceSummary[]; pageSizes: number[] }> {
  const items: searchModels.ResourceSummary[] = [];
  const pageSizes: number[] = [];
  let page: string | undefined;
  do {
    const response = await client.searchResources({
      searchDetails: { type: 'Structured', query } as searchModels.StructuredSearchDetails,
      limit,
      ...(page === undefined ? {} : { page }),
    });
    const pageItems = response.resourceSummaryCollection.items ?? [];
    if (pageItems.length === 0 && page !== undefined) throw new Error(`page ${pageSizes.length + 1} of "${query}" is empty`);
    if (pageSizes.length > 10_000) throw new Error(`pagination of "${query}" does not end`);
    pageSizes.push(pageItems.length);
    items.push(...pageItems);
    page = response.opcNextPage;
  } while (page !== undefined);
  return { items, pageSizes };
}

/** Every page of ListCompartments, following opc-next-page. */
export async function listAllCompartments(
  client: IdentityClient,
  request: identityRequests.ListCompartmentsRequest,
): Promise<{ items: identityModels.Compartment[]; pageSizes: number[] }> {
  const items: identityModels.Compartment[] = [];
  const pageSizes: number[] = [];
  let page: string | undefined;
  do {
    const response = await client.listCompartments({ ...request, ...(page === undefined ? {} : { page }) });
    if (pageSizes.length > 10_000) throw new Error('ListCompartments pagination does not end');
    pageSizes.push(response.items.length);
    items.push(...response.items);
    page = response.opcNextPage;
  } while (page !== undefined);
  return { items, pageSizes };
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Sends exactly these headers and body over a fresh connection (Node adds only what HTTP/1.1 needs). */
export function sendRaw(url: string, input: { method: string; headers?: OutgoingHttpHeaders; body?: Buffer | string }): Promise<RawResponse> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: target.hostname, port: target.port, method: input.method, path: `${target.pathname}${target.search}`, headers: input.headers ?? {}, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(input.body);
  });
}

/** A request signed by the SDK's own signer (as its clients sign), sent raw so the test sees every response header. */
export async function signedRequest(
  provider: AuthenticationDetailsProvider,
  input: { method: HttpRequest['method']; url: string; body?: string },
): Promise<RawResponse> {
  const request: HttpRequest = { method: input.method, uri: input.url, headers: new Headers(), ...(input.body === undefined ? {} : { body: input.body }) };
  await new DefaultRequestSigner(provider).signHttpRequest(request);
  const headers: OutgoingHttpHeaders = {};
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  return sendRaw(input.url, { method: input.method, headers, ...(input.body === undefined ? {} : { body: input.body }) });
}

/** One request the SDK sent through `fetch`, and what came back. */
export interface FetchExchange {
  method: string;
  url: string;
  requestHeaders: Record<string, string>;
  requestBody: Buffer;
  /** Undefined when fetch itself failed (connection dropped or refused). */
  status: number | undefined;
  responseHeaders: Record<string, string>;
  /** Only for status >= 400 (small JSON error bodies); success bodies are left to the SDK. */
  errorBody: string | undefined;
}

/**
 * Starts recording every fetch the SDK makes, without changing what is sent or received (the SDK calls the
 * global `fetch` at request time, so wrapping it is enough). Call `stop()` in a finally.
 */
export function startFetchRecorder(): { exchanges: FetchExchange[]; stop(): void } {
  const exchanges: FetchExchange[] = [];
  const realFetch = globalThis.fetch;
  globalThis.fetch = async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]): Promise<Response> => {
    const request = new Request(input, init);
    const method = request.method.toUpperCase();
    const requestBody = method === 'GET' || method === 'HEAD' || request.body === null ? Buffer.alloc(0) : Buffer.from(await request.clone().arrayBuffer());
    const exchange: FetchExchange = {
      method,
      url: request.url,
      requestHeaders: Object.fromEntries(request.headers),
      requestBody,
      status: undefined,
      responseHeaders: {},
      errorBody: undefined,
    };
    exchanges.push(exchange);
    const response = await realFetch(request);
    exchange.status = response.status;
    exchange.responseHeaders = Object.fromEntries(response.headers);
    if (response.status >= 400) exchange.errorBody = await response.clone().text();
    return response;
  };
  return {
    exchanges,
    stop: () => {
      globalThis.fetch = realFetch;
    },
  };
}

/** Runs `call` while recording the SDK's fetches. */
export async function recordFetches<T>(call: () => Promise<T>): Promise<{ result: T; exchanges: FetchExchange[] }> {
  const recorder = startFetchRecorder();
  try {
    return { result: await call(), exchanges: recorder.exchanges };
  } finally {
    recorder.stop();
  }
}

/** Runs an SDK call that must fail, recording its fetches; returns the failure and what went over the wire. */
export async function expectRecordedSdkFailure(call: () => Promise<unknown>): Promise<{ failure: SdkFailure; exchanges: FetchExchange[] }> {
  const recorder = startFetchRecorder();
  try {
    return { failure: await expectSdkFailure(call), exchanges: recorder.exchanges };
  } finally {
    recorder.stop();
  }
}

/** Reads a web ReadableStream or Node Readable (what getObject and invokeFunction return) into a Buffer. */
export async function readAll(value: ReadableStream | NodeJS.ReadableStream | AsyncIterable<unknown>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of value as AsyncIterable<Uint8Array | string>) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  }
  return Buffer.concat(chunks);
}
