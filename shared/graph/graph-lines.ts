/**
 * The lines of the two graph artifacts, and the per-record facts they are built from.
 *
 * graph_nodes.jsonl: one node per inventory record, plus one per relationship target outside the inventory
 *   {"compartmentId","displayName","external","id","lifecycleState","region","resourceType"}
 * graph_edges.jsonl: one edge per relationship
 *   {"relation","source","sourceType","target","targetInInventory"}
 *
 * Every line is RFC 8785 canonical JSON (the same text as json/canonical-json.ts gives), so identical
 * inventories give identical bytes. `targetInInventory` is the last key in canonical order: an edge is
 * first written with `false` and flipped to `true` by replacing the line's ending (graph-builder.ts),
 * without re-serialising.
 */
import { RecordSerializationError } from '../errors.ts';
import { columnIndex } from '../export/canonical-json.ts';
import type { ExportRow } from '../export/export-row.ts';
import type { ByteAssembler } from '../io/byte-assembler.ts';
import type { Relationship } from '../model/record.ts';

export const GRAPH_FILE_NAMES = { nodes: 'graph_nodes.jsonl', edges: 'graph_edges.jsonl' } as const;

/** One row of graph_nodes.jsonl. */
export interface GraphNode {
  id: string;
  resourceType: string | null;
  displayName: string | null;
  region: string | null;
  compartmentId: string | null;
  lifecycleState: string | null;
  external: boolean;
}

/** One row of graph_edges.jsonl. */
export interface GraphEdge {
  source: string;
  sourceType: string;
  relation: string;
  target: string;
  targetInInventory: boolean;
}

const DISPLAY_NAME = columnIndex('displayName');
const REGION = columnIndex('region');
const COMPARTMENT_ID = columnIndex('compartmentId');
const LIFECYCLE_STATE = columnIndex('lifecycleState');
const RELATIONSHIPS = columnIndex('relationships');
const OCID = columnIndex('ocid');
const RESOURCE_TYPE = columnIndex('resourceType');

/**
 * The lines below are assembled from fixed key prefixes and JSON.stringify of each string value (or the
 * record line's own JSON string token, which is the same text: ExportRow.appendColumnJson): for these
 * flat objects of strings, nulls and booleans with keys written in sorted order, that is exactly RFC 8785
 * (JSON.stringify of a string is RFC 8785 string serialisation; export/canonical-json.ts assembles record
 * lines the same way). It skips canonicalJson's object walk, which shows at millions of edges;
 * test/graph.test.ts checks every builder against canonicalJson, hostile text included.
 */

/** A string as JSON text, null as `null`. */
export function jsonText(value: string | null): string {
  if (value === null) return 'null';
  // Printable ASCII without quote or backslash needs no escape (measured 2x faster than JSON.stringify).
  return PLAIN_ASCII.test(value) ? `"${value}"` : JSON.stringify(value);
}

const PLAIN_ASCII = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/**
 * Appends the canonical node line (no newline) of an inventory record, assembled as bytes without
 * building strings (see io/byte-assembler.ts).
 */
export function appendInventoryNodeLine(out: ByteAssembler, row: ExportRow): void {
  for (const [part, column] of NODE_LINE_PARTS) {
    out.append(part);
    row.appendColumnJson(column, out);
  }
  out.append(CLOSE_BRACE);
}

/**
 * Appends the canonical edge line (no newline) of an edge of `row` (its source), with
 * `targetInInventory: false` (see EDGE_EXTERNAL_ENDING), assembled as bytes.
 */
export function appendEdgeLineAssumingExternal(out: ByteAssembler, relation: string, row: ExportRow, target: string): void {
  out.append(EDGE_PARTS.relation);
  appendJsonText(out, relation);
  out.append(EDGE_PARTS.source);
  row.appendColumnJson(OCID, out);
  out.append(EDGE_PARTS.sourceType);
  row.appendColumnJson(RESOURCE_TYPE, out);
  out.append(EDGE_PARTS.target);
  appendJsonText(out, target);
  out.append(EDGE_PARTS.ending);
}

/** jsonText(value) appended as bytes. */
function appendJsonText(out: ByteAssembler, value: string): void {
  if (PLAIN_ASCII.test(value)) {
    out.append(QUOTE);
    out.appendText(value);
    out.append(QUOTE);
  } else {
    out.appendText(JSON.stringify(value));
  }
}


/** The canonical node line (no newline) of a relationship target that is not in the inventory. */
export function externalNodeLine(id: string): string {
  return (
    `{"compartmentId":null,"displayName":null,"external":true,"id":${jsonText(id)},"lifecycleState":null` +
    `,"region":null,"resourceType":${jsonText(resourceTypeFromOcid(id))}}`
  );
}

/** Edge lines are written with this ending, and `EDGE_IN_INVENTORY_ENDING` replaces it for inventory targets. */
export const EDGE_EXTERNAL_ENDING = '"targetInInventory":false}';
export const EDGE_IN_INVENTORY_ENDING = '"targetInInventory":true}';

/**
 * The resource type token of an OCID (`ocid1.<type>.<realm>.[region].<unique id>`), e.g. 'key' for
 * 'ocid1.key.oc1.iad.abc', or null when the text does not look like an OCID. A guess for external nodes
 * only: it is the OCID's own vocabulary ('key', 'vcn'), not Search's resource types ('Key', 'Vcn').
 */
export function resourceTypeFromOcid(id: string): string | null {
  const match = OCID_TYPE.exec(id);
  return match === null ? null : (match[1] as string);
}

// Version, type, realm, then at least the unique id (region and future-use parts may be empty).
const OCID_TYPE = /^ocid[0-9]+\.([A-Za-z0-9][A-Za-z0-9_-]*)\.[A-Za-z0-9_-]+\..*[^.]$/s;

/**
 * The record's relationships in (relation, target) order with exact repeats removed, the form
 * normalize/record-from-summary.ts gives them; re-established here because graph_edges.jsonl must be
 * sorted whatever the producer did. A relationships value of null means none. Anything other than an
 * array of `{relation, target}` with non-empty strings is a RecordSerializationError naming the record.
 */
export function relationshipsOf(row: ExportRow): Relationship[] {
  const text = row.columns[RELATIONSHIPS];
  if (text === null || text === undefined) return [];
  const value: unknown = JSON.parse(text);
  if (!Array.isArray(value)) throw badRelationships(row, `expected an array, got ${describe(value)}`);
  const relationships: Relationship[] = [];
  let sorted = true;
  for (let index = 0; index < value.length; index++) {
    const item: unknown = value[index];
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      throw badRelationships(row, `item ${index} must be an object {relation, target}, got ${describe(item)}`);
    }
    const { relation, target } = item as { relation?: unknown; target?: unknown };
    if (typeof relation !== 'string' || relation === '') {
      throw badRelationships(row, `item ${index} needs relation as a non-empty string, got ${describe(relation)}`);
    }
    if (typeof target !== 'string' || target === '') {
      throw badRelationships(row, `item ${index} needs target as a non-empty string, got ${describe(target)}`);
    }
    const previous = relationships[relationships.length - 1];
    if (previous !== undefined && compareRelationships(previous, { relation, target }) >= 0) sorted = false;
    relationships.push({ relation, target });
  }
  if (sorted) return relationships;
  relationships.sort(compareRelationships);
  return relationships.filter((item, index) => index === 0 || compareRelationships(relationships[index - 1] as Relationship, item) !== 0);
}

export function compareRelationships(a: Relationship, b: Relationship): number {
  if (a.relation !== b.relation) return a.relation < b.relation ? -1 : 1;
  if (a.target !== b.target) return a.target < b.target ? -1 : 1;
  return 0;
}

function badRelationships(row: ExportRow, problem: string): RecordSerializationError {
  return new RecordSerializationError(
    `Record ${row.ocid} (${row.resourceType}) has relationships the graph cannot use: ${problem}.`,
    { context: { ocid: row.ocid, resourceType: row.resourceType, field: 'relationships' } },
  );
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.slice(0, 80));
  return `a ${typeof value}`;
}

// The fixed parts of the byte-assembled lines (after EDGE_EXTERNAL_ENDING, which they use).
const bytesOf = (text: string): Buffer => Buffer.from(text, 'utf8');
/** The node line: each key (with the fixed `"external":false` before "id") and the record column after it. */
const NODE_LINE_PARTS: readonly (readonly [Buffer, number])[] = [
  [bytesOf('{"compartmentId":'), COMPARTMENT_ID],
  [bytesOf(',"displayName":'), DISPLAY_NAME],
  [bytesOf(',"external":false,"id":'), OCID],
  [bytesOf(',"lifecycleState":'), LIFECYCLE_STATE],
  [bytesOf(',"region":'), REGION],
  [bytesOf(',"resourceType":'), RESOURCE_TYPE],
];
const EDGE_PARTS = {
  relation: bytesOf('{"relation":'),
  source: bytesOf(',"source":'),
  sourceType: bytesOf(',"sourceType":'),
  target: bytesOf(',"target":'),
  ending: bytesOf(`,${EDGE_EXTERNAL_ENDING}`),
} as const;
const CLOSE_BRACE = bytesOf('}');
const QUOTE = bytesOf('"');
