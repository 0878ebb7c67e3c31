import { createHash, type Hash } from 'node:crypto';

/** Size and MD5 of a body, measured while it streams past, so nothing has to be read twice. */
export class BodyDigest {
  #md5: Hash = createHash('md5');
  #size = 0;
  #digest: Buffer | undefined;

  /** Passes `source` through unchanged, measuring every chunk. */
  async *measure(source: AsyncIterable<Uint8Array | string>): AsyncGenerator<Uint8Array> {
    for await (const chunk of source) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      this.#md5.update(bytes);
      this.#size += bytes.length;
      yield bytes;
    }
  }

  get size(): number {
    return this.#size;
  }

  /** The raw 16-byte MD5; only once the source has been read to the end. */
  get md5(): Buffer {
    this.#digest ??= this.#md5.digest();
    return this.#digest;
  }

  get md5Base64(): string {
    return this.md5.toString('base64');
  }
}

/**
 * OCI's multipart MD5: the MD5 of the concatenated binary MD5s of the parts, base64, then `-` and the
 * number of parts (like S3's multipart ETag).
 */
export function multipartMd5(partMd5sBase64: readonly string[]): string {
  const hash = createHash('md5');
  for (const md5 of partMd5sBase64) hash.update(Buffer.from(md5, 'base64'));
  return `${hash.digest('base64')}-${partMd5sBase64.length}`;
}
