/**
 * A growable set of small non-negative integers, one bit each: the graph marks here which edges (by their
 * position in graph_edges.jsonl) point into the inventory. 1 bit per edge is 375 KB for 3 million edges and
 * 12.5 MB for 100 million, against ~100+ bytes per entry for a Set of ocids. Memory is taken in 64 KiB
 * chunks, so growing never copies.
 */
const CHUNK_BITS = 1 << 19; // 64 KiB
const WORD_BITS = 32;

export class BitSet {
  readonly #chunks: Uint32Array[] = [];

  add(index: number): void {
    const chunkIndex = Math.floor(index / CHUNK_BITS);
    while (this.#chunks.length <= chunkIndex) this.#chunks.push(new Uint32Array(CHUNK_BITS / WORD_BITS));
    const chunk = this.#chunks[chunkIndex] as Uint32Array;
    const bit = index % CHUNK_BITS;
    chunk[bit >>> 5] = (chunk[bit >>> 5] as number) | (1 << (bit & 31));
  }

  has(index: number): boolean {
    const chunk = this.#chunks[Math.floor(index / CHUNK_BITS)];
    if (chunk === undefined) return false;
    const bit = index % CHUNK_BITS;
    return ((chunk[bit >>> 5] as number) & (1 << (bit & 31))) !== 0;
  }

  /** Bytes held. */
  get bytes(): number {
    return this.#chunks.length * (CHUNK_BITS / 8);
  }
}
