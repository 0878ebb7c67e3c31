import { objectStorageErrors as errors } from '../errors.ts';

/**
 * Typed reads of fields from a JSON request body. Each failure is 400 InvalidParameter naming the
 * field, what was expected and what was got.
 */

function got(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
}

/** Refuses keys the SDK model does not have (a typo would otherwise be silently ignored). */
export function assertKnownKeys(body: Record<string, unknown>, model: string, known: readonly string[]): void {
  for (const key of Object.keys(body)) {
    if (!known.includes(key)) throw errors.invalidParameter(`Unknown field '${key}' in ${model}: expected one of ${known.join(', ')}`);
  }
}

export function requiredString(body: Record<string, unknown>, key: string): string {
  const value = body[key];
  if (value === undefined || value === null || value === '') throw errors.missingParameter(key);
  if (typeof value !== 'string') throw errors.invalidParameter(`Field '${key}' must be a string, got ${got(value)}`);
  return value;
}

export function optionalString(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw errors.invalidParameter(`Field '${key}' must be a string, got ${got(value)}`);
  return value;
}

export function optionalBoolean(body: Record<string, unknown>, key: string): boolean | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw errors.invalidParameter(`Field '${key}' must be a boolean, got ${got(value)}`);
  return value;
}

export function optionalStringMap(body: Record<string, unknown>, key: string): Record<string, string> | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value) || Object.values(value).some((entry) => typeof entry !== 'string')) {
    throw errors.invalidParameter(`Field '${key}' must be an object of strings, got ${got(value)}`);
  }
  return value as Record<string, string>;
}

export function optionalObjectMap(body: Record<string, unknown>, key: string): Record<string, Record<string, unknown>> | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  const isObject = (entry: unknown) => typeof entry === 'object' && entry !== null && !Array.isArray(entry);
  if (!isObject(value) || !Object.values(value as object).every(isObject)) {
    throw errors.invalidParameter(`Field '${key}' must be an object of objects, got ${got(value)}`);
  }
  return value as Record<string, Record<string, unknown>>;
}

export function optionalArray(body: Record<string, unknown>, key: string): unknown[] | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw errors.invalidParameter(`Field '${key}' must be an array, got ${got(value)}`);
  return value;
}
