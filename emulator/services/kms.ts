import { KMS_MANAGEMENT_SERVICE, type DataServiceReads } from '../reads/data-services/index.ts';
import { getResource, GetRouteService } from '../reads/data-services/route-table.ts';
import { sendModel } from '../reads/send-model.ts';

/** Key Management, vaults (`kms` host; KmsVaultClient paths carry /20180608): GetVault. */
export function kmsVaultService(reads: DataServiceReads): GetRouteService {
  return new GetRouteService('kms', [getResource(reads, 'GetVault', /^\/20180608\/vaults\/([^/]+)$/, 'Vault')]);
}

/**
 * Key Management, keys: every vault's management endpoint (`managementEndpoint` of GetVault,
 * `<emulator>/<region>/kmsmanagement/<vault segment>`), KmsManagementClient paths after it: GetKey answers
 * only keys of that vault, as a real vault's endpoint does.
 */
export function kmsManagementService(reads: DataServiceReads): GetRouteService {
  return new GetRouteService(KMS_MANAGEMENT_SERVICE, [
    {
      operation: 'GetKey',
      pattern: /^\/([a-z0-9]+)\/20180608\/keys\/([^/]+)$/,
      answer: (context, [vaultSegment, keyId], scope) => sendModel(context.res, reads.key(vaultSegment ?? '', keyId ?? '', scope)),
    },
  ]);
}
