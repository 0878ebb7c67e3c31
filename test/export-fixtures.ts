/**
 * Records for the export tests: hostile values that break naive CSV/JSON/Parquet writers, and seeded
 * generators so failures reproduce.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as assert from 'uvu/assert';
import { RecordSerializationError } from '../shared/errors.ts';
import type { ByteSink } from '../shared/io/buffered-writer.ts';
import type { InventoryRecord } from '../shared/model/record.ts';

export function record(overrides: Partial<InventoryRecord> & Pick<InventoryRecord, 'ocid'>): InventoryRecord {
  return {
    resourceType: 'Instance',
    displayName: 'vm',
    compartmentId: 'ocid1.compartment.oc1..aaaa',
    region: 'us-ashburn-1',
    availabilityDomain: 'Uocm:US-ASHBURN-AD-1',
    lifecycleState: 'RUNNING',
    timeCreated: '2024-01-02T03:04:05.678Z',
    definedTags: { Operations: { CostCenter: '42' } },
    freeformTags: { env: 'prod' },
    collectedAt: '2025-11-26T02:00:00.000Z',
    enrichStatus: 'OK',
    enrichError: null,
    details: { shape: 'VM.Standard.E4.Flex', ocpus: 2 },
    relationships: [{ relation: 'in_compartment', target: 'ocid1.compartment.oc1..aaaa' }],
    ...overrides,
  };
}

/** Display names that need quoting, formula neutralising or careful encoding. */
export const HOSTILE_DISPLAY_NAMES: readonly string[] = [
  'plain-name',
  'comma, inside',
  'quote " inside',
  '"fully quoted"',
  'line\nbreak',
  'windows\r\nbreak',
  'lone\rcarriage return',
  'trailing newline\n',
  '=HYPERLINK("http://evil.example","click")',
  '+1+1',
  '-2+3',
  '@SUM(A1)',
  '\tleading tab',
  '\rleading CR',
  '＝full-width equals',
  ' =leading space then equals',
  'x'.repeat(1500),
  '日本語の名前、カンマ',
  'emoji 🚀 👩‍💻 family 👨‍👩‍👧',
  'עברית RTL \u200fmark العربية',
  'e\u0301 combining acute, n\u0303',
  'zero\u200bwidth',
  '',
  'semicolon; and \\ backslash',
  'nul \u0000 and bell \u0007',
];

export function hostileRecords(): InventoryRecord[] {
  const shared = { nested: { value: 'same object twice' } };
  const records: InventoryRecord[] = HOSTILE_DISPLAY_NAMES.map((displayName, index) =>
    record({ ocid: `ocid1.instance.oc1.iad.hostile${String(index).padStart(3, '0')}`, displayName }),
  );
  records.push(
    record({
      ocid: 'ocid1.bucket.oc1..nulls',
      resourceType: 'Bucket',
      displayName: null,
      compartmentId: null,
      region: null,
      availabilityDomain: null,
      lifecycleState: null,
      timeCreated: null,
      definedTags: null,
      freeformTags: null,
      enrichStatus: 'NOT_FOUND',
      enrichError: 'gone, "deleted"\nbetween list and get',
      details: null,
      relationships: [],
    }),
    record({ ocid: 'ocid1.vcn.oc1.iad.emptytags', resourceType: 'Vcn', definedTags: {}, freeformTags: {}, details: {} }),
    record({
      ocid: 'ocid1.vcn.oc1.iad.nested',
      resourceType: 'Vcn',
      // Inner keys named like top-level fields must survive (json-canonicalize's exclude would drop them).
      details: {
        collectedAt: 'inner value',
        ocid: 'ocid1.other',
        zeta: [1, 2.5, -0, 1e21, true, false, null, { b: 'x', a: ['y', { d: 1, c: 2 }] }],
        '10': 'numeric-looking keys sort as strings',
        '2': 'two',
        é: 'accented key',
        '\u20ac': 'euro key',
        '\ud83d\ude00': 'emoji key sorts by UTF-16 units',
        ' ': 'space key',
      },
      freeformTags: { 'a,b': '"quoted"', ключ: 'значение' },
    }),
    record({
      ocid: 'ocid1.vcn.oc1.iad.sharedobject',
      resourceType: 'Vcn',
      // The same object under sibling keys where one name prefixes the other: a false "circular" in json-canonicalize.
      details: { a: shared, ab: shared, list: [shared, shared] },
    }),
    record({
      ocid: 'ocid1.vcn.oc1.iad.tojsontag',
      resourceType: 'Vcn',
      // A user-chosen tag key named toJSON: json-canonicalize would emit this object in insertion order.
      freeformTags: { toJSON: 'tag value', zz: 'last', aa: 'first' },
      details: { inner: { toJSON: { y: 1, x: 2 }, b: 1, a: 2 } },
    }),
    record({ ocid: 'ocid1.instance.oc1.iad.enricherror', enrichStatus: 'ERROR', enrichError: '=cmd|/c calc', details: null }),
    // Same ocid, other resource type: two distinct keys next to each other.
    record({ ocid: 'ocid1.instance.oc1.iad.hostile000', resourceType: 'BootVolumeAttachment' }),
  );
  return records;
}

/** A small seeded PRNG (mulberry32) so shuffles and generated records reproduce. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const random = seededRandom(seed);
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [copy[index], copy[other]] = [copy[other] as T, copy[index] as T];
  }
  return copy;
}

const TYPES = ['Instance', 'Vcn', 'Subnet', 'Bucket', 'Volume', 'User'];

/** `count` records with unique keys; some ocids carry several resource types, names repeat hostile ones. */
export function generatedRecords(count: number, seed = 7): InventoryRecord[] {
  const random = seededRandom(seed);
  const records: InventoryRecord[] = [];
  for (let index = 0; index < count; index++) {
    const ocidNumber = Math.floor(index / 2);
    records.push(
      record({
        ocid: `ocid1.res.oc1..${(ocidNumber * 2654435761 % 1000003).toString(36)}-${ocidNumber}`,
        resourceType: TYPES[index % 2 === 0 ? 0 : 1 + Math.floor(random() * (TYPES.length - 1))]!,
        displayName: `${HOSTILE_DISPLAY_NAMES[index % HOSTILE_DISPLAY_NAMES.length]} #${index}`,
        region: ['us-ashburn-1', 'eu-frankfurt-1', 'ap-tokyo-1'][index % 3]!,
        details: { index, weight: random(), flags: { even: index % 2 === 0 } },
      }),
    );
  }
  return records;
}

/** A ByteSink that keeps copies of what it was given (writers reuse their buffer) and counts the writes. */
export function memorySink(): ByteSink & { bytes(): Buffer; writes: number } {
  const chunks: Buffer[] = [];
  return {
    writes: 0,
    async write(bytes) {
      this.writes++;
      chunks.push(Buffer.from(bytes));
    },
    bytes: () => Buffer.concat(chunks),
  };
}

export async function* fromArray<T>(items: readonly T[]): AsyncGenerator<T> {
  yield* items;
}

export async function makeTempDir(prefix = 'export-test-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

export async function listDir(path: string): Promise<string[]> {
  return (await readdir(path)).sort();
}

export async function removeDir(path: string): Promise<void> {
  await rm(path, { recursive: true, force: true });
}

/** Runs `work` with a fresh temporary folder (named after `prefix`), removed afterwards whatever happens. */
export async function withTempDir<T>(prefix: string, work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await makeTempDir(prefix);
  try {
    return await work(dir);
  } finally {
    await removeDir(dir);
  }
}

/**
 * A deliberately naive RFC 8785 serialiser, independent of json-canonicalize and of our guards, used as the
 * test oracle (the library itself emits insertion order for objects with a `toJSON` key, so it cannot be).
 * Only for JSON-parsed values: keys sorted by UTF-16 code units, primitives as JSON.stringify writes them.
 */
export function referenceCanonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => referenceCanonical(item)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    const keys = Object.keys(object).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${referenceCanonical(object[key])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Runs `action`, asserts it throws a RecordSerializationError whose message matches every fragment, returns it. */
export function throwsSerialization(action: () => unknown, ...fragments: string[]): RecordSerializationError {
  try {
    action();
  } catch (error) {
    assert.instance(error, RecordSerializationError);
    for (const fragment of fragments) assert.match((error as Error).message, fragment);
    return error as RecordSerializationError;
  }
  assert.unreachable('expected a RecordSerializationError');
  throw new Error('unreachable');
}
