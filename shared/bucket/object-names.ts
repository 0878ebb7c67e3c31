/**
 * Object names and prefixes of a run bucket.
 *
 * The SDK puts query values on the URL without encoding them (and signs them raw), so a listing prefix
 * or page token with `&`, a space or non-ASCII text breaks the parameter or the signature
 * (FIELD-NOTES). Prefixes we are given are therefore restricted to URL-safe characters, and every query
 * value we send goes through `queryValue`, which percent-encodes anything else (object names coming
 * back as `nextStartWith` can contain any character).
 */
import { UsageError } from '../errors.ts';

/** The characters a prefix may use: URL-safe without encoding. */
export const URL_SAFE_PREFIX = /^[A-Za-z0-9._/-]*$/;

/** OCI bucket names: letters, digits, `-`, `_` and `.`, at most 256 characters. */
export const BUCKET_NAME_PATTERN = /^[A-Za-z0-9_.-]{1,256}$/;

/** Object Storage namespaces: letters and digits (OCI's are lowercase alphanumeric). */
export const NAMESPACE_PATTERN = /^[A-Za-z0-9-]{1,64}$/;

/** OCI's limit on an object name, in UTF-8 bytes. */
export const MAX_OBJECT_NAME_BYTES = 1024;

/**
 * Checks a bucket prefix (the folder a deployment keeps its runs under): empty, or URL-safe characters
 * `[A-Za-z0-9._/-]`, not starting with `/`, ending with `/`. Returns it unchanged.
 */
export function validateBucketPrefix(prefix: string): string {
  const problem = bucketPrefixProblem(prefix);
  if (problem !== undefined) {
    throw new UsageError(`Invalid bucket prefix ${JSON.stringify(prefix)}: expected ${problem}`, { context: { prefix } });
  }
  return prefix;
}

/** Checks a listing prefix (relative to the bucket prefix): URL-safe, no leading `/`; any ending. */
export function validateListPrefix(prefix: string): string {
  const problem = prefixProblem(prefix, { mustEndWithSlash: false });
  if (problem !== undefined) {
    throw new UsageError(`Invalid listing prefix ${JSON.stringify(prefix)}: expected ${problem}`, { context: { prefix } });
  }
  return prefix;
}

/** What is wrong with a bucket prefix ("expected ..." text), or undefined when it is fine. */
export function bucketPrefixProblem(prefix: string): string | undefined {
  return prefixProblem(prefix, { mustEndWithSlash: true });
}

function prefixProblem(prefix: string, options: { mustEndWithSlash: boolean }): string | undefined {
  if (prefix === '') return undefined;
  const shape = options.mustEndWithSlash
    ? 'an empty prefix or one like "inventory/" or "prod/oci/": letters, digits, ".", "_", "-" and "/", not starting with "/", ending with "/"'
    : 'letters, digits, ".", "_", "-" and "/", not starting with "/"';
  if (!URL_SAFE_PREFIX.test(prefix)) return `${shape} (the OCI SDK does not URL-encode query values)`;
  if (prefix.startsWith('/')) return shape;
  if (options.mustEndWithSlash && !prefix.endsWith('/')) return shape;
  if (Buffer.byteLength(prefix, 'utf8') >= MAX_OBJECT_NAME_BYTES) return `${shape}, shorter than ${MAX_OBJECT_NAME_BYTES} bytes`;
  return undefined;
}

/** Checks a name relative to the bucket prefix: non-empty, no leading `/`, no control characters. */
export function validateObjectName(name: string): string {
  if (name === '' || name.startsWith('/') || /[\u0000-\u001f\u007f]/.test(name)) {
    throw new UsageError(`Invalid object name ${JSON.stringify(name)}: expected a non-empty name without a leading "/" or control characters`, {
      context: { object: name },
    });
  }
  return name;
}

/** The full object name of `name` under `prefix`, checked against OCI's length limit. */
export function fullObjectName(prefix: string, name: string): string {
  const full = `${prefix}${validateObjectName(name)}`;
  if (Buffer.byteLength(full, 'utf8') > MAX_OBJECT_NAME_BYTES) {
    throw new UsageError(`Object name too long: ${JSON.stringify(full.slice(0, 80))}... has more than ${MAX_OBJECT_NAME_BYTES} bytes`, {
      context: { object: full.slice(0, 200) },
    });
  }
  return full;
}

/**
 * A query value as it must appear on the URL: URL-safe characters as they are (so validated prefixes
 * go out unchanged), everything else percent-encoded as UTF-8. The service decodes it; the signature
 * covers the encoded form, which is what is sent.
 */
export function queryValue(value: string): string {
  return value.replace(/[^A-Za-z0-9._~/-]/gu, (char) => encodeURIComponent(char));
}
