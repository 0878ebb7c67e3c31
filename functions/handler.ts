/**
 * The one handler of the function image: reads the function configuration, validates the payload,
 * calls shared/ for the role, and always answers a JSON value (the FDK crashes on undefined).
 * No business logic here.
 */
import { BucketNotFoundError } from '../shared/bucket/bucket-errors.ts';
import { AuthError, InventoryError, UsageError } from '../shared/errors.ts';
import { redactSecrets, routeConsoleToLogger } from '../shared/log/index.ts';
import { failureInfoOf } from '../shared/oci/retry-policy.ts';
import { describeOciFailure } from '../shared/oci/service-errors.ts';
import { CONFIG_KEYS, FunctionConfigError, readFunctionConfig, type FunctionRole } from '../shared/serverless/function-config.ts';
import { createFunctionRuntime, type FunctionRuntime } from '../shared/serverless/function-runtime.ts';
import { parseCoordinatorPayload, parseMergePayload, parseRegionPayload } from '../shared/serverless/payloads.ts';

export type FunctionReply =
  | { ok: true; role: string; result: unknown }
  | { ok: false; role: string | null; error: { kind: 'payload' | 'config' | 'auth' | 'failed'; message: string } };

function errorReply(role: string | null, error: unknown): FunctionReply {
  let kind: 'payload' | 'config' | 'auth' | 'failed' = 'failed';
  let message: string;
  if (error instanceof AuthError) kind = 'auth';
  else if (error instanceof FunctionConfigError) kind = 'config';
  else if (error instanceof UsageError) kind = 'payload';
  if (error instanceof InventoryError) message = error.message;
  else if (failureInfoOf(error)) message = `An OCI call failed after retries: ${describeOciFailure(error)}`;
  else message = `Unexpected error: ${error instanceof Error ? error.message : String(error)}`;
  // A 401 from OCI on our first call means the resource principal itself was refused.
  if (kind === 'failed' && failureInfoOf(error)?.statusCode === 401) kind = 'auth';
  // The bucket (or namespace) the function is configured with does not exist: the configuration is wrong, not the payload.
  if (error instanceof BucketNotFoundError) {
    kind = 'config';
    message = `${message} For this function, check ${CONFIG_KEYS.bucket}, ${CONFIG_KEYS.namespace} and ${CONFIG_KEYS.bucketRegion} of its configuration.`;
  }
  return { ok: false, role, error: { kind, message: redactSecrets(message) } };
}

/**
 * Each role's module, imported on first use: a container serves ONE role (its config says which), so it
 * loads that role's code and SDKs only (the coordinator's Identity, the region's Search, the merge's diff).
 */
const ROLE_MODULES = {
  coordinator: () => import('../shared/serverless/coordinator.ts'),
  region: () => import('../shared/serverless/region-worker.ts'),
  merge: () => import('../shared/serverless/merge.ts'),
} as const satisfies Record<FunctionRole, () => Promise<unknown>>;

export interface HandlerHooks {
  /** Called at the start of every call of a role that writes exports (region, merge): e.g. load the Parquet encoder. */
  beforeExports?: () => void;
}

/** Validates the role's payload and returns the work to do once the runtime (credentials, bucket) exists. */
function prepareRole(role: FunctionRole, input: unknown, hooks: HandlerHooks): (runtime: FunctionRuntime) => Promise<unknown> {
  switch (role) {
    case 'coordinator': {
      const payload = parseCoordinatorPayload(input);
      return async (runtime) => (await ROLE_MODULES.coordinator()).coordinate(runtime, payload);
    }
    case 'region': {
      const payload = parseRegionPayload(input);
      hooks.beforeExports?.();
      return async (runtime) => (await ROLE_MODULES.region()).runRegion(runtime, payload);
    }
    case 'merge': {
      const payload = parseMergePayload(input);
      hooks.beforeExports?.();
      return async (runtime) => (await ROLE_MODULES.merge()).mergeRun(runtime, payload);
    }
  }
}

/**
 * Loads the configured role's module before the FDK listens: a cold start includes the role's own module
 * start-up and nothing of the other roles'. What a role needs only for part of its work stays lazy, as before:
 * the enricher catalog (on first enrichment) and `beforeExports` (on each exporting call, idempotent). Never
 * rejects: with a bad config or a failed import nothing is preloaded, and the first call reports the problem.
 */
export async function preloadRole(env: NodeJS.ProcessEnv): Promise<void> {
  const role = env[CONFIG_KEYS.role]?.trim();
  if (role !== 'coordinator' && role !== 'region' && role !== 'merge') return;
  try {
    await ROLE_MODULES[role]();
  } catch {
    // Reported by the first call, which imports (and fails) again.
  }
}

export async function handleInvocation(input: unknown, env: NodeJS.ProcessEnv, hooks: HandlerHooks = {}): Promise<FunctionReply> {
  let role: string | null = null;
  try {
    const config = readFunctionConfig(env);
    role = config.role;
    // Parse before authenticating: a bad payload is answered without touching OCI.
    const run = prepareRole(config.role, input, hooks);
    const runtime = await createFunctionRuntime(config, env);
    const restoreConsole = routeConsoleToLogger(runtime.logger);
    try {
      return { ok: true, role, result: await run(runtime) };
    } finally {
      restoreConsole();
    }
  } catch (error) {
    return errorReply(role, error);
  }
}
