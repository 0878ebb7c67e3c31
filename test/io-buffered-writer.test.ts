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

test.run();
