import { typeIndex } from '../../tenancy/catalogue.ts';
import type { FoundResource, RegionInfo } from '../../tenancy/index.ts';
import { notAuthorizedOrNotFound } from '../errors.ts';
import type { Model } from '../model-fields.ts';
import type { ReadScope, ResourceReader } from '../resource-reader.ts';
import { cluster, nodePoolsOf, type NodePoolEntry } from './container-engine-models.ts';
import { ExportIndexes, fileSystem, mountTarget, type ExportEntry } from './file-storage-models.ts';
import { application, fn } from './functions-models.ts';
import { loadBalancer, networkLoadBalancer } from './load-balancer-models.ts';
import type { ServiceModelBuilder, ServiceModelContext } from './model-context.ts';
import { RegionIndexes } from './region-indexes.ts';

export type { ExportEntry } from './file-storage-models.ts';
export { exportSummary } from './file-storage-models.ts';
export type { NodePoolEntry } from './container-engine-models.ts';

/** Builders by Search type: what the network-services GET endpoints answer. */
const MODELS: Readonly<Record<string, ServiceModelBuilder>> = {
  LoadBalancer: loadBalancer,
  NetworkLoadBalancer: networkLoadBalancer,
  FileSystem: fileSystem,
  MountTarget: mountTarget,
  FunctionsApplication: application,
  FunctionsFunction: fn,
  ClustersCluster: cluster,
};

export interface ExportFilter {
  compartmentId?: string | undefined;
  exportSetId?: string | undefined;
  fileSystemId?: string | undefined;
}

export interface NodePoolFilter {
  compartmentId: string;
  clusterId?: string | undefined;
}

/**
 * The reads of load balancing, file storage, functions management and container engine over the synthetic
 * tenancy. GETs go through the one gate (ResourceReader: tenancy, type, region, gone, forbidden); lists
 * answer what lives in the endpoint's region and leave out what hangs off a resource marked gone.
 */
export class NetworkServicesReads {
  readonly #reader: ResourceReader;
  readonly #indexes: RegionIndexes;
  readonly #exports: ExportIndexes;
  readonly #regions: ReadonlyMap<string, RegionInfo>;
  readonly #clusterType = typeIndex('ClustersCluster');

  constructor(reader: ResourceReader) {
    this.#reader = reader;
    this.#indexes = new RegionIndexes(reader.tenancy);
    this.#exports = new ExportIndexes(reader.tenancy, this.#indexes);
    this.#regions = new Map(reader.tenancy.regions.map((region) => [region.name, region]));
  }

  /** The model of a `searchType` resource (LoadBalancer, FileSystem, ClustersCluster...), or 404/403. */
  model(searchType: string, ocid: string, scope: ReadScope): Model {
    const build = MODELS[searchType];
    if (build === undefined) throw notAuthorizedOrNotFound();
    const context = this.#context(scope);
    return build(this.#reader.read(ocid, searchType, scope), context);
  }

  /** Exports of the endpoint's region matching every given criterion (at least one is required by the caller). */
  exports(filter: ExportFilter, scope: ReadScope): ExportEntry[] {
    const { region } = this.#context(scope);
    const from = filter.fileSystemId !== undefined
      ? this.#exports.ofFileSystem(region.name, filter.fileSystemId)
      : filter.exportSetId !== undefined
        ? this.#exports.ofExportSet(region.name, filter.exportSetId)
        : this.#exports.all(region.name);
    const controls = this.#reader.controls;
    return from.filter((entry) =>
      (filter.exportSetId === undefined || entry.exportSetId === filter.exportSetId) &&
      (filter.fileSystemId === undefined || entry.fileSystemId === filter.fileSystemId) &&
      (filter.compartmentId === undefined || this.#reader.find(entry.mountTargetId)?.summary.compartmentId === filter.compartmentId) &&
      !controls.isGone(entry.fileSystemId) && !controls.isGone(entry.mountTargetId));
  }

  /** Node pools of the clusters of a compartment in the endpoint's region (or of one of them). */
  nodePools(filter: NodePoolFilter, scope: ReadScope): NodePoolEntry[] {
    const context = this.#context(scope);
    const clusters = filter.clusterId === undefined ? this.#clustersIn(context.region.name, filter.compartmentId) : this.#cluster(filter.clusterId, context.region.name);
    return clusters
      .filter((found) => found.summary.compartmentId === filter.compartmentId && !this.#reader.controls.isGone(found.summary.identifier))
      .flatMap((found) => nodePoolsOf(found, context));
  }

  #context(scope: ReadScope): ServiceModelContext {
    const region = this.#regions.get(scope.region);
    if (region === undefined || scope.tenancyId !== this.#reader.tenancy.id) throw notAuthorizedOrNotFound();
    return { reader: this.#reader, indexes: this.#indexes, region, namespace: this.#reader.tenancy.namespace };
  }

  #cluster(clusterId: string, region: string): FoundResource[] {
    const found = this.#reader.find(clusterId);
    return found !== undefined && found.summary.resourceType === 'ClustersCluster' && found.region === region ? [found] : [];
  }

  #clustersIn(region: string, compartmentId: string): FoundResource[] {
    const out: FoundResource[] = [];
    let from: number | null = 0;
    while (from !== null) {
      const page = this.#reader.tenancy.scan(region, {
        from,
        types: [this.#clusterType],
        filter: (fields) => fields.compartmentId === compartmentId,
        limit: 1000,
        withDetails: false,
      });
      for (const item of page.items) {
        const found = this.#reader.find(item.identifier);
        if (found !== undefined) out.push(found);
      }
      from = page.next;
    }
    return out;
  }
}
