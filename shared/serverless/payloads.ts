import { UsageError } from '../errors.ts';
import { isRunId } from '../bucket/run-layout.ts';

/**
 * Function payloads, validated at the edge. The FDK hands malformed JSON over as a string and an
 * empty body as '' (see FIELD-NOTES), so the raw input is checked here, with errors naming the field.
 */
export interface CoordinatorPayload {
  runId?: string;
  regions?: string[];
  query?: string;
}

export interface RegionPayload {
  runId: string;
  region: string;
}

export interface MergePayload {
  runId: string;
  finalize: boolean;
}

const REGION_ID = /^[a-z]{2,}-[a-z]+(?:-[a-z]+)*-\d+$/;

function asObject(input: unknown, what: string): Record<string, unknown> {
  if (typeof input === 'string') {
    if (input.trim() === '') return {};
    try {
      return asObject(JSON.parse(input), what);
    } catch (error) {
      if (error instanceof UsageError) throw error;
      throw new UsageError(`The ${what} payload is not valid JSON: ${(error as Error).message}`);
    }
  }
  if (input === undefined || input === null) return {};
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw new UsageError(`The ${what} payload must be a JSON object, got ${Array.isArray(input) ? 'an array' : typeof input}`);
  }
  return input as Record<string, unknown>;
}

function rejectUnknownKeys(payload: Record<string, unknown>, known: readonly string[], what: string): void {
  for (const key of Object.keys(payload)) {
    if (!known.includes(key)) throw new UsageError(`Unknown field "${key}" in the ${what} payload; expected ${known.join(', ')}`);
  }
}

function runIdField(payload: Record<string, unknown>, what: string, required: boolean): string | undefined {
  const value = payload.runId;
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string' || !isRunId(value)) {
    throw new UsageError(`Field "runId" of the ${what} payload must be a run id like 20240131T020000Z, got ${JSON.stringify(value)}`);
  }
  return value;
}

function regionField(value: unknown, field: string, what: string): string {
  if (typeof value !== 'string' || !REGION_ID.test(value)) {
    throw new UsageError(`Field "${field}" of the ${what} payload must be a region id like us-ashburn-1, got ${JSON.stringify(value)}`);
  }
  return value;
}

/**
 * The coordinator is also started by an Events rule (a CloudEvents envelope: `specversion`, `type`,
 * `data`) and by a Resource Scheduler schedule; such triggers carry no run parameters of ours, so an
 * envelope starts a run with the configured defaults.
 */
export function parseCoordinatorPayload(input: unknown): CoordinatorPayload {
  const payload = asObject(input, 'coordinator');
  if (typeof payload.specversion === 'string' || typeof payload.eventType === 'string') return {};
  rejectUnknownKeys(payload, ['runId', 'regions', 'query'], 'coordinator');
  const result: CoordinatorPayload = {};
  const runId = runIdField(payload, 'coordinator', false);
  if (runId !== undefined) result.runId = runId;
  if (payload.regions !== undefined) {
    if (!Array.isArray(payload.regions) || payload.regions.length === 0) {
      throw new UsageError('Field "regions" of the coordinator payload must be a non-empty array of region ids');
    }
    result.regions = [...new Set(payload.regions.map((region, index) => regionField(region, `regions[${index}]`, 'coordinator')))].sort();
  }
  if (payload.query !== undefined) {
    if (typeof payload.query !== 'string' || !/^\s*query\s/i.test(payload.query)) {
      throw new UsageError('Field "query" of the coordinator payload must be a Structured Search query starting with "query"');
    }
    result.query = payload.query;
  }
  return result;
}

export function parseRegionPayload(input: unknown): RegionPayload {
  const payload = asObject(input, 'region');
  rejectUnknownKeys(payload, ['runId', 'region'], 'region');
  return { runId: runIdField(payload, 'region', true) as string, region: regionField(payload.region, 'region', 'region') };
}

export function parseMergePayload(input: unknown): MergePayload {
  const payload = asObject(input, 'merge');
  rejectUnknownKeys(payload, ['runId', 'finalize'], 'merge');
  if (payload.finalize !== undefined && typeof payload.finalize !== 'boolean') {
    throw new UsageError(`Field "finalize" of the merge payload must be true or false, got ${JSON.stringify(payload.finalize)}`);
  }
  return { runId: runIdField(payload, 'merge', true) as string, finalize: payload.finalize === true };
}
