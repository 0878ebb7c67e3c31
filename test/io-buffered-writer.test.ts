/** BufferedWriter: the one buffer in front of every file the export and the diff write. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BufferedWriter, type ByteSink } from '../shared/io/buffered-writer.ts';
import { memorySink } from './export-fixtures.ts';

test('BufferedWriter: output equals the concatenated input, across flushes, multi-byte text and oversized pieces', async () => {
  const sink = memorySink();
  const out = new BufferedWriter(sink, 16);
  const pieces = ['abc', '日本語テキスト', '🚀🚀', 'x'.repeat(40), '', 'é\u0301', 'tail'];
  for (const piece of pieces) await out.writeString(piece);
  await out.writeBytes(Buffer.from('0123456789abcdefghij'));
  await out.flush();
  assert.is(sink.bytes().toString('utf8'), `${pieces.join('')}0123456789abcdefghij`);
  assert.ok(sink.writes > 3, 'small capacity forced several flushes');
});

test('BufferedWriter refuses a write while a flush is in flight (it would corrupt the buffer)', async () => {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const slow: ByteSink = { write: () => gate };
  const out = new BufferedWriter(slow, 8);
  assert.is(out.writeString('ab'), undefined, 'fits: no waiting');
  const pending = out.writeString('more than eight bytes');
  assert.ok(pending instanceof Promise);
  assert.throws(() => out.writeString('x'), /await the promise/);
  open();
  await pending;
  assert.is(out.writeString('x'), undefined, 'usable again once the flush completed');
});

test('writeBytes copies what fits, so the caller may reuse its chunk at once (the diff splices files this way)', async () => {
  const sink = memorySink();
  const out = new BufferedWriter(sink, 8);
  const chunk = Buffer.from('abcd');
  await out.writeBytes(chunk);
  chunk.fill('z'.charCodeAt(0));
  await out.writeBytes(chunk);
  await out.writeString('é');
  await out.flush();
  assert.is(sink.bytes().toString('utf8'), 'abcdzzzzé');
});

test('filling overlaps the sink: one write in flight at a time, in order, and never overwritten before it ends', async () => {
  const calls: { copy: Buffer; view: Uint8Array; done: () => void }[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const slow: ByteSink = {
    write: (bytes) =>
      new Promise<void>((resolve) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        calls.push({
          copy: Buffer.from(bytes),
          view: bytes,
          done: () => {
            inFlight--;
            resolve();
          },
        });
      }),
  };
  const out = new BufferedWriter(slow, 8);
  const written: string[] = [];
  const finishing = (async () => {
    for (let index = 0; index < 40; index++) {
      const piece = `${index % 10}${'abcdefg'.slice(0, index % 7)}`;
      written.push(piece);
      const wait = out.writeString(piece);
      if (wait !== undefined) await wait;
    }
    await out.flush();
  })();
  // Let each write finish only after the writer had every chance to touch its buffer again.
  let released = 0;
  while (released < 1000) {
    await new Promise((resolve) => setImmediate(resolve));
    const call = calls[released];
    if (call === undefined) {
      if (await Promise.race([finishing.then(() => true), new Promise((resolve) => setImmediate(() => resolve(false)))])) break;
      continue;
    }
    assert.equal(Buffer.from(call.view), call.copy, `write ${released} still holds its bytes when it completes`);
    call.done();
    released++;
  }
  await finishing;
  assert.is(maxInFlight, 1);
  assert.is(Buffer.concat(calls.map((call) => call.copy)).toString('utf8'), written.join(''));
  assert.ok(calls.length > 5);
});

test('a failed sink write is reported by the next write or flush, never lost', async () => {
  let failNext = false;
  const sink: ByteSink = {
    write: async () => {
      if (failNext) throw new Error('disk full');
    },
  };
  const out = new BufferedWriter(sink, 8);
  failNext = true;
  assert.is(out.writeBytes(Buffer.from('12345678')), undefined, 'fits exactly');
  await out.writeBytes(Buffer.from('9')); // hands the first buffer to the failing sink, which fails in the background
  let error: unknown;
  try {
    await out.flush();
  } catch (caught) {
    error = caught;
  }
  assert.match(String(error), 'disk full');
});

test('writeRange appends a slice of a buffer, like writeBytes of its subarray', async () => {
  const sink = memorySink();
  const out = new BufferedWriter(sink, 8);
  const source = Buffer.from('--hello, world--');
  for (const [start, end] of [[2, 7], [7, 14], [0, 16]] as const) {
    const wait = out.writeRange(source, start, end);
    if (wait !== undefined) await wait;
  }
  await out.flush();
  assert.is(sink.bytes().toString('utf8'), 'hello, world--hello, world--');
});

test.run();
