/**
 * Errors of the export layer. They are bugs or contract violations upstream (a worker produced a record
 * that cannot be written, two workers produced the same resource without a rule to choose, a caller fed
 * unsorted rows), so they keep the default "unexpected" exit code and name the record in their context.
 */
import { InventoryError } from '../errors.ts';

/** A record cannot be turned into canonical JSON: a field has the wrong type, or a value is not JSON. */
export class RecordSerializationError extends InventoryError {}

/** Two records share a key (ocid + resourceType) and no `resolveDuplicate` rule was given to choose one. */
export class DuplicateRecordError extends InventoryError {}

/** Rows given to the writers are not in `compareRecordKeys` order (or repeat a key). */
export class RecordOrderError extends InventoryError {}
