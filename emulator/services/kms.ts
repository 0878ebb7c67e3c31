import { KMS_MANAGEMENT_SERVICE, type DataReadScope, type DataServiceReads } from '../reads/data-services/index.ts';
import { getResource, GetRouteModule, scopeWithBaseUrl } from '../reads/get-routes.ts';
import { sendModel } from '../reads/send-model.ts';

/** Key Management, vaults (`kms` host; KmsVaultClient paths carry /20180608): GetVault. */
export function kmsVaultService(reads: DataServiceReads): GetRouteModule<DataReadScope> {
  return new GetRouteModule('kms', [getResource(reads.read.bind(reads), 'GetVault', /^\/20180608\/vaults\/([^/]+)$/, 'Vault')], scopeWithBaseUrl);
}

/**
 * Key Management, keys: every vault's management endpoint (`managementEndpoint` of GetVault,
 * `<emulator>/<region>/kmsmanagement/<vault segment>`), KmsManagementClient paths after it: GetKey answers
 * only keys of that vault, as a real vault's endpoint does.
 */
export function kmsManagementService(reads: DataServiceReads): GetRouteModule<DataReadScope> {
  return new GetRouteModule(KMS_MANAGEMENT_SERVICE, [
    {
      operation: 'GetKey',
      pattern: /^\/([a-z0-9]+)\/20180608\/keys\/([^/]+)$/,
      handle: (context, [vaultSegment, keyId], scope) => sendModel(context.res, reads.key(vaultSegment ?? '', keyId ?? '', scope)),
    },
  ], scopeWithBaseUrl);
}
