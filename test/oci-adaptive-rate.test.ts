/*
 * The adaptive pace against simulated endpoints, in virtual time: a token bucket the limiter is not told
 * about, a fixed latency, callers that retry a 429 after its Retry-After. What matters to users: a
 * throttled endpoint is kept busy near its limit, few calls are answered 429, and an endpoint that does
 * not throttle is not held back.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AdaptiveRateLimiter } from '../shared/oci/adaptive-rate.ts';

/** A virtual clock: `sleep` resolves when the simulation reaches its time. */
class VirtualTime {
  now = 0;
  #timers: { at: number; seq: number; resolve: () => void }[] = [];
  #seq = 0;

  sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      this.#timers.push({ at: this.now + Math.max(0, ms), seq: this.#seq++, resolve });
    });

  /** Runs timers in time order until `done()` or no timer is left. */
  async run(done: () => boolean): Promise<void> {
    while (!done() && this.#timers.length > 0) {
      this.#timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const timer = this.#timers.shift() as { at: number; resolve: () => void };
      this.now = timer.at;
      timer.resolve();
      // Let every continuation run up to its next sleep before time moves on.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}

interface Simulation {
  seconds: number;
  calls: number;
  throttled: number;
  lowerBoundSeconds: number;
}

async function simulate(options: { ratePerSecond: number; burst: number; latencyMs: number; callers: number; work: number }): Promise<Simulation> {
  const time = new VirtualTime();
  const limiter = new AdaptiveRateLimiter({ now: () => time.now, sleep: time.sleep });
  let tokens = options.burst;
  let refilledAt = 0;
  const takeToken = (): boolean => {
    tokens = Math.min(options.burst, tokens + ((time.now - refilledAt) / 1000) * options.ratePerSecond);
    refilledAt = time.now;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  };
  let next = 0;
  let finished = 0;
  let calls = 0;
  let throttled = 0;
  const caller = async () => {
    while (next < options.work) {
      next += 1;
      for (;;) {
        const sentAt = await limiter.acquire();
        calls += 1;
        const accepted = takeToken();
        await time.sleep(options.latencyMs);
        if (accepted) {
          limiter.onSuccess();
          break;
        }
        throttled += 1;
        limiter.onThrottle(sentAt);
        await time.sleep(1000); // Retry-After: 1
      }
      finished += 1;
    }
  };
  const callers = Array.from({ length: options.callers }, caller);
  await time.run(() => finished >= options.work);
  await Promise.race([Promise.all(callers), Promise.resolve()]);
  const lowerBoundSeconds = Number.isFinite(options.ratePerSecond)
    ? Math.max(0, options.work - options.burst) / options.ratePerSecond
    : (options.work / options.callers) * (options.latencyMs / 1000);
  return { seconds: time.now / 1000, calls, throttled, lowerBoundSeconds };
}

for (const ratePerSecond of [10, 60, 400]) {
  test(`a throttled endpoint (${ratePerSecond}/s, unknown to the tool) is kept near its limit with few 429s`, async () => {
    // Five minutes of work at the limit: learning the limit costs a few 429s at the start, amortised here.
    const work = Math.round(ratePerSecond * 300);
    const result = await simulate({ ratePerSecond, burst: ratePerSecond, latencyMs: 20, callers: 16, work });
    const ratio = result.seconds / result.lowerBoundSeconds;
    assert.ok(ratio <= 1.12, `took ${result.seconds.toFixed(1)} s for a lower bound of ${result.lowerBoundSeconds.toFixed(1)} s (x${ratio.toFixed(3)})`);
    const throttledShare = result.throttled / result.calls;
    assert.ok(throttledShare < 0.01, `${result.throttled} of ${result.calls} calls answered 429 (${(throttledShare * 100).toFixed(2)}%)`);
  });
}

test('an endpoint that never throttles is not held back: the pace outgrows what the callers can use', async () => {
  // 16 callers, 20 ms each: at most 800 calls/s whatever the pace.
  const result = await simulate({ ratePerSecond: Number.POSITIVE_INFINITY, burst: Number.POSITIVE_INFINITY, latencyMs: 20, callers: 16, work: 24_000 });
  assert.is(result.throttled, 0);
  const ratio = result.seconds / result.lowerBoundSeconds;
  assert.ok(ratio <= 1.1, `took ${result.seconds.toFixed(1)} s where the callers alone need ${result.lowerBoundSeconds.toFixed(1)} s`);
});

test('an idle endpoint does not run its pace up (no burst when work arrives)', async () => {
  const time = new VirtualTime();
  const limiter = new AdaptiveRateLimiter({ now: () => time.now, sleep: time.sleep, initialRatePerSecond: 20 });
  // One caller at a time with long gaps: the pace never held anyone back, so it must not grow.
  for (let call = 0; call < 50; call += 1) {
    await limiter.acquire();
    time.now += 200;
    limiter.onSuccess();
  }
  assert.is(limiter.ratePerSecond, 20);
});

test('a throttle re-spaces callers already waiting for a slot at the old rate', async () => {
  const time = new VirtualTime();
  const limiter = new AdaptiveRateLimiter({ now: () => time.now, sleep: time.sleep, initialRatePerSecond: 100 });
  const sentAt: number[] = [];
  const waiting = Array.from({ length: 10 }, async () => {
    await limiter.acquire();
    sentAt.push(time.now);
  });
  await time.run(() => sentAt.length >= 1);
  limiter.onThrottle(); // a throttle in slow start halves the pace: 50/s
  assert.is(limiter.ratePerSecond, 50);
  await time.run(() => sentAt.length >= 10);
  await Promise.all(waiting);
  const gaps = sentAt.slice(2).map((at, index) => at - (sentAt[index + 1] as number));
  for (const gap of gaps) assert.ok(gap >= 1000 / 50 - 1e-6, `slots ${gap} ms apart after the throttle`);
});

test.run();
