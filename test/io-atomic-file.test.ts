/** AtomicFile: exports, run_summary.json, downloads, diff.json and diff_summary.json appear complete or not at all. */
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AtomicFile, EARLY_SYNC_BYTES, tempPathBeside, writeFileAtomically } from '../shared/io/atomic-file.ts';
import { withTempDir } from './diff-fixtures.ts';
import { listDir } from './export-fixtures.ts';

/** An AtomicFile that will replace `dir/name` (which holds `before`), with `content` written so far. */
async function replacing(dir: string, name: string, before: string, content: string): Promise<{ path: string; file: AtomicFile }> {
  const path = join(dir, name);
  await writeFile(path, before);
  const file = await AtomicFile.create(path);
  await file.write(Buffer.from(content));
  return { path, file };
}

test('AtomicFile: nothing under the final name until publish; digest and size match the content', async () => {
  await withTempDir(async (dir) => {
    const { path, file } = await replacing(dir, 'out.txt', 'old', 'new content');
    assert.is(await readFile(path, 'utf8'), 'old', 'old file intact while writing');
    const sealed = await file.seal();
    assert.is(await readFile(path, 'utf8'), 'old', 'old file intact after sealing');
    assert.equal(await listDir(dir), ['out.txt', `out.txt.tmp-${file.tempPath.split('.tmp-')[1]}`]);
    await file.publish();
    assert.is(await readFile(path, 'utf8'), 'new content');
    assert.is(sealed.bytes, 11);
    assert.is(sealed.sha256, createHash('sha256').update('new content').digest('hex'));
    assert.equal(await listDir(dir), ['out.txt']);
    await file.abort(); // no-op once published
    assert.equal(await listDir(dir), ['out.txt']);
  });
});

test('writeFileAtomically removes the temporary file when filling fails', async () => {
  await withTempDir(async (dir) => {
    await writeFileAtomically(join(dir, 'x.txt'), async (file) => {
      await file.write(Buffer.from('partial'));
      throw new Error('disk on fire');
    }).then(
      () => assert.unreachable('should have failed'),
      (error: unknown) => assert.is((error as Error).message, 'disk on fire'),
    );
    assert.equal(await listDir(dir), []);
    await writeFileAtomically(join(dir, 'y.txt'), (file) => file.write(Buffer.from('ok')));
    assert.equal(await listDir(dir), ['y.txt']);
  });
});

test('abort before publishing keeps the old file, removes the temporary one, and ends the file', async () => {
  await withTempDir(async (dir) => {
    const { path, file } = await replacing(dir, 'diff.json', 'previous diff', 'half a new diff');
    await file.abort();
    await file.abort(); // idempotent
    assert.equal(await listDir(dir), ['diff.json']);
    assert.is(await readFile(path, 'utf8'), 'previous diff');
    await file.write(Buffer.from('more')).then(
      () => assert.unreachable('write after abort'),
      (error: unknown) => assert.match((error as Error).message, /the file is aborted/),
    );
  });
});

test('a file larger than the early-flush interval commits whole; an abort while a flush runs removes it', async () => {
  await withTempDir(async (dir) => {
    // 1 MiB pieces past EARLY_SYNC_BYTES: flushes start while writing goes on.
    const piece = Buffer.alloc(1 << 20);
    const pieces = EARLY_SYNC_BYTES / piece.length + 3;
    const expected = createHash('sha256');
    const file = await AtomicFile.create(join(dir, 'big.bin'), { hashOnThread: true });
    for (let index = 0; index < pieces; index++) {
      piece.fill(index & 0xff);
      expected.update(piece);
      await file.write(piece);
    }
    const sealed = await file.commit();
    assert.is(sealed.bytes, pieces * piece.length);
    assert.is(sealed.sha256, expected.digest('hex'));
    assert.is((await readFile(sealed.path)).length, sealed.bytes);

    const aborted = await AtomicFile.create(join(dir, 'aborted.bin'));
    for (let index = 0; index < EARLY_SYNC_BYTES / piece.length; index++) await aborted.write(piece);
    await aborted.abort(); // right after the write that started a flush
    assert.equal(await listDir(dir), ['big.bin']);
  });
});

test('tempPathBeside: a fresh name in the same folder, so the rename never crosses file systems', () => {
  const first = tempPathBeside('/data/out/diff.json.added');
  assert.match(first, /^\/data\/out\/diff\.json\.added\.tmp-[0-9a-f]{12}$/);
  assert.is.not(tempPathBeside('/data/out/diff.json.added'), first);
});

test.run();
