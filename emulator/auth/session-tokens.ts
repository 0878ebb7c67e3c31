import { createPublicKey, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { signJwtRs256, verifyJwtRs256 } from './jwt-rs256.ts';
import { generateRsaKeyPair } from './keys.ts';

/**
 * Resource-principal session tokens (RPST), as OCI Functions hands them to a function.
 *
 * The claims follow real RPSTs. The TypeScript SDK only decodes the token (never checks its signature or
 * expiry) and reads `res_tenant` / `res_compartment` through `getStringClaim`; the Java SDK also reads `jwk`
 * as a *string* claim holding the session public key's JWK JSON, so that is the form minted here.
 */
export interface ResourcePrincipalClaims {
  iss: string;
  /** The resource the token speaks for (the function OCID), as in OCI's tokens. */
  sub: string;
  aud: 'oci';
  jti: string;
  iat: number;
  nbf: number;
  exp: number;
  /** Token type and principal type OCI puts in resource tokens. */
  ttype: 'res';
  ptype: 'resource';
  res_type: 'fnfunc';
  res_id: string;
  res_tenant: string;
  res_compartment: string;
  /** The session public key as JWK JSON text (`{"kty":"RSA","n":..,"e":..}`). */
  jwk: string;
}

export type SessionTokenFailure = 'malformed' | 'bad_signature' | 'expired' | 'not_yet_valid';

export type SessionTokenCheck =
  | { ok: true; claims: ResourcePrincipalClaims; sessionPublicKey: KeyObject }
  | { ok: false; reason: SessionTokenFailure };

/** A type alias (not an interface) so it can be spread into `process.env` or a child's env. */
export type ResourcePrincipalEnv = {
  OCI_RESOURCE_PRINCIPAL_VERSION: '2.2';
  OCI_RESOURCE_PRINCIPAL_RPST: string;
  OCI_RESOURCE_PRINCIPAL_PRIVATE_PEM: string;
  OCI_RESOURCE_PRINCIPAL_REGION: string;
};

export interface MintInput {
  tenancyId: string;
  compartmentId: string;
  functionId: string;
  ttlSeconds: number;
  /** Defaults to the current time; set it to mint tokens that are already expired or not yet valid. */
  now?: Date;
}

const REQUIRED_STRINGS = ['iss', 'sub', 'jti', 'res_id', 'res_tenant', 'res_compartment', 'jwk'] as const;
const REQUIRED_NUMBERS = ['iat', 'nbf', 'exp'] as const;

function assertMintInput(input: MintInput): void {
  for (const name of ['tenancyId', 'compartmentId', 'functionId'] as const) {
    if (typeof input[name] !== 'string' || input[name].length === 0) {
      throw new TypeError(`${name} must be a non-empty OCID, got ${JSON.stringify(input[name])}`);
    }
  }
  if (!Number.isInteger(input.ttlSeconds) || input.ttlSeconds <= 0) {
    throw new RangeError(`ttlSeconds must be a positive integer, got ${String(input.ttlSeconds)}`);
  }
}

/** The session public key from the `jwk` claim; undefined when it is not an RSA public JWK. */
function sessionKeyFromJwk(jwkText: string): KeyObject | undefined {
  try {
    const jwk: unknown = JSON.parse(jwkText);
    if (typeof jwk !== 'object' || jwk === null) return undefined;
    const { kty, n, e } = jwk as Record<string, unknown>;
    if (kty !== 'RSA' || typeof n !== 'string' || typeof e !== 'string') return undefined;
    return createPublicKey({ key: { kty, n, e }, format: 'jwk' });
  } catch {
    return undefined;
  }
}

/** Narrows a signature-checked payload to the claims this issuer mints. */
function asClaims(payload: Record<string, unknown>): ResourcePrincipalClaims | undefined {
  for (const name of REQUIRED_STRINGS) {
    const value = payload[name];
    if (typeof value !== 'string' || value.length === 0) return undefined;
  }
  for (const name of REQUIRED_NUMBERS) {
    if (!Number.isFinite(payload[name])) return undefined;
  }
  if (payload['res_type'] !== 'fnfunc') return undefined;
  return payload as unknown as ResourcePrincipalClaims;
}

/**
 * The emulator's identity service for resource principals: owns an issuer key pair, mints RPSTs bound to a
 * session key, and verifies them. Tokens from another issuer fail with `bad_signature`.
 */
export class SessionTokenIssuer {
  readonly #issuer: string;
  readonly #privateKey: KeyObject;
  readonly #publicKey: KeyObject;

  constructor(options: { issuer?: string } = {}) {
    this.#issuer = options.issuer ?? 'authService.oracle.com';
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.#privateKey = privateKey;
    this.#publicKey = publicKey;
  }

  /** Mints an RPST for a function whose requests will be signed with `sessionPublicKey`'s private half. */
  mint(input: MintInput & { sessionPublicKey: KeyObject }): { token: string; claims: ResourcePrincipalClaims } {
    assertMintInput(input);
    const iat = Math.floor((input.now ?? new Date()).getTime() / 1000);
    const { kty, n, e } = input.sessionPublicKey.export({ format: 'jwk' });
    const claims: ResourcePrincipalClaims = {
      iss: this.#issuer,
      sub: input.functionId,
      aud: 'oci',
      jti: randomUUID(),
      iat,
      nbf: iat,
      exp: iat + input.ttlSeconds,
      ttype: 'res',
      ptype: 'resource',
      res_type: 'fnfunc',
      res_id: input.functionId,
      res_tenant: input.tenancyId,
      res_compartment: input.compartmentId,
      jwk: JSON.stringify({ kty, n, e, alg: 'RS256', use: 'sig' }),
    };
    return { token: signJwtRs256(claims, this.#privateKey), claims };
  }

  /** Checks signature, shape and validity window; `exp <= now` is expired, `nbf > now` not yet valid. */
  verify(token: string, now: Date = new Date()): SessionTokenCheck {
    const checked = verifyJwtRs256(token, this.#publicKey);
    if (!checked.ok) return checked;
    const claims = asClaims(checked.payload);
    const sessionPublicKey = claims === undefined ? undefined : sessionKeyFromJwk(claims.jwk);
    if (claims === undefined || sessionPublicKey === undefined) return { ok: false, reason: 'malformed' };
    const nowSeconds = now.getTime() / 1000;
    if (claims.exp <= nowSeconds) return { ok: false, reason: 'expired' };
    if (claims.nbf > nowSeconds) return { ok: false, reason: 'not_yet_valid' };
    return { ok: true, claims, sessionPublicKey };
  }

  /**
   * Everything a function needs to act as its resource principal: a fresh session key pair and an RPST bound to
   * it, as the four environment variables the SDK's `ResourcePrincipalAuthenticationDetailsProvider.builder()`
   * reads (values inline, not file paths).
   */
  mintResourcePrincipalCredentials(input: MintInput & { region: string }): { env: ResourcePrincipalEnv; expiresAt: Date } {
    if (typeof input.region !== 'string' || input.region.length === 0) {
      throw new TypeError(`region must be a region id such as "us-ashburn-1", got ${JSON.stringify(input.region)}`);
    }
    const session = generateRsaKeyPair();
    const { token, claims } = this.mint({ ...input, sessionPublicKey: createPublicKey(session.publicKeyPem) });
    return {
      env: {
        OCI_RESOURCE_PRINCIPAL_VERSION: '2.2',
        OCI_RESOURCE_PRINCIPAL_RPST: token,
        OCI_RESOURCE_PRINCIPAL_PRIVATE_PEM: session.privateKeyPem,
        OCI_RESOURCE_PRINCIPAL_REGION: input.region,
      },
      expiresAt: new Date(claims.exp * 1000),
    };
  }
}
