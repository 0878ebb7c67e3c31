import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { UsageError } from '../shared/errors.ts';
import { createRunDirectory, runIdFor } from '../shared/run/run-id.ts';

let dir: string;
test.before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'run-id-'));
});
test.after(() => rm(dir, { recursive: true, force: true }));

test('a run id is the UTC start time, YYYYMMDDTHHMMSSZ', () => {
  assert.is(runIdFor(new Date('2026-11-26T02:03:04.567Z')), '20261126T020304Z');
});

test('runs started in the same second, even concurrently, get distinct folders: X, X-2, X-3...', async () => {
  const startedAt = new Date('2026-11-26T02:03:04.000Z');
  const runs = await Promise.all([1, 2, 3, 4].map(() => createRunDirectory(join(dir, 'out'), startedAt)));
  assert.equal(runs.map((run) => run.runId).sort(), ['20261126T020304Z', '20261126T020304Z-2', '20261126T020304Z-3', '20261126T020304Z-4']);
  assert.is(new Set(runs.map((run) => run.runDir)).size, 4);
});

test('an output folder that is a regular file is a usage error naming it', async () => {
  const file = join(dir, 'a-file');
  await writeFile(file, 'x');
  try {
    await createRunDirectory(file, new Date());
    assert.unreachable('expected a UsageError');
  } catch (error) {
    assert.instance(error, UsageError);
    assert.ok((error as Error).message.includes(file));
  }
});

test.run();
