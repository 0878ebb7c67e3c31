/**
 * How Object Storage failures of a run bucket reach the user: typed errors that name the bucket (and
 * namespace, region, object) and say what to check. Expected outcomes (an absent object, a failed
 * condition) are handled by RunBucket itself and never get here as failures.
 */
import { AuthError, InventoryError, UsageError } from '../errors.ts';
import { failureInfoOf } from '../oci/retry-policy.ts';
import { describeOciFailure } from '../oci/service-errors.ts';

/** Where a bucket call went. */
export interface BucketLocation {
  bucket: string;
  namespace: string | undefined;
  region: string;
}

/** The bucket or its namespace does not exist (or the caller may not see it): fix the settings. Exit code 2. */
export class BucketNotFoundError extends UsageError {}

/** The object is not there (for calls that need it: downloads, reads as streams). */
export class ObjectNotFoundError extends InventoryError {}

/** An `if-match` / `if-none-match` condition failed: someone else wrote (or deleted) the object. */
export class PreconditionFailedError extends InventoryError {}

function where(location: BucketLocation): string {
  const namespace = location.namespace === undefined ? '' : `namespace "${location.namespace}", `;
  return `bucket "${location.bucket}" (${namespace}region ${location.region})`;
}

export function isStatus(error: unknown, statusCode: number): boolean {
  return failureInfoOf(error)?.statusCode === statusCode;
}

/**
 * A bucket-level failure as a typed error; anything else as an InventoryError naming the call.
 * `action` reads like "reading runs/x/latest.json"; `access` picks the policy hint.
 */
export function bucketErrorOf(error: unknown, location: BucketLocation, action: string, access: 'read' | 'write'): InventoryError {
  if (error instanceof InventoryError) return error;
  const failure = failureInfoOf(error);
  const context = { bucket: location.bucket, namespace: location.namespace, region: location.region, action };
  const detail = describeOciFailure(error);
  if (failure?.statusCode === 401) {
    return new AuthError(
      `OCI rejected the credentials while ${action} in ${where(location)} (${detail}). Check the user, key fingerprint, key file and the machine's clock, or run "oci-inventory validate-auth".`,
      { cause: error, context },
    );
  }
  if (failure?.statusCode === 403 || (failure?.statusCode === 404 && failure.serviceCode === 'NotAuthorizedOrNotFound')) {
    const policy = access === 'read' ? '"read objects"' : '"manage objects"';
    return new AuthError(
      `Not authorized while ${action} in ${where(location)} (${detail}). The principal needs ${policy} on the bucket's compartment.`,
      { cause: error, context },
    );
  }
  if (failure?.statusCode === 404 && failure.serviceCode === 'NamespaceNotFound') {
    return new BucketNotFoundError(
      `Object Storage namespace "${location.namespace ?? '?'}" not found in region ${location.region} (or not authorized). Check --namespace (default: the tenancy's own namespace).`,
      { cause: error, context },
    );
  }
  if (failure?.statusCode === 404 && failure.serviceCode === 'BucketNotFound') return bucketNotFoundError(location, action, error);
  return new InventoryError(`Object Storage failed while ${action} in ${where(location)}: ${detail}`, { cause: error, context });
}

/** The bucket (or, when a 404 cannot tell, its namespace) does not exist or is not visible to the caller. */
export function bucketNotFoundError(location: BucketLocation, action: string, cause: unknown): BucketNotFoundError {
  return new BucketNotFoundError(
    `Bucket "${location.bucket}" not found in namespace "${location.namespace ?? '?'}", region ${location.region} (or not authorized to see it) while ${action}. Check --bucket, --namespace and the region of the profile.`,
    { cause, context: { bucket: location.bucket, namespace: location.namespace, region: location.region, action } },
  );
}
