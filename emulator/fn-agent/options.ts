import { isAbsolute, resolve } from 'node:path';
import { FnAgentOptionsError } from './errors.ts';

/** One deployed function: all functions of an agent run the same bundle and differ by config (env vars). */
export interface FnFunctionSpec {
  /** The function OCID: what callers invoke. */
  id: string;
  name: string;
  /** Function config: env vars in the container, as on OCI (keys like env var names, 4 KB in all). */
  config: Record<string, string>;
  /** Sync invocation timeout, 1..300 s (OCI's range). */
  timeoutSeconds: number;
  /** Timeout of detached invocations, 5..3600 s; default `timeoutSeconds` (as on OCI). */
  detachedTimeoutSeconds?: number;
  /** One of OCI's sizes (128, 256, 512, 1024, 2048, 3072). FN_MEMORY is this (default 128); when given, the V8 heap is capped at 3/4 of it. */
  memoryMb?: number;
}

/** Receives every line a container writes (the function's logs). */
export type LogSink = (functionName: string, line: string, stream: 'stdout' | 'stderr') => void;

/** Env vars a function's container gets on top of its config, e.g. minted OCI_RESOURCE_PRINCIPAL_*. Called per container. */
export type CredentialsProvider = (fn: FnFunctionSpec) => Record<string, string>;

export interface LocalFnAgentOptions {
  /** The ONE CommonJS bundle every function runs (`node <bundlePath>`), e.g. dist/func.cjs. */
  bundlePath: string;
  functions: readonly FnFunctionSpec[];
  /** Default: none. */
  credentials?: CredentialsProvider;
  /** Containers per function; a call beyond that waits for one to become free. Default 4. */
  maxContainersPerFunction?: number;
  /** Default: discard. */
  logSink?: LogSink;
  /** FN_APP_ID / FN_APP_NAME. Default `{ id: 'ocid1.fnapp.oc1..localfnagent', name: 'local' }`. */
  application?: { id: string; name: string };
  /** How long a new container may take to listen. Default 10000 (the Fn agent's is 5 s; this machine is shared). */
  startTimeoutMs?: number;
  /** An idle container is stopped after this long. Default 30 (Fn's default idle_timeout). */
  idleTimeoutSeconds?: number;
}

export interface ResolvedAgentOptions {
  bundlePath: string;
  functions: ReadonlyMap<string, FnFunctionSpec>;
  credentials: CredentialsProvider;
  maxContainersPerFunction: number;
  logSink: LogSink;
  application: { id: string; name: string };
  startTimeoutMs: number;
  idleTimeoutSeconds: number;
}

export const AGENT_DEFAULTS = {
  maxContainersPerFunction: 4,
  application: { id: 'ocid1.fnapp.oc1..localfnagent', name: 'local' },
  startTimeoutMs: 10_000,
  idleTimeoutSeconds: 30,
  memoryMb: 128,
} as const;

/** OCI Functions limits. */
export const OCI_LIMITS = {
  syncTimeoutSeconds: { min: 1, max: 300 },
  detachedTimeoutSeconds: { min: 5, max: 3600 },
  memoryMb: [128, 256, 512, 1024, 2048, 3072] as readonly number[],
  configBytes: 4096,
  /** Request and response bodies. */
  bodyBytes: 6 * 1024 * 1024,
} as const;

const AGENT_KEYS = new Set<string>([
  'bundlePath',
  'functions',
  'credentials',
  'maxContainersPerFunction',
  'logSink',
  'application',
  'startTimeoutMs',
  'idleTimeoutSeconds',
]);
const FUNCTION_KEYS = new Set<string>(['id', 'name', 'config', 'timeoutSeconds', 'detachedTimeoutSeconds', 'memoryMb']);
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function rejectUnknownKeys(value: object, known: Set<string>, where: string): void {
  for (const key of Object.keys(value)) {
    if (!known.has(key)) throw new FnAgentOptionsError(`${where}${key}`, `one of ${[...known].join(', ')}`, key);
  }
}

function integerIn(value: unknown, min: number, max: number, option: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new FnAgentOptionsError(option, `an integer in ${min}..${max}`, value);
  }
  return value;
}

function nonEmptyString(value: unknown, option: string): string {
  if (typeof value !== 'string' || value.length === 0) throw new FnAgentOptionsError(option, 'a non-empty string', value);
  return value;
}

function validateFunction(spec: unknown, index: number): FnFunctionSpec {
  const where = `functions[${index}]`;
  if (typeof spec !== 'object' || spec === null) throw new FnAgentOptionsError(where, 'an object', spec);
  rejectUnknownKeys(spec, FUNCTION_KEYS, `${where}.`);
  const raw = spec as Record<string, unknown>;
  const id = nonEmptyString(raw['id'], `${where}.id`);
  const name = nonEmptyString(raw['name'], `${where}.name`);
  const config = raw['config'];
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new FnAgentOptionsError(`${where}.config`, 'an object of string values', config);
  }
  let configBytes = 0;
  for (const [key, value] of Object.entries(config)) {
    if (!ENV_NAME.test(key)) throw new FnAgentOptionsError(`${where}.config`, 'keys that are env var names ([A-Za-z_][A-Za-z0-9_]*)', key);
    if (typeof value !== 'string') throw new FnAgentOptionsError(`${where}.config.${key}`, 'a string', value);
    configBytes += Buffer.byteLength(key) + Buffer.byteLength(value);
  }
  if (configBytes > OCI_LIMITS.configBytes) {
    throw new FnAgentOptionsError(`${where}.config`, `at most ${OCI_LIMITS.configBytes} bytes of keys and values (OCI's limit)`, `${configBytes} bytes`);
  }
  const { syncTimeoutSeconds, detachedTimeoutSeconds } = OCI_LIMITS;
  const timeoutSeconds = integerIn(raw['timeoutSeconds'], syncTimeoutSeconds.min, syncTimeoutSeconds.max, `${where}.timeoutSeconds`);
  const result: FnFunctionSpec = { id, name, config: { ...(config as Record<string, string>) }, timeoutSeconds };
  if (raw['detachedTimeoutSeconds'] !== undefined) {
    result.detachedTimeoutSeconds = integerIn(
      raw['detachedTimeoutSeconds'],
      detachedTimeoutSeconds.min,
      detachedTimeoutSeconds.max,
      `${where}.detachedTimeoutSeconds`,
    );
  }
  if (raw['memoryMb'] !== undefined) {
    const memoryMb = raw['memoryMb'];
    if (typeof memoryMb !== 'number' || !OCI_LIMITS.memoryMb.includes(memoryMb)) {
      throw new FnAgentOptionsError(`${where}.memoryMb`, `one of ${OCI_LIMITS.memoryMb.join(', ')}`, memoryMb);
    }
    result.memoryMb = memoryMb;
  }
  return result;
}

/** Validates the agent's options at the edge; defaults applied here and nowhere else. */
export function resolveAgentOptions(options: LocalFnAgentOptions): ResolvedAgentOptions {
  if (typeof options !== 'object' || options === null) throw new FnAgentOptionsError('options', 'an object', options);
  rejectUnknownKeys(options, AGENT_KEYS, '');
  const bundlePath = nonEmptyString(options.bundlePath, 'bundlePath');
  if (!Array.isArray(options.functions) || options.functions.length === 0) {
    throw new FnAgentOptionsError('functions', 'a non-empty array of functions', options.functions);
  }
  const functions = new Map<string, FnFunctionSpec>();
  options.functions.forEach((spec, index) => {
    const fn = validateFunction(spec, index);
    if (functions.has(fn.id)) throw new FnAgentOptionsError(`functions[${index}].id`, 'a function id not used by another function', fn.id);
    functions.set(fn.id, fn);
  });
  if (options.credentials !== undefined && typeof options.credentials !== 'function') {
    throw new FnAgentOptionsError('credentials', 'a function (fn) => env vars', options.credentials);
  }
  if (options.logSink !== undefined && typeof options.logSink !== 'function') {
    throw new FnAgentOptionsError('logSink', 'a function (functionName, line, stream) => void', options.logSink);
  }
  const application = options.application ?? AGENT_DEFAULTS.application;
  nonEmptyString(application?.id, 'application.id');
  nonEmptyString(application?.name, 'application.name');
  return {
    bundlePath: isAbsolute(bundlePath) ? bundlePath : resolve(bundlePath),
    functions,
    credentials: options.credentials ?? (() => ({})),
    maxContainersPerFunction: integerIn(options.maxContainersPerFunction ?? AGENT_DEFAULTS.maxContainersPerFunction, 1, 1000, 'maxContainersPerFunction'),
    logSink: options.logSink ?? (() => {}),
    application: { id: application.id, name: application.name },
    startTimeoutMs: integerIn(options.startTimeoutMs ?? AGENT_DEFAULTS.startTimeoutMs, 1, 600_000, 'startTimeoutMs'),
    idleTimeoutSeconds: integerIn(options.idleTimeoutSeconds ?? AGENT_DEFAULTS.idleTimeoutSeconds, 1, 86_400, 'idleTimeoutSeconds'),
  };
}
