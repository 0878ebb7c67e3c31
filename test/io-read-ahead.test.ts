/**
 * readAhead (read-ahead.ts): the merge of run files pulls each run one chunk ahead. The items and their
 * order must not change, the next pull must start before the consumer asks for it, a failure must reach
 * the consumer after the items before it, and a consumer that stops early must still release the source.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readAhead } from '../shared/io/read-ahead.ts';

/** A source of `count` numbers that records each pull and whether it was closed; fails at `failAt`. */
function recordingSource(count: number, failAt?: number) {
  const log: string[] = [];
  async function* items(): AsyncGenerator<number> {
    try {
      for (let index = 0; index < count; index++) {
        log.push(`pull ${index}`);
        await new Promise((resolve) => setTimeout(resolve, 1));
        if (index === failAt) throw new Error(`source failed at ${index}`);
        yield index;
      }
    } finally {
      log.push('closed');
    }
  }
  return { log, items: items() };
}

test('same items in the same order; each next pull starts before the consumer asks for it', async () => {
  const source = recordingSource(5);
  const seen: number[] = [];
  for await (const item of readAhead(source.items)) {
    seen.push(item);
    // While the consumer holds item n, the source has already been asked for item n + 1.
    if (item < 4) assert.ok(source.log.includes(`pull ${item + 1}`), `pull ${item + 1} not started while item ${item} was held`);
  }
  assert.equal(seen, [0, 1, 2, 3, 4]);
  assert.is(source.log.at(-1), 'closed');
});

test('a failing source: the items before the failure arrive, then the error', async () => {
  const source = recordingSource(5, 3);
  const seen: number[] = [];
  let failure: unknown;
  try {
    for await (const item of readAhead(source.items)) seen.push(item);
  } catch (error) {
    failure = error;
  }
  assert.equal(seen, [0, 1, 2]);
  assert.instance(failure, Error);
  assert.is((failure as Error).message, 'source failed at 3');
  assert.is(source.log.at(-1), 'closed');
});

test('a consumer that stops early: the pull in progress ends and the source is closed', async () => {
  const source = recordingSource(100);
  for await (const item of readAhead(source.items)) {
    if (item === 1) break;
  }
  assert.equal(source.log, ['pull 0', 'pull 1', 'pull 2', 'closed']);
});

test.run();
