import type { ContainerInfo, FnContainer, StartOutcome } from './container.ts';

export type Lease =
  | { ok: true; container: FnContainer }
  | { ok: false; kind: Exclude<StartOutcome, { ok: true }>['kind'] | 'agentClosed'; detail?: string };

/**
 * The hot containers of one function. A call gets an idle container (reuse), else a new one while the
 * function has fewer than `maxContainers`, else waits for one of the two. A busy container is never shared.
 * An idle container is stopped after `idleTimeoutMs`.
 */
export class FunctionPool {
  readonly #launch: () => FnContainer;
  readonly #maxContainers: number;
  readonly #idleTimeoutMs: number;
  /** Starting, idle and busy: what counts against `maxContainers`. */
  readonly #containers = new Set<FnContainer>();
  /** Most recently released last. */
  readonly #idle: FnContainer[] = [];
  readonly #idleTimers = new Map<FnContainer, NodeJS.Timeout>();
  readonly #waiters: Array<() => void> = [];
  #closed = false;

  constructor(options: { launch: () => FnContainer; maxContainers: number; idleTimeoutMs: number }) {
    this.#launch = options.launch;
    this.#maxContainers = options.maxContainers;
    this.#idleTimeoutMs = options.idleTimeoutMs;
  }

  /** A container for one call, marked busy; give it back with `release` or `discard`. */
  async acquire(): Promise<Lease> {
    let waited = false;
    for (;;) {
      if (this.#closed) return { ok: false, kind: 'agentClosed' };
      const idle = this.#takeIdle();
      if (idle) return { ok: true, container: idle };
      if (this.#containers.size < this.#maxContainers) return this.#startNew();
      // A woken waiter that lost the race goes back to the front of the queue.
      await new Promise<void>((resolve) => (waited ? this.#waiters.unshift(resolve) : this.#waiters.push(resolve)));
      waited = true;
    }
  }

  /** The call is over and the container is healthy: it becomes idle (hot) or serves a waiting call. */
  release(container: FnContainer): void {
    if (this.#closed || container.exited || !this.#containers.has(container)) {
      void this.discard(container);
      return;
    }
    container.state = 'idle';
    this.#idle.push(container);
    const timer = setTimeout(() => {
      if (this.#idle.includes(container)) void this.discard(container);
    }, this.#idleTimeoutMs);
    timer.unref();
    this.#idleTimers.set(container, timer);
    this.#wakeOne();
  }

  /** Kills the container (waiting until it is gone), then frees its place. */
  async discard(container: FnContainer): Promise<void> {
    this.#unidle(container);
    await container.kill();
    if (this.#containers.delete(container)) this.#wakeOne();
  }

  containers(): ContainerInfo[] {
    return [...this.#containers].map((container) => container.info());
  }

  /** Kills every container; waiting and later calls get 'agentClosed'. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const wake of this.#waiters.splice(0)) wake();
    await Promise.all([...this.#containers].map((container) => this.discard(container)));
  }

  async #startNew(): Promise<Lease> {
    const container = this.#launch();
    this.#containers.add(container);
    // A container that dies on its own while idle leaves the pool (busy ones are handled by their call).
    container.onExit(() => {
      if (this.#idle.includes(container)) void this.discard(container);
    });
    const started = await container.start();
    if (this.#closed) {
      await this.discard(container);
      return { ok: false, kind: 'agentClosed' };
    }
    if (!started.ok) {
      await this.discard(container);
      return started;
    }
    container.state = 'busy';
    return { ok: true, container };
  }

  #takeIdle(): FnContainer | undefined {
    for (;;) {
      const container = this.#idle.pop();
      if (!container) return undefined;
      this.#unidle(container);
      if (container.exited) {
        void this.discard(container);
        continue;
      }
      container.state = 'busy';
      return container;
    }
  }

  #unidle(container: FnContainer): void {
    const index = this.#idle.indexOf(container);
    if (index !== -1) this.#idle.splice(index, 1);
    clearTimeout(this.#idleTimers.get(container));
    this.#idleTimers.delete(container);
  }

  #wakeOne(): void {
    this.#waiters.shift()?.();
  }
}
