/**
 * Integrity of transfers: the MD5 Object Storage keeps for an object (base64, `Content-MD5`), computed
 * by streaming, and the check a download must pass before its file is published.
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Transform, type TransformCallback } from 'node:stream';
import { InventoryError } from '../errors.ts';

/** Base64 MD5 and size of a file, read as a stream (never loaded whole). */
export async function md5OfFile(path: string): Promise<{ md5: string; bytes: number }> {
  const hash = createHash('md5');
  let bytes = 0;
  for await (const chunk of createReadStream(path)) {
    const data = chunk as Buffer;
    hash.update(data);
    bytes += data.length;
  }
  return { md5: hash.digest('base64'), bytes };
}

/** One read of a file: the whole file's MD5 and length, and the MD5 of each `partSize` slice in order. */
export async function md5OfFileParts(path: string, partSize: number): Promise<{ md5: string; bytes: number; parts: { md5: string; bytes: number }[] }> {
  const whole = createHash('md5');
  const parts: { md5: string; bytes: number }[] = [];
  let part = createHash('md5');
  let partBytes = 0;
  let bytes = 0;
  for await (const chunk of createReadStream(path)) {
    let data = chunk as Buffer;
    whole.update(data);
    bytes += data.length;
    while (data.length > 0) {
      const take = Math.min(data.length, partSize - partBytes);
      part.update(data.subarray(0, take));
      partBytes += take;
      data = data.subarray(take);
      if (partBytes === partSize) {
        parts.push({ md5: part.digest('base64'), bytes: partBytes });
        part = createHash('md5');
        partBytes = 0;
      }
    }
  }
  if (partBytes > 0 || parts.length === 0) parts.push({ md5: part.digest('base64'), bytes: partBytes });
  return { md5: whole.digest('base64'), bytes, parts };
}

export function md5OfBytes(data: string | Uint8Array): string {
  return createHash('md5').update(data).digest('base64');
}

/** What the service said the object is; `md5` is undefined when it cannot be checked (multipart objects). */
export interface ExpectedContent {
  bytes: number;
  md5: string | undefined;
}

/** What arrived. */
export interface ReceivedContent {
  bytes: number;
  md5: string;
}

/** A download whose bytes differ from what the service says the object holds. */
export class IntegrityError extends InventoryError {}

/**
 * Throws an IntegrityError naming the object when the received bytes do not match the expected
 * length or (when known) MD5.
 */
export function verifyContent(what: string, expected: ExpectedContent, received: ReceivedContent): void {
  if (received.bytes !== expected.bytes) {
    throw new IntegrityError(
      `Download of ${what} is corrupt or truncated: expected ${expected.bytes} bytes, received ${received.bytes}.`,
      { context: { object: what, expectedBytes: expected.bytes, receivedBytes: received.bytes } },
    );
  }
  if (expected.md5 !== undefined && received.md5 !== expected.md5) {
    throw new IntegrityError(
      `Download of ${what} is corrupt: its MD5 is ${received.md5} but Object Storage says ${expected.md5}. If it persists, the stored object is damaged.`,
      { context: { object: what, expectedMd5: expected.md5, receivedMd5: received.md5 } },
    );
  }
}

/** Counts and hashes bytes passing through. */
export class ContentMeter {
  readonly #hash: Hash = createHash('md5');
  #bytes = 0;

  update(chunk: Uint8Array): void {
    this.#hash.update(chunk);
    this.#bytes += chunk.length;
  }

  /** Call once, after the last chunk. */
  result(): ReceivedContent {
    return { bytes: this.#bytes, md5: this.#hash.digest('base64') };
  }
}

/**
 * A pass-through stream that fails at its end (before signalling end to the reader) when the bytes
 * that went through do not match `expected`: a reader never mistakes a corrupt stream for a complete one.
 */
export function verifyingStream(what: string, expected: ExpectedContent): Transform {
  const meter = new ContentMeter();
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
      meter.update(chunk);
      callback(null, chunk);
    },
    flush(callback: TransformCallback) {
      try {
        verifyContent(what, expected, meter.result());
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
  });
}
