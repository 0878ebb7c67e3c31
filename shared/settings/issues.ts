/**
 * Collects every problem found in flags, env and file before failing, so one run reports all of them
 * instead of making the user fix them one at a time.
 */
import { SettingsError } from '../errors.ts';
import { redactText } from '../log/redact.ts';

const MAX_GOT_LENGTH = 80;

/** How a bad value is shown after "got": JSON-quoted, shortened, and never a secret. */
export function describeGot(raw: unknown): string {
  const text = raw === undefined ? 'nothing' : (JSON.stringify(raw) ?? String(raw));
  const shortened = text.length > MAX_GOT_LENGTH ? `${text.slice(0, MAX_GOT_LENGTH)}...` : text;
  return redactText(shortened);
}

export class SettingsIssues {
  readonly #messages: string[] = [];

  add(message: string): void {
    this.#messages.push(message);
  }

  invalid(where: string, expected: string, got: string): void {
    this.add(`Invalid ${where}: expected ${expected}, got ${got}`);
  }

  get count(): number {
    return this.#messages.length;
  }

  /** Throws one SettingsError listing every problem (one per line), if there are any. */
  throwIfAny(): void {
    const [first, ...rest] = this.#messages;
    if (first === undefined) return;
    const message = rest.length === 0 ? first : `${this.#messages.length} problems in the settings:\n  ${this.#messages.join('\n  ')}`;
    throw new SettingsError(message, { context: { problems: this.#messages.length } });
  }
}
