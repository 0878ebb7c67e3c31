/**
 * Paces the calls to one rate-limited endpoint (a service in a region) at a rate it learns from the
 * answers, since OCI does not publish its per-tenancy limits and they differ by service, region and
 * tenancy.
 *
 * - Calls are spaced 1/rate apart (no bursts), so the rate, not the number of callers, decides the load.
 * - Slow start: while nothing was throttled, the rate doubles every `doublingMs` (but only while the
 *   pacing is what holds callers back: an endpoint that is not busy enough never runs the rate up).
 *   The first 429 halves it, and it ramps up again four times more gently.
 * - Each later 429 sets a ceiling (see onThrottle): the rate drops to `decrease` x ceiling, climbs back to
 *   just under it within about a second, then probes above it slowly, a little faster the longer
 *   nothing is throttled (the limit may have risen).
 *
 * The slow probing is what keeps throttled answers rare: each probe past the limit costs a 429 or two,
 * so probes are hundreds of calls apart. The close approach to the ceiling keeps the endpoint busy.
 */
export interface AdaptiveRateOptions {
  initialRatePerSecond?: number;
  minRatePerSecond?: number;
  maxRatePerSecond?: number;
  /** Slow start: time for the rate to double. */
  doublingMs?: number;
  /** The rate after a throttle, as a fraction of the measured ceiling. */
  decrease?: number;
  /** 429s within this long of a decrease belong to the same overload episode. */
  holdMs?: number;
  /** Probing above the ceiling: growth per probe (PROBE_CALLS calls or PROBE_SECONDS, the longer) as a fraction of the ceiling. */
  probeStep?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<unknown>;
}

const DEFAULTS = {
  initialRatePerSecond: 10,
  minRatePerSecond: 0.5,
  maxRatePerSecond: 5_000,
  doublingMs: 500,
  decrease: 0.9,
  holdMs: 400,
  probeStep: 0.05,
} as const;

/** Successes are counted in slots of this length over the last ACCEPTED_WINDOW_MS. */
const SLOT_MS = 100;
const ACCEPTED_WINDOW_MS = 5_000;
const MIN_ACCEPTED_WINDOW_MS = 300;
/** The rate grows only if a caller had to wait for its slot this recently. */
const PACED_RECENTLY_MS = 100;
/** A probe spans at least this many calls and this many seconds. */
const PROBE_CALLS = 400;
const PROBE_SECONDS = 10;
/** A pump woken late releases at most this much time's worth of slots at once. */
const MAX_CATCH_UP_MS = 200;
/** Time constant of the climb back to the ceiling after a decrease, and how close it comes. */
const APPROACH_MS = 400;
const APPROACH_TARGET = 0.95;
/** After slow start's first throttle, the rate doubles this many times more slowly until the next. */
const RAMP_UP_SLOWER = 4;
/** Throttled again within MIN_ACCEPTED_WINDOW_MS of a decrease (a call sent after it): cut this hard. */
const REPEAT_CUT = 0.7;

export class AdaptiveRateLimiter {
  readonly #options: Required<Omit<AdaptiveRateOptions, 'now' | 'sleep'>>;
  readonly #now: () => number;
  readonly #sleep: (ms: number) => Promise<unknown>;
  #rate: number;
  #nextSlotAt = 0;
  #phase: 'slow-start' | 'ramp-up' | 'steady' = 'slow-start';
  #ceiling = Number.POSITIVE_INFINITY;
  #lastAdjustAt: number;
  #lastDecreaseAt = Number.NEGATIVE_INFINITY;
  #lastPacedAt = Number.NEGATIVE_INFINITY;
  /** Ring of success counts per SLOT_MS slot, with the slot number each count belongs to. */
  readonly #slotCounts = new Array<number>(ACCEPTED_WINDOW_MS / SLOT_MS).fill(0);
  readonly #slotIds = new Array<number>(ACCEPTED_WINDOW_MS / SLOT_MS).fill(-1);
  readonly #waiting: ((sentAt: number) => void)[] = [];
  #pumping = false;

  constructor(options: AdaptiveRateOptions = {}) {
    this.#options = {
      initialRatePerSecond: options.initialRatePerSecond ?? DEFAULTS.initialRatePerSecond,
      minRatePerSecond: options.minRatePerSecond ?? DEFAULTS.minRatePerSecond,
      maxRatePerSecond: options.maxRatePerSecond ?? DEFAULTS.maxRatePerSecond,
      doublingMs: options.doublingMs ?? DEFAULTS.doublingMs,
      decrease: options.decrease ?? DEFAULTS.decrease,
      holdMs: options.holdMs ?? DEFAULTS.holdMs,
      probeStep: options.probeStep ?? DEFAULTS.probeStep,
    };
    this.#now = options.now ?? (() => performance.now());
    this.#sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.#rate = this.#options.initialRatePerSecond;
    this.#lastAdjustAt = this.#now();
  }

  /** The current pace, calls per second. */
  get ratePerSecond(): number {
    return this.#rate;
  }

  /**
   * Waits for this call's slot; resolves with the time it was granted (pass it to onThrottle). Waiting callers queue in order and one pump releases them at the current
   * spacing, so a change of rate applies to everyone already waiting (a throttle slows them at once; a
   * higher pace speeds them up). A pump woken late releases at most MAX_CATCH_UP_MS worth of slots at
   * once: timers are coarse at high rates, but a long stall must not turn into a burst.
   */
  acquire(): Promise<number> {
    const now = this.#now();
    if (this.#waiting.length === 0 && now >= this.#nextSlotAt) {
      this.#nextSlotAt = Math.max(this.#nextSlotAt, now - MAX_CATCH_UP_MS) + 1000 / this.#rate;
      return Promise.resolve(now);
    }
    this.#lastPacedAt = now;
    const slot = new Promise<number>((resolve) => this.#waiting.push(resolve));
    if (!this.#pumping) void this.#pump();
    return slot;
  }

  async #pump(): Promise<void> {
    this.#pumping = true;
    try {
      while (this.#waiting.length > 0) {
        const now = this.#now();
        if (now < this.#nextSlotAt) {
          await this.#sleep(this.#nextSlotAt - now);
          continue;
        }
        this.#lastPacedAt = now;
        this.#nextSlotAt = Math.max(this.#nextSlotAt, now - MAX_CATCH_UP_MS) + 1000 / this.#rate;
        this.#waiting.shift()?.(now);
      }
    } finally {
      this.#pumping = false;
    }
  }

  /** The endpoint answered (anything but a throttle). */
  onSuccess(): void {
    const now = this.#now();
    this.#countSuccess(now);
    const seconds = Math.max(0, now - this.#lastAdjustAt) / 1000;
    this.#lastAdjustAt = now;
    if (now - this.#lastPacedAt > PACED_RECENTLY_MS) return;
    const { doublingMs, probeStep, maxRatePerSecond } = this.#options;
    let rate = this.#rate;
    if (this.#phase === 'slow-start') {
      rate *= 2 ** ((seconds * 1000) / doublingMs);
    } else if (this.#phase === 'ramp-up') {
      rate *= 2 ** ((seconds * 1000) / (doublingMs * RAMP_UP_SLOWER));
    } else if (rate < this.#ceiling * APPROACH_TARGET) {
      // Back quickly to just under the ceiling (the ceiling itself is a measurement, and sitting on
      // the limit spends the endpoint's burst allowance and ends in 429s).
      const target = this.#ceiling * APPROACH_TARGET;
      rate += (target - rate) * (1 - Math.exp((-seconds * 1000) / APPROACH_MS));
      // The approach is asymptotic: close enough counts as reached, and probing takes over.
      if (target - rate < target * 0.005) rate = target;
    } else {
      // Probe per call, not per second: each probe past the limit costs a few 429s, so probes must be
      // many calls apart (PROBE_CALLS at least) to keep 429s rare at low rates too. Quiet time speeds it.
      const quietSeconds = (now - this.#lastDecreaseAt) / 1000;
      const callsPerProbe = Math.max(PROBE_CALLS, this.#ceiling * PROBE_SECONDS);
      rate += (this.#ceiling * probeStep * (1 + quietSeconds / 20)) / callsPerProbe;
    }
    this.#rate = Math.min(maxRatePerSecond, rate);
  }

  /**
   * The endpoint answered 429. How far to slow down depends on what the 429 tells:
   * - in slow start, only that the rate overshot by up to the doubling and the endpoint's burst
   *   allowance: halve and ramp up again, gently;
   * - a throttle within ACCEPTED_WINDOW_MS of the previous decrease means the endpoint's allowance has
   *   been empty since, so what it accepted meanwhile IS its rate limit: a precise ceiling;
   * - otherwise (a slow probe or ramp crossed the limit) the limit is about the current rate.
   * A 429 for a call sent before the latest decrease says nothing new (that episode was answered), so
   * it changes nothing; nor, when the send time is not given, does one within holdMs of the decrease.
   */
  onThrottle(sentAt?: number): void {
    const now = this.#now();
    this.#lastAdjustAt = now;
    if (sentAt === undefined ? now - this.#lastDecreaseAt < this.#options.holdMs : sentAt < this.#lastDecreaseAt) return;
    const previousDecreaseAt = this.#lastDecreaseAt;
    this.#lastDecreaseAt = now;
    const { minRatePerSecond, decrease } = this.#options;
    const sinceDecrease = now - previousDecreaseAt;
    if (this.#phase === 'slow-start' || sinceDecrease < MIN_ACCEPTED_WINDOW_MS) {
      // Overshot by an unknown amount (slow start), or throttled again right after slowing down (still
      // well over the limit, too soon to measure it): cut hard and find the limit again from below.
      const cut = this.#phase === 'slow-start' ? 0.5 : REPEAT_CUT;
      this.#phase = 'ramp-up';
      this.#rate = Math.max(minRatePerSecond, this.#rate * cut);
    } else {
      const accepted = sinceDecrease <= ACCEPTED_WINDOW_MS ? this.#acceptedPerSecond(now, previousDecreaseAt) : 0;
      this.#ceiling = Math.max(minRatePerSecond, accepted > 0 ? Math.min(accepted, this.#rate) : this.#rate);
      this.#phase = 'steady';
      this.#rate = Math.max(minRatePerSecond, this.#ceiling * decrease);
    }
    // The endpoint just said no: the next slot is a full (new) spacing away, whatever was due.
    this.#nextSlotAt = now + 1000 / this.#rate;
  }

  #countSuccess(now: number): void {
    const slot = Math.floor(now / SLOT_MS);
    const index = slot % this.#slotCounts.length;
    if (this.#slotIds[index] !== slot) {
      this.#slotIds[index] = slot;
      this.#slotCounts[index] = 0;
    }
    this.#slotCounts[index] = (this.#slotCounts[index] ?? 0) + 1;
  }

  /** Calls accepted per second from `since` to now (0 when that is too short to say). */
  #acceptedPerSecond(now: number, since: number): number {
    const current = Math.floor(now / SLOT_MS);
    const oldest = Math.ceil(since / SLOT_MS);
    // From the first whole slot counted up to now.
    const countedMs = now - oldest * SLOT_MS;
    if (countedMs < MIN_ACCEPTED_WINDOW_MS) return 0;
    let count = 0;
    for (let index = 0; index < this.#slotCounts.length; index += 1) {
      const id = this.#slotIds[index] ?? -1;
      if (id >= oldest && id <= current) count += this.#slotCounts[index] ?? 0;
    }
    return (count * 1000) / countedMs;
  }


}
