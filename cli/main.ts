import { homedir } from 'node:os';
import { exitCodeOf, InventoryError } from '../shared/errors.ts';
import { createLogger, redactSecrets, routeConsoleToLogger } from '../shared/log/index.ts';
import { failureInfoOf } from '../shared/oci/retry-policy.ts';
import { describeOciFailure } from '../shared/oci/service-errors.ts';
import { formatHelp } from '../shared/settings/index.ts';
import { parseFor, type CliCommand, type CliIo } from './cli-command.ts';
import { COMMANDS } from './commands/index.ts';

const PROGRAM = 'oci-inventory';

function usage(): string {
  const width = Math.max(...COMMANDS.map((command) => command.spec.name.length));
  return [
    `Usage: ${PROGRAM} <command> [options]`,
    '',
    'Commands:',
    ...COMMANDS.map((command) => `  ${command.spec.name.padEnd(width)}  ${command.spec.summary}`),
    '',
    `Run "${PROGRAM} <command> --help" for a command's options.`,
  ].join('\n');
}

function processIo(): CliIo {
  const interrupted = new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd(), homeDir: homedir(), interrupted };
}

/** Runs the CLI; returns the exit code (see shared/errors.ts EXIT_CODES). */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(`${usage()}\n`);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS.find((candidate) => candidate.spec.name === name) as CliCommand | undefined;
  if (!command) {
    io.stderr.write(`Unknown command "${name}".\n\n${usage()}\n`);
    return 2;
  }
  try {
    const parsed = parseFor(command, rest, io);
    if (parsed.help) {
      io.stdout.write(`${formatHelp(command.spec, { program: PROGRAM })}\n`);
      return 0;
    }
    const restoreConsole = routeConsoleToLogger(
      createLogger({ format: parsed.settings.logFormat, level: parsed.settings.logLevel, stream: io.stderr }),
    );
    try {
      return await command.execute(parsed, io);
    } finally {
      restoreConsole();
    }
  } catch (error) {
    io.stderr.write(`${PROGRAM} ${name}: ${redactSecrets(describeFailure(error))}\n`);
    return exitCodeOf(error);
  }
}

/** What the user reads when a command fails: our own errors as they are, OCI failures by status and code. */
function describeFailure(error: unknown): string {
  if (error instanceof InventoryError) return error.message;
  if (failureInfoOf(error)) {
    return `Unexpected error: an OCI call failed after retries (${describeOciFailure(error)}). Retry later; if it persists, run with --log-level debug.`;
  }
  return `Unexpected error: ${(error as Error)?.stack ?? String(error)}`;
}

