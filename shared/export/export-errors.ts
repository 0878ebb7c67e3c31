/**
 * Errors of the export layer. They are bugs or contract violations upstream (two workers produced the same
 * resource without a rule to choose, a caller fed unsorted rows), so they keep the default "unexpected" exit
 * code and name the record in their context. A record that cannot be written at all is a
 * RecordSerializationError (../errors.ts), shared with the canonical JSON of json/canonical-json.ts.
 */
import { InventoryError } from '../errors.ts';

/** Two records share a key (ocid + resourceType) and no `resolveDuplicate` rule was given to choose one. */
export class DuplicateRecordError extends InventoryError {}

/** Rows given to the writers are not in `compareRecordKeys` order (or repeat a key). */
export class RecordOrderError extends InventoryError {}
