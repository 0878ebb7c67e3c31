import { AGENT_DEFAULTS, type FnFunctionSpec } from './options.ts';

/** Host env vars a container inherits; nothing else of the host's environment reaches a function. */
const INHERITED = ['PATH', 'HOME', 'NODE_OPTIONS'] as const;

export interface ContainerEnvInput {
  fn: FnFunctionSpec;
  application: { id: string; name: string };
  credentials: Record<string, string>;
  /** `unix:/private/dir/lsnr.sock` */
  listener: string;
  hostEnv?: NodeJS.ProcessEnv;
}

/**
 * A container's environment, later entries winning: PATH/HOME/NODE_OPTIONS from the host, the function
 * config (config is env on OCI), the credentials (e.g. OCI_RESOURCE_PRINCIPAL_*), then the FN_* variables
 * the Fn agent sets (fnproject/fn api/agent/call.go buildConfig: the agent's values override config).
 */
export function containerEnv({ fn, application, credentials, listener, hostEnv = process.env }: ContainerEnvInput): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of INHERITED) {
    const value = hostEnv[name];
    if (value !== undefined) env[name] = value;
  }
  Object.assign(env, fn.config, credentials);
  Object.assign(env, {
    FN_FORMAT: 'http-stream',
    FN_LISTENER: listener,
    FN_APP_ID: application.id,
    FN_APP_NAME: application.name,
    FN_FN_ID: fn.id,
    FN_FN_NAME: fn.name,
    FN_MEMORY: String(fn.memoryMb ?? AGENT_DEFAULTS.memoryMb),
    FN_TYPE: 'sync',
  });
  return env;
}

/**
 * Node flags of a container: with `memoryMb`, the V8 heap is capped at 3/4 of it (the rest is left to
 * buffers, wasm memory and the runtime, as inside a container with that memory limit).
 */
export function nodeArgs(fn: FnFunctionSpec): string[] {
  return heapArgs(fn.memoryMb);
}

/**
 * The V8 heap flags of a container with `memoryMb` (none without). Also for running a function's code
 * outside the agent as it runs inside (bench/scenarios/merge-function-phase.ts): without a limit, V8 sizes
 * its heap from the host's memory, and on a 24 GiB machine the merge then peaked 50-110 MB higher.
 */
export function heapArgs(memoryMb: number | undefined): string[] {
  return memoryMb === undefined ? [] : [`--max-old-space-size=${Math.floor((memoryMb * 3) / 4)}`];
}
