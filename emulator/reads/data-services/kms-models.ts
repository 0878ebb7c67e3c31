import type { FoundResource, RegionInfo } from '../../tenancy/index.ts';
import { base32For, chanceFor, isoAfter, pickFor, textHash } from '../derive.ts';
import { detailString, refOf, type Model } from '../model-fields.ts';
import { AS_OF_MS, baseFields, vaultSegmentOf, type DataModelBuilder } from './model-context.ts';

/**
 * KMS models (oci-keymanagement `Vault` from KmsVaultClient, `Key` from KmsManagementClient).
 *
 * Real vaults answer at `https://<vault segment>-management.kms.<region>.oraclecloud.com`; the emulator's
 * management endpoint of a vault is `<emulator>/<region>/kmsmanagement/<vault segment>`: one host prefix for
 * every vault, the vault named by the first path segment, so a KmsManagementClient pointed at the
 * `managementEndpoint` GetVault returns reaches the emulator and only that vault's keys.
 */
export const KMS_MANAGEMENT_SERVICE = 'kmsmanagement';
/** The crypto endpoint has the same form; the emulator serves no crypto operations. */
export const KMS_CRYPTO_SERVICE = 'kmscrypto';

export function vaultEndpoint(baseUrl: string, region: RegionInfo, service: string, segment: string): string {
  return `${baseUrl}/${region.name}/${service}/${segment}`;
}

/** A deletion time: scheduled (after the tenancy's "now") while pending, in the past once deleted. */
function timeOfDeletion(found: FoundResource, salt: number): Model {
  const { lifecycleState, identifier, timeCreated } = found.summary;
  const days = 7 + (textHash(identifier, salt) % 24);
  if (lifecycleState === 'PENDING_DELETION') return { timeOfDeletion: new Date(Math.max(AS_OF_MS, Date.parse(timeCreated)) + days * 86_400_000).toISOString() };
  if (lifecycleState === 'DELETED') return { timeOfDeletion: isoAfter(timeCreated, days, Math.max(AS_OF_MS, Date.parse(timeCreated))) };
  return {};
}

const vault: DataModelBuilder = (found, context) => {
  const id = found.summary.identifier;
  const segment = vaultSegmentOf(id) ?? base32For(id, 41, 13);
  const vaultType = detailString(found, 'vaultType') ?? 'DEFAULT';
  return {
    ...baseFields(found, { name: 'displayName', systemTags: false }),
    vaultType,
    managementEndpoint: vaultEndpoint(context.baseUrl, context.region, KMS_MANAGEMENT_SERVICE, segment),
    cryptoEndpoint: vaultEndpoint(context.baseUrl, context.region, KMS_CRYPTO_SERVICE, segment),
    // The vault's internal wrapping key: not a Search resource.
    wrappingkeyId: `ocid1.key.oc1.${context.region.ocidSegment}.${segment}.a${base32For(id, 42, 59)}`,
    isPrimary: true,
    isVaultReplicable: vaultType === 'VIRTUAL_PRIVATE',
    ...timeOfDeletion(found, 43),
  };
};

const KEY_SHAPES: readonly Model[] = [
  { algorithm: 'AES', length: 32 },
  { algorithm: 'AES', length: 32 },
  { algorithm: 'AES', length: 32 },
  { algorithm: 'AES', length: 16 },
  { algorithm: 'AES', length: 24 },
  { algorithm: 'RSA', length: 256 },
  { algorithm: 'RSA', length: 512 },
  { algorithm: 'ECDSA', length: 32, curveId: 'NIST_P256' },
  { algorithm: 'ECDSA', length: 48, curveId: 'NIST_P384' },
];

const key: DataModelBuilder = (found, context) => {
  const id = found.summary.identifier;
  const vaultId = refOf(found, 'vaultId');
  const owningVault = context.reader.find(vaultId);
  const virtualPrivate = owningVault !== undefined && detailString(owningVault, 'vaultType') === 'VIRTUAL_PRIVATE';
  return {
    ...baseFields(found, { name: 'displayName', systemTags: false }),
    vaultId,
    keyShape: { ...pickFor(id, 44, KEY_SHAPES) },
    protectionMode: virtualPrivate ? 'HSM' : pickFor(id, 45, ['HSM', 'HSM', 'SOFTWARE']),
    currentKeyVersion: detailString(found, 'currentKeyVersion') ?? null,
    isPrimary: true,
    isAutoRotationEnabled: virtualPrivate && chanceFor(id, 46, 50),
    ...timeOfDeletion(found, 47),
  };
};

export const KMS_MODELS: Readonly<Record<string, DataModelBuilder>> = { Vault: vault, Key: key };
