/**
 * Reads a UTF-8 text file as lines, a chunk at a time (bounded memory), without node:readline's per-line
 * event overhead. Splitting on the byte 0x0A is safe in UTF-8: it never occurs inside a multi-byte character.
 */
import { createReadStream } from 'node:fs';

const NEWLINE = 0x0a;
const DEFAULT_CHUNK_BYTES = 1 << 18;

/** Yields the lines of a file, each without its '\n'. A final line without '\n' is yielded too. */
export async function* readLines(path: string, chunkBytes: number = DEFAULT_CHUNK_BYTES): AsyncGenerator<string> {
  let carry: Buffer | undefined;
  for await (const chunk of createReadStream(path, { highWaterMark: chunkBytes }) as AsyncIterable<Buffer>) {
    let start = 0;
    let end = chunk.indexOf(NEWLINE, start);
    if (carry !== undefined && end !== -1) {
      yield Buffer.concat([carry, chunk.subarray(0, end)]).toString('utf8');
      carry = undefined;
      start = end + 1;
      end = chunk.indexOf(NEWLINE, start);
    }
    while (end !== -1) {
      yield chunk.toString('utf8', start, end);
      start = end + 1;
      end = chunk.indexOf(NEWLINE, start);
    }
    if (start < chunk.length) carry = carry === undefined ? chunk.subarray(start) : Buffer.concat([carry, chunk.subarray(start)]);
  }
  if (carry !== undefined && carry.length > 0) yield carry.toString('utf8');
}
