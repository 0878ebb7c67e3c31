#!/usr/bin/env node
// `npm run build`: bundles the OCI Functions entry into ONE CommonJS file (default functions/index.ts ->
// dist/func.cjs) and prints its size. `--entry <file> --outfile <file>` bundle something else with the same
// settings (see scripts/bundle.mjs).
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { MissingEntryError, bundle } from './bundle.mjs';

const DEFAULTS = { entry: 'functions/index.ts', outfile: 'dist/func.cjs' };

function usage() {
  return 'usage: node scripts/build.mjs [--entry <file>] [--outfile <file>]';
}

function formatBytes(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(2)} MiB`;
}

async function main() {
  let values;
  try {
    ({ values } = parseArgs({
      options: { entry: { type: 'string' }, outfile: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    console.error(`build: ${error.message}\n${usage()}`);
    return 2;
  }
  if (values.help) {
    console.log(usage());
    return 0;
  }
  const entry = values.entry ?? DEFAULTS.entry;
  const outfile = values.outfile ?? DEFAULTS.outfile;
  try {
    const result = await bundle({ entry, outfile });
    console.log(`build: ${relative(process.cwd(), result.entry)} -> ${relative(process.cwd(), result.outfile)} (${formatBytes(result.bytes)}, ${result.bytes} bytes)`);
    return 0;
  } catch (error) {
    if (error instanceof MissingEntryError) {
      console.error(`build: ${error.message}`);
      if (entry === DEFAULTS.entry) console.error('build: functions/index.ts is the OCI Functions entry; write it (or pass --entry) before building.');
      return 1;
    }
    // esbuild has already printed its diagnostics (logLevel: warning).
    console.error(`build: failed: ${error.message}`);
    return 1;
  }
}

process.exitCode = await main();
