/**
 * Starting the export layer's helper threads (the Parquet encoder, the sorter's spill thread).
 *
 * A thread's entry is a module next to this one. It can be resolved only when this code runs from its own
 * files (TypeScript sources through tsx, or compiled JavaScript); inside a single-file bundle (functions/*:
 * esbuild CJS output has no import.meta.url) there is no entry, and callers then do the work on their own
 * thread.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/** The entry module `name` (without extension) next to this file, or undefined inside a single-file bundle. */
export function exportThreadEntry(name: string): URL | undefined {
  const here: unknown = import.meta.url;
  if (typeof here !== 'string' || !here.startsWith('file:')) return undefined;
  const extension = here.endsWith('.ts') ? '.ts' : here.endsWith('.js') || here.endsWith('.mjs') ? '.js' : undefined;
  if (extension === undefined || !/\/export-thread\.(?:ts|js|mjs)$/.test(here)) return undefined;
  return new URL(`./${name}${extension}`, here);
}

/**
 * Starts a thread on `entry`. A TypeScript entry (running from the sources through tsx) is loaded by a tiny
 * bootstrap that registers tsx's loader inside the thread first: a worker does not inherit loader hooks
 * registered at run time (bin/oci-inventory.js, `uvu -r tsx`), nor, on Node 20, from `--import` in its
 * execArgv (measured: "Unknown file extension .ts").
 */
export function startExportThread(entry: URL, workerData: unknown): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, { workerData });
  // tsx's ESM API (its `import` condition); require.resolve would give the CommonJS build.
  const tsxApi = new URL('./esm/api/index.mjs', pathToFileURL(createRequire(import.meta.url).resolve('tsx'))).href;
  const bootstrap =
    `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); })` +
    '.catch((error) => { process.nextTick(() => { throw error; }); });';
  return new Worker(bootstrap, { eval: true, workerData });
}
