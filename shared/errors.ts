/**
 * Typed errors of the inventory. Each carries the exit code the CLI uses and a context object
 * (what failed, where) so that the CLI and the function handlers map errors in one place.
 * Messages must say what failed and what to do, and never contain secrets.
 */
export const EXIT_CODES = {
  complete: 0,
  unexpected: 1,
  usage: 2,
  auth: 3,
  partial: 4,
} as const;

export type ErrorContext = Record<string, string | number | boolean | null | undefined>;

export class InventoryError extends Error {
  readonly exitCode: number = EXIT_CODES.unexpected;
  readonly context: ErrorContext;

  constructor(message: string, options: { cause?: unknown; context?: ErrorContext } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.context = options.context ?? {};
  }
}

/** Bad command-line usage, settings, payloads or input files: the caller must change what they gave us. */
export class UsageError extends InventoryError {
  override readonly exitCode: number = EXIT_CODES.usage;
}

/** A settings file, environment variable or flag has a wrong key or value. */
export class SettingsError extends UsageError {}

/** An input file (for example a previous inventory.jsonl) is malformed; context names file and line. */
export class InputFormatError extends UsageError {}

/** Credentials could not be resolved, or OCI rejected them (401), or a call was not authorized. */
export class AuthError extends InventoryError {
  override readonly exitCode: number = EXIT_CODES.auth;
}

/**
 * A value cannot be turned into canonical JSON (json/canonical-json.ts), or a record field has the wrong
 * type (export/canonical-json.ts). A bug or contract violation upstream, so the default "unexpected" exit
 * code; the context names the record, field and path.
 */
export class RecordSerializationError extends InventoryError {}

export function exitCodeOf(error: unknown): number {
  return error instanceof InventoryError ? error.exitCode : EXIT_CODES.unexpected;
}
