import { mkdir, open } from 'node:fs/promises';
import { join, resolve } from 'node:path';

export interface OciConfigInput {
  dir: string;
  /** The profile section name; defaults to DEFAULT. The file holds this one profile only. */
  profile?: string;
  tenancyId: string;
  userId: string;
  region: string;
  privateKeyPem: string;
  fingerprint: string;
}

/** Owner read/write only: the OCI CLI warns about (and a reviewer should flag) anything looser for keys. */
const OWNER_ONLY = 0o600;

/**
 * `mode` only applies when a file is created, so a file left over from an earlier run could keep looser
 * permissions: tighten the open file before any key material goes into it.
 */
async function writeOwnerOnly(path: string, text: string): Promise<void> {
  const file = await open(path, 'w', OWNER_ONLY);
  try {
    await file.chmod(OWNER_ONLY);
    await file.writeFile(text, 'utf8');
  } finally {
    await file.close();
  }
}

/**
 * The SDK's config reader takes each line raw (`key=value`, trimmed, no escaping), so a newline or a leading
 * `#`/`[` in a value would change the file's meaning. Refuse such values instead of writing a broken profile.
 */
function assertConfigValue(name: string, value: string): void {
  if (typeof value !== 'string' || value.trim() === '' || /[\r\n]/.test(value) || value !== value.trim()) {
    throw new TypeError(`${name} must be a non-empty single-line value without surrounding spaces, got ${JSON.stringify(value)}`);
  }
}

/**
 * Writes an OCI CLI/SDK config (`<dir>/config`) and its API signing key (`<dir>/oci_api_key.pem`), both
 * mode 0600, so `new ConfigFileAuthenticationDetailsProvider(configPath, profile)` can sign as that user.
 */
export async function writeOciConfig(input: OciConfigInput): Promise<{ configPath: string; keyPath: string }> {
  const profile = input.profile ?? 'DEFAULT';
  assertConfigValue('profile', profile);
  if (/[[\]]/.test(profile)) throw new TypeError(`profile must not contain brackets, got ${JSON.stringify(profile)}`);
  for (const name of ['tenancyId', 'userId', 'region', 'fingerprint'] as const) assertConfigValue(name, input[name]);
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(input.privateKeyPem)) {
    throw new TypeError('privateKeyPem must be a PEM private key');
  }

  const dir = resolve(input.dir);
  const configPath = join(dir, 'config');
  const keyPath = join(dir, 'oci_api_key.pem');
  await mkdir(dir, { recursive: true, mode: 0o700 });

  const config = [
    `[${profile}]`,
    `user=${input.userId}`,
    `fingerprint=${input.fingerprint}`,
    `tenancy=${input.tenancyId}`,
    `region=${input.region}`,
    `key_file=${keyPath}`,
    '',
  ].join('\n');
  const pem = input.privateKeyPem.endsWith('\n') ? input.privateKeyPem : `${input.privateKeyPem}\n`;

  await writeOwnerOnly(keyPath, pem);
  await writeOwnerOnly(configPath, config);
  return { configPath, keyPath };
}
