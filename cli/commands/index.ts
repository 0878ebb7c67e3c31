import type { CliCommand } from '../cli-command.ts';
import { demoCommand } from './demo.ts';
import { diffCommand } from './diff.ts';
import { emulatorCommand } from './emulator.ts';
import { fetchCommand } from './fetch.ts';
import { listCompartmentsCommand, listRegionsCommand, validateAuthCommand } from './identity-commands.ts';
import { runCommand } from './run.ts';

/** Every CLI command, in the order `--help` lists them. */
export const COMMANDS: readonly CliCommand<any>[] = [
  runCommand,
  diffCommand,
  fetchCommand,
  validateAuthCommand,
  listRegionsCommand,
  listCompartmentsCommand,
  emulatorCommand,
  demoCommand,
];
