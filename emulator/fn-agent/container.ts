import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { dispatchCall, type DispatchOutcome } from './dispatch.ts';
import { LineSplitter } from './line-splitter.ts';
import { waitForListener } from './listener-ready.ts';
import { trackProcess } from './live-processes.ts';
import { readPeakRss } from './peak-rss.ts';
import type { FnFunctionSpec, LogSink } from './options.ts';

export type ContainerState = 'starting' | 'idle' | 'busy' | 'dead';

export interface ContainerInfo {
  functionId: string;
  pid: number | undefined;
  state: ContainerState;
  /** The container's private directory (holds lsnr.sock); removed when the container is. */
  dir: string;
  /** Cold start: milliseconds from spawning the process until its FDK accepted a connection (null until then). */
  startMs: number | null;
  /**
   * Peak resident set size of the container's process so far (Linux VmHWM), read now while it runs, else the
   * last reading (after each call and just before a kill); null where /proc is not available.
   */
  peakRssBytes: number | null;
}

export interface ContainerSpec {
  fn: FnFunctionSpec;
  bundlePath: string;
  /** Builds the container's env for its private listener (`unix:<dir>/lsnr.sock`). */
  env: (listener: string) => Record<string, string>;
  nodeArgs: readonly string[];
  logSink: LogSink;
  startTimeoutMs: number;
}

export type StartOutcome = { ok: true } | { ok: false; kind: 'containerInitFail' | 'containerInitTimeout'; detail: string };

interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
  error?: Error;
}

/** Longest unix socket path (Linux: 108 bytes with the terminating NUL; macOS: 104). */
const MAX_SOCKET_PATH = 103;
/** After the process exits mid-call, how long the socket may take to report it before the call is abandoned. */
const EXIT_GRACE_MS = 1000;
/** How long a SIGKILLed process may take to be reaped. */
const KILL_WAIT_MS = 5000;

/**
 * One hot container: a `node <bundle>` process whose FDK listens on a unix socket in a private, fresh
 * temporary directory (the FDK exits if a stale `lsnr.sock(.tmp)` exists), serving one call at a time.
 */
export class FnContainer {
  readonly fn: FnFunctionSpec;
  readonly dir: string;
  readonly socketPath: string;
  state: ContainerState = 'starting';
  readonly #spec: ContainerSpec;
  readonly #child: ChildProcess | undefined;
  readonly #exit: Promise<ExitInfo>;
  #exitInfo: ExitInfo | undefined;
  readonly #stderr: LineSplitter | undefined;
  #killing: Promise<void> | undefined;
  readonly #spawnError: string | undefined;
  /** Resolves when the process's stdout and stderr are closed (after exit: its output is all read). */
  readonly #outputClosed: Promise<void>;
  #spawnedAt = 0;
  #startMs: number | null = null;
  #peakRssBytes: number | null = null;

  constructor(spec: ContainerSpec) {
    this.fn = spec.fn;
    this.#spec = spec;
    this.dir = mkdtempSync(join(tmpdir(), 'fn-'));
    this.socketPath = join(this.dir, 'lsnr.sock');
    let resolveExit!: (info: ExitInfo) => void;
    this.#exit = new Promise<ExitInfo>((resolve) => {
      resolveExit = (info) => {
        if (this.#exitInfo) return;
        this.#exitInfo = info;
        this.state = 'dead';
        resolve(info);
      };
    });

    let resolveOutputClosed!: () => void;
    this.#outputClosed = new Promise<void>((resolve) => (resolveOutputClosed = resolve));

    if (Buffer.byteLength(`${this.socketPath}.tmp`) > MAX_SOCKET_PATH) {
      resolveOutputClosed();
      this.#spawnError = `the socket path ${this.socketPath}.tmp is longer than ${MAX_SOCKET_PATH} bytes; set TMPDIR to a shorter directory`;
      resolveExit({ code: null, signal: null });
      return;
    }
    this.#spawnedAt = performance.now();
    const child = spawn(process.execPath, [...spec.nodeArgs, spec.bundlePath], {
      cwd: dirname(spec.bundlePath),
      env: spec.env(`unix:${this.socketPath}`),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#child = child;
    trackProcess(child);
    child.once('exit', (code, signal) => resolveExit({ code, signal }));
    child.once('error', (error) => {
      resolveExit({ code: null, signal: null, error });
      resolveOutputClosed();
    });
    child.once('close', () => resolveOutputClosed());
    const name = spec.fn.name;
    if (child.stdout) new LineSplitter(child.stdout, (line) => spec.logSink(name, line, 'stdout'));
    if (child.stderr) this.#stderr = new LineSplitter(child.stderr, (line) => spec.logSink(name, line, 'stderr'));
  }

  get pid(): number | undefined {
    return this.#child?.pid;
  }

  get exited(): boolean {
    return this.#exitInfo !== undefined;
  }

  info(): ContainerInfo {
    return { functionId: this.fn.id, pid: this.pid, state: this.state, dir: this.dir, startMs: this.#startMs, peakRssBytes: this.#samplePeakRss() };
  }

  /** Calls `listener` once when the process ends, however it ends. */
  onExit(listener: () => void): void {
    void this.#exit.then(listener);
  }

  /** Waits until the FDK accepts connections; on failure the container is dead or must be killed. */
  async start(): Promise<StartOutcome> {
    if (this.#spawnError) return { ok: false, kind: 'containerInitFail', detail: this.#spawnError };
    const wait = await waitForListener(this.socketPath, { timeoutMs: this.#spec.startTimeoutMs, hasExited: () => this.exited });
    if (wait.ready) {
      this.#startMs = Math.round(performance.now() - this.#spawnedAt);
      return { ok: true };
    }
    if (wait.reason === 'timeout') return { ok: false, kind: 'containerInitTimeout', detail: `function ${this.fn.name}: ${wait.detail}` };
    if (wait.reason === 'exited') {
      // Let the pipes drain so that the tail holds the last words of the process.
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([this.#outputClosed, new Promise((resolve) => (timer = setTimeout(resolve, EXIT_GRACE_MS)))]);
      clearTimeout(timer);
      return {
        ok: false,
        kind: 'containerInitFail',
        detail: `function ${this.fn.name}: the process ${this.#describeExit()} before listening${this.#stderrTail()}`,
      };
    }
    return { ok: false, kind: 'containerInitFail', detail: `function ${this.fn.name}: ${wait.detail}` };
  }

  /** One call: `POST /call` with these headers and body. Never rejects. */
  async call(request: { headers: Record<string, string>; body: Buffer; timeoutMs: number; maxBodyBytes: number }): Promise<DispatchOutcome> {
    this.state = 'busy';
    const { outcome, abort } = dispatchCall({ socketPath: this.socketPath, ...request });
    let grace: NodeJS.Timeout | undefined;
    let finished = false;
    void this.#exit.then(() => {
      if (finished) return;
      grace = setTimeout(() => abort(new Error(`the container ${this.#describeExit()} during the call`)), EXIT_GRACE_MS);
    });
    try {
      return await outcome;
    } finally {
      finished = true;
      clearTimeout(grace);
      this.#samplePeakRss();
    }
  }

  /** SIGKILLs the process (if alive), waits until it is reaped, removes its directory. Idempotent. */
  kill(): Promise<void> {
    this.#killing ??= (async () => {
      if (!this.exited && this.#child) {
        this.#samplePeakRss();
        try {
          this.#child.kill('SIGKILL');
        } catch {
          // Already gone.
        }
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([this.#exit, new Promise((resolve) => (timer = setTimeout(resolve, KILL_WAIT_MS)))]);
        clearTimeout(timer);
      }
      this.state = 'dead';
      rmSync(this.dir, { recursive: true, force: true });
    })();
    return this.#killing;
  }

  /** Reads the process's high-water mark while it runs; keeps the last reading once it is gone. */
  #samplePeakRss(): number | null {
    if (!this.exited && this.pid !== undefined) {
      const peak = readPeakRss(this.pid);
      if (peak !== null) this.#peakRssBytes = Math.max(peak, this.#peakRssBytes ?? 0);
    }
    return this.#peakRssBytes;
  }

  #describeExit(): string {
    const info = this.#exitInfo;
    if (!info) return 'is still running';
    if (info.error) return `could not be started (${info.error.message})`;
    if (info.signal) return `was killed by ${info.signal}`;
    return `exited with code ${info.code}`;
  }

  #stderrTail(): string {
    const tail = this.#stderr?.tail() ?? [];
    return tail.length > 0 ? `; stderr: ${tail.join(' | ')}` : '; no stderr output';
  }
}
