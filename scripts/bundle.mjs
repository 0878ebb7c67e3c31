// The one esbuild configuration for OCI Functions bundles: `npm run build` (scripts/build.mjs) and the tests
// (fixture functions for the local Fn agent) both bundle through `bundle()`, so what a test runs is built exactly
// like what is deployed.
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { build } from 'esbuild';

/**
 * The esbuild settings of every function bundle.
 * - `target: node20` always: esbuild 0.28 otherwise emits `Uint8Array.fromBase64`, which crashes on Node 20.
 * - CommonJS: `@fnproject/fdk` is CommonJS and a CJS bundle needs no `createRequire` banner.
 * - `.wasm` as binary: parquet-wasm's wasm is imported as bytes and inlined, so the bundle is ONE file.
 */
export const BUNDLE_OPTIONS = Object.freeze({
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  loader: { '.wasm': 'binary' },
  minify: false,
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
  // shared/export/parquet-wasm.ts reads import.meta.url only when no wasm bytes are given; the bundle
  // always gives them (functions/index.ts), so the CJS bundle's empty import.meta is never read.
  logOverride: { 'empty-import-meta': 'silent' },
});

/** An entry file that does not exist: named in the message, with what was expected. */
export class MissingEntryError extends Error {
  /** @param {string} entry */
  constructor(entry) {
    super(`bundle entry not found: ${entry} (expected a TypeScript/JavaScript file that calls fdk.handle)`);
    this.name = 'MissingEntryError';
    this.entry = entry;
  }
}

/**
 * Bundles `entry` (and everything it imports) into the single CommonJS file `outfile`.
 * Relative paths are resolved against the current directory.
 *
 * @param {{ entry: string, outfile: string }} options
 * @returns {Promise<{ entry: string, outfile: string, bytes: number, warnings: number }>}
 */
export async function bundle({ entry, outfile }) {
  if (typeof entry !== 'string' || entry.length === 0) throw new TypeError(`bundle: "entry" must be a file path, got ${JSON.stringify(entry)}`);
  if (typeof outfile !== 'string' || outfile.length === 0) throw new TypeError(`bundle: "outfile" must be a file path, got ${JSON.stringify(outfile)}`);
  const entryPath = resolve(entry);
  const outPath = resolve(outfile);
  if (!existsSync(entryPath)) throw new MissingEntryError(entryPath);
  const result = await build({ ...BUNDLE_OPTIONS, entryPoints: [entryPath], outfile: outPath, write: true });
  const { size } = await stat(outPath);
  return { entry: entryPath, outfile: outPath, bytes: size, warnings: result.warnings.length };
}
