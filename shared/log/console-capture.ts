import { format } from 'node:util';
import type { Logger } from './logger.ts';

const METHODS = ['log', 'info', 'warn', 'error', 'debug'] as const;

/**
 * The OCI SDK writes to `console` on its own (a warning for every failed request, retried or
 * expected). Our code never does, so while a command runs everything on `console` goes to our
 * logger at debug level: redacted like every log line, in the chosen format, and out of the way
 * of `--log-format json` consumers. Returns the function that restores the console.
 */
export function routeConsoleToLogger(logger: Logger): () => void {
  const saved = METHODS.map((method) => [method, console[method]] as const);
  const forward = (...args: unknown[]) => logger.debug('OCI SDK message', { message: format(...args) });
  for (const method of METHODS) console[method] = forward;
  return () => {
    for (const [method, original] of saved) console[method] = original;
  };
}
