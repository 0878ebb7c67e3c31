import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { inspect } from 'node:util';
import { tableFromIPC } from 'apache-arrow';
import { parse as parseCsv } from 'csv-parse/sync';
import { readParquet } from 'parquet-wasm/esm';
import type { CliIo } from '../../cli/cli-command.ts';
import { main } from '../../cli/main.ts';
import type { Emulator } from '../../emulator/index.ts';
import { initParquetWasm } from '../../shared/export/parquet-wasm.ts';

/*
 * Runs the CLI in-process through its public entry point, `main(argv, io)` from cli/main.ts, with captured
 * stdout/stderr, an explicit environment, working directory and home directory, and an `interrupted`
 * promise that never resolves (no test presses Ctrl-C). The CLI's environment is what the test passes,
 * not process.env, so a developer's OCI_INV_* or OCI_CLI_CONFIG_FILE cannot change a result. (The OCI SDK's
 * resource-principal provider does read process.env: see withProcessEnv.)
 */

export interface CliRunOptions {
  /** Working directory; relative paths (e.g. the default `out` outdir) resolve against it. */
  cwd: string;
  /** Home directory (`~` in paths). Default: `cwd`, so `~/.oci/config` never points at the developer's file. */
  homeDir?: string;
  /** The process environment the CLI sees. Default: empty. */
  env?: NodeJS.ProcessEnv;
}

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** stdout split into lines, without the empty text after the final newline. */
  stdoutLines: string[];
  /**
   * What went to `console.*` during the run. The CLI itself never uses the console, but the OCI SDK
   * does (e.g. "All retry attempts have exhausted"); captured so it neither clutters the test output nor
   * escapes the secrecy checks.
   */
  console: string;
}

/** A Writable that keeps everything written to it as UTF-8 text. */
export class CapturedStream extends Writable {
  readonly #chunks: Buffer[] = [];
  isTTY = false;

  override _write(chunk: Buffer | string, encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.#chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, encoding) : chunk);
    callback();
  }

  get text(): string {
    return Buffer.concat(this.#chunks).toString('utf8');
  }
}

/** A promise that never settles: the CLI's "user pressed Ctrl-C" signal, never sent in tests. */
const NEVER: Promise<void> = new Promise<void>(() => undefined);

export async function runCli(argv: readonly string[], options: CliRunOptions): Promise<CliResult> {
  const stdout = new CapturedStream();
  const stderr = new CapturedStream();
  const io: CliIo = {
    stdout,
    stderr,
    env: { ...(options.env ?? {}) },
    cwd: options.cwd,
    homeDir: options.homeDir ?? options.cwd,
    interrupted: NEVER,
  };
  const consoleLines: string[] = [];
  const exitCode = await withCapturedConsole(consoleLines, () => main([...argv], io));
  const out = stdout.text;
  const lines = out.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return { exitCode, stdout: out, stderr: stderr.text, stdoutLines: lines, console: consoleLines.join('\n') };
}

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

async function withCapturedConsole<T>(into: string[], body: () => Promise<T>): Promise<T> {
  const saved = CONSOLE_METHODS.map((name) => [name, console[name]] as const);
  for (const name of CONSOLE_METHODS) {
    console[name] = (...args: unknown[]) => {
      into.push(args.map((arg) => (arg instanceof Error ? (arg.stack ?? arg.message) : typeof arg === 'string' ? arg : inspect(arg))).join(' '));
    };
  }
  try {
    return await body();
  } finally {
    for (const [name, original] of saved) console[name] = original;
  }
}

/** The flags that point the CLI at an emulator with API-key (config file) auth. */
export function emulatorAuthArgs(emulator: Emulator, configPath: string): string[] {
  return ['--auth', 'config', '--oci-config', configPath, '--endpoint-template', emulator.endpointTemplate];
}

/** A fresh temporary directory; remove it with `removeTempDir`. */
export function makeTempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `oci-inventory-${prefix}-`));
}

export async function removeTempDir(dir: string | undefined): Promise<void> {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
}

/**
 * Runs `body` with `vars` set in process.env (the OCI SDK's resource-principal provider reads
 * process.env, not the CLI's io.env), then restores every variable exactly, also when `body` throws.
 */
export async function withProcessEnv<T>(vars: Record<string, string>, body: () => Promise<T>): Promise<T> {
  const saved = new Map(Object.keys(vars).map((name) => [name, process.env[name]]));
  Object.assign(process.env, vars);
  try {
    return await body();
  } finally {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

/** The run folder a successful `run` printed: its last stdout line. */
export function runDirOf(result: CliResult): string {
  const last = result.stdoutLines.at(-1);
  if (last === undefined || last === '') throw new Error(`run printed nothing on stdout; stderr:\n${result.stderr}`);
  return last;
}

/* ---- Reading a run's artifacts back, independently of the code that wrote them ---- */

/** The lines of an inventory.jsonl (the empty text after the final newline is not a line). */
export async function readJsonlLines(path: string): Promise<string[]> {
  const text = await readFile(path, 'utf8');
  if (text === '') return [];
  if (!text.endsWith('\n')) throw new Error(`${path} does not end with a newline`);
  return text.slice(0, -1).split('\n');
}

/** Every record of an inventory.jsonl, parsed. */
export async function readJsonlRecords(path: string): Promise<Record<string, unknown>[]> {
  return (await readJsonlLines(path)).map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** A CSV file as rows of cells (header included), parsed by csv-parse with its defaults (no trimming). */
export async function readCsvRows(path: string): Promise<string[][]> {
  return parseCsv(await readFile(path, 'utf8'), { relax_column_count: false }) as string[][];
}

/** A Parquet file as its column names and rows of values (Utf8 columns: strings and nulls). */
export async function readParquetRows(path: string): Promise<{ columns: string[]; rows: Record<string, string | null>[] }> {
  initParquetWasm();
  const table = tableFromIPC(readParquet(new Uint8Array(await readFile(path))).intoIPCStream());
  const columns = table.schema.fields.map((field) => field.name);
  const rows: Record<string, string | null>[] = [];
  for (const row of table) {
    const values: Record<string, string | null> = {};
    for (const column of columns) {
      const value: unknown = row?.[column];
      values[column] = value === null || value === undefined ? null : String(value);
    }
    rows.push(values);
  }
  return { columns, rows };
}

export async function sha256OfFile(path: string): Promise<string> {
  return createHash('sha256').update(await readFile(path)).digest('hex');
}

/** The canonical line with its collectedAt value replaced: what stays equal between two runs of one tenancy. */
export function withoutCollectedAt(text: string): string {
  return text.replace(/"collectedAt":"[^"]*"/g, '"collectedAt":"<collectedAt>"');
}
