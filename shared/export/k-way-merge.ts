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
