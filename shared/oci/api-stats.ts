/** Counts of what the run asked of OCI, per region, for run_summary.json. */
export interface ApiCounters {
  apiCalls: number;
  retries: number;
  throttled: number;
  errors: number;
}

export class ApiStats {
  readonly #byRegion = new Map<string, ApiCounters>();

  #counters(region: string): ApiCounters {
    let counters = this.#byRegion.get(region);
    if (!counters) {
      counters = { apiCalls: 0, retries: 0, throttled: 0, errors: 0 };
      this.#byRegion.set(region, counters);
    }
    return counters;
  }

  add(region: string, kind: keyof ApiCounters, amount = 1): void {
    this.#counters(region)[kind] += amount;
  }

  region(region: string): ApiCounters {
    return { ...this.#counters(region) };
  }

  total(): ApiCounters {
    const total: ApiCounters = { apiCalls: 0, retries: 0, throttled: 0, errors: 0 };
    for (const counters of this.#byRegion.values()) {
      for (const key of Object.keys(total) as (keyof ApiCounters)[]) total[key] += counters[key];
    }
    return total;
  }
}
