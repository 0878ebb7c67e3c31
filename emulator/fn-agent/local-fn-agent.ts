import type { FunctionHandler, FunctionResult } from '../services/functions-invoke.ts';
import { interpretOutcome } from './call-outcome.ts';
import { containerEnv, nodeArgs } from './container-env.ts';
import { FnContainer, type ContainerInfo } from './container.ts';
import { errorResult } from './errors.ts';
import { FunctionPool } from './function-pool.ts';
import { OCI_LIMITS, resolveAgentOptions, type FnFunctionSpec, type LocalFnAgentOptions, type ResolvedAgentOptions } from './options.ts';
import { callRequestHeaders, newCallId } from './protocol.ts';

/** One invocation, as the emulator's invoke endpoint hands it over. */
export interface FnInvocation {
  body: Buffer | Uint8Array | string;
  /** The caller's headers; passed on to the function except hop-by-hop, host, content-length and authorization. */
  headers?: Readonly<Record<string, string>>;
  /** Default 'sync'. Detached calls run under the function's `detachedTimeoutSeconds`. */
  invokeType?: 'sync' | 'detached';
}

/** What `attach` needs of an emulator (structural: `Emulator` fits). */
export interface FunctionsRegistry {
  functions: {
    register(functionId: string, handler: FunctionHandler): void;
    unregister?(functionId: string): void;
  };
}

/**
 * A local stand-in for the Fn agent behind OCI Functions: runs each function of ONE bundle in hot
 * "containers" (`node <bundle>` child processes speaking the FDK's http-stream protocol over a unix socket),
 * one call per container at a time, up to `maxContainersPerFunction` per function, killing a container at the
 * function's timeout. Answers with the Fn agent's statuses and OCI's error codes (see errors.ts).
 */
export class LocalFnAgent {
  readonly #options: ResolvedAgentOptions;
  readonly #pools = new Map<string, FunctionPool>();
  readonly #inFlight = new Set<Promise<FunctionResult>>();
  readonly #attached: FunctionsRegistry[] = [];
  #closed = false;
  #closing: Promise<void> | undefined;

  constructor(options: LocalFnAgentOptions) {
    this.#options = resolveAgentOptions(options);
    for (const fn of this.#options.functions.values()) {
      this.#pools.set(
        fn.id,
        new FunctionPool({
          launch: () => this.#launch(fn),
          maxContainers: this.#options.maxContainersPerFunction,
          idleTimeoutMs: this.#options.idleTimeoutSeconds * 1000,
        }),
      );
    }
  }

  /** The functions this agent runs. */
  get functions(): FnFunctionSpec[] {
    return [...this.#options.functions.values()].map((fn) => ({ ...fn, config: { ...fn.config } }));
  }

  /** Runs one call of `functionId`. Never rejects: every failure is an answer (status + OCI `{code, message}`). */
  invoke(functionId: string, invocation: FnInvocation): Promise<FunctionResult> {
    const running = this.#invoke(functionId, invocation);
    this.#inFlight.add(running);
    void running.finally(() => this.#inFlight.delete(running));
    return running;
  }

  /** Serves every function of this agent through the emulator's Functions invoke endpoint. */
  attach(emulator: FunctionsRegistry): void {
    for (const fn of this.#options.functions.values()) {
      emulator.functions.register(fn.id, (call) => this.invoke(call.functionId, { body: call.body, headers: call.headers, invokeType: call.invokeType }));
    }
    this.#attached.push(emulator);
  }

  /** The running containers (of one function, or all), for inspection. */
  containers(functionId?: string): ContainerInfo[] {
    const pools = functionId === undefined ? [...this.#pools.values()] : [this.#pools.get(functionId)].filter((pool) => pool !== undefined);
    return pools.flatMap((pool) => pool.containers());
  }

  /**
   * Kills every container (SIGKILL, waiting until each is reaped) and removes their directories; calls in
   * flight end with 503, later calls too. Unregisters from attached emulators. Idempotent.
   */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#closed = true;
      for (const emulator of this.#attached.splice(0)) {
        for (const id of this.#options.functions.keys()) emulator.functions.unregister?.(id);
      }
      await Promise.all([...this.#pools.values()].map((pool) => pool.close()));
      await Promise.allSettled([...this.#inFlight]);
    })();
    return this.#closing;
  }

  async #invoke(functionId: string, invocation: FnInvocation): Promise<FunctionResult> {
    const fn = this.#options.functions.get(functionId);
    const pool = this.#pools.get(functionId);
    if (!fn || !pool) return errorResult('notFound', { detail: functionId });
    if (this.#closed) return errorResult('agentClosed');
    const body = Buffer.isBuffer(invocation.body) ? invocation.body : Buffer.from(invocation.body);
    if (body.length > OCI_LIMITS.bodyBytes) return errorResult('requestTooLarge', { detail: `${body.length} bytes; the limit is ${OCI_LIMITS.bodyBytes}` });

    const callId = newCallId();
    const lease = await pool.acquire();
    if (!lease.ok) return errorResult(lease.kind, { callId, ...(lease.detail ? { detail: lease.detail } : {}) });
    const { container } = lease;

    const seconds = invocation.invokeType === 'detached' ? (fn.detachedTimeoutSeconds ?? fn.timeoutSeconds) : fn.timeoutSeconds;
    const timeoutMs = seconds * 1000;
    const headers = callRequestHeaders(invocation.headers ?? {}, callId, new Date(Date.now() + timeoutMs));
    const outcome = await container.call({ headers, body, timeoutMs, maxBodyBytes: OCI_LIMITS.bodyBytes });
    const { result, keepContainer } = interpretOutcome(outcome, callId);
    if (keepContainer) pool.release(container);
    else await pool.discard(container);
    if (this.#closed && outcome.kind === 'broken') return errorResult('agentClosed', { callId, detail: 'closed during the call' });
    return result;
  }

  #launch(fn: FnFunctionSpec): FnContainer {
    const { bundlePath, application, logSink, startTimeoutMs, credentials } = this.#options;
    return new FnContainer({
      fn,
      bundlePath,
      env: (listener) => containerEnv({ fn, application, credentials: credentials(fn), listener }),
      nodeArgs: nodeArgs(fn),
      logSink,
      startTimeoutMs,
    });
  }
}
