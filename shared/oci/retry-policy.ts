import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Our retry policy for every OCI call (the SDK's own retries and circuit breaker are switched off,
 * so attempts, backoff and throttling are bounded, visible and counted here).
 */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** First backoff; doubles each retry ("full jitter": a random delay up to the doubled value). */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A `Retry-After` longer than this fails the call instead of stalling the run. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 8,
  baseDelayMs: 200,
  maxDelayMs: 20_000,
  maxRetryAfterMs: 60_000,
};

/** What an attempt's failure looked like, as far as retrying is concerned. */
export interface FailureInfo {
  statusCode: number;
  serviceCode: string;
}

/** Throttling: back off and count it apart from errors. */
export function isThrottle(failure: FailureInfo): boolean {
  return failure.statusCode === 429;
}

/**
 * Retry throttling, server errors, network failures (statusCode -1) and 409 IncorrectState, as OCI
 * documents; never 4xx client errors (bad request, auth, not found), which would fail again.
 */
export function isRetryable(failure: FailureInfo): boolean {
  const { statusCode, serviceCode } = failure;
  return statusCode === 429 || statusCode === -1 || statusCode >= 500 || (statusCode === 409 && serviceCode === 'IncorrectState');
}

export function failureInfoOf(error: unknown): FailureInfo | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const candidate = error as { statusCode?: unknown; serviceCode?: unknown; name?: unknown; message?: unknown };
  if (typeof candidate.statusCode === 'number') {
    return { statusCode: candidate.statusCode, serviceCode: typeof candidate.serviceCode === 'string' ? candidate.serviceCode : 'None' };
  }
  // Node's fetch rejects with TypeError('fetch failed') when a connection is refused or dropped. The OCI SDK
  // rethrows that as a plain object {code, message: 'fetch failed', requestEndpoint, troubleshootingPage}
  // (oci-common retrier.js), without the name: match on the message alone.
  if (typeof candidate.message === 'string' && candidate.message.includes('fetch failed')) {
    return { statusCode: -1, serviceCode: 'NetworkError' };
  }
  return undefined;
}

/** Backoff before retry number `retry` (1-based): full jitter, at least what `Retry-After` asked. */
export function backoffMs(policy: RetryPolicy, retry: number, retryAfterMs: number | undefined, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  const jittered = Math.round(random() * ceiling);
  return Math.max(jittered, retryAfterMs ?? 0);
}

export interface RetryObserver {
  onRetry?(failure: FailureInfo, delayMs: number): void;
  onThrottle?(failure: FailureInfo): void;
}

/**
 * Runs `attempt` until it succeeds, fails with a non-retryable error, or runs out of attempts.
 * `lastRetryAfterMs` reports the `Retry-After` of the latest failed attempt (seen by the HTTP hook).
 */
export async function withRetry<T>(
  attempt: () => Promise<T>,
  options: {
    policy?: RetryPolicy;
    observer?: RetryObserver;
    lastRetryAfterMs?: () => number | undefined;
    random?: () => number;
    wait?: (ms: number) => Promise<unknown>;
  } = {},
): Promise<T> {
  const policy = options.policy ?? DEFAULT_RETRY_POLICY;
  const random = options.random ?? Math.random;
  const wait = options.wait ?? sleep;
  for (let attemptNumber = 1; ; attemptNumber += 1) {
    try {
      return await attempt();
    } catch (error) {
      const failure = failureInfoOf(error);
      if (!failure || !isRetryable(failure)) throw error;
      if (isThrottle(failure)) options.observer?.onThrottle?.(failure);
      if (attemptNumber >= policy.maxAttempts) throw error;
      const retryAfterMs = options.lastRetryAfterMs?.();
      if (retryAfterMs !== undefined && retryAfterMs > policy.maxRetryAfterMs) throw error;
      const delayMs = backoffMs(policy, attemptNumber, retryAfterMs, random);
      options.observer?.onRetry?.(failure, delayMs);
      await wait(delayMs);
    }
  }
}

/** Parses a `Retry-After` header (seconds or an HTTP date) into milliseconds from now. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
