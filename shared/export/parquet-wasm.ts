/**
 * Initialises parquet-wasm's WebAssembly module, synchronously and from bytes.
 *
 * We use the `parquet-wasm/esm` build with `initSync({module})`: its async `init()` fetches a URL and fails
 * in Node, and the `node` build reads its .wasm from its own folder, which a single-file bundle does not
 * have. A bundle imports `parquet-wasm/esm/parquet_wasm_bg.wasm` as bytes (esbuild `--loader:.wasm=binary`)
 * and calls `initParquetWasm(bytes)` at start-up; unbundled code calls it without bytes and the file is
 * read from node_modules. The path is only resolved when no bytes are given, so a bundle never touches
 * `import.meta.url` here.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { initSync } from 'parquet-wasm/esm';

export const PARQUET_WASM_SPECIFIER = 'parquet-wasm/esm/parquet_wasm_bg.wasm';

let initialised = false;

/** Idempotent: the first call instantiates the module, later calls do nothing. */
export function initParquetWasm(bytes?: Uint8Array): void {
  if (initialised) return;
  const module = bytes ?? readFileSync(parquetWasmPath());
  initSync({ module });
  initialised = true;
}

/** Absolute path of the installed parquet-wasm .wasm file (resolved through node_modules). */
export function parquetWasmPath(): string {
  return createRequire(import.meta.url).resolve(PARQUET_WASM_SPECIFIER);
}
