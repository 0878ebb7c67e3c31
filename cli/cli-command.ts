import type { Writable } from 'node:stream';
import { parseCommandLine, type CommandSpec, type OptionSpecs, type ParsedCommandLine } from '../shared/settings/index.ts';

/** What a command may touch of the process: passed in so tests can run commands in-process. */
export interface CliIo {
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
  homeDir: string;
  /** Resolves when the user asks to stop (Ctrl-C); long-running commands race it. */
  interrupted: Promise<void>;
}

export interface CliCommand<O extends OptionSpecs = OptionSpecs> {
  spec: CommandSpec<O>;
  /** Returns the exit code. Throws InventoryErrors for failures the user can act on. */
  execute(parsed: Exclude<ParsedCommandLine<O>, { help: true }>, io: CliIo): Promise<number>;
}

export function defineCliCommand<O extends OptionSpecs>(command: CliCommand<O>): CliCommand<O> {
  return command;
}

export function parseFor<O extends OptionSpecs>(command: CliCommand<O>, argv: string[], io: CliIo): ParsedCommandLine<O> {
  return parseCommandLine(command.spec, { argv, env: io.env, cwd: io.cwd, homeDir: io.homeDir });
}
