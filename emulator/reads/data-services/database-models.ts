import type { FoundResource } from '../../tenancy/index.ts';
import { base32For, chanceFor, derivedOcid, pickFor, textHash } from '../derive.ts';
import { detailBoolean, detailString, refOf } from '../model-fields.ts';
import { addressInSubnet, baseFields, type DataModelBuilder, type DataModelContext } from './model-context.ts';

/**
 * DatabaseClient models (oci-database `AutonomousDatabase`, `DbSystem`, `Database`). Relationship ids are the
 * tenancy's references (an autonomous database's subnet and key, a DB system's subnet, a database's DB
 * system); the vault of an autonomous database is its key's vault. Other fields come from additionalDetails,
 * else are derived from the OCID.
 */

/** `<subnet label>.<vcn label>.oraclevcn.com`, the domain of hosts in the subnet, or null without one. */
function subnetDomain(context: DataModelContext, subnet: FoundResource | undefined): string | null {
  if (subnet === undefined) return null;
  const vcn = context.reader.find(refOf(subnet, 'vcnId'));
  const subnetLabel = detailString(subnet, 'dnsLabel');
  const vcnLabel = vcn && detailString(vcn, 'dnsLabel');
  return subnetLabel === undefined || vcnLabel === undefined ? null : `${subnetLabel}.${vcnLabel}.oraclevcn.com`;
}

const autonomousDatabase: DataModelBuilder = (found, context) => {
  const id = found.summary.identifier;
  const subnetId = refOf(found, 'subnetId');
  const kmsKeyId = refOf(found, 'kmsKeyId');
  const key = context.reader.find(kmsKeyId);
  const isFreeTier = detailBoolean(found, 'isFreeTier') ?? false;
  const computeModel = isFreeTier ? 'ECPU' : pickFor(id, 11, ['ECPU', 'ECPU', 'ECPU', 'OCPU']);
  const computeCount = isFreeTier ? 2 : computeModel === 'ECPU' ? pickFor(id, 12, [2, 4, 8, 16]) : pickFor(id, 13, [1, 2, 4]);
  const dataStorageSizeInTBs = isFreeTier ? 1 : pickFor(id, 14, [1, 1, 2, 4, 8]);
  const dbName = detailString(found, 'dbName') ?? `ADB${textHash(id, 15) % 1000}`;
  const privateEndpointIp = subnetId === null ? null : addressInSubnet(context.reader.find(subnetId), id, 16);
  const label = dbName.toLowerCase();
  return {
    ...baseFields(found, { name: 'displayName', systemTags: true }),
    dbName,
    dbWorkload: detailString(found, 'dbWorkload') ?? 'OLTP',
    dbVersion: pickFor(id, 17, ['19c', '23ai']),
    isFreeTier,
    computeModel,
    computeCount,
    dataStorageSizeInTBs,
    dataStorageSizeInGBs: dataStorageSizeInTBs * 1024,
    licenseModel: isFreeTier ? 'LICENSE_INCLUDED' : pickFor(id, 18, ['LICENSE_INCLUDED', 'LICENSE_INCLUDED', 'BRING_YOUR_OWN_LICENSE']),
    isAutoScalingEnabled: !isFreeTier && chanceFor(id, 19, 40),
    isDedicated: false,
    infrastructureType: 'CLOUD',
    isMtlsConnectionRequired: subnetId === null,
    ...(kmsKeyId === null ? {} : { kmsKeyId, ...(key ? { vaultId: refOf(key, 'vaultId') } : {}) }),
    ...(subnetId === null
      ? {}
      : {
          subnetId,
          nsgIds: [],
          privateEndpointIp,
          privateEndpointLabel: label,
          privateEndpoint: `${label}.adb.${context.region.name}.oraclecloud.com`,
        }),
  };
};

/** Cores by shape: flexible VMs pick, fixed shapes have theirs. */
function coresOf(shape: string, id: string): number {
  const fixed = /\.(\d+)$/.exec(shape);
  return fixed ? Number(fixed[1]) : pickFor(id, 21, [2, 4, 8]);
}

const dbSystem: DataModelBuilder = (found, context) => {
  const id = found.summary.identifier;
  const subnetId = refOf(found, 'subnetId');
  const subnet = context.reader.find(subnetId);
  const shape = detailString(found, 'shape') ?? 'VM.Standard.E4.Flex';
  const hostname = `dbhost${textHash(id, 22) % 1000}`;
  return {
    ...baseFields(found, { name: 'displayName', systemTags: true }),
    availabilityDomain: found.summary.availabilityDomain,
    subnetId,
    nsgIds: [],
    shape,
    sshPublicKeys: [],
    hostname,
    domain: subnetDomain(context, subnet) ?? 'oraclevcn.com',
    version: pickFor(id, 23, ['19.24.0.0.0', '19.25.0.0.0', '23.6.0.24.10']),
    cpuCoreCount: coresOf(shape, id),
    nodeCount: 1,
    databaseEdition: pickFor(id, 24, ['STANDARD_EDITION', 'ENTERPRISE_EDITION', 'ENTERPRISE_EDITION_HIGH_PERFORMANCE']),
    dataStorageSizeInGBs: pickFor(id, 25, [256, 512, 1024, 2048]),
    licenseModel: pickFor(id, 26, ['LICENSE_INCLUDED', 'BRING_YOUR_OWN_LICENSE']),
    diskRedundancy: 'HIGH',
    listenerPort: 1521,
    timeZone: 'UTC',
  };
};

const database: DataModelBuilder = (found, context) => {
  const id = found.summary.identifier;
  const dbSystemId = refOf(found, 'dbSystemId');
  const dbName = detailString(found, 'dbName') ?? `DB${textHash(id, 31) % 10_000}`;
  return {
    ...baseFields(found, { name: null, systemTags: true }),
    dbName,
    dbUniqueName: `${dbName}_${context.region.key.toLowerCase()}${base32For(id, 32, 3)}`,
    pdbName: `${dbName}_PDB1`,
    isCdb: true,
    dbWorkload: pickFor(id, 33, ['OLTP', 'OLTP', 'DSS']),
    characterSet: 'AL32UTF8',
    ncharacterSet: 'AL16UTF16',
    dbSystemId,
    // One database home per DB system (homes are not Search resources here).
    ...(dbSystemId === null ? {} : { dbHomeId: derivedOcid('dbhome', context.region.ocidSegment, dbSystemId) }),
    dbBackupConfig: { autoBackupEnabled: chanceFor(id, 34, 70) },
  };
};

export const DATABASE_MODELS: Readonly<Record<string, DataModelBuilder>> = {
  AutonomousDatabase: autonomousDatabase,
  DbSystem: dbSystem,
  Database: database,
};
