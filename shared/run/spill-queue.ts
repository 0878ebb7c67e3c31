import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * A first-in first-out queue of JSON values that holds at most about 2 x `memoryLimit` of them in memory;
 * the rest wait on disk in segment files of `memoryLimit` values, read back in order.
 *
 * Why: a region's Search pages arrive far faster than a rate-limited service can be enriched, and in no
 * particular order of services. Queuing each service's work apart (so one slow service never holds up
 * the others) without a bound would hold a whole region in memory; blocking the page reader instead would
 * make the services wait for each other. Spilling keeps both memory and services independent.
 *
 * Values go through JSON: what comes out is what JSON.parse(JSON.stringify(value)) gives (Dates become
 * ISO strings), in order.
 */
export class SpillQueue<T> {
  readonly #dir: string;
  readonly #name: string;
  readonly #memoryLimit: number;
  /** Values ready to be taken, from `#head` on. */
  #front: T[] = [];
  #head = 0;
  /** Values pushed while older ones wait on disk (or while the front is full), not yet written. */
  #tail: T[] = [];
  /** Segment files not yet read back, oldest first; `written` settles once the file is complete. */
  readonly #segments: { path: string; written: Promise<void> }[] = [];
  #segmentCount = 0;
  #refilling: Promise<void> | null = null;
  #size = 0;
  #spilled = 0;

  constructor(options: { dir: string; name: string; memoryLimit: number }) {
    if (!(Number.isInteger(options.memoryLimit) && options.memoryLimit >= 1)) {
      throw new RangeError(`SpillQueue memoryLimit must be a whole number >= 1, got ${options.memoryLimit}`);
    }
    this.#dir = options.dir;
    this.#name = options.name.replace(/[^A-Za-z0-9_.-]/g, '_');
    this.#memoryLimit = options.memoryLimit;
  }

  /** Values queued (in memory and on disk). */
  get size(): number {
    return this.#size;
  }

  /** Values that went through a segment file so far. */
  get spilled(): number {
    return this.#spilled;
  }

  push(value: T): void {
    this.#size += 1;
    const inFront = this.#front.length - this.#head;
    if (this.#segments.length === 0 && this.#tail.length === 0 && inFront < this.#memoryLimit) {
      this.#front.push(value);
      return;
    }
    this.#tail.push(value);
    if (this.#tail.length >= this.#memoryLimit) this.#spillTail();
  }

  /** The oldest value, or undefined when the queue is empty. Safe to call concurrently. */
  async shift(): Promise<T | undefined> {
    for (;;) {
      if (this.#head < this.#front.length) {
        const value = this.#front[this.#head] as T;
        this.#front[this.#head] = undefined as T;
        this.#head += 1;
        this.#size -= 1;
        return value;
      }
      if (this.#segments.length === 0 && this.#tail.length === 0) return undefined;
      this.#refilling ??= this.#refill().finally(() => {
        this.#refilling = null;
      });
      await this.#refilling;
    }
  }

  /** Removes the segment files still on disk (after any write still landing). */
  async dispose(): Promise<void> {
    const segments = this.#segments.splice(0);
    await Promise.allSettled(
      segments.map(async (segment) => {
        await segment.written.catch(() => {});
        await rm(segment.path, { force: true });
      }),
    );
  }

  #spillTail(): void {
    const values = this.#tail;
    this.#tail = [];
    this.#segmentCount += 1;
    this.#spilled += values.length;
    const path = join(this.#dir, `${this.#name}.${this.#segmentCount}.jsonl`);
    const text = values.map((value) => JSON.stringify(value)).join('\n');
    const written = writeFile(path, text);
    // Failure surfaces when the segment is read back; do not let it go unhandled meanwhile.
    written.catch(() => {});
    this.#segments.push({ path, written });
  }

  async #refill(): Promise<void> {
    if (this.#head < this.#front.length) return;
    this.#front = [];
    this.#head = 0;
    const segment = this.#segments.shift();
    if (!segment) {
      // Nothing on disk: the tail is next in order.
      this.#front = this.#tail;
      this.#tail = [];
      return;
    }
    await segment.written;
    const text = await readFile(segment.path, 'utf8');
    await rm(segment.path, { force: true });
    this.#front = text === '' ? [] : text.split('\n').map((line) => JSON.parse(line) as T);
  }
}
