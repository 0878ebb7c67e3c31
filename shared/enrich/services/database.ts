/** Database (oci-database DatabaseClient, host `database`): autonomous databases, DB systems, databases. */
import { DatabaseClient } from 'oci-database';
import { declare, type ServiceClient } from '../declaration.ts';

const database: ServiceClient<DatabaseClient> = { ctor: DatabaseClient, hostPrefix: 'database' };

export const DATABASE = [
  declare({
    resourceType: 'AutonomousDatabase',
    service: database,
    get: async (client, summary) => (await client.getAutonomousDatabase({ autonomousDatabaseId: summary.identifier })).autonomousDatabase as never,
    lists: {},
    details: [
      'dbName', 'dbWorkload', 'dbVersion', 'computeModel', 'computeCount', 'dataStorageSizeInTBs', 'isFreeTier', 'isDedicated', 'licenseModel',
      'isAutoScalingEnabled', 'subnetId', 'nsgIds', 'privateEndpointIp', 'kmsKeyId', 'vaultId', 'autonomousContainerDatabaseId',
    ],
    // The vault follows from the key (Key in_vault Vault).
    relations: [
      ['in_subnet', 'subnetId'],
      ['in_security_group', 'nsgIds[]'],
      ['encrypted_by', 'kmsKeyId'],
    ],
  }),
  declare({
    resourceType: 'DbSystem',
    service: database,
    get: async (client, summary) => (await client.getDbSystem({ dbSystemId: summary.identifier })).dbSystem as never,
    lists: {},
    details: [
      'shape', 'databaseEdition', 'cpuCoreCount', 'nodeCount', 'version', 'hostname', 'domain', 'dataStorageSizeInGBs', 'licenseModel',
      'subnetId', 'backupSubnetId', 'nsgIds', 'kmsKeyId',
    ],
    relations: [
      ['in_subnet', 'subnetId'],
      ['in_subnet', 'backupSubnetId'],
      ['in_security_group', 'nsgIds[]'],
      ['in_security_group', 'backupNetworkNsgIds[]'],
      ['encrypted_by', 'kmsKeyId'],
    ],
  }),
  declare({
    resourceType: 'Database',
    service: database,
    get: async (client, summary) => (await client.getDatabase({ databaseId: summary.identifier })).database as never,
    lists: {},
    details: ['dbName', 'dbUniqueName', 'pdbName', 'isCdb', 'dbWorkload', 'characterSet', 'dbSystemId', 'dbHomeId', 'kmsKeyId', 'vaultId'],
    // dbHomeId is kept in details only: database homes are not Search resources.
    relations: [
      ['in_db_system', 'dbSystemId'],
      ['encrypted_by', 'kmsKeyId'],
    ],
  }),
];
