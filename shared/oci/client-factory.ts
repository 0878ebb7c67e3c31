import { AsyncLocalStorage } from 'node:async_hooks';
import { CircuitBreaker, NoRetryConfigurationDetails, type AuthenticationDetailsProvider, type ClientConfiguration } from 'oci-common';
import { AdaptiveRateLimiter } from './adaptive-rate.ts';
import { ApiStats } from './api-stats.ts';
import { fillEndpointTemplate } from './endpoints.ts';
import { installFastRequestSigner } from './request-signer.ts';
import { DEFAULT_RETRY_POLICY, parseRetryAfter, withRetry, type RetryPolicy } from './retry-policy.ts';

/** The shape every generated OCI SDK client shares that we rely on. */
export interface SdkClient {
  endpoint: string;
}

/** Clients of regional services also take a region id, from which the SDK builds the real endpoint. */
interface RegionalSdkClient extends SdkClient {
  regionId: string;
}

export type SdkClientConstructor<C extends SdkClient> = new (
  params: { authenticationDetailsProvider: AuthenticationDetailsProvider },
  configuration?: ClientConfiguration,
) => C;

/** The state of one logical call (all its attempts), seen by the HTTP hook below. */
interface CallState {
  region: string;
  lastRetryAfterMs: number | undefined;
}

interface HookableHttpClient {
  send(...args: unknown[]): Promise<Response>;
}

/**
 * The SDK keeps response headers to itself when it throws an OciError, so `Retry-After` would be
 * lost. We wrap the client's HTTP layer (the SDK version is pinned exactly; a test pins this) to see
 * every attempt: it counts API calls per region and remembers `Retry-After` for the retry policy.
 */
function hookHttpLayer(client: object, calls: AsyncLocalStorage<CallState>, stats: ApiStats, fallbackRegion: string): void {
  const http = (client as { _httpClient?: HookableHttpClient })._httpClient;
  if (!http || typeof http.send !== 'function') {
    throw new Error('OCI SDK client without the expected _httpClient: the SDK version changed; re-check client-factory.ts');
  }
  const send = http.send.bind(http);
  http.send = async (...args: unknown[]) => {
    const state = calls.getStore();
    stats.add(state?.region ?? fallbackRegion, 'apiCalls');
    const response = await send(...args);
    if (state && (response.status === 429 || response.status === 503)) {
      state.lastRetryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
    }
    return response;
  };
}

/**
 * Paces every HTTP attempt of `client` through `limiter` (outside the counting hook, so a call waiting
 * for its slot is not yet counted) and tells the limiter how the endpoint answered.
 */
function paceHttpLayer(client: object, limiter: AdaptiveRateLimiter): void {
  const http = (client as { _httpClient: HookableHttpClient })._httpClient;
  const send = http.send.bind(http);
  http.send = async (...args: unknown[]) => {
    const sentAt = await limiter.acquire();
    const response = await send(...args);
    if (response.status === 429) limiter.onThrottle(sentAt);
    else limiter.onSuccess();
    return response;
  };
}

/**
 * One factory for every OCI client: one per (client class, region or endpoint), each with our
 * retry policy (SDK retries and circuit breaker off), counted, and pointed at the endpoint template
 * when one is set.
 */
export class OciClientFactory {
  readonly stats: ApiStats;
  readonly #auth: AuthenticationDetailsProvider;
  readonly #endpointTemplate: string | null;
  readonly #retryPolicy: RetryPolicy;
  readonly #clients = new Map<string, SdkClient>();
  readonly #calls = new AsyncLocalStorage<CallState>();
  readonly #classIds = new Map<object, number>();
  /**
   * One adaptive pace per rate-limited endpoint: a service in a region (clients of different classes that
   * share a host, like Compute and VirtualNetwork on iaas, share it) or an explicit endpoint.
   */
  readonly #limiters = new Map<string, AdaptiveRateLimiter>();

  constructor(options: {
    authProvider: AuthenticationDetailsProvider;
    endpointTemplate: string | null;
    retryPolicy?: RetryPolicy;
    stats?: ApiStats;
  }) {
    this.#auth = options.authProvider;
    this.#endpointTemplate = options.endpointTemplate;
    this.#retryPolicy = options.retryPolicy ?? DEFAULT_RETRY_POLICY;
    this.stats = options.stats ?? new ApiStats();
  }

  get authProvider(): AuthenticationDetailsProvider {
    return this.#auth;
  }

  #classId(ctor: object): number {
    const known = this.#classIds.get(ctor);
    if (known !== undefined) return known;
    const id = this.#classIds.size + 1;
    this.#classIds.set(ctor, id);
    return id;
  }

  #construct<C extends SdkClient>(ctor: SdkClientConstructor<C>, statsRegion: string): C {
    const client = new ctor(
      { authenticationDetailsProvider: this.#auth },
      {
        retryConfiguration: NoRetryConfigurationDetails,
        circuitBreaker: new CircuitBreaker({ disableClientCircuitBreaker: true }),
      },
    );
    installFastRequestSigner(client, this.#auth);
    hookHttpLayer(client, this.#calls, this.stats, statsRegion);
    return client;
  }

  #pace(client: SdkClient, endpointKey: string): void {
    let limiter = this.#limiters.get(endpointKey);
    if (!limiter) this.#limiters.set(endpointKey, (limiter = new AdaptiveRateLimiter()));
    paceHttpLayer(client, limiter);
  }

  /** The client of a service in a region; `hostPrefix` is the `{service}` of the endpoint template. */
  forRegion<C extends SdkClient>(ctor: SdkClientConstructor<C>, hostPrefix: string, region: string): C {
    const key = `${this.#classId(ctor)}|${region}`;
    const cached = this.#clients.get(key);
    if (cached) return cached as C;
    const client = this.#construct(ctor, region);
    this.#pace(client, `${hostPrefix}|${region}`);
    if (this.#endpointTemplate) {
      // Set after construction: setting the region later would overwrite the endpoint.
      client.endpoint = fillEndpointTemplate(this.#endpointTemplate, hostPrefix, region);
    } else if ('regionId' in client) {
      (client as RegionalSdkClient).regionId = region;
    } else {
      throw new Error(`${ctor.name} has no region: use forEndpoint with the endpoint it needs`);
    }
    this.#clients.set(key, client);
    return client;
  }

  /** A client bound to an explicit endpoint (a function's invoke endpoint, a vault's management endpoint). */
  forEndpoint<C extends SdkClient>(ctor: SdkClientConstructor<C>, endpoint: string, region: string): C {
    const key = `${this.#classId(ctor)}|@${endpoint}`;
    const cached = this.#clients.get(key);
    if (cached) return cached as C;
    const client = this.#construct(ctor, region);
    this.#pace(client, `@${endpoint}`);
    client.endpoint = endpoint;
    this.#clients.set(key, client);
    return client;
  }

  /**
   * Runs one logical OCI call under our retry policy, counting attempts, retries and throttles
   * against `region`. Only idempotent calls belong here (reads, conditional writes).
   */
  async call<T>(region: string, operation: () => Promise<T>, options: { policy?: RetryPolicy } = {}): Promise<T> {
    const state: CallState = { region, lastRetryAfterMs: undefined };
    try {
      return await this.#calls.run(state, () =>
        withRetry(
          () => {
            state.lastRetryAfterMs = undefined;
            return operation();
          },
          {
            policy: options.policy ?? this.#retryPolicy,
            lastRetryAfterMs: () => state.lastRetryAfterMs,
            observer: {
              onRetry: () => this.stats.add(region, 'retries'),
              onThrottle: () => this.stats.add(region, 'throttled'),
            },
          },
        ),
      );
    } catch (error) {
      this.stats.add(region, 'errors');
      throw error;
    }
  }
}
