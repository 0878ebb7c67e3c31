/**
 * Reads a text file line by line without loading it: a 1M-record inventory is ~1 GB, and the diff, the
 * export sort and the serverless merge must stay within a few hundred MB. One reusable buffer per file, no
 * node:readline per-line event overhead.
 *
 * Line rules (the same for every caller, so line numbers in error messages always agree):
 * - A line ends at LF. A CR right before the LF is dropped (CRLF tolerant: a file that went through a
 *   Windows editor still reads; canonical JSON never contains a raw CR, so nothing meaningful is lost).
 *   A CR anywhere else stays in the line.
 * - A final line without LF is yielded; the empty text after a final LF is not a line. So "a\n" and "a"
 *   both yield one line, "a\n\n" yields "a" and "" (a blank line, which the caller judges), "" yields none.
 * - The file must be UTF-8. Invalid bytes are an InputFormatError naming the line, not a silent U+FFFD:
 *   a replaced character would make two different records look equal.
 * - Lines are cut at the byte 0x0A before decoding. In UTF-8 that byte never occurs inside a multi-byte
 *   character, so a character split across two reads is always decoded whole.
 */
import { isUtf8 } from 'node:buffer';
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { InputFormatError, UsageError } from '../errors.ts';

export interface NumberedLine {
  /** The line's text without its line ending. */
  line: string;
  /** 1-based, counting every line including blank ones, as editors and `sed -n Np` do. */
  lineNumber: number;
}

export interface ReadLinesOptions {
  /**
   * Bytes read per call; the buffer grows beyond it only for a longer line. Default 256 KiB (measured as
   * fast as 1 MiB, and a k-way merge holds one buffer per open file).
   */
  chunkBytes?: number;
  /**
   * A longer line (bytes before its LF) is an InputFormatError rather than unbounded memory. Default 64 MiB.
   * `Infinity` for no limit, for files this process wrote itself.
   */
  maxLineBytes?: number;
}

const DEFAULTS = { chunkBytes: 1 << 18, maxLineBytes: 64 << 20 } as const;
const LF = 0x0a;
const CR = 0x0d;

/**
 * The complete lines of one read, as byte ranges of the reader's own buffer: line i is
 * `buffer[starts[i], ends[i])`, without its LF (nor the CR before it). Valid only until the reader is asked
 * for the next batch: the buffer is then reused.
 */
export interface LineRanges {
  readonly buffer: Buffer;
  readonly starts: readonly number[];
  readonly ends: readonly number[];
  /** The 1-based number of the batch's first line. */
  readonly firstLineNumber: number;
}

/** Yields the lines of a file as text. */
export async function* readLines(path: string, options: ReadLinesOptions = {}): AsyncGenerator<string, void, undefined> {
  for await (const { buffer, starts, ends } of readLineRanges(path, options)) {
    for (let index = 0; index < starts.length; index++) yield buffer.toString('utf8', starts[index], ends[index]);
  }
}

/** Yields the lines of a file with their 1-based line numbers, for messages that name the line. */
export async function* readNumberedLines(path: string, options: ReadLinesOptions = {}): AsyncGenerator<NumberedLine, void, undefined> {
  for await (const { buffer, starts, ends, firstLineNumber } of readLineRanges(path, options)) {
    for (let index = 0; index < starts.length; index++) yield { line: buffer.toString('utf8', starts[index], ends[index]), lineNumber: firstLineNumber + index };
  }
}

/**
 * Yields the lines of a file as byte ranges, a batch per read (see LineRanges), checked as UTF-8 like the
 * text readers' lines: for callers that copy or scan bytes and would only throw the decoded text away.
 */
export async function* readLineRanges(path: string, options: ReadLinesOptions = {}): AsyncGenerator<LineRanges, void, undefined> {
  const chunkBytes = options.chunkBytes ?? DEFAULTS.chunkBytes;
  const maxLineBytes = options.maxLineBytes ?? DEFAULTS.maxLineBytes;
  if (!Number.isInteger(chunkBytes) || chunkBytes < 1) throw new UsageError(`chunkBytes must be a positive integer, got ${chunkBytes}`);
  if (maxLineBytes !== Infinity && (!Number.isInteger(maxLineBytes) || maxLineBytes < 1)) {
    throw new UsageError(`maxLineBytes must be a positive integer or Infinity, got ${maxLineBytes}`);
  }

  const handle = await openForReading(path);
  let buffer = Buffer.allocUnsafe(chunkBytes);
  let start = 0; // first byte of the line not yet yielded
  let end = 0; // end of the bytes read so far
  let lineNumber = 0;
  try {
    for (;;) {
      // Move the unfinished line to the front, growing the buffer only when that line fills it.
      if (start > 0) {
        buffer.copy(buffer, 0, start, end);
        end -= start;
        start = 0;
      }
      if (end === buffer.length) {
        // The buffer holds one unfinished line and nothing else.
        if (end > maxLineBytes) throw lineTooLong(path, lineNumber + 1, maxLineBytes);
        const grown = Buffer.allocUnsafe(Math.min(buffer.length * 2, maxLineBytes + 1));
        buffer.copy(grown, 0, 0, end);
        buffer = grown;
      }
      const { bytesRead } = await handle.read(buffer, end, buffer.length - end, null);
      if (bytesRead === 0) break;
      const scanFrom = end;
      end += bytesRead;

      const lastLf = buffer.lastIndexOf(LF, end - 1);
      if (lastLf < scanFrom) continue; // no complete line yet
      // One validation call for all complete lines of this read (fast, native); locate the line only on failure.
      if (!isUtf8(buffer.subarray(start, lastLf))) throw invalidUtf8(path, buffer, start, lastLf, lineNumber);
      const firstLineNumber = lineNumber + 1;
      const starts: number[] = [];
      const ends: number[] = [];
      let tooLong: InputFormatError | undefined;
      while (start <= lastLf) {
        const lf = buffer.indexOf(LF, start);
        if (lf - start > maxLineBytes) {
          // The lines before it are still delivered, as if read one at a time.
          tooLong = lineTooLong(path, lineNumber + 1, maxLineBytes);
          break;
        }
        lineNumber += 1;
        starts.push(start);
        ends.push(lf > start && buffer[lf - 1] === CR ? lf - 1 : lf);
        start = lf + 1;
      }
      if (starts.length > 0) yield { buffer, starts, ends, firstLineNumber };
      if (tooLong !== undefined) throw tooLong;
    }
    if (end > start) {
      // The final line has no LF.
      if (end - start > maxLineBytes) throw lineTooLong(path, lineNumber + 1, maxLineBytes);
      if (!isUtf8(buffer.subarray(start, end))) throw invalidUtf8(path, buffer, start, end, lineNumber);
      yield { buffer, starts: [start], ends: [end], firstLineNumber: lineNumber + 1 };
    }
  } finally {
    await handle.close();
  }
}

async function openForReading(path: string): Promise<FileHandle> {
  try {
    return await open(path, 'r');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code ?? 'error';
    throw new UsageError(`Cannot open ${path} for reading (${code}). Check that the path is right and readable.`, {
      cause,
      context: { file: path },
    });
  }
}

function lineTooLong(path: string, lineNumber: number, maxLineBytes: number): InputFormatError {
  return new InputFormatError(`${path} line ${lineNumber}: longer than ${maxLineBytes} bytes. Each line must hold one record.`, {
    context: { file: path, line: lineNumber },
  });
}

/** Finds which line of buffer[from, to) holds the invalid bytes, so the message can name it. */
function invalidUtf8(path: string, buffer: Buffer, from: number, to: number, linesBefore: number): InputFormatError {
  let lineNumber = linesBefore;
  let start = from;
  while (start < to) {
    const lf = buffer.indexOf(LF, start);
    const lineEnd = lf === -1 || lf > to ? to : lf;
    lineNumber += 1;
    if (!isUtf8(buffer.subarray(start, lineEnd))) break;
    start = lineEnd + 1;
  }
  return new InputFormatError(`${path} line ${lineNumber}: not valid UTF-8. Inventory files must be UTF-8 encoded.`, {
    context: { file: path, line: lineNumber },
  });
}
