/**
 * A small structured logger: one line per event, text for people or JSON lines for machines
 * (OCI Logging ingests a function's stderr line by line). Every message and field goes through
 * `redactSecrets` before formatting; there is no way to write around it.
 */
import { formatJsonLine, formatTextLine, type LogEvent } from './format.ts';
import { levelRank, type LogFormat, type LogLevel } from './levels.ts';
import { redactSecrets, redactText } from './redact.ts';

export type LogFields = Record<string, unknown>;

/** The part of a writable stream the logger needs (process.stderr, a test buffer, ...). */
export interface LogStream {
  write(chunk: string): unknown;
}

export interface Logger {
  /** The threshold this logger writes at. */
  readonly level: LogLevel;
  /** True when an event at `level` would be written: guard expensive field computations with it. */
  isLevelEnabled(level: LogLevel): boolean;
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every event (event fields win on a name clash). */
  child(fields: LogFields): Logger;
}

export interface LoggerOptions {
  format: LogFormat;
  level: LogLevel;
  /** Default: process.stderr (stdout is for command output). */
  stream?: LogStream;
  /** Default: the system clock. Injected by tests for stable `time` values. */
  clock?: () => Date;
}

export function createLogger(options: LoggerOptions): Logger {
  const config: LoggerConfig = {
    format: options.format === 'json' ? formatJsonLine : formatTextLine,
    threshold: options.level,
    stream: options.stream ?? process.stderr,
    clock: options.clock ?? (() => new Date()),
  };
  return new StructuredLogger(config, {});
}

interface LoggerConfig {
  format: (event: LogEvent) => string;
  threshold: LogLevel;
  stream: LogStream;
  clock: () => Date;
}

class StructuredLogger implements Logger {
  readonly #config: LoggerConfig;
  readonly #baseFields: LogFields;

  constructor(config: LoggerConfig, baseFields: LogFields) {
    this.#config = config;
    this.#baseFields = baseFields;
  }

  get level(): LogLevel {
    return this.#config.threshold;
  }

  isLevelEnabled(level: LogLevel): boolean {
    return levelRank(level) >= levelRank(this.#config.threshold);
  }

  debug(message: string, fields?: LogFields): void {
    this.#write('debug', message, fields);
  }

  info(message: string, fields?: LogFields): void {
    this.#write('info', message, fields);
  }

  warn(message: string, fields?: LogFields): void {
    this.#write('warn', message, fields);
  }

  error(message: string, fields?: LogFields): void {
    this.#write('error', message, fields);
  }

  child(fields: LogFields): Logger {
    return new StructuredLogger(this.#config, { ...this.#baseFields, ...fields });
  }

  #write(level: LogLevel, message: string, fields: LogFields | undefined): void {
    if (!this.isLevelEnabled(level)) return;
    // Stacks are long and reveal paths: only when the operator asked for debug output.
    const includeStack = this.#config.threshold === 'debug';
    const merged = fields === undefined ? this.#baseFields : { ...this.#baseFields, ...fields };
    const event: LogEvent = {
      time: this.#config.clock().toISOString(),
      level,
      msg: redactText(String(message)),
      fields: redactSecrets(merged, { includeStack }) as Record<string, unknown>,
    };
    this.#config.stream.write(`${this.#config.format(event)}\n`);
  }
}
