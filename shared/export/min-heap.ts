/** A binary min-heap: the smallest item by `compare` is at the top. Used for the k-way merge of sort runs. */
export class MinHeap<T> {
  readonly #items: T[] = [];
  readonly #compare: (a: T, b: T) => number;

  constructor(compare: (a: T, b: T) => number) {
    this.#compare = compare;
  }

  get size(): number {
    return this.#items.length;
  }

  peek(): T | undefined {
    return this.#items[0];
  }

  push(item: T): void {
    this.#items.push(item);
    this.#siftUp(this.#items.length - 1);
  }

  pop(): T | undefined {
    const items = this.#items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last !== undefined) {
      items[0] = last;
      this.#siftDown(0);
    }
    return top;
  }

  /** Replaces the top item and restores heap order: one sift instead of a pop and a push. */
  replaceTop(item: T): void {
    if (this.#items.length === 0) {
      this.#items.push(item);
      return;
    }
    this.#items[0] = item;
    this.#siftDown(0);
  }

  #siftUp(index: number): void {
    const items = this.#items;
    const item = items[index] as T;
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = items[parentIndex] as T;
      if (this.#compare(item, parent) >= 0) break;
      items[index] = parent;
      index = parentIndex;
    }
    items[index] = item;
  }

  #siftDown(index: number): void {
    const items = this.#items;
    const length = items.length;
    const item = items[index] as T;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= length) break;
      const right = left + 1;
      const smaller = right < length && this.#compare(items[right] as T, items[left] as T) < 0 ? right : left;
      if (this.#compare(items[smaller] as T, item) >= 0) break;
      items[index] = items[smaller] as T;
      index = smaller;
    }
    items[index] = item;
  }
}
