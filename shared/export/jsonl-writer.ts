/**
 * JSONL: one RFC 8785 canonical JSON line per record, each terminated by '\n' (also the last), UTF-8,
 * no BOM. Lines go through one reusable buffer (io/buffered-writer.ts), never into one big string.
 */
import { BufferedWriter, type ByteSink } from '../io/buffered-writer.ts';
import type { FormatWriter } from './format-writer.ts';

export function createJsonlWriter(sink: ByteSink): FormatWriter {
  const out = new BufferedWriter(sink);
  return {
    write: (row) => out.writeString(`${row.line}\n`),
    end: () => out.flush(),
    abort: async () => undefined,
  };
}
