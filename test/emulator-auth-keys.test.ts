import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ApiKeyRegistry, apiKeyFingerprint, generateRsaKeyPair, parseRsaPublicKey } from '../emulator/auth/keys.ts';

// A public key and its fingerprint as computed by
// `openssl rsa -pubin -in key.pub -outform DER | openssl md5 -c` (the form the OCI console shows).
const GOLDEN_PUBLIC_KEY = `-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAqBj08Ge/5GdSotPH+hYr
S/9vhEp+aDcCDCrl5KP25UO9TaynYnNsQZm3B0mTRC+oZlCq2doxMyKSqVhTzFG8
JzPtyyX8u3BfQkqjsickIUGnM4Ft2MeO+n1CVL4u/b//V92Mw1lTmmMamoLkoEAw
FhJlcLvrGf121VTUy+tLuvfN+UOQwRm9zKnFk3AJTGh649J8+F4Utjm3k68Go8Ks
cpP+IIFhNI9wL0AGy4BCtWnN+KEcRQpxP7EVsuRxLNtg3SD9jOBW3LoZNtyzqWYF
7Abi9xCpOez6TCD+iVRN793H0exkYJUaQnztn7PIj4lheoylVtDENBa4rnlTqLci
fwIDAQAB
-----END PUBLIC KEY-----
`;
const GOLDEN_FINGERPRINT = '5e:6b:37:79:02:09:38:98:c9:58:f1:c1:13:b8:9b:8b';

const TENANCY = 'ocid1.tenancy.oc1..aaaatenancy';
const USER = 'ocid1.user.oc1..aaaauser';

test('fingerprint matches what openssl (and the OCI console) computes', () => {
  assert.is(apiKeyFingerprint(createPublicKey(GOLDEN_PUBLIC_KEY)), GOLDEN_FINGERPRINT);
  assert.is(apiKeyFingerprint(GOLDEN_PUBLIC_KEY), GOLDEN_FINGERPRINT);
});

test('fingerprint does not depend on the PEM encoding of the public key (SPKI or PKCS#1)', () => {
  const pkcs1 = createPublicKey(GOLDEN_PUBLIC_KEY).export({ type: 'pkcs1', format: 'pem' }) as string;
  assert.is(apiKeyFingerprint(parseRsaPublicKey(pkcs1)), GOLDEN_FINGERPRINT);
});

test('generated key pairs are RSA 2048 and the halves belong together', () => {
  const pair = generateRsaKeyPair();
  const privateKey = createPrivateKey(pair.privateKeyPem);
  assert.is(privateKey.asymmetricKeyType, 'rsa');
  assert.is(privateKey.asymmetricKeyDetails?.modulusLength, 2048);
  assert.match(pair.privateKeyPem, /^-----BEGIN PRIVATE KEY-----/);
  const data = Buffer.from('signed');
  assert.ok(verify('sha256', data, createPublicKey(pair.publicKeyPem), sign('sha256', data, privateKey)));
  assert.is.not(generateRsaKeyPair().publicKeyPem, pair.publicKeyPem);
});

test('registry: register returns tenancy/user/fingerprint and lookup finds the key', () => {
  const registry = new ApiKeyRegistry();
  const { keyId, fingerprint } = registry.register({ tenancyId: TENANCY, userId: USER, publicKeyPem: GOLDEN_PUBLIC_KEY });
  assert.is(fingerprint, GOLDEN_FINGERPRINT);
  assert.is(keyId, `${TENANCY}/${USER}/${GOLDEN_FINGERPRINT}`);
  const found = registry.lookup(keyId);
  assert.ok(found);
  assert.is(found.tenancyId, TENANCY);
  assert.is(found.userId, USER);
  assert.is(apiKeyFingerprint(found.publicKey), GOLDEN_FINGERPRINT);
});

test('registry: unknown and revoked keys are not found', () => {
  const registry = new ApiKeyRegistry();
  const { keyId } = registry.register({ tenancyId: TENANCY, userId: USER, publicKeyPem: GOLDEN_PUBLIC_KEY });
  assert.is(registry.lookup(`${TENANCY}/ocid1.user.oc1..other/${GOLDEN_FINGERPRINT}`), undefined);
  assert.is(registry.revoke(keyId), true);
  assert.is(registry.lookup(keyId), undefined);
  assert.is(registry.revoke(keyId), false);
});

test('registry: refuses non-RSA keys, garbage PEM and ids that would break the keyId', () => {
  const registry = new ApiKeyRegistry();
  const garbage = '-----BEGIN PUBLIC KEY-----\nnot really\n-----END PUBLIC KEY-----\n';
  assert.throws(() => registry.register({ tenancyId: TENANCY, userId: USER, publicKeyPem: garbage }), (error: Error) =>
    error instanceof TypeError && !error.message.includes('not really'));
  const ecPem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }) as string;
  assert.throws(() => registry.register({ tenancyId: TENANCY, userId: USER, publicKeyPem: ecPem }), /must be an RSA key, got ec/);
  assert.throws(() => registry.register({ tenancyId: 'a/b', userId: USER, publicKeyPem: GOLDEN_PUBLIC_KEY }), /tenancyId/);
  assert.throws(() => registry.register({ tenancyId: TENANCY, userId: '', publicKeyPem: GOLDEN_PUBLIC_KEY }), /userId/);
});

test.run();
