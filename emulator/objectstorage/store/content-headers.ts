import type { ContentHeaders } from './records.ts';

/** The content headers to store with an object: those given, with OCI's default content type. */
export function contentHeadersOf(input: Partial<ContentHeaders>): ContentHeaders {
  const headers: ContentHeaders = { contentType: input.contentType ?? 'application/octet-stream' };
  if (input.contentLanguage !== undefined) headers.contentLanguage = input.contentLanguage;
  if (input.contentEncoding !== undefined) headers.contentEncoding = input.contentEncoding;
  if (input.contentDisposition !== undefined) headers.contentDisposition = input.contentDisposition;
  if (input.cacheControl !== undefined) headers.cacheControl = input.cacheControl;
  return headers;
}
