import { objectStorageErrors as errors } from '../errors.ts';

/** The conditional headers of a request: `If-Match` / `If-None-Match` as sent (the SDK sends them bare). */
export interface Preconditions {
  ifMatch?: string | undefined;
  ifNoneMatch?: string | undefined;
}

/** Clients sometimes quote ETags (`"abc"`, `W/"abc"`); OCI's are bare, so compare without the quoting. */
function bare(etag: string): string {
  return etag.trim().replace(/^W\//, '').replace(/^"(.*)"$/, '$1');
}

function matches(header: string, etag: string): boolean {
  return header.split(',').some((candidate) => {
    const value = bare(candidate);
    return value === '*' || value === etag;
  });
}

/**
 * For writes (PUT object, commit upload, upload part, delete): `If-None-Match: *` means "only create",
 * `If-Match` means "only replace this version". A failed condition is 412 with OCI's own codes.
 * `what` names the thing in the message, e.g. "the object 'a' in the bucket 'b'".
 */
export function checkWritePreconditions(current: { etag: string } | undefined, conditions: Preconditions, what: string): void {
  if (conditions.ifNoneMatch !== undefined && current !== undefined) throw errors.ifNoneMatchFailed(what);
  if (conditions.ifMatch !== undefined && (current === undefined || !matches(conditions.ifMatch, current.etag))) {
    throw errors.ifMatchFailed(what, conditions.ifMatch, current?.etag);
  }
}

/** For reads (GET, HEAD): `If-Match` mismatch is 412; an `If-None-Match` hit is 304 Not Modified. */
export function checkReadPreconditions(current: { etag: string }, conditions: Preconditions, what: string): void {
  if (conditions.ifMatch !== undefined && !matches(conditions.ifMatch, current.etag)) {
    throw errors.ifMatchFailed(what, conditions.ifMatch, current.etag);
  }
  if (conditions.ifNoneMatch !== undefined && matches(conditions.ifNoneMatch, current.etag)) {
    throw errors.notModified(current.etag);
  }
}

/** Writes only accept `If-None-Match: *` (the SDK documents '*' as the only valid value). */
export function assertWriteIfNoneMatch(conditions: Preconditions): void {
  if (conditions.ifNoneMatch !== undefined && bare(conditions.ifNoneMatch) !== '*') {
    throw errors.invalidParameter(`The If-None-Match header must be '*' on a write, got '${conditions.ifNoneMatch}'`);
  }
}
