/**
 * Key Management (oci-keymanagement). Vaults are read with KmsVaultClient (host `kms`); a Key is read with a
 * KmsManagementClient bound to its vault's `managementEndpoint`, exactly as GetVault returns it (real OCI:
 * `https://<vault segment>-management.kms.<region>.oraclecloud.com`; the emulator: a URL of its own). The
 * endpoint template is not applied to it: it fills `{service}` and `{region}` only, and a per-vault host is
 * the vault service's to name, not ours.
 *
 * The key's vault: `additionalDetails.vaultId` when Search returned it (`return allAdditionalFields`), else
 * the region's vault whose OCID carries the key's 13-character vault segment (`ocid1.key.oc1.<r>.<segment>.…`),
 * found with one Search of the region's vaults per run (cheaper than ListVaults in every compartment, and
 * it finds vaults in any compartment). GetVault is made once per vault and run.
 */
import { KmsManagementClient, KmsVaultClient } from 'oci-keymanagement';
import { searchPages, type ResourceSummary } from '../../discovery/search-pages.ts';
import { declare, type CallContext, type ServiceClient } from '../declaration.ts';
import { cachedLookup, LookupNotFound, searchDetail } from './lookups.ts';

const vaults: ServiceClient<KmsVaultClient> = { ctor: KmsVaultClient, hostPrefix: 'kms' };

/** The vault segment of a Vault or Key OCID (the part before the unique part), or undefined. */
function vaultSegmentOf(ocid: string): string | undefined {
  const parts = ocid.split('.');
  return parts.length === 6 ? parts[4] : undefined;
}

/** The region's vaults by vault segment, from one Search per run and region. */
function vaultsBySegment(context: CallContext): Promise<ReadonlyMap<string, string>> {
  return cachedLookup(context.factory, `kms:vaults:${context.region}`, async () => {
    const bySegment = new Map<string, string>();
    for await (const page of searchPages(context.factory, { region: context.region, query: 'query Vault resources', tenancyId: context.tenancyId })) {
      for (const item of page) {
        const segment = vaultSegmentOf(item.identifier);
        if (segment !== undefined && !bySegment.has(segment)) bySegment.set(segment, item.identifier);
      }
    }
    return bySegment;
  });
}

async function vaultIdOf(summary: ResourceSummary, context: CallContext): Promise<string> {
  const fromSearch = searchDetail(summary, 'vaultId');
  if (fromSearch !== undefined) return fromSearch;
  const segment = vaultSegmentOf(summary.identifier);
  const vaultId = segment === undefined ? undefined : (await vaultsBySegment(context)).get(segment);
  if (vaultId === undefined) throw new LookupNotFound(`no vault of ${context.region} has the vault segment of key ${summary.identifier}`);
  return vaultId;
}

export const KEY_MANAGEMENT = [
  declare({
    resourceType: 'Vault',
    service: vaults,
    get: async (client, summary) => (await client.getVault({ vaultId: summary.identifier })).vault as never,
    lists: {},
    details: ['vaultType', 'managementEndpoint', 'cryptoEndpoint', 'isPrimary', 'isVaultReplicable', 'timeOfDeletion'],
    relations: [],
  }),
  declare({
    resourceType: 'Key',
    // The declared client reads the vault; the key itself is read at the vault's management endpoint.
    service: vaults,
    get: async (client, summary, context) => {
      const vaultId = await vaultIdOf(summary, context);
      const endpoint = await cachedLookup(context.factory, `kms:endpoint:${vaultId}`, async () => (await client.getVault({ vaultId })).vault.managementEndpoint);
      const management = context.factory.forEndpoint(KmsManagementClient, endpoint, context.region);
      return (await management.getKey({ keyId: summary.identifier })).key as never;
    },
    lists: {},
    details: ['vaultId', 'keyShape', 'protectionMode', 'currentKeyVersion', 'isPrimary', 'isAutoRotationEnabled', 'timeOfDeletion'],
    relations: [['in_vault', 'vaultId']],
  }),
];
