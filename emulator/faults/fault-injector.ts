import { setTimeout as sleep } from 'node:timers/promises';
import { ruleMatches, validateFaultPlan, type FaultPlan, type RequestMatch } from './fault-plan.ts';
import { TokenBucket } from './token-bucket.ts';

/** What to do with a request after the faults had their say. */
export type FaultVerdict =
  | { kind: 'proceed' }
  | { kind: 'throttle'; retryAfterSeconds?: number }
  | { kind: 'error'; status: number }
  | { kind: 'drop' };

/** A small seeded PRNG (mulberry32) so injected failures are reproducible run to run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultInjector {
  #plan: FaultPlan = { rules: [] };
  #random: () => number = seededRandom(1);
  #buckets = new Map<string, TokenBucket>();
  /** Aborts injected latency still being waited out when the plan changes or the emulator closes. */
  #latency = new AbortController();

  constructor(plan?: FaultPlan) {
    if (plan) this.setPlan(plan);
  }

  /** Replaces the plan (validated); token buckets start full again. */
  setPlan(plan: FaultPlan): void {
    this.#plan = validateFaultPlan(plan);
    this.#random = seededRandom(plan.seed ?? 1);
    this.#buckets.clear();
    this.cancelLatency();
  }

  /** Ends every injected delay now: those requests are judged by the plan in force. */
  cancelLatency(): void {
    this.#latency.abort();
    this.#latency = new AbortController();
  }

  get plan(): FaultPlan {
    return this.#plan;
  }

  /** Applies latency (awaited) and decides whether the request proceeds, is throttled, fails or is dropped. */
  async judge(request: Required<RequestMatch>, now: () => number = Date.now): Promise<FaultVerdict> {
    const rules = this.#plan.rules.map((rule, index) => ({ rule, index })).filter(({ rule }) => ruleMatches(rule, request));
    if (rules.length === 0) return { kind: 'proceed' };

    let delayMs = 0;
    for (const { rule } of rules) delayMs += (rule.latencyMs ?? 0) + (rule.jitterMs ? this.#random() * rule.jitterMs : 0);
    if (delayMs > 0) {
      const planBefore = this.#plan;
      await sleep(delayMs, undefined, { signal: this.#latency.signal }).catch(() => {});
      // The plan changed while this request waited (which ends the wait): judge it by the plan in force now.
      if (this.#plan !== planBefore) return this.judge(request, now);
    }

    // A region that is down answers nothing, whatever other rules say about throttling or errors.
    if (rules.some(({ rule }) => rule.down)) return { kind: 'drop' };
    for (const { rule, index } of rules) {
      if (rule.rateLimit) {
        // One bucket per rule, service and region: OCI limits are per service endpoint per tenancy.
        const key = `${index}|${request.service}|${request.region}`;
        let bucket = this.#buckets.get(key);
        if (!bucket) {
          const { ratePerSecond, burst } = rule.rateLimit;
          bucket = new TokenBucket(ratePerSecond, burst ?? Math.max(1, Math.ceil(ratePerSecond)), now());
          this.#buckets.set(key, bucket);
        }
        if (!bucket.tryTake(now())) {
          const retryAfterSeconds = rule.rateLimit.retryAfterSeconds;
          return retryAfterSeconds === undefined ? { kind: 'throttle' } : { kind: 'throttle', retryAfterSeconds };
        }
      }
      if (rule.errorRate && this.#random() < rule.errorRate) return { kind: 'error', status: rule.errorStatus ?? 500 };
      if (rule.dropRate && this.#random() < rule.dropRate) return { kind: 'drop' };
    }
    return { kind: 'proceed' };
  }
}
