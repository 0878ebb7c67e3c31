import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parquetWasmPath } from '../shared/export/parquet-wasm.ts';
import { bundle } from '../scripts/bundle.mjs';

/*
 * The function bundle's build settings that its cold start depends on: the inlined wasm is stored
 * compressed and unpacked on first use, and the code is minified (whitespace and syntax, names kept).
 */

const run = promisify(execFile);
let dir: string;

test.before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'oci-inventory-bundle-'));
});

test.after(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('an imported .wasm is a function returning the exact bytes of the file, unpacked once', async () => {
  const { outfile } = await bundle({ entry: 'test/fixtures/wasm/index.ts', outfile: join(dir, 'wasm.cjs') });
  const original = await readFile(parquetWasmPath());
  const { stdout } = await run(process.execPath, [outfile], { env: { PATH: process.env['PATH'] ?? '' } });
  assert.equal(JSON.parse(stdout), {
    sha256: createHash('sha256').update(original).digest('hex'),
    bytes: original.length,
    memoized: true,
  });
  const text = await readFile(outfile, 'utf8');
  assert.not.ok(text.includes(original.subarray(0, 3000).toString('base64')), 'the wasm is not inlined as plain base64');
  assert.ok(text.length < original.length / 2, `the bundle (${text.length} bytes) holds the ${original.length}-byte wasm compressed`);
});

test('the function bundle is minified but keeps its names: a stack trace still names our functions', async () => {
  const { outfile, bytes } = await bundle({ entry: 'functions/index.ts', outfile: join(dir, 'func.cjs') });
  const text = await readFile(outfile, 'utf8');
  assert.ok(bytes < 16 * 2 ** 20, `the bundle is ${bytes} bytes: every byte is read and parsed at each cold start`);
  assert.ok(/\bfunction handleInvocation\(/.test(text) || /\bhandleInvocation\s*=/.test(text), 'handleInvocation keeps its name');
  assert.not.ok(/\n\s*\n\s*\n/.test(text.slice(0, 200_000)), 'whitespace is minified');
});

test.run();
