/**
 * The merge phase of scenario merge-diff, run the way the merge function runs it. merge-diff.ts bundles this
 * file with the function bundle's own settings (scripts/bundle.mjs: one CommonJS file for Node 20, parquet-wasm
 * inlined) and runs the bundle in a fresh `node` process, without tsx. So, as in the deployed function:
 * - the code is the bundle's, with every role's code in it and the merge role's modules loaded before the
 *   work (functions/handler.ts preloadRole), and parquet-wasm initialised from the inlined bytes
 *   (functions/index.ts), all of it before the measured merge starts;
 * - Parquet is encoded on the process's own thread: a single-file bundle has no worker entry, so the Parquet
 *   writer's 'auto' never starts an encoder thread (shared/export/parquet-writer.ts). Under tsx it would, and
 *   that thread's second V8 isolate and tsx loader cost ~80 MB of RSS the function never spends.
 * Shard download and upload (Object Storage) are not part of the phase, as before.
 *
 * Usage (what merge-diff.ts runs): node [heap flag] <bundle> <MergePhaseArgs as JSON> <result file>; the result file gets
 * { result: MergePhaseResult, maxRssBytes, cpuMs, wallMs }, as bench/support/phase-child.ts writes it.
 */
import { mkdir } from 'node:fs/promises';
import parquetWasmBytes from 'parquet-wasm/esm/parquet_wasm_bg.wasm';
import { preloadRole } from '../../functions/handler.ts';
import { initParquetWasm } from '../../shared/export/parquet-wasm.ts';
import { mergeShardFiles } from '../../shared/serverless/merge-shards.ts';
import type { MergePhaseArgs, MergePhaseResult } from './merge-diff.ts';
import { writePhaseOutcome } from '../support/phase-outcome.ts';

async function main(): Promise<void> {
  const [argsJson, resultPath] = process.argv.slice(2);
  if (argsJson === undefined || resultPath === undefined) throw new Error('usage: node <bundle> <args-json> <result-file>');
  const args = JSON.parse(argsJson) as MergePhaseArgs;
  await preloadRole({ INVENTORY_ROLE: 'merge' });
  initParquetWasm(parquetWasmBytes());

  await mkdir(args.tmpDir, { recursive: true });
  const { exported, coverage } = await mergeShardFiles(args);
  const jsonl = exported.files.find((file) => file.format === 'jsonl');
  const result: MergePhaseResult = { records: exported.records, coverageTotal: coverage.total, jsonlBytes: jsonl?.bytes ?? 0 };
  // The whole process, start-up included (as phase-child.ts reports a tsx phase): peak RSS, CPU of all
  // threads, and wall time since the process started (performance.now() counts from there).
  await writePhaseOutcome(resultPath, result, performance.now());
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
