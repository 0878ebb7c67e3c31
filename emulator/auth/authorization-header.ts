/**
 * Parses the draft-cavage `Authorization: Signature k="v",...` header OCI uses, e.g.
 * `Signature version="1",keyId="ocid1.tenancy../ocid1.user../aa:bb:..",algorithm="rsa-sha256",
 * headers="x-date (request-target) host",signature="base64"`.
 */
export interface SignatureParameters {
  version: string | undefined;
  keyId: string;
  algorithm: string | undefined;
  /** Signed header names in signing order, lowercased (the SDK writes some as `Content-Type`). */
  headers: string[];
  signature: string;
}

const SCHEME = /^Signature\s+/i;
// One `name="value"` pair, then a comma or the end. Values never contain quotes (base64, OCIDs, JWTs).
const PARAMETER = /\s*([A-Za-z]+)="([^"]*)"\s*(?:,|$)/y;

/** The parameters, or undefined when the header is not a well-formed Signature header. */
export function parseSignatureAuthorization(value: string): SignatureParameters | undefined {
  const scheme = SCHEME.exec(value);
  if (scheme === null) return undefined;
  const parameters = new Map<string, string>();
  PARAMETER.lastIndex = scheme[0].length;
  while (PARAMETER.lastIndex < value.length) {
    const match = PARAMETER.exec(value);
    if (match === null) return undefined;
    const [, name = '', parameterValue = ''] = match;
    if (parameters.has(name)) return undefined;
    parameters.set(name, parameterValue);
  }
  const keyId = parameters.get('keyId');
  const headers = parameters.get('headers');
  const signature = parameters.get('signature');
  if (!keyId || !headers || !signature) return undefined;
  return {
    version: parameters.get('version'),
    keyId,
    algorithm: parameters.get('algorithm'),
    headers: headers.trim().split(/\s+/).map((name) => name.toLowerCase()),
    signature,
  };
}
