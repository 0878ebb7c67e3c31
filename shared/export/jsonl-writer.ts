/**
 * JSONL: one RFC 8785 canonical JSON line per record, each terminated by '\n' (also the last), UTF-8,
 * no BOM. Each row already holds its line as bytes (export-row.ts): they are copied into one reusable
 * buffer (io/buffered-writer.ts), never decoded or joined into one big string.
 */
import { BufferedWriter, type ByteSink } from '../io/buffered-writer.ts';
import { ROW_HEADER_BYTES } from './export-row.ts';
import type { FormatWriter } from './format-writer.ts';

export function createJsonlWriter(sink: ByteSink): FormatWriter {
  const out = new BufferedWriter(sink);
  return {
    write: (row) => out.writeRange(row.bytes, ROW_HEADER_BYTES, row.bytes.length),
    end: () => out.flush(),
    abort: async () => undefined,
  };
}
