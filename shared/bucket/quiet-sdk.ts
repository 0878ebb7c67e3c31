/**
 * The OCI SDK `console.warn`s every failed request ("Request cannot be retried. Not Retrying.
 * Exception occurred : ..."), including the 404s and 412s a run bucket expects (an absent
 * latest.json, a lock already taken) and the failures we rethrow as typed errors anyway.
 *
 * `withQuietSdkErrors` drops exactly those SDK echoes, and only inside the async context of the call
 * it wraps (an AsyncLocalStorage flag), so other code's warnings, and the SDK's warnings of calls
 * made elsewhere, are untouched. The console.warn wrapper is installed once, when this module loads
 * (before any test could have swapped console.warn for a mute), and passes everything else through.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

const SDK_ERROR_ECHOES = ['Request cannot be retried. Not Retrying.', 'All retry attempts have exhausted.'] as const;

const quiet = new AsyncLocalStorage<true>();

const MARK = Symbol.for('oci-inventory.quietSdkErrors');

function install(): void {
  const current = console.warn as typeof console.warn & { [MARK]?: true };
  if (current[MARK]) return;
  const wrapped = function (this: unknown, ...args: unknown[]): void {
    const first = args[0];
    if (quiet.getStore() === true && typeof first === 'string' && SDK_ERROR_ECHOES.some((echo) => first.startsWith(echo))) return;
    current.apply(this === undefined ? console : this, args);
  } as typeof console.warn & { [MARK]?: true };
  wrapped[MARK] = true;
  console.warn = wrapped;
}

install();

/** Runs `call` with the SDK's echoes of failed requests muted (the caller handles or rethrows those failures). */
export function withQuietSdkErrors<T>(call: () => Promise<T>): Promise<T> {
  return quiet.run(true, call);
}
