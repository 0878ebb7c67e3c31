/**
 * What write-exports.ts needs from each output format: accept rows in order with backpressure, finish,
 * or stop after a failure. A format writer writes bytes to a sink; it never names, seals or publishes
 * files (io/atomic-file.ts and write-exports.ts do that), so all formats are published together.
 */
import type { ExportRow } from './export-row.ts';

export const EXPORT_FORMATS = ['jsonl', 'csv', 'parquet'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface FormatWriter {
  /**
   * Accepts the next row. Returns undefined when the caller may go on at once, or a promise to await
   * before the next call (backpressure; it rejects if the writer failed).
   */
  write(row: ExportRow): Promise<void> | undefined;
  /** Writes everything still pending to the sink; the output is then complete. */
  end(): Promise<void>;
  /** Stops early after a failure anywhere and releases resources. Never throws. */
  abort(reason: unknown): Promise<void>;
}
