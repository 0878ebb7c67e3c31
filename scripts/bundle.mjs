// The one esbuild configuration for OCI Functions bundles: `npm run build` (scripts/build.mjs) and the tests
// (fixture functions for the local Fn agent) both bundle through `bundle()`, so what a test runs is built exactly
// like what is deployed.
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { brotliCompressSync, constants as zlibConstants } from 'node:zlib';
import { build } from 'esbuild';

/** Brotli quality of inlined wasm: 5 packs parquet-wasm's 4.7 MiB to 1.4 MiB in about a second (11 takes minutes). */
const WASM_BROTLI_QUALITY = 5;

/**
 * `.wasm` imports become a function returning the module's bytes: stored brotli-compressed (base64) in the
 * bundle and unpacked on the first call (~25 ms for parquet-wasm), so a process that never writes Parquet
 * neither reads nor decodes them, and every process reads 4.8 MiB less at start-up.
 */
const compressedWasm = {
  name: 'compressed-wasm',
  setup(build) {
    build.onLoad({ filter: /\.wasm$/ }, async (args) => {
      const packed = brotliCompressSync(await readFile(args.path), { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: WASM_BROTLI_QUALITY } });
      return {
        loader: 'js',
        contents: [
          "import { brotliDecompressSync } from 'node:zlib';",
          `const packed = ${JSON.stringify(packed.toString('base64'))};`,
          'let bytes;',
          'export default function wasmBytes() {',
          "  bytes ??= new Uint8Array(brotliDecompressSync(Buffer.from(packed, 'base64')));",
          '  return bytes;',
          '}',
        ].join('\n'),
      };
    });
  },
};

/**
 * The esbuild settings of every function bundle.
 * - `target: node20` always: esbuild 0.28 otherwise emits `Uint8Array.fromBase64`, which crashes on Node 20.
 * - CommonJS: `@fnproject/fdk` is CommonJS and a CJS bundle needs no `createRequire` banner.
 * - `.wasm` inlined (see `compressedWasm`): an import of a .wasm file is a function returning its bytes,
 *   so the bundle is ONE file.
 * - Whitespace and syntax minified (identifiers kept, so stack traces and error names stay readable): the
 *   bundle is mostly SDK code, and its size is what V8 reads and parses at every cold start.
 */
export const BUNDLE_OPTIONS = Object.freeze({
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  plugins: [compressedWasm],
  minifyWhitespace: true,
  minifySyntax: true,
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
