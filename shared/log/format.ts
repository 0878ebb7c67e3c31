/**
 * Turns one log event (already redacted, JSON-safe) into one line of text or JSON.
 * One event is always one line: control characters are escaped, so a multi-line message or stack
 * cannot forge extra log lines.
 */
import type { LogLevel } from './levels.ts';

export interface LogEvent {
  time: string;
  level: LogLevel;
  msg: string;
  /** Redacted, JSON-safe values (see `redactSecrets`). */
  fields: Record<string, unknown>;
}

const CORE_KEYS = new Set(['time', 'level', 'msg']);

/** `{"time","level","msg",...fields}`; a field named like a core key is kept as `field.<name>`. */
export function formatJsonLine(event: LogEvent): string {
  const line: Record<string, unknown> = { time: event.time, level: event.level, msg: event.msg };
  for (const [key, value] of Object.entries(event.fields)) {
    line[CORE_KEYS.has(key) ? `field.${key}` : key] = value;
  }
  return JSON.stringify(line);
}

/** `time LEVEL msg key=value ...`; nested objects flatten to dotted keys (`err.message=...`). */
export function formatTextLine(event: LogEvent): string {
  const parts = [event.time, event.level.toUpperCase().padEnd(5), escapeControl(event.msg)];
  for (const [key, value] of flatten(event.fields, '')) {
    parts.push(`${sanitizeKey(key)}=${formatTextValue(value)}`);
  }
  return parts.join(' ');
}

function flatten(fields: Record<string, unknown>, prefix: string): [string, unknown][] {
  const result: [string, unknown][] = [];
  for (const [key, value] of Object.entries(fields)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 0) {
      result.push(...flatten(value as Record<string, unknown>, path));
    } else {
      result.push([path, value]);
    }
  }
  return result;
}

function formatTextValue(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? 'null';
  // Quote when a reader (human or logfmt parser) could mis-split the pair.
  return text === '' || /[\s"=\\\u0000-\u001f\u007f]/.test(text) ? JSON.stringify(text) : text;
}

function sanitizeKey(key: string): string {
  return key.replace(/[\s="\u0000-\u001f\u007f]/g, '_') || '_';
}

function escapeControl(text: string): string {
  const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
  return text.replace(/[\u0000-\u001f\u007f]/g, (c) => named[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
