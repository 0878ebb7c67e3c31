/**
 * Merges already-sorted sequences into one sorted sequence, holding one item per sequence (binary heap
 * keyed by each sequence's current head). Equal items come out in source order, so the merge is stable.
 */
import { MinHeap } from './min-heap.ts';

interface Head<T> {
  item: T;
  readonly source: number;
  readonly iterator: AsyncIterator<T>;
}

export async function* mergeSorted<T>(sources: readonly AsyncIterable<T>[], compare: (a: T, b: T) => number): AsyncGenerator<T> {
  const heap = new MinHeap<Head<T>>((a, b) => compare(a.item, b.item) || a.source - b.source);
  const iterators = sources.map((source) => source[Symbol.asyncIterator]());
  try {
    for (let source = 0; source < iterators.length; source++) {
      const iterator = iterators[source]!;
      const first = await iterator.next();
      if (!first.done) heap.push({ item: first.value, source, iterator });
    }
    for (let head = heap.peek(); head !== undefined; head = heap.peek()) {
      yield head.item;
      const next = await head.iterator.next();
      if (next.done) {
        heap.pop();
      } else {
        head.item = next.value;
        heap.replaceTop(head);
      }
    }
  } finally {
    // Stopped early (consumer broke off or a source failed): let every source release its file.
    await Promise.allSettled(iterators.map((iterator) => iterator.return?.()));
  }
}

interface ChunkHead<T> {
  chunk: readonly T[];
  index: number;
  readonly source: number;
  readonly iterator: AsyncIterator<readonly T[]>;
}

/** Items per output chunk of mergeSortedChunks. */
const OUTPUT_CHUNK = 1024;

/**
 * mergeSorted for sources that deliver arrays of items (sorted within and across their arrays), yielding
 * arrays: the heap work is synchronous while every source has items in hand, and the merge awaits only
 * when a source's array runs out. Same order as mergeSorted over the flattened sources (stable).
 */
export async function* mergeSortedChunks<T>(
  sources: readonly AsyncIterable<readonly T[]>[],
  compare: (a: T, b: T) => number,
): AsyncGenerator<T[]> {
  const heap = new MinHeap<ChunkHead<T>>((a, b) => compare(a.chunk[a.index] as T, b.chunk[b.index] as T) || a.source - b.source);
  const iterators = sources.map((source) => source[Symbol.asyncIterator]());
  /** The source's next non-empty array, or undefined at its end. */
  const nextChunk = async (iterator: AsyncIterator<readonly T[]>): Promise<readonly T[] | undefined> => {
    for (;;) {
      const next = await iterator.next();
      if (next.done) return undefined;
      if (next.value.length > 0) return next.value;
    }
  };
  try {
    for (let source = 0; source < iterators.length; source++) {
      const iterator = iterators[source]!;
      const chunk = await nextChunk(iterator);
      if (chunk !== undefined) heap.push({ chunk, index: 0, source, iterator });
    }
    let out: T[] = [];
    for (let head = heap.peek(); head !== undefined; head = heap.peek()) {
      out.push(head.chunk[head.index] as T);
      if (out.length >= OUTPUT_CHUNK) {
        yield out;
        out = [];
      }
      head.index++;
      if (head.index < head.chunk.length) {
        heap.replaceTop(head);
        continue;
      }
      const chunk = await nextChunk(head.iterator);
      if (chunk === undefined) {
        heap.pop();
      } else {
        head.chunk = chunk;
        head.index = 0;
        heap.replaceTop(head);
      }
    }
    if (out.length > 0) yield out;
  } finally {
    // Stopped early (consumer broke off or a source failed): let every source release its file.
    await Promise.allSettled(iterators.map((iterator) => iterator.return?.()));
  }
}
