import { AuthError } from '../errors.ts';
import { failureInfoOf } from './retry-policy.ts';

/** A short, safe description of an OCI call failure: status, service code and the first line of the message. */
export function describeOciFailure(error: unknown): string {
  const failure = failureInfoOf(error);
  // The SDK throws network failures as plain objects with a message (not Errors): String() would say "[object Object]".
  const text = typeof (error as { message?: unknown } | null)?.message === 'string' ? (error as { message: string }).message : String(error);
  const message = (text.split('\n')[0] ?? '').slice(0, 300);
  if (!failure) return message;
  if (failure.statusCode === -1) return `network error: ${message}`;
  return `${failure.statusCode} ${failure.serviceCode}: ${message}`;
}

/**
 * Authentication and authorization failures of the calls a run cannot do without (region and
 * compartment listing) become AuthErrors: exit code 3 and a message that says what to check.
 */
export function asAuthErrorIfDenied(error: unknown, what: string): unknown {
  const failure = failureInfoOf(error);
  if (!failure) return error;
  if (failure.statusCode === 401) {
    return new AuthError(
      `OCI rejected the credentials while ${what} (${describeOciFailure(error)}). For an API key check the user, fingerprint and key file; for a resource or instance principal check that its session token has not expired; in both cases check the machine's clock. "oci-inventory validate-auth" tests the credentials alone.`,
      { cause: error },
    );
  }
  if (failure.statusCode === 403 || (failure.statusCode === 404 && failure.serviceCode === 'NotAuthorizedOrNotFound')) {
    return new AuthError(
      `Not authorized while ${what} (${describeOciFailure(error)}). The principal needs "inspect tenancies" and "inspect compartments" in the tenancy, and read access to the resources (see docs/iam.md).`,
      { cause: error },
    );
  }
  return error;
}
