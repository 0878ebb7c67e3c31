import { objectStorageErrors as errors } from '../errors.ts';

/** OCI bucket names: letters, digits, `-`, `_` and `.`, at most 256 characters. */
const BUCKET_NAME = /^[A-Za-z0-9_.-]{1,256}$/;

export function assertBucketName(name: string): void {
  if (!BUCKET_NAME.test(name)) {
    throw errors.invalidParameter(`Invalid bucket name '${name}': expected 1 to 256 letters, digits, '-', '_' or '.'`);
  }
}

/** OCI object names: 1 to 1024 bytes of UTF-8, without NUL, line feed or carriage return. */
export function assertObjectName(name: string): void {
  const bytes = Buffer.byteLength(name, 'utf8');
  if (bytes === 0 || bytes > 1024) {
    throw errors.invalidParameter(`Invalid object name: expected 1 to 1024 bytes of UTF-8, got ${bytes}`);
  }
  if (/[\0\n\r]/.test(name)) {
    throw errors.invalidParameter('Invalid object name: it must not contain NUL, line feed or carriage return');
  }
}

/** Multipart part numbers are 1 to 10000, as in OCI. */
export function assertPartNumber(partNumber: number): void {
  if (!Number.isSafeInteger(partNumber) || partNumber < 1 || partNumber > 10_000) {
    throw errors.invalidParameter(`Invalid part number ${partNumber}: expected an integer from 1 to 10000`);
  }
}
