/** The line reader behind the diff, the export sort and the serverless merge: readLines and readNumberedLines. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { InputFormatError, UsageError } from '../shared/errors.ts';
import { readLineRanges, readLines, readNumberedLines } from '../shared/io/line-reader.ts';
import type { NumberedLine, ReadLinesOptions } from '../shared/io/line-reader.ts';
import { pick, seededRandom, withTempDir } from './diff-fixtures.ts';

async function readAll(path: string, options?: ReadLinesOptions): Promise<NumberedLine[]> {
  const lines: NumberedLine[] = [];
  for await (const line of readNumberedLines(path, options)) lines.push(line);
  return lines;
}

async function readTexts(path: string, options?: ReadLinesOptions): Promise<string[]> {
  const lines: string[] = [];
  for await (const line of readLines(path, options)) lines.push(line);
  return lines;
}

/** The lines through readLineRanges, decoded; checks each batch's first line number against the count so far. */
async function readRangeTexts(path: string, options?: ReadLinesOptions): Promise<string[]> {
  const lines: string[] = [];
  for await (const { buffer, starts, ends, firstLineNumber } of readLineRanges(path, options)) {
    assert.is(firstLineNumber, lines.length + 1, 'a batch numbers its first line after the lines before it');
    assert.is(starts.length, ends.length);
    for (let index = 0; index < starts.length; index++) lines.push(buffer.toString('utf8', starts[index], ends[index]));
  }
  return lines;
}

/** The lines of `content` through the three readers, which must agree. */
async function linesOf(content: string | Buffer, options?: ReadLinesOptions): Promise<string[]> {
  return withTempDir(async (dir) => {
    const path = join(dir, 'in.jsonl');
    await writeFile(path, content);
    const numbered = await readAll(path, options);
    assert.equal(
      numbered.map((entry) => entry.lineNumber),
      numbered.map((_, index) => index + 1),
      'line numbers count every line from 1',
    );
    const texts = numbered.map((entry) => entry.line);
    assert.equal(await readTexts(path, options), texts, 'readLines yields the same lines as readNumberedLines');
    assert.equal(await readRangeTexts(path, options), texts, 'readLineRanges delimits the same lines');
    return texts;
  });
}

/** The reference split of the documented rules, written the obvious (whole-file) way. */
function referenceSplit(content: string): string[] {
  if (content === '') return [];
  const parts = content.split('\n');
  if (parts.at(-1) === '') parts.pop();
  return parts.map((part, index) => (index < parts.length - 1 || content.endsWith('\n') ? part.replace(/\r$/, '') : part));
}

test('splits on LF, yields a final line without LF, numbers lines from 1', async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, 'a.jsonl');
    await writeFile(path, '{"a":1}\n{"b":2}\n{"c":3}');
    assert.equal(await readAll(path), [
      { line: '{"a":1}', lineNumber: 1 },
      { line: '{"b":2}', lineNumber: 2 },
      { line: '{"c":3}', lineNumber: 3 },
    ]);
  });
});

test('an empty file has no lines; the text after a final LF is not a line; a blank last line is yielded', async () => {
  assert.equal(await linesOf(''), []);
  assert.equal(await linesOf('x\n'), ['x']);
  assert.equal(await linesOf('\n'), ['']);
  assert.equal(await linesOf('x\n\n'), ['x', '']);
  assert.equal(await linesOf('x\n\ny\n'), ['x', '', 'y']);
});

test('CRLF tolerant: a CR right before LF is dropped, any other CR is kept', async () => {
  assert.equal(await linesOf('a\r\nb\r\n'), ['a', 'b']);
  assert.equal(await linesOf('a\rb\r\r\nc\r'), ['a\rb\r', 'c\r']);
  // The CR and the LF in different reads.
  assert.equal(await linesOf('ab\r\ncd\r\n', { chunkBytes: 3 }), ['ab', 'cd']);
});

test('multi-byte UTF-8 characters split across reads decode whole, at every chunk size', async () => {
  const content = 'é日😀\n{"name":"Ünïcödé 日本 😀"}\n\uFFFD\uE000x';
  const expected = ['é日😀', '{"name":"Ünïcödé 日本 😀"}', '\uFFFD\uE000x'];
  for (const chunkBytes of [1, 2, 3, 4, 5, 7, 13, 1024]) {
    assert.equal(await linesOf(content, { chunkBytes }), expected, `chunkBytes ${chunkBytes}`);
  }
});

test('readLines: every line intact whatever the chunk size, including multi-byte characters split across chunks', async () => {
  const lines = ['first', '', '日本語の行', 'emoji 🚀👩‍💻 line', 'x'.repeat(100), 'last without newline'];
  for (const chunkBytes of [1, 2, 3, 5, 7, 64, 1 << 16]) {
    assert.equal(await linesOf(lines.join('\n'), { chunkBytes }), lines, `chunk size ${chunkBytes}`);
  }
});

test('a line longer than the chunk grows the buffer', async () => {
  const long = 'x'.repeat(10_000);
  assert.equal(await linesOf(`${long}\nshort\n${long}`, { chunkBytes: 16 }), [long, 'short', long]);
});

test('property: random content at random chunk sizes splits like the reference', async () => {
  const random = seededRandom(20250601);
  const alphabet = ['a', '{', '"', '\n', '\n', '\r', 'é', '😀', '日', ' '];
  for (let round = 0; round < 150; round += 1) {
    let content = '';
    for (let i = Math.floor(random() * 60); i > 0; i -= 1) content += pick(random, alphabet);
    const chunkBytes = 1 + Math.floor(random() * 9);
    assert.equal(await linesOf(content, { chunkBytes }), referenceSplit(content), `round ${round}: ${JSON.stringify(content)} / ${chunkBytes}`);
  }
});

test('invalid UTF-8 is an InputFormatError naming the file and the line', async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, 'bad.jsonl');
    await writeFile(path, Buffer.concat([Buffer.from('{"a":1}\n{"b":2}\n{"c":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}\n{"d":4}\n')]));
    for (const chunkBytes of [4, 1 << 20]) {
      try {
        await readAll(path, { chunkBytes });
        assert.unreachable('should have thrown');
      } catch (error) {
        assert.instance(error, InputFormatError);
        const formatError = error as InputFormatError;
        assert.ok(formatError.message.includes(`${path} line 3`), formatError.message);
        assert.equal(formatError.context, { file: path, line: 3 });
      }
    }
  });
});

test('invalid UTF-8 on a final line without LF is caught too', async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, 'bad.jsonl');
    await writeFile(path, Buffer.concat([Buffer.from('ok\n'), Buffer.from([0xff])]));
    try {
      await readAll(path);
      assert.unreachable('should have thrown');
    } catch (error) {
      assert.equal((error as InputFormatError).context, { file: path, line: 2 });
    }
  });
});

test('a line over maxLineBytes is an InputFormatError naming the line', async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, 'long.jsonl');
    await writeFile(path, `ok\n${'y'.repeat(100)}\n`);
    try {
      await readAll(path, { chunkBytes: 8, maxLineBytes: 50 });
      assert.unreachable('should have thrown');
    } catch (error) {
      assert.instance(error, InputFormatError);
      assert.equal((error as InputFormatError).context, { file: path, line: 2 });
    }
    // Exactly at the limit is fine.
    await writeFile(path, `${'y'.repeat(50)}\n${'z'.repeat(50)}`);
    assert.equal((await readAll(path, { chunkBytes: 8, maxLineBytes: 50 })).length, 2);
  });
});

test('the lines before a line over maxLineBytes are delivered before the error, when read at once too', async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, 'long.jsonl');
    await writeFile(path, `a\nb\n${'y'.repeat(100)}\nc\n`);
    for (const lines of [readLines, rangeLines]) {
      const seen: string[] = [];
      try {
        for await (const line of lines(path, { maxLineBytes: 50 })) seen.push(line);
        assert.unreachable('should have thrown');
      } catch (error) {
        assert.instance(error, InputFormatError);
        assert.equal((error as InputFormatError).context, { file: path, line: 3 });
      }
      assert.equal(seen, ['a', 'b']);
    }
  });
});

async function* rangeLines(path: string, options: ReadLinesOptions): AsyncGenerator<string> {
  for await (const { buffer, starts, ends } of readLineRanges(path, options)) {
    for (let index = 0; index < starts.length; index++) yield buffer.toString('utf8', starts[index], ends[index]);
  }
}

test('maxLineBytes Infinity reads a line of any length; other non-integers are a UsageError', async () => {
  const long = 'y'.repeat(200_000);
  assert.equal(await linesOf(`a\n${long}\nb`, { chunkBytes: 8, maxLineBytes: Infinity }), ['a', long, 'b']);
  await withTempDir(async (dir) => {
    const path = join(dir, 'a.jsonl');
    await writeFile(path, 'a\n');
    for (const options of [{ maxLineBytes: 0 }, { maxLineBytes: 1.5 }, { maxLineBytes: Number.NaN }, { chunkBytes: 0 }, { chunkBytes: Infinity }]) {
      try {
        await readTexts(path, options);
        assert.unreachable(`should have rejected ${JSON.stringify(options)}`);
      } catch (error) {
        assert.instance(error, UsageError);
      }
    }
  });
});

test('a missing file is a UsageError naming the path', async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, 'nope.jsonl');
    try {
      await readAll(path);
      assert.unreachable('should have thrown');
    } catch (error) {
      assert.instance(error, UsageError);
      assert.ok((error as Error).message.includes(path));
    }
  });
});

test.run();
