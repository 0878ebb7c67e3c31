/**
 * Builders for the diff tests: complete inventory records (all 15 RECORD_KEYS), canonical JSONL files in
 * temp dirs, and seeded random data for the property tests. Not a test file itself.
 */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalize } from 'json-canonicalize';
import { compareRecordKeys, RECORD_KEYS } from '../shared/model/record.ts';
import type { InventoryRecord, JsonObject, JsonValue, RecordKey } from '../shared/model/record.ts';

/** mulberry32: a small seeded PRNG so that a failing property case can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

/**
 * Characters that stress the diff: JSON escapes (quote, backslash, control), pointer escapes (/ ~),
 * multi-byte UTF-8, a surrogate pair (sorts differently in UTF-16 than in code points) and U+FFFD.
 */
const TRICKY_CHARS = ['a', 'b', 'Z', '0', '.', '/', '~', '"', '\\', '\n', 'é', '日', '😀', '\uFFFD', '\uE000', ' '];

export function randomText(random: () => number, maxLength: number, alphabet: readonly string[] = TRICKY_CHARS): string {
  let text = '';
  const length = Math.floor(random() * (maxLength + 1));
  for (let i = 0; i < length; i += 1) text += pick(random, alphabet);
  return text;
}

export function makeRecord(key: RecordKey, overrides: Partial<InventoryRecord> = {}): InventoryRecord {
  return {
    ocid: key.ocid,
    resourceType: key.resourceType,
    displayName: 'web-1',
    compartmentId: 'ocid1.compartment.oc1..aaaa',
    region: 'eu-frankfurt-1',
    availabilityDomain: 'Uocm:EU-FRANKFURT-1-AD-1',
    lifecycleState: 'RUNNING',
    timeCreated: '2024-05-01T10:00:00.000Z',
    definedTags: { Operations: { CostCenter: '42', Owner: 'sre' } },
    freeformTags: { env: 'prod', app: 'shop' },
    collectedAt: '2025-06-01T02:00:00.000Z',
    enrichStatus: 'OK',
    enrichError: null,
    details: { shape: 'VM.Standard.E4.Flex', ocpus: 2, collectedAt: '2025-05-31T23:00:00.000Z' },
    relationships: [{ relation: 'in_subnet', target: 'ocid1.subnet.oc1..bbbb' }],
    ...overrides,
  };
}

/** A random record with every RECORD_KEY, random nested tags and details, and tricky strings. */
export function randomRecord(random: () => number, key: RecordKey): InventoryRecord {
  const definedTags: JsonObject = {};
  for (let i = Math.floor(random() * 3); i > 0; i -= 1) {
    const namespace: JsonObject = {};
    for (let j = Math.floor(random() * 3); j > 0; j -= 1) namespace[randomText(random, 4)] = randomText(random, 6);
    definedTags[randomText(random, 5)] = namespace;
  }
  const freeformTags: Record<string, string> = {};
  for (let i = Math.floor(random() * 4); i > 0; i -= 1) freeformTags[randomText(random, 5)] = randomText(random, 8);
  const relationships = [];
  for (let i = Math.floor(random() * 3); i > 0; i -= 1) relationships.push({ relation: pick(random, ['in_subnet', 'in_vcn', 'attached_to']), target: `ocid1.x..${randomText(random, 6)}` });
  return {
    ocid: key.ocid,
    resourceType: key.resourceType,
    displayName: random() < 0.1 ? null : randomText(random, 12),
    compartmentId: `ocid1.compartment.oc1..${randomText(random, 4, ['a', 'b', 'c'])}`,
    region: pick(random, ['eu-frankfurt-1', 'us-ashburn-1', null]),
    availabilityDomain: random() < 0.3 ? null : `AD-${Math.floor(random() * 3) + 1}`,
    lifecycleState: pick(random, ['RUNNING', 'STOPPED', 'AVAILABLE', null]),
    timeCreated: '2024-05-01T10:00:00.000Z',
    definedTags: random() < 0.1 ? null : definedTags,
    freeformTags: random() < 0.1 ? null : freeformTags,
    collectedAt: '2025-06-01T02:00:00.000Z',
    enrichStatus: pick(random, ['OK', 'NOT_IMPLEMENTED', 'NOT_FOUND', 'ERROR'] as const),
    enrichError: random() < 0.8 ? null : randomText(random, 10),
    details: random() < 0.2 ? null : { size: Math.floor(random() * 1000) / 8, flag: random() < 0.5, nested: { list: [1, 'two', null] }, collectedAt: 'x', text: randomText(random, 10) },
    relationships,
  };
}

/** Random distinct keys: few resource types so that one ocid often has several. */
export function randomKeys(random: () => number, count: number, taken: ReadonlySet<string> = new Set()): RecordKey[] {
  const seen = new Set(taken);
  const keys: RecordKey[] = [];
  while (keys.length < count) {
    const key = { ocid: `ocid1.${randomText(random, 3)}`, resourceType: pick(random, ['Instance', 'Vcn', 'Bucket', 'Vnic/Attachment']) };
    const id = keyId(key);
    if (seen.has(id)) continue;
    seen.add(id);
    keys.push(key);
  }
  return keys;
}

export function keyId(key: RecordKey): string {
  return JSON.stringify([key.ocid, key.resourceType]);
}

export function sortedByKey<T extends RecordKey>(records: readonly T[]): T[] {
  return [...records].sort(compareRecordKeys);
}

/** Canonical JSONL in the given order (callers sort), one record per line, LF after every line. */
export function canonicalLines(records: readonly (InventoryRecord | JsonObject)[]): string {
  return records.map((record) => `${canonicalize(record)}\n`).join('');
}

export async function writeInventory(path: string, records: readonly (InventoryRecord | JsonObject)[]): Promise<void> {
  await writeFile(path, canonicalLines(records));
}

export async function withTempDir<T>(run: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'oci-inventory-diff-'));
  try {
    return await run(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The record hash computed independently of shared/diff: sha256 of json-canonicalize without top-level collectedAt. */
export function expectedHash(record: InventoryRecord | JsonObject): string {
  const copy: JsonObject = { ...(record as JsonObject) };
  delete copy['collectedAt'];
  return createHash('sha256').update(canonicalize(copy), 'utf8').digest('hex');
}

/** Every top-level key of the record contract, to assert fixtures stay complete. */
export function hasAllRecordKeys(record: object): boolean {
  return RECORD_KEYS.every((key) => Object.hasOwn(record, key));
}

export function cloneJson<T extends JsonValue | InventoryRecord>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/**
 * Applies diff changes to a copy of `record` (the property the tests pin: prev + changes = curr).
 * Written against RFC 6901 directly, not with shared/diff's pointer helpers.
 */
export function applyChanges(record: JsonObject, changes: readonly { path: string; before?: JsonValue; after?: JsonValue }[]): JsonObject {
  const result = cloneJson(record);
  for (const change of changes) {
    const segments = change.path
      .split('/')
      .slice(1)
      .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'));
    const last = segments.pop();
    if (last === undefined) throw new Error(`empty path in ${JSON.stringify(change)}`);
    let parent: JsonValue = result;
    for (const segment of segments) {
      if (parent === null || typeof parent !== 'object' || Array.isArray(parent)) throw new Error(`no object at ${change.path}`);
      parent = parent[segment] as JsonValue;
    }
    if (parent === null || typeof parent !== 'object' || Array.isArray(parent)) throw new Error(`no object at ${change.path}`);
    if ('before' in change) assert.deepStrictEqual(parent[last], change.before, `before at ${change.path}`);
    else if (Object.hasOwn(parent, last)) throw new Error(`${change.path} has no before but exists`);
    if ('after' in change) parent[last] = cloneJson(change.after as JsonValue);
    else delete parent[last];
  }
  return result;
}
