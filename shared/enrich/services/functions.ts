/** Functions management (oci-functions FunctionsManagementClient, host `functions`): applications and functions. */
import { FunctionsManagementClient } from 'oci-functions';
import { declare, type Model, type ServiceClient } from '../declaration.ts';

const functionsManagement: ServiceClient<FunctionsManagementClient> = { ctor: FunctionsManagementClient, hostPrefix: 'functions' };

/**
 * Application and function `config` values are often secrets (database passwords, API tokens): only the
 * configuration KEYS are kept (`configKeys`, sorted), the values never leave this function.
 */
function withConfigKeysOnly<T extends { config?: Record<string, string> }>(model: T): Model {
  const { config, ...rest } = model;
  return { ...rest, configKeys: Object.keys(config ?? {}).sort() };
}

export const FUNCTIONS = [
  declare({
    resourceType: 'FunctionsApplication',
    service: functionsManagement,
    get: async (client, summary) => withConfigKeysOnly((await client.getApplication({ applicationId: summary.identifier })).application),
    lists: {},
    details: ['shape', 'subnetIds', 'networkSecurityGroupIds', 'configKeys', 'syslogUrl', 'traceConfig'],
    relations: [
      ['in_subnet', 'subnetIds[]'],
      ['in_security_group', 'networkSecurityGroupIds[]'],
    ],
  }),
  declare({
    resourceType: 'FunctionsFunction',
    service: functionsManagement,
    get: async (client, summary) => withConfigKeysOnly((await client.getFunction({ functionId: summary.identifier })).function),
    lists: {},
    // `image` names its OCIR repository (`<key>.ocir.io/<namespace>/<repository>:<tag>`), a ContainerRepo by name.
    details: ['applicationId', 'image', 'imageDigest', 'shape', 'memoryInMBs', 'timeoutInSeconds', 'invokeEndpoint', 'configKeys'],
    relations: [['in_application', 'applicationId']],
  }),
];
