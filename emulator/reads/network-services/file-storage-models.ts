import type { RegionInfo, Tenancy } from '../../tenancy/index.ts';
import { derivedOcid, hexFor, isoAfter, pickFor, textHash } from '../derive.ts';
import { commonFields, detailCopy, refOf, type Model } from '../model-fields.ts';
import { RegionCache } from '../region-cache.ts';
import { nsgsFor, vcnOfSubnet, type ServiceModelBuilder } from './model-context.ts';
import { HashBuckets, pickOne } from './picks.ts';
import type { RegionIndexes } from './region-indexes.ts';

/**
 * FileStorageClient models (oci-filestorage `FileSystem`, `MountTarget`, `ExportSummary`). Export sets and
 * exports are not Search resources: each mount target has one export set (an OCID derived from the mount
 * target's), and a base file system is exported through zero to two base mount targets of its availability
 * domain (hash buckets: removing a mount target only drops its own exports). Both directions of ListExports
 * come from one index, so they always agree.
 */

/** The export set of a mount target: one per mount target, in its region. */
export function exportSetOf(region: RegionInfo, mountTargetId: string): string {
  return derivedOcid('exportset', region.ocidSegment, mountTargetId);
}

export interface ExportEntry {
  id: string;
  exportSetId: string;
  fileSystemId: string;
  mountTargetId: string;
  path: string;
  timeCreated: string;
}

interface ExportIndex {
  byFileSystem: ReadonlyMap<string, readonly ExportEntry[]>;
  byExportSet: ReadonlyMap<string, readonly ExportEntry[]>;
  all: readonly ExportEntry[];
}

/** The synthetic tenancy's "now": exports are not dated after it. */
const AS_OF_MS = Date.UTC(2025, 5, 1);
const PATH_WORDS = ['shared', 'data', 'home', 'projects', 'backups', 'media', 'builds'] as const;

export class ExportIndexes {
  readonly #cache: RegionCache<ExportIndex>;

  constructor(tenancy: Tenancy, indexes: RegionIndexes) {
    const regions = new Map(tenancy.regions.map((region) => [region.name, region]));
    this.#cache = new RegionCache(tenancy, (name) => build(regions.get(name)!, indexes));
  }

  ofFileSystem(region: string, fileSystemId: string): readonly ExportEntry[] {
    return this.#cache.get(region).byFileSystem.get(fileSystemId) ?? [];
  }

  ofExportSet(region: string, exportSetId: string): readonly ExportEntry[] {
    return this.#cache.get(region).byExportSet.get(exportSetId) ?? [];
  }

  all(region: string): readonly ExportEntry[] {
    return this.#cache.get(region).all;
  }
}

function build(region: RegionInfo, indexes: RegionIndexes): ExportIndex {
  const byAd = new Map<string | null, string[]>();
  const times = new Map<string, string>();
  for (const mt of indexes.mountTargets(region.name)) {
    const list = byAd.get(mt.availabilityDomain);
    if (list === undefined) byAd.set(mt.availabilityDomain, [mt.id]);
    else list.push(mt.id);
    times.set(mt.id, mt.timeCreated);
  }
  // About 4 mount targets per bucket, the count fixed by the base count so that mutations never re-bucket.
  const bucketCount = Math.ceil(indexes.baseCount(region.name, 'MountTarget') / Math.max(1, region.availabilityDomains.length) / 4);
  const mountTargetsByAd = new Map([...byAd].map(([ad, ids]) => [ad, new HashBuckets(ids, bucketCount)]));
  const all: ExportEntry[] = [];
  const byFileSystem = new Map<string, ExportEntry[]>();
  const byExportSet = new Map<string, ExportEntry[]>();
  for (const fs of indexes.fileSystems(region.name)) {
    const draw = textHash(fs.id, 31) % 100;
    const count = draw < 25 ? 0 : draw < 80 ? 1 : 2;
    const path = `/${pickFor(fs.id, 32, PATH_WORDS)}-${hexFor(fs.id, 33, 4)}`;
    for (const mountTargetId of mountTargetsByAd.get(fs.availabilityDomain)?.pick(fs.id, 34, count) ?? []) {
      const later = [fs.timeCreated, times.get(mountTargetId)!].sort()[1]!;
      const entry: ExportEntry = {
        id: derivedOcid('export', region.ocidSegment, `${fs.id}|${mountTargetId}`),
        exportSetId: exportSetOf(region, mountTargetId),
        fileSystemId: fs.id,
        mountTargetId,
        path,
        timeCreated: isoAfter(later, (textHash(`${fs.id}|${mountTargetId}`, 35) % 720) / 24, AS_OF_MS),
      };
      all.push(entry);
      push(byFileSystem, fs.id, entry);
      push(byExportSet, entry.exportSetId, entry);
    }
  }
  return { byFileSystem, byExportSet, all };
}

function push<V>(map: Map<string, V[]>, key: string, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/** `ExportSummary` as ListExports answers it. */
export function exportSummary(entry: ExportEntry): Model {
  return {
    exportSetId: entry.exportSetId,
    fileSystemId: entry.fileSystemId,
    id: entry.id,
    lifecycleState: 'ACTIVE',
    path: entry.path,
    isIdmapGroupsForSysAuth: false,
    timeCreated: entry.timeCreated,
    locks: [],
  };
}

const MIB = 1_048_576;

export const fileSystem: ServiceModelBuilder = (found) => {
  const id = found.summary.identifier;
  const kmsKeyId = refOf(found, 'kmsKeyId');
  return {
    ...commonFields(found, { systemTags: true }),
    availabilityDomain: found.summary.availabilityDomain,
    meteredBytes: (textHash(id, 21) % 500_000) * MIB + (textHash(id, 22) % MIB),
    ...(kmsKeyId === null ? {} : { kmsKeyId }),
    sourceDetails: detailCopy(found, 'sourceDetails') ?? { parentFileSystemId: null, sourceSnapshotId: null },
    isCloneParent: false,
    isHydrated: true,
    cloneCount: 0,
    lifecycleDetails: '',
    isTargetable: false,
    areQuotaRulesEnabled: false,
    quotaEnforcementState: 'DISABLED',
    replicationSourceCount: 0,
    locks: [],
  };
};

export const mountTarget: ServiceModelBuilder = (found, context) => {
  const id = found.summary.identifier;
  const subnetId = refOf(found, 'subnetId');
  const privateIp = pickOne(context.indexes.privateIpsOfSubnet(context.region.name, subnetId), id, 41);
  return {
    ...commonFields(found, { systemTags: true }),
    availabilityDomain: found.summary.availabilityDomain,
    exportSetId: exportSetOf(context.region, id),
    lifecycleDetails: '',
    privateIpIds: privateIp === undefined ? [] : [privateIp.id],
    mountTargetIpv6Ids: [],
    subnetId,
    idmapType: 'NONE',
    nsgIds: nsgsFor(context, vcnOfSubnet(context, subnetId), id, 43, 1),
    requestedThroughput: 1,
    observedThroughput: 1,
    locks: [],
  };
};
