/** Per-operation request counters that tests and benchmarks read to see what the emulator served. */
export interface OperationCounters {
  requests: number;
  throttled: number;
  errors: number;
  dropped: number;
  authFailures: number;
}

export type CounterKind = keyof OperationCounters;

function emptyCounters(): OperationCounters {
  return { requests: 0, throttled: 0, errors: 0, dropped: 0, authFailures: 0 };
}

export class RequestCounters {
  readonly #byKey = new Map<string, OperationCounters>();

  count(service: string, region: string, operation: string, kind: CounterKind): void {
    const key = `${service}|${region}|${operation}`;
    let counters = this.#byKey.get(key);
    if (!counters) {
      counters = emptyCounters();
      this.#byKey.set(key, counters);
    }
    counters[kind] += 1;
  }

  /** Sums over every counter whose service, region and operation match the filter (absent = any). */
  get(filter: { service?: string; region?: string; operation?: string } = {}): OperationCounters {
    const total = emptyCounters();
    for (const [key, counters] of this.#byKey) {
      const [service, region, operation] = key.split('|');
      if (filter.service !== undefined && filter.service !== service) continue;
      if (filter.region !== undefined && filter.region !== region) continue;
      if (filter.operation !== undefined && filter.operation !== operation) continue;
      for (const kind of Object.keys(total) as CounterKind[]) total[kind] += counters[kind];
    }
    return total;
  }

  /** Every counter, keyed `service|region|operation`, sorted for stable output. */
  snapshot(): Record<string, OperationCounters> {
    return Object.fromEntries([...this.#byKey].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => [k, { ...v }]));
  }

  reset(): void {
    this.#byKey.clear();
  }
}
