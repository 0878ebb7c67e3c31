import { createHash, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';

/** An RSA key pair as PEM text: SPKI public key, PKCS#8 private key (what the OCI console hands out). */
export interface RsaKeyPairPem {
  publicKeyPem: string;
  privateKeyPem: string;
}

/** A fresh RSA 2048 key pair, the size OCI requires for API signing keys. */
export function generateRsaKeyPair(): RsaKeyPairPem {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { publicKeyPem: publicKey, privateKeyPem: privateKey };
}

/**
 * The fingerprint OCI shows for an API key: MD5 of the DER SubjectPublicKeyInfo as lowercase hex pairs joined
 * by colons (the same as `openssl rsa -pubout -outform DER | openssl md5 -c`).
 */
export function apiKeyFingerprint(publicKey: KeyObject | string): string {
  const key = typeof publicKey === 'string' ? parseRsaPublicKey(publicKey) : publicKey;
  const der = key.export({ type: 'spki', format: 'der' });
  const hex = createHash('md5').update(der).digest('hex');
  return hex.match(/../g)!.join(':');
}

/** Reads an RSA public key from PEM; the message never repeats the PEM text. */
export function parseRsaPublicKey(publicKeyPem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey(publicKeyPem);
  } catch {
    throw new TypeError('publicKeyPem is not a PEM public key');
  }
  if (key.asymmetricKeyType !== 'rsa') {
    throw new TypeError(`publicKeyPem must be an RSA key, got ${key.asymmetricKeyType ?? 'an unknown key type'}`);
  }
  return key;
}

/** A registered API key as the verifier needs it. */
export interface RegisteredApiKey {
  keyId: string;
  tenancyId: string;
  userId: string;
  fingerprint: string;
  publicKey: KeyObject;
}

/** OCIDs go into a `/`-separated keyId, so they must not contain `/` (or whitespace, which OCIDs never have). */
function assertIdPart(name: string, value: string): void {
  if (value.length === 0 || /[\s/"]/.test(value)) {
    throw new TypeError(`${name} must be a non-empty OCID without "/", quotes or whitespace, got ${JSON.stringify(value)}`);
  }
}

/**
 * The users' uploaded API public keys, keyed as OCI signs with them: `tenancy/user/fingerprint`.
 */
export class ApiKeyRegistry {
  readonly #keys = new Map<string, RegisteredApiKey>();

  register(input: { tenancyId: string; userId: string; publicKeyPem: string }): { keyId: string; fingerprint: string } {
    assertIdPart('tenancyId', input.tenancyId);
    assertIdPart('userId', input.userId);
    const publicKey = parseRsaPublicKey(input.publicKeyPem);
    const fingerprint = apiKeyFingerprint(publicKey);
    const keyId = `${input.tenancyId}/${input.userId}/${fingerprint}`;
    this.#keys.set(keyId, { keyId, tenancyId: input.tenancyId, userId: input.userId, fingerprint, publicKey });
    return { keyId, fingerprint };
  }

  lookup(keyId: string): RegisteredApiKey | undefined {
    return this.#keys.get(keyId);
  }

  /** Removes the key; true when it was registered. Requests signed with it are rejected from now on. */
  revoke(keyId: string): boolean {
    return this.#keys.delete(keyId);
  }
}
