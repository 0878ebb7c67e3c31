import type { Readable } from 'node:stream';

/** Longest line passed on whole; longer ones are cut (a function printing megabytes without a newline). */
const MAX_LINE_CHARS = 64 * 1024;

/**
 * Splits a container's output stream into lines for `onLine`, and keeps the last lines for error messages.
 * `flush()` passes on a last line without a newline (call it when the stream ends).
 */
export class LineSplitter {
  readonly #onLine: (line: string) => void;
  readonly #tailLines: number;
  readonly #tail: string[] = [];
  #partial = '';

  constructor(stream: Readable, onLine: (line: string) => void, options: { tailLines?: number } = {}) {
    this.#onLine = onLine;
    this.#tailLines = options.tailLines ?? 20;
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => this.#push(chunk));
    stream.on('end', () => this.flush());
    stream.on('error', () => this.flush());
  }

  /** The last lines seen (at most `tailLines`), oldest first. */
  tail(): string[] {
    return this.#partial ? [...this.#tail, this.#partial].slice(-this.#tailLines) : [...this.#tail];
  }

  flush(): void {
    if (this.#partial) {
      const line = this.#partial;
      this.#partial = '';
      this.#emit(line);
    }
  }

  #push(chunk: string): void {
    let text = this.#partial + chunk;
    let newline = text.indexOf('\n');
    while (newline !== -1) {
      this.#emit(text.slice(0, newline).replace(/\r$/, ''));
      text = text.slice(newline + 1);
      newline = text.indexOf('\n');
    }
    while (text.length > MAX_LINE_CHARS) {
      this.#emit(text.slice(0, MAX_LINE_CHARS));
      text = text.slice(MAX_LINE_CHARS);
    }
    this.#partial = text;
  }

  #emit(line: string): void {
    this.#tail.push(line);
    if (this.#tail.length > this.#tailLines) this.#tail.shift();
    try {
      this.#onLine(line);
    } catch {
      // A failing log sink must not break the container's plumbing.
    }
  }
}
