/**
 * What the emulator does to requests besides answering them: latency, throttling, errors,
 * dropped connections, whole regions down. Rules match on service, region and operation
 * (each optional; absent = any); every matching rule applies, in order.
 */
export interface RequestMatch {
  service?: string;
  region?: string;
  operation?: string;
}

export interface FaultRule {
  match?: RequestMatch;
  /** Fixed delay before answering, plus a uniformly random extra up to jitterMs. */
  latencyMs?: number;
  jitterMs?: number;
  /**
   * A token bucket per (rule, service, region): ratePerSecond tokens refill continuously up to
   * burst; a request without a token gets 429 TooManyRequests (with Retry-After when given).
   */
  rateLimit?: { ratePerSecond: number; burst?: number; retryAfterSeconds?: number };
  /** Probability (0..1) of answering with a server error instead of the real response. */
  errorRate?: number;
  errorStatus?: 500 | 502 | 503 | 504;
  /** Probability (0..1) of destroying the connection without an answer. */
  dropRate?: number;
  /** The region's endpoints refuse every matching request (connection dropped). */
  down?: boolean;
}

export interface FaultPlan {
  rules: FaultRule[];
  /** Seed of the random draws for error/drop probabilities and jitter, so failures are reproducible. */
  seed?: number;
}

const RULE_KEYS = new Set(['match', 'latencyMs', 'jitterMs', 'rateLimit', 'errorRate', 'errorStatus', 'dropRate', 'down']);
const MATCH_KEYS = new Set(['service', 'region', 'operation']);
const RATE_LIMIT_KEYS = new Set(['ratePerSecond', 'burst', 'retryAfterSeconds']);

/** Validate a fault plan given by a user (CLI JSON or code) with errors that name the offending key. */
export function validateFaultPlan(plan: FaultPlan): FaultPlan {
  if (!plan || !Array.isArray(plan.rules)) throw new TypeError('Fault plan: expected {rules: [...]}');
  plan.rules.forEach((rule, index) => {
    const where = `fault rule #${index}`;
    for (const key of Object.keys(rule)) {
      if (!RULE_KEYS.has(key)) throw new TypeError(`${where}: unknown key "${key}" (expected one of ${[...RULE_KEYS].join(', ')})`);
    }
    for (const key of Object.keys(rule.match ?? {})) {
      if (!MATCH_KEYS.has(key)) throw new TypeError(`${where}.match: unknown key "${key}" (expected service, region or operation)`);
    }
    for (const key of ['errorRate', 'dropRate'] as const) {
      const value = rule[key];
      if (value !== undefined && !(value >= 0 && value <= 1)) throw new TypeError(`${where}.${key}: expected a probability from 0 to 1, got ${value}`);
    }
    for (const key of ['latencyMs', 'jitterMs'] as const) {
      const value = rule[key];
      if (value !== undefined && !(Number.isFinite(value) && value >= 0)) throw new TypeError(`${where}.${key}: expected milliseconds >= 0, got ${value}`);
    }
    if (rule.errorStatus !== undefined && ![500, 502, 503, 504].includes(rule.errorStatus)) {
      throw new TypeError(`${where}.errorStatus: expected 500, 502, 503 or 504, got ${rule.errorStatus}`);
    }
    if (rule.down !== undefined && typeof rule.down !== 'boolean') throw new TypeError(`${where}.down: expected true or false, got ${String(rule.down)}`);
    if (rule.rateLimit !== undefined) {
      const { ratePerSecond, burst, retryAfterSeconds } = rule.rateLimit;
      for (const key of Object.keys(rule.rateLimit)) {
        if (!RATE_LIMIT_KEYS.has(key)) throw new TypeError(`${where}.rateLimit: unknown key "${key}" (expected ratePerSecond, burst or retryAfterSeconds)`);
      }
      if (!(ratePerSecond > 0)) throw new TypeError(`${where}.rateLimit.ratePerSecond: expected a number > 0, got ${ratePerSecond}`);
      if (burst !== undefined && !(Number.isFinite(burst) && burst >= 1)) throw new TypeError(`${where}.rateLimit.burst: expected a number >= 1, got ${burst}`);
      if (retryAfterSeconds !== undefined && !(Number.isFinite(retryAfterSeconds) && retryAfterSeconds >= 0)) {
        throw new TypeError(`${where}.rateLimit.retryAfterSeconds: expected seconds >= 0, got ${retryAfterSeconds}`);
      }
    }
  });
  return plan;
}

export function ruleMatches(rule: FaultRule, request: Required<RequestMatch>): boolean {
  const match = rule.match;
  if (!match) return true;
  return (
    (match.service === undefined || match.service === request.service) &&
    (match.region === undefined || match.region === request.region) &&
    (match.operation === undefined || match.operation === request.operation)
  );
}
