import { BUCKET_NAME_PATTERN, NAMESPACE_PATTERN } from '../bucket/object-names.ts';
import { UsageError } from '../errors.ts';

/**
 * Function configuration (on OCI: the function's config map, delivered as environment variables).
 * One image serves three roles; INVENTORY_ROLE says which. Validated at start-up so a misconfigured
 * function answers with a message naming the key instead of failing half-way through a run.
 */
/** The function's configuration (its environment) is wrong: an operator must fix the deployment. */
export class FunctionConfigError extends UsageError {}

export const FUNCTION_ROLES = ['coordinator', 'region', 'merge'] as const;
export type FunctionRole = (typeof FUNCTION_ROLES)[number];

export interface FunctionConfig {
  role: FunctionRole;
  bucket: string;
  /** Object Storage namespace; looked up with getNamespace when absent. */
  namespace: string | null;
  /** Object name prefix inside the bucket ('' or ending in '/'). */
  prefix: string;
  /** The region of the bucket (default: the function's own region). */
  bucketRegion: string | null;
  regionFunctionId: string | null;
  mergeFunctionId: string | null;
  /** The Functions invoke endpoint of this application (the functions' `invoke_endpoint`). */
  invokeEndpoint: string | null;
  query: string;
  regions: string[] | null;
  workersEnrich: number;
  /** How long after the coordinator starts a merge may finalize without the missing regions. */
  runDeadlineMinutes: number;
  /** `{service}`/`{region}` template for private endpoints or the local emulator; OCI's public endpoints when absent. */
  endpointTemplate: string | null;
}

export const CONFIG_KEYS = {
  role: 'INVENTORY_ROLE',
  bucket: 'INVENTORY_BUCKET',
  namespace: 'INVENTORY_NAMESPACE',
  prefix: 'INVENTORY_PREFIX',
  bucketRegion: 'INVENTORY_BUCKET_REGION',
  regionFunctionId: 'INVENTORY_REGION_FUNCTION_ID',
  mergeFunctionId: 'INVENTORY_MERGE_FUNCTION_ID',
  invokeEndpoint: 'INVENTORY_INVOKE_ENDPOINT',
  query: 'INVENTORY_QUERY',
  regions: 'INVENTORY_REGIONS',
  workersEnrich: 'INVENTORY_WORKERS_ENRICH',
  runDeadlineMinutes: 'INVENTORY_RUN_DEADLINE_MINUTES',
  endpointTemplate: 'INVENTORY_ENDPOINT_TEMPLATE',
} as const satisfies Record<keyof FunctionConfig, string>;

/** The keys each role cannot work without (Terraform's wiring test reads this). */
export const REQUIRED_KEYS: Record<FunctionRole, readonly (keyof FunctionConfig)[]> = {
  // The coordinator also starts finalizing merges of earlier runs left unmerged (see coordinator.ts).
  coordinator: ['role', 'bucket', 'regionFunctionId', 'mergeFunctionId', 'invokeEndpoint'],
  region: ['role', 'bucket', 'mergeFunctionId', 'invokeEndpoint'],
  merge: ['role', 'bucket'],
};

const FUNCTION_OCID = /^ocid1\.fnfunc\.[a-z0-9-]+\.[a-z0-9-]*\.[a-z0-9]+$/;
const REGION_ID = /^[a-z]{2,}-[a-z]+(?:-[a-z]+)*-\d+$/;

export function readFunctionConfig(env: NodeJS.ProcessEnv): FunctionConfig {
  const problems: string[] = [];
  const text = (key: keyof FunctionConfig): string | null => {
    const value = env[CONFIG_KEYS[key]]?.trim();
    return value === undefined || value === '' ? null : value;
  };
  const role = text('role');
  if (role === null || !(FUNCTION_ROLES as readonly string[]).includes(role)) {
    problems.push(`${CONFIG_KEYS.role} must be one of ${FUNCTION_ROLES.join(', ')}, got ${JSON.stringify(role ?? '')}`);
  }
  const integer = (key: keyof FunctionConfig, fallback: number, min: number, max: number): number => {
    const raw = text(key);
    if (raw === null) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${CONFIG_KEYS[key]} must be an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`);
      return fallback;
    }
    return value;
  };
  const prefix = text('prefix') ?? '';
  if (prefix !== '' && (!/^[A-Za-z0-9._/-]+\/$/.test(prefix) || prefix.startsWith('/'))) {
    problems.push(`${CONFIG_KEYS.prefix} must be URL-safe ([A-Za-z0-9._/-]), not start with '/', and end with '/', got ${JSON.stringify(prefix)}`);
  }
  const regions = text('regions')?.split(',').map((region) => region.trim()).filter(Boolean) ?? null;
  for (const region of regions ?? []) {
    if (!REGION_ID.test(region)) problems.push(`${CONFIG_KEYS.regions} holds ${JSON.stringify(region)}, which is not a region id like us-ashburn-1`);
  }
  for (const key of ['regionFunctionId', 'mergeFunctionId'] as const) {
    const value = text(key);
    if (value !== null && !FUNCTION_OCID.test(value)) problems.push(`${CONFIG_KEYS[key]} must be a function OCID (ocid1.fnfunc...), got ${JSON.stringify(value)}`);
  }
  for (const key of ['invokeEndpoint'] as const) {
    const value = text(key);
    if (value !== null && !/^https?:\/\/[^\s]+$/.test(value)) problems.push(`${CONFIG_KEYS[key]} must be an http(s) URL, got ${JSON.stringify(value)}`);
  }
  // Checked here, not first by the bucket client, so that the answer is a configuration error naming the key.
  const bucket = text('bucket');
  if (bucket !== null && !BUCKET_NAME_PATTERN.test(bucket)) {
    problems.push(`${CONFIG_KEYS.bucket} must be a bucket name (1 to 256 letters, digits, "-", "_" or "."), got ${JSON.stringify(bucket)}`);
  }
  const namespace = text('namespace');
  if (namespace !== null && !NAMESPACE_PATTERN.test(namespace)) {
    problems.push(`${CONFIG_KEYS.namespace} must be an Object Storage namespace (1 to 64 letters, digits or "-"), got ${JSON.stringify(namespace)}`);
  }
  const bucketRegion = text('bucketRegion');
  if (bucketRegion !== null && !REGION_ID.test(bucketRegion)) {
    problems.push(`${CONFIG_KEYS.bucketRegion} must be a region id like us-ashburn-1, got ${JSON.stringify(bucketRegion)}`);
  }
  const endpointTemplate = text('endpointTemplate');
  if (endpointTemplate !== null && !(endpointTemplate.includes('{region}') && endpointTemplate.includes('{service}'))) {
    problems.push(`${CONFIG_KEYS.endpointTemplate} must contain {service} and {region}, got ${JSON.stringify(endpointTemplate)}`);
  }
  const config: FunctionConfig = {
    role: (role ?? 'coordinator') as FunctionRole,
    bucket: bucket ?? '',
    namespace,
    prefix,
    bucketRegion,
    regionFunctionId: text('regionFunctionId'),
    mergeFunctionId: text('mergeFunctionId'),
    invokeEndpoint: text('invokeEndpoint'),
    query: text('query') ?? 'query all resources',
    regions,
    workersEnrich: integer('workersEnrich', 16, 1, 256),
    runDeadlineMinutes: integer('runDeadlineMinutes', 60, 1, 24 * 60),
    endpointTemplate,
  };
  if (problems.length === 0) {
    for (const key of REQUIRED_KEYS[config.role]) {
      const value = config[key];
      if (value === null || value === '') problems.push(`${CONFIG_KEYS[key]} is required for the ${config.role} function`);
    }
  }
  if (problems.length > 0) {
    throw new FunctionConfigError(`Invalid function configuration: ${problems.join('; ')}`, { context: { role: role ?? null } });
  }
  return config;
}
