/**
 * ThreadedSha256 (hash-thread.ts): the SHA-256 of large export files, computed on a helper thread. The
 * digest must be exactly the inline one whatever the chunking, hashes running side by side must not mix,
 * the caller may reuse its bytes at once, and an idle hashing thread must never keep a process alive.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AtomicFile } from '../shared/io/atomic-file.ts';
import { ThreadedSha256 } from '../shared/io/hash-thread.ts';
import { withTempDir } from './diff-fixtures.ts';

const run = promisify(execFile);

/** Deterministic bytes of `length` (a simple LCG), so every chunk differs. */
function bytesOf(length: number, seed: number): Buffer {
  const out = Buffer.allocUnsafe(length);
  let state = seed >>> 0;
  for (let index = 0; index < length; index++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[index] = state >>> 24;
  }
  return out;
}

test('digests equal the inline SHA-256 for empty, small, multi-MiB and many-chunk content, side by side', async () => {
  const contents = [[], [bytesOf(1, 1)], [bytesOf(3 << 20, 2)], Array.from({ length: 40 }, (_, index) => bytesOf(1 + index * 997, 100 + index))];
  const hashes = contents.map(() => new ThreadedSha256());
  // Interleaved updates: chunk i of every content before chunk i + 1 of any.
  for (let chunk = 0; chunk < 40; chunk++) {
    for (const [index, parts] of contents.entries()) {
      const part = parts[chunk];
      if (part !== undefined) await hashes[index]!.update(part);
    }
  }
  const digests = await Promise.all(hashes.map((hash) => hash.digest()));
  const expected = contents.map((parts) => {
    const inline = createHash('sha256');
    for (const part of parts) inline.update(part);
    return inline.digest('hex');
  });
  assert.equal(digests, expected);
});

test('bytes are copied before update returns: the caller may overwrite its buffer at once', async () => {
  const hash = new ThreadedSha256();
  const scratch = Buffer.alloc(4096);
  const inline = createHash('sha256');
  for (let round = 0; round < 50; round++) {
    scratch.fill(round);
    inline.update(scratch);
    await hash.update(scratch);
  }
  assert.is(await hash.digest(), inline.digest('hex'));
});

test('a writer far ahead of the thread is asked to wait, and loses nothing', async () => {
  const hash = new ThreadedSha256();
  const chunk = bytesOf(1 << 20, 7);
  const inline = createHash('sha256');
  let waits = 0;
  // No await between updates until one asks for it: the thread cannot hand anything back meanwhile.
  for (let index = 0; index < 24; index++) {
    inline.update(chunk);
    const wait = hash.update(chunk);
    if (wait !== undefined) {
      waits++;
      await wait;
    }
  }
  assert.ok(waits > 0, 'update never asked to wait with 24 MiB queued');
  assert.is(await hash.digest(), inline.digest('hex'));
});

test('a digest is given once; updates after it and after drop are refused', async () => {
  const hash = new ThreadedSha256();
  hash.update(Buffer.from('abc'));
  assert.is(await hash.digest(), createHash('sha256').update('abc').digest('hex'));
  await hash.digest().then(
    () => assert.unreachable('second digest resolved'),
    (error: Error) => assert.match(error.message, /digest after digest/),
  );
  assert.throws(() => hash.update(Buffer.from('x')), /update after digest or drop/);
  const dropped = new ThreadedSha256();
  dropped.update(Buffer.from('abc'));
  dropped.drop();
  assert.throws(() => dropped.update(Buffer.from('x')), /update after digest or drop/);
});

test('AtomicFile with hashOnThread reports the same digest and size as the bytes on disk', async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, 'big.bin');
    const file = await AtomicFile.create(path, { hashOnThread: true });
    for (let index = 0; index < 5; index++) await file.write(bytesOf(700_000 + index, 30 + index));
    const sealed = await file.commit();
    const onDisk = await readFile(path);
    assert.is(sealed.bytes, onDisk.length);
    assert.is(sealed.sha256, createHash('sha256').update(onDisk).digest('hex'));
  });
});

test('an idle hashing thread does not keep the process alive', async () => {
  // The child hashes, prints and returns without stopping the thread: it must exit on its own.
  const script = `
    import { ThreadedSha256 } from ${JSON.stringify(new URL('../shared/io/hash-thread.ts', import.meta.url).href)};
    const hash = new ThreadedSha256();
    hash.update(Buffer.from('abc'));
    console.log(await hash.digest());
  `;
  const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { timeout: 20_000 });
  assert.is(stdout.trim(), createHash('sha256').update('abc').digest('hex'));
});

test.run();
