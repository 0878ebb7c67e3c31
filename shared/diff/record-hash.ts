/**
 * The record hash: what "this resource changed between two runs" means.
 *
 * hash = hex SHA-256 of the RFC 8785 canonical JSON of the record without its top-level `collectedAt`.
 * `collectedAt` differs on every run, so it must not count as a change; `details.collectedAt` (a field
 * some services report themselves) is data and must count. json-canonicalize's `exclude` option drops
 * a key at every depth, so the top-level key is removed here by hand instead.
 */
import * as crypto from 'node:crypto';
import type { InventoryRecord, JsonObject } from '../model/record.ts';
import { canonicalJson } from '../json/canonical-json.ts';

/** The key that changes on every run and is left out of the hash and of the field comparison. */
export const VOLATILE_RECORD_KEY = 'collectedAt';

/** A shallow copy of the record without its top-level `collectedAt`; nested objects are shared, not copied. */
export function withoutCollectedAt(record: JsonObject | InventoryRecord): JsonObject {
  const { [VOLATILE_RECORD_KEY]: _collectedAt, ...rest } = record as JsonObject;
  return rest;
}

/** The canonical JSON text that the record hash is computed over. */
export function canonicalRecordText(record: JsonObject | InventoryRecord): string {
  return canonicalJson(withoutCollectedAt(record));
}

/** Hex SHA-256 of the record without its top-level `collectedAt`. Pass the parsed record: never re-parse a line. */
export function hashRecord(record: JsonObject | InventoryRecord): string {
  return sha256Hex(canonicalRecordText(record));
}

type OneShotHash = (algorithm: string, data: string, outputEncoding: 'hex') => string;
// crypto.hash (Node >= 20.12) is ~2x faster than createHash for short inputs; fall back for older runtimes.
const oneShotHash = (crypto as { hash?: OneShotHash }).hash;

/** Hex SHA-256 of the UTF-8 bytes of `text`. */
export function sha256Hex(text: string): string {
  if (oneShotHash !== undefined) return oneShotHash('sha256', text, 'hex');
  return crypto.createHash('sha256').update(text, 'utf8').digest('hex');
}
