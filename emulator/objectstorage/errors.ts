import { OciHttpError } from '../http/errors.ts';

/**
 * Every error the Object Storage emulator answers with, in one place, with the status and code the real
 * service uses. Where the real code is not documented, the generic OCI codes are used (`InvalidParameter`,
 * `MissingParameter`, `CannotParseRequest`), as the OCI API error reference lists them.
 */
export const objectStorageErrors = {
  namespaceNotFound: (namespace: string) =>
    new OciHttpError(404, 'NamespaceNotFound', `You do not have authorization to perform this request, or the namespace '${namespace}' could not be found.`),
  bucketNotFound: (namespace: string, bucket: string) =>
    new OciHttpError(404, 'BucketNotFound', `Either the bucket named '${bucket}' does not exist in the namespace '${namespace}' or you are not authorized to access it`),
  bucketAlreadyExists: (namespace: string, bucket: string) =>
    new OciHttpError(409, 'BucketAlreadyExists', `Either the bucket '${bucket}' in namespace '${namespace}' already exists or you are not authorized to create it`),
  bucketNotEmpty: (namespace: string, bucket: string, why: string) =>
    new OciHttpError(409, 'BucketNotEmpty', `Bucket named '${bucket}' in namespace '${namespace}' is not empty: ${why}. Delete them first.`),
  objectNotFound: (bucket: string, object: string) =>
    new OciHttpError(404, 'ObjectNotFound', `The object '${object}' was not found in the bucket '${bucket}'`),
  noSuchUpload: (bucket: string, object: string, uploadId: string) =>
    new OciHttpError(404, 'NoSuchUpload', `There is no multipart upload '${uploadId}' for the object '${object}' in the bucket '${bucket}'`),
  ifMatchFailed: (what: string, expected: string, actual: string | undefined) =>
    new OciHttpError(412, 'IfMatchFailed', `The If-Match header is '${expected}' but the current ETag of ${what} is ${actual === undefined ? 'absent (it does not exist)' : `'${actual}'`}`),
  ifNoneMatchFailed: (what: string) =>
    new OciHttpError(412, 'IfNoneMatchFailed', `The If-None-Match header is '*' but ${what} already exists`),
  /** Not an error to the client: the HTTP layer answers it with an empty 304. */
  notModified: (etag: string) => new OciHttpError(304, 'NotModified', 'Not Modified', { etag }),
  invalidRange: (size: number) =>
    new OciHttpError(416, 'InvalidRange', `The requested range is not satisfiable for an object of ${size} bytes`, { 'content-range': `bytes */${size}` }),
  invalidContentMd5: (value: string) =>
    new OciHttpError(400, 'InvalidContentMD5', `The Content-MD5 header '${value}' is not the base64 encoding of a 16-byte MD5`),
  unmatchedContentMd5: (actual: string, header: string) =>
    new OciHttpError(400, 'UnmatchedContentMD5', `The computed MD5 of the request body (${actual}) does not match the Content-MD5 header (${header})`),
  contentLengthMismatch: (expected: number, actual: number) =>
    new OciHttpError(400, 'InvalidParameter', `The Content-Length header is ${expected} but the body had ${actual} bytes`),
  invalidParameter: (message: string) => new OciHttpError(400, 'InvalidParameter', message),
  missingParameter: (name: string) => new OciHttpError(400, 'MissingParameter', `The parameter '${name}' is required`),
  cannotParseRequest: (message: string) => new OciHttpError(400, 'CannotParseRequest', message),
  notFound: (method: string, path: string) => new OciHttpError(404, 'NotFound', `No objectstorage operation for ${method} ${path}`),
} as const;

/** How messages name an object. */
export function describeObject(bucket: string, name: string): string {
  return `the object '${name}' in the bucket '${bucket}'`;
}
