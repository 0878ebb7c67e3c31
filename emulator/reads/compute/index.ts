import { OciHttpError } from '../../http/errors.ts';
import type { RegionInfo, Tenancy } from '../../tenancy/index.ts';
import { notAuthorizedOrNotFound } from '../errors.ts';
import type { TenancyReads } from '../index.ts';
import type { Model } from '../model-fields.ts';
import type { ReadControls } from '../read-controls.ts';
import { RegionCache } from '../region-cache.ts';
import type { ReadScope, ResourceReader } from '../resource-reader.ts';
import { InstanceAttachments, type AttachmentKind } from './attachments.ts';
import { BLOCK_STORAGE_MODELS } from './block-models.ts';
import { COMPUTE_MODELS } from './compute-models.ts';
import type { ComputeModelBuilder } from './model-context.ts';
import { ComputeRegionLinks } from './region-links.ts';
import { VNIC_MODELS } from './vnic-models.ts';

export type { AttachmentKind } from './attachments.ts';

/** A List*Attachments request's filters; `attachedId` is its vnicId, volumeId or bootVolumeId. */
export interface AttachmentQuery {
  compartmentId: string | null;
  availabilityDomain: string | null;
  instanceId: string | null;
  attachedId: string | null;
}

const MODELS: Readonly<Record<string, ComputeModelBuilder>> = { ...COMPUTE_MODELS, ...BLOCK_STORAGE_MODELS, ...VNIC_MODELS };

/**
 * Compute, block storage and VNIC reads over the synthetic tenancy: single-resource GETs through the one
 * gate (ResourceReader: region, type, gone, forbidden), and the attachment lists, which OCI filters by
 * compartment (the instance's) and the region's index answers.
 */
export class ComputeReads {
  readonly #tenancy: Tenancy;
  readonly #reader: ResourceReader;
  readonly #controls: ReadControls;
  readonly #regions: ReadonlyMap<string, RegionInfo>;
  readonly #attachments: InstanceAttachments;
  readonly #links: ComputeRegionLinks;
  /** Every compartment OCID (the root included), rebuilt after mutations. */
  readonly #compartments: RegionCache<ReadonlySet<string>>;

  constructor(reads: TenancyReads) {
    const tenancy = reads.reader.tenancy;
    this.#tenancy = tenancy;
    this.#reader = reads.reader;
    this.#controls = reads.controls;
    this.#regions = new Map(tenancy.regions.map((region) => [region.name, region]));
    this.#attachments = new InstanceAttachments(tenancy);
    this.#links = new ComputeRegionLinks(tenancy);
    this.#compartments = new RegionCache(tenancy, () => new Set([tenancy.id, ...tenancy.compartments.map((c) => c.id)]));
  }

  /** The model of one resource of Search type `searchType` (Instance, Volume, Vnic...), or an OciHttpError. */
  model(searchType: string, ocid: string, scope: ReadScope): Model {
    const build = MODELS[searchType];
    const region = this.#regions.get(scope.region);
    if (build === undefined || region === undefined) throw notAuthorizedOrNotFound();
    const found = this.#reader.read(ocid, searchType, scope);
    return build(found, { reader: this.#reader, region, attachments: this.#attachments, links: this.#links });
  }

  /**
   * The attachments of the endpoint's region that match every given filter, in a stable order. compartmentId
   * is required (and availabilityDomain for boot volumes): 400 MissingParameter without; an unknown
   * compartment is 404. Attachments of a resource marked gone are not listed (as after a deletion).
   */
  attachments(kind: AttachmentKind, query: AttachmentQuery, scope: ReadScope): Model[] {
    const { compartmentId, availabilityDomain, instanceId, attachedId } = query;
    if (!compartmentId) throw new OciHttpError(400, 'MissingParameter', 'Missing required parameter compartmentId');
    if (kind === 'bootVolume' && !availabilityDomain) {
      throw new OciHttpError(400, 'MissingParameter', 'Missing required parameter availabilityDomain');
    }
    if (scope.tenancyId !== this.#tenancy.id || !this.#compartments.get(this.#tenancy.homeRegion).has(compartmentId)) {
      throw new OciHttpError(404, 'NotAuthorizedOrNotFound', `Compartment ${compartmentId} not found or not authorized`);
    }
    if (!this.#regions.has(scope.region)) return [];
    const table = this.#attachments.of(scope.region, kind);
    const candidates = instanceId
      ? (table.byInstance.get(instanceId) ?? [])
      : attachedId
        ? (table.byAttached.get(attachedId) ?? [])
        : table.all;
    const controls = this.#controls;
    return candidates
      .filter((a) => a.compartmentId === compartmentId &&
        (!availabilityDomain || a.availabilityDomain === availabilityDomain) &&
        (!instanceId || a.instanceId === instanceId) &&
        (!attachedId || a.attachedId === attachedId) &&
        !controls.isGone(a.instanceId) && !controls.isGone(a.attachedId))
      .map((a) => a.model);
  }
}
