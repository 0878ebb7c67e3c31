/** Why a request was not authenticated; tests and logs match on this, clients only see the message. */
export type AuthenticationFailureReason =
  | 'missing_authorization'
  | 'malformed_authorization'
  | 'unsupported_algorithm'
  | 'missing_signed_header'
  | 'missing_header'
  | 'invalid_date'
  | 'clock_skew'
  | 'unknown_key'
  | 'signature_mismatch'
  | 'body_hash_mismatch'
  | 'token_malformed'
  | 'token_signature_invalid'
  | 'token_expired'
  | 'token_not_yet_valid';

/**
 * A request the emulator refuses to authenticate. The server answers it as OCI does: 401 with
 * `{"code":"NotAuthenticated","message": error.message}`. Messages name what was wrong (a header, a key
 * fingerprint's absence) but never carry key material, tokens or signatures.
 */
export class AuthenticationError extends Error {
  readonly status = 401;
  readonly code = 'NotAuthenticated';

  constructor(
    readonly reason: AuthenticationFailureReason,
    message: string,
  ) {
    super(message);
    this.name = 'AuthenticationError';
  }
}
