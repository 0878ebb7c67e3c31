/**
 * diff.json and diff_summary.json: the byte-for-byte format, and a streaming writer for it.
 *
 * diff_summary.json is the summary as RFC 8785 canonical JSON plus "\n":
 *   {"added":1,"changed":1,"curr_total":3,"prev_total":3,"removed":1,"unchanged":1}
 *
 * diff.json is one JSON document, the summary first, then three arrays, each entry on its own line as
 * RFC 8785 canonical JSON (so any RFC 8785 implementation reproduces the entry bytes), in
 * (ocid, resourceType) order:
 *   {"summary":<the summary as above>,
 *   "added":[
 *   {"ocid":"…","resourceType":"…"},
 *   {"ocid":"…","resourceType":"…"}
 *   ],
 *   "removed":[],
 *   "changed":[
 *   {"changes":[{"after":…,"before":…,"path":"/displayName"}],"currHash":"…","ocid":"…","prevHash":"…","resourceType":"…"}
 *   ]}
 * - An empty array is written `[]` on the key's line; otherwise "[", one entry per line joined by ",\n", "]".
 * - The document ends with "]}\n". There is no other whitespace.
 * - In `changes`, a missing `before` means the key was added, a missing `after` that it was removed
 *   (see record-changes.ts); both present means the value at `path` changed.
 * The summary comes first although it is known only at the end, so that a reader can show the counts
 * without reading the lists: entries are streamed to three temp part files while the diff runs, then
 * spliced after the summary (the parts are ~the size of diff.json, not of the inventories). Each file
 * is renamed into place only when complete, diff.json first and diff_summary.json last, so a reader
 * never sees a partial file, and a failed diff leaves an earlier diff in outDir untouched.
 */
import { mkdir, open, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { AtomicFile, tempPathBeside, writeFileAtomically } from '../io/atomic-file.ts';
import { BufferedWriter, fileHandleSink } from '../io/buffered-writer.ts';
import { canonicalJson } from '../json/canonical-json.ts';
import type { JsonObject, JsonValue } from '../model/record.ts';
import type { DiffEntry, DiffSummary } from './diff-types.ts';

export const DIFF_FILE_NAME = 'diff.json';
export const DIFF_SUMMARY_FILE_NAME = 'diff_summary.json';
/** The arrays of diff.json, in the order they are written. */
const SECTIONS = ['added', 'removed', 'changed'] as const;
type Section = (typeof SECTIONS)[number];

/** The summary as canonical JSON (no newline). */
export function summaryJson(summary: DiffSummary): string {
  // Copy the six fields explicitly so that an object with extra properties cannot change the bytes.
  const { added, removed, changed, unchanged, prev_total, curr_total } = summary;
  return canonicalJson({ added, removed, changed, unchanged, prev_total, curr_total });
}

/** The line of one entry in its diff.json array (canonical JSON, no newline). */
export function diffEntryJson(entry: DiffEntry): string {
  if (entry.kind === 'changed') {
    const { ocid, resourceType, prevHash, currHash, changes } = entry.change;
    // Built with keys in canonical order so that canonicalJson takes its fast path (see json/canonical-json.ts).
    const sortedChanges = changes.map((change): JsonObject => {
      const sorted: JsonObject = {};
      if ('after' in change) sorted['after'] = change.after as JsonValue;
      if ('before' in change) sorted['before'] = change.before as JsonValue;
      sorted['path'] = change.path;
      return sorted;
    });
    return canonicalJson({ changes: sortedChanges, currHash, ocid, prevHash, resourceType });
  }
  return canonicalJson({ ocid: entry.key.ocid, resourceType: entry.key.resourceType });
}

/**
 * Drains the entries into outDir/diff.json and outDir/diff_summary.json (creating outDir if needed)
 * and returns the summary. On any error no part of the new files is left behind.
 */
export async function writeDiffDocuments(
  entries: AsyncGenerator<DiffEntry, DiffSummary, undefined>,
  outDir: string,
): Promise<DiffSummary> {
  await mkdir(outDir, { recursive: true });
  const diffPath = join(outDir, DIFF_FILE_NAME);
  const parts = new Map<Section, SectionPart>();
  let document: AtomicFile | undefined;
  try {
    for (const section of SECTIONS) parts.set(section, await SectionPart.create(tempPathBeside(`${diffPath}.${section}`)));
    let summary: DiffSummary;
    for (;;) {
      const next = await entries.next();
      if (next.done === true) {
        summary = next.value;
        break;
      }
      await partFor(parts, next.value.kind).append(diffEntryJson(next.value));
    }

    document = await AtomicFile.create(diffPath);
    const out = new BufferedWriter(document);
    await out.writeString(`{"summary":${summaryJson(summary)},\n`);
    for (const section of SECTIONS) {
      await out.writeString(`${JSON.stringify(section)}:[`);
      await partFor(parts, section).spliceInto(out);
      await out.writeString(section === 'changed' ? ']}\n' : '],\n');
    }
    await out.flush();
    await document.commit();
    const summaryBytes = Buffer.from(`${summaryJson(summary)}\n`, 'utf8');
    await writeFileAtomically(join(outDir, DIFF_SUMMARY_FILE_NAME), (file) => file.write(summaryBytes));
    return summary;
  } catch (error) {
    await document?.abort();
    await entries.return(undefined as never).catch(() => undefined); // closes the input files
    throw error;
  } finally {
    for (const part of parts.values()) await part.remove();
  }
}

function partFor(parts: Map<Section, SectionPart>, section: Section): SectionPart {
  const part = parts.get(section);
  if (part === undefined) throw new Error(`writeDiffDocuments: no part file for ${section}`);
  return part;
}

/** The entries of one array, already in their final layout ("\n" before the first, ",\n" between), in a scratch file. */
class SectionPart {
  readonly #path: string;
  #handle: FileHandle | undefined;
  readonly #out: BufferedWriter;
  #count = 0;

  private constructor(path: string, handle: FileHandle) {
    this.#path = path;
    this.#handle = handle;
    this.#out = new BufferedWriter(fileHandleSink(handle));
  }

  /** Creates the file; fails if it exists ('wx'), so two writers never share a scratch name. */
  static async create(path: string): Promise<SectionPart> {
    return new SectionPart(path, await open(path, 'wx'));
  }

  /** Await the result when it is a promise before appending again (BufferedWriter's backpressure). */
  append(entryJson: string): Promise<void> | undefined {
    this.#count += 1;
    return this.#out.writeString(this.#count === 1 ? `\n${entryJson}` : `,\n${entryJson}`);
  }

  /** Copies the entries into the document, followed by the "\n" that puts "]" on its own line. */
  async spliceInto(document: BufferedWriter): Promise<void> {
    await this.#out.flush();
    await this.#close();
    if (this.#count === 0) return;
    const handle = await open(this.#path, 'r');
    try {
      const chunk = Buffer.allocUnsafe(1 << 20);
      for (;;) {
        const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
        if (bytesRead === 0) break;
        await document.writeBytes(chunk.subarray(0, bytesRead));
      }
    } finally {
      await handle.close();
    }
    await document.writeString('\n');
  }

  /** Closes (without flushing) and deletes the file. Never throws. */
  async remove(): Promise<void> {
    await this.#close().catch(() => undefined);
    await rm(this.#path, { force: true }).catch(() => undefined);
  }

  async #close(): Promise<void> {
    const handle = this.#handle;
    this.#handle = undefined;
    await handle?.close();
  }
}
