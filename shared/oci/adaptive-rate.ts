/**
 * Paces the calls to one rate-limited endpoint (a service in a region) at a rate it learns from the
 * answers, since OCI does not publish its per-tenancy limits and they differ by service, region and
 * tenancy.
 *
 * - Calls are spaced 1/rate apart (no bursts), so the rate, not the number of callers, decides the load.
 * - Slow start: while nothing was throttled, the rate doubles every `doublingMs` (but only while the
 *   pacing is what holds callers back: an endpoint that is not busy enough never runs the rate up).
 * - A 429 marks a ceiling: the rate at which the endpoint actually answered over the last seconds. The
 *   rate drops to `decrease` x ceiling (one decrease per `holdMs`: the 429s of one overload episode
 *   arrive together), then climbs back to the ceiling within about a second and probes above it slowly,
 *   a little faster the longer nothing is throttled (the limit may have risen).
 *
 * The slow probing is what keeps throttled answers rare: each probe past the limit costs a few 429s,
 * and probes are seconds apart. The close approach to the ceiling keeps the endpoint busy.
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
const ACCEPTED_WINDOW_MS = 2_000;
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
const APPROACH_TARGET = 0.97;
/** The accepted rate measured at the first throttle includes the burst allowance: this much of it is kept. */
const FIRST_ESTIMATE_DISCOUNT = 0.8;

export class AdaptiveRateLimiter {
  readonly #options: Required<Omit<AdaptiveRateOptions, 'now' | 'sleep'>>;
  readonly #now: () => number;
  readonly #sleep: (ms: number) => Promise<unknown>;
  #rate: number;
  #nextSlotAt = 0;
  #slowStart = true;
  #ceiling = Number.POSITIVE_INFINITY;
  #lastAdjustAt: number;
  #lastDecreaseAt = Number.NEGATIVE_INFINITY;
  #lastPacedAt = Number.NEGATIVE_INFINITY;
  readonly #createdAt: number;
  #firstThrottleAt: number | null = null;
  /** Ring of success counts per SLOT_MS slot, with the slot number each count belongs to. */
  readonly #slotCounts = new Array<number>(ACCEPTED_WINDOW_MS / SLOT_MS).fill(0);
  readonly #slotIds = new Array<number>(ACCEPTED_WINDOW_MS / SLOT_MS).fill(-1);
  #throttles = 0;
  readonly #waiting: (() => void)[] = [];
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
    this.#createdAt = this.#now();
    this.#lastAdjustAt = this.#createdAt;
  }

  /** The current pace, calls per second. */
  get ratePerSecond(): number {
    return this.#rate;
  }

  /** Throttle episodes seen (each caused one decrease). */
  get decreases(): number {
    return this.#throttles;
  }

  /**
   * Waits for this call's slot. Waiting callers queue in order and one pump releases them at the current
   * spacing, so a change of rate applies to everyone already waiting (a throttle slows them at once; a
   * higher pace speeds them up). A pump woken late releases at most MAX_CATCH_UP_MS worth of slots at
   * once: timers are coarse at high rates, but a long stall must not turn into a burst.
   */
  acquire(): Promise<void> {
    const now = this.#now();
    if (this.#waiting.length === 0 && now >= this.#nextSlotAt) {
      this.#nextSlotAt = Math.max(this.#nextSlotAt, now - MAX_CATCH_UP_MS) + 1000 / this.#rate;
      return Promise.resolve();
    }
    this.#lastPacedAt = now;
    const slot = new Promise<void>((resolve) => this.#waiting.push(resolve));
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
        this.#waiting.shift()?.();
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
    if (this.#slowStart) {
      rate *= 2 ** ((seconds * 1000) / doublingMs);
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

  /** The endpoint answered 429. */
  onThrottle(): void {
    const now = this.#now();
    this.#lastAdjustAt = now;
    if (now - this.#lastDecreaseAt < this.#options.holdMs) return;
    this.#lastDecreaseAt = now;
    this.#throttles += 1;
    const firstThrottle = this.#firstThrottleAt === null;
    const accepted = this.#acceptedPerSecond(now);
    this.#firstThrottleAt ??= now;
    // What the endpoint let through lately is the best estimate of its limit. At the first throttle that
    // history still includes the endpoint's burst allowance (it overstates the limit): discount it. With
    // no usable history at all, half the current rate is the cautious guess.
    const estimate = accepted > 0 ? Math.min(accepted, this.#rate) * (firstThrottle ? FIRST_ESTIMATE_DISCOUNT : 1) : this.#rate / 2;
    this.#slowStart = false;
    this.#ceiling = Math.max(this.#options.minRatePerSecond, estimate);
    this.#rate = Math.max(this.#options.minRatePerSecond, this.#ceiling * this.#options.decrease);
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

  /**
   * Calls accepted per second lately. Once the endpoint has throttled, only what it accepted since then
   * counts: before that its burst allowance was still being spent, which overstates its sustained rate.
   */
  #acceptedPerSecond(now: number): number {
    const since = Math.max(now - ACCEPTED_WINDOW_MS, this.#firstThrottleAt ?? this.#createdAt);
    const windowMs = now - since;
    // Too short a history says little about a rate.
    if (windowMs < MIN_ACCEPTED_WINDOW_MS) return 0;
    const current = Math.floor(now / SLOT_MS);
    const oldest = Math.ceil(since / SLOT_MS);
    let count = 0;
    for (let index = 0; index < this.#slotCounts.length; index += 1) {
      const id = this.#slotIds[index] ?? -1;
      if (id >= oldest && id <= current) count += this.#slotCounts[index] ?? 0;
    }
    // From the first whole slot counted up to now.
    const countedMs = now - oldest * SLOT_MS;
    return countedMs <= 0 ? 0 : (count * 1000) / countedMs;
  }

}
