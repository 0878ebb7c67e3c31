/**
 * One side of the diff's merge-join: the current line of a sorted inventory.jsonl, parsed only when the
 * merge needs it, and validated as it goes, so that every error names the file and the 1-based line.
 *
 * Checks: the line is JSON, is an object, has non-empty string `ocid` and `resourceType`, and its key
 * sorts strictly after the previous line's key (compareRecordKeys; equal means a duplicate). A blank
 * line is allowed only as the file's last line (the text after a trailing LF is not a line at all).
 */
import { InputFormatError } from '../errors.ts';
import { readNumberedLines } from '../io/line-reader.ts';
import type { NumberedLine, ReadLinesOptions } from '../io/line-reader.ts';
import { compareRecordKeys } from '../model/record.ts';
import type { JsonObject, RecordKey } from '../model/record.ts';
import { findCollectedAtSpan } from './collected-at-span.ts';
import type { CollectedAtSpan } from './collected-at-span.ts';

export interface ParsedRecord {
  record: JsonObject;
  key: RecordKey;
}

export class InventoryCursor {
  readonly path: string;
  #recordCount = 0;
  #lines: AsyncGenerator<NumberedLine, void, undefined>;
  #current: NumberedLine | undefined;
  #span: CollectedAtSpan | undefined | null = null; // null: not computed yet
  #parsed: ParsedRecord | undefined;
  #key: RecordKey | undefined;
  #previousKey: RecordKey | undefined;
  #previousLineNumber = 0;

  private constructor(path: string, options: ReadLinesOptions) {
    this.path = path;
    this.#lines = readNumberedLines(path, options);
  }

  /** Opens the file and moves to its first record (done at once when the file holds none). */
  static async open(path: string, options: ReadLinesOptions = {}): Promise<InventoryCursor> {
    const cursor = new InventoryCursor(path, options);
    await cursor.#load();
    return cursor;
  }

  /** How many records this cursor has moved past or holds: the file's record count once done. */
  get recordCount(): number {
    return this.#recordCount;
  }

  get done(): boolean {
    return this.#current === undefined;
  }

  get line(): string {
    return this.#currentLine().line;
  }

  get lineNumber(): number {
    return this.#currentLine().lineNumber;
  }

  /** The top-level collectedAt member of the raw line (see collected-at-span.ts), computed once. */
  get collectedAtSpan(): CollectedAtSpan | undefined {
    if (this.#span === null) this.#span = findCollectedAtSpan(this.line);
    return this.#span;
  }

  /** Parses and validates the current line (once) and checks its sort order. */
  parsed(): ParsedRecord {
    if (this.#parsed === undefined) {
      this.#parsed = this.#parse();
      this.#acceptKey(this.#parsed.key);
    }
    return this.#parsed;
  }

  /**
   * Takes the key of the current line from the other file's line, which the caller has found equal to
   * this one apart from collectedAt, and checks this line's collectedAt value, the only text not covered
   * by parsing the other line. Saves parsing this line.
   */
  acceptKeyOfEqualLine(key: RecordKey): void {
    if (this.#key !== undefined) return; // already parsed and checked in an earlier step
    const span = this.collectedAtSpan;
    if (span !== undefined) {
      const valueText = this.line.slice(span.valueStart, span.valueEnd);
      try {
        JSON.parse(valueText);
      } catch (cause) {
        throw this.#formatError(`the collectedAt value ${preview(valueText)} is not a valid JSON string`, cause);
      }
    }
    this.#acceptKey(key);
  }

  /** Moves to the next record. The current line must have been parsed or matched first. */
  async advance(): Promise<void> {
    if (this.#key === undefined) throw new Error('InventoryCursor.advance: the current line was neither parsed nor matched');
    this.#previousKey = this.#key;
    this.#previousLineNumber = this.lineNumber;
    await this.#load();
  }

  /** Stops reading early and closes the file (safe to call at any time, also when done). */
  async close(): Promise<void> {
    await this.#lines.return(undefined);
  }

  async #load(): Promise<void> {
    this.#span = null;
    this.#parsed = undefined;
    this.#key = undefined;
    const next = await this.#lines.next();
    this.#current = next.done ? undefined : next.value;
    if (this.#current === undefined || this.#current.line !== '') {
      if (this.#current !== undefined) this.#recordCount += 1;
      return;
    }
    // A blank line: fine as the last line (an editor's extra newline), an error anywhere else.
    const blank = this.#current;
    const after = await this.#lines.next();
    if (!after.done) {
      throw new InputFormatError(
        `${this.path} line ${blank.lineNumber}: blank line. Only the last line of an inventory file may be blank; remove it.`,
        { context: { file: this.path, line: blank.lineNumber } },
      );
    }
    this.#current = undefined;
  }

  #parse(): ParsedRecord {
    let value: unknown;
    try {
      value = JSON.parse(this.line);
    } catch (cause) {
      const hint = this.lineNumber === 1 && this.line.startsWith('\uFEFF') ? ' The file starts with a byte order mark: save it as UTF-8 without BOM.' : '';
      throw this.#formatError(`not valid JSON (${(cause as Error).message}). Each line must be one JSON record.${hint}`, cause);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw this.#formatError(`expected a JSON object, got ${describeJsonType(value)}. Each line must be one JSON record.`);
    }
    const record = value as JsonObject;
    const { ocid, resourceType } = record;
    if (typeof ocid !== 'string' || ocid === '') throw this.#formatError(`"ocid" must be a non-empty string, got ${preview(ocid)}`);
    if (typeof resourceType !== 'string' || resourceType === '') {
      throw this.#formatError(`"resourceType" must be a non-empty string, got ${preview(resourceType)}`);
    }
    return { record, key: { ocid, resourceType } };
  }

  #acceptKey(key: RecordKey): void {
    if (this.#previousKey !== undefined) {
      const order = compareRecordKeys(this.#previousKey, key);
      if (order === 0) {
        throw this.#formatError(`duplicate key ${describeKey(key)}, already on line ${this.#previousLineNumber}. Each (ocid, resourceType) may appear once.`);
      }
      if (order > 0) {
        throw this.#formatError(
          `out of sort order: ${describeKey(key)} sorts before ${describeKey(this.#previousKey)} on line ${this.#previousLineNumber}. ` +
            'Inventory files must be sorted by ocid, then resourceType, in plain string order (compareRecordKeys).',
        );
      }
    }
    this.#key = key;
  }

  #currentLine(): NumberedLine {
    if (this.#current === undefined) throw new Error(`InventoryCursor: ${this.path} has no current line (done)`);
    return this.#current;
  }

  #formatError(problem: string, cause?: unknown): InputFormatError {
    const line = this.lineNumber;
    return new InputFormatError(`${this.path} line ${line}: ${problem}`, { cause, context: { file: this.path, line } });
  }
}

function describeKey(key: RecordKey): string {
  return `(ocid ${preview(key.ocid)}, resourceType ${preview(key.resourceType)})`;
}

function describeJsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/** A value for an error message, cut short: input lines can be huge. */
function preview(value: unknown): string {
  const text = value === undefined ? 'nothing' : JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
