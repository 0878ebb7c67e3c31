import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SpillQueue } from '../shared/run/spill-queue.ts';

async function withDir(run: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'spill-queue-'));
  try {
    await run(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('values come out in the order they went in, through disk once memory is full, and the files are gone after', () =>
  withDir(async (dir) => {
    const queue = new SpillQueue<{ n: number; at: Date | string }>({ dir, name: 'us-ashburn-1-iaas', memoryLimit: 10 });
    for (let n = 0; n < 95; n += 1) queue.push({ n, at: new Date(Date.UTC(2026, 0, 1, 0, 0, n)) });
    assert.is(queue.size, 95);
    assert.ok(queue.spilled >= 70, `only ${queue.spilled} values spilled with 10 kept in memory`);
    assert.ok((await readdir(dir)).length > 0, 'segment files on disk while values wait');
    const out: { n: number; at: Date | string }[] = [];
    // Interleave pushes with takes: order must hold across memory, disk and the unwritten tail.
    for (let n = 95; n < 100; n += 1) {
      out.push((await queue.shift()) as { n: number; at: string });
      queue.push({ n, at: new Date(Date.UTC(2026, 0, 1, 0, 0, n)) });
    }
    for (let value = await queue.shift(); value !== undefined; value = await queue.shift()) out.push(value);
    assert.equal(out.map((value) => value.n), Array.from({ length: 100 }, (_, n) => n));
    // What comes back from disk is the JSON form (a Date as its ISO string): the same as toJSON gives.
    assert.is(out[50]?.at, '2026-01-01T00:00:50.000Z');
    assert.is(queue.size, 0);
    assert.equal(await readdir(dir), []);
  }),
);

test('concurrent takers get every value exactly once', () =>
  withDir(async (dir) => {
    const queue = new SpillQueue<number>({ dir, name: 'lane', memoryLimit: 7 });
    for (let n = 0; n < 500; n += 1) queue.push(n);
    const taken: number[] = [];
    await Promise.all(
      Array.from({ length: 9 }, async () => {
        for (let value = await queue.shift(); value !== undefined; value = await queue.shift()) {
          taken.push(value);
          if (value % 13 === 0) await new Promise((resolve) => setImmediate(resolve));
        }
      }),
    );
    assert.equal([...taken].sort((a, b) => a - b), Array.from({ length: 500 }, (_, n) => n));
  }),
);

test('dispose removes what still waits on disk; a bad memory limit is refused', () =>
  withDir(async (dir) => {
    const queue = new SpillQueue<number>({ dir, name: 'a/b:c', memoryLimit: 4 });
    for (let n = 0; n < 40; n += 1) queue.push(n);
    await queue.shift();
    await queue.dispose();
    assert.equal(await readdir(dir), []);
    assert.throws(() => new SpillQueue({ dir, name: 'x', memoryLimit: 0 }), /memoryLimit must be a whole number >= 1, got 0/);
  }),
);

test.run();
