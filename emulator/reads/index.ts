import type { RegionInfo, Tenancy } from '../tenancy/index.ts';
import { TenancyBuckets } from './buckets.ts';
import { notAuthorizedOrNotFound } from './errors.ts';
import { CompartmentModels, IDENTITY_MODELS } from './identity-models.ts';
import { UserGroupMemberships, type MembershipFilter } from './memberships.ts';
import type { Model } from './model-fields.ts';
import { NETWORK_MODELS } from './networking-models.ts';
import { ReadControls } from './read-controls.ts';
import { ResourceReader, type ReadScope } from './resource-reader.ts';
import { VcnNeighbourhoods } from './vcn-neighbourhood.ts';

export { ReadControls, type ReadControlsApi } from './read-controls.ts';
export { decodeIdSegment, type ReadScope } from './resource-reader.ts';
export { sendModel } from './send-model.ts';
export type { Model } from './model-fields.ts';
export type { MembershipFilter } from './memberships.ts';
export type { TenancyBucket } from './buckets.ts';

/**
 * Single-resource GETs over the synthetic tenancy, for every service module that serves them (iaas,
 * identity, objectstorage): one gate (ResourceReader: region, type, gone, forbidden), one model table per
 * service, and the few indexes Search cannot answer directly (a VCN's gateways, memberships, buckets by name).
 */
export class TenancyReads {
  readonly controls: ReadControls;
  readonly reader: ResourceReader;
  readonly buckets: TenancyBuckets;
  readonly #neighbourhoods: VcnNeighbourhoods;
  readonly #memberships: UserGroupMemberships;
  readonly #compartments: CompartmentModels;
  readonly #regions: ReadonlyMap<string, RegionInfo>;

  constructor(tenancy: Tenancy, controls: ReadControls = new ReadControls()) {
    this.controls = controls;
    this.reader = new ResourceReader(tenancy, controls);
    this.#neighbourhoods = new VcnNeighbourhoods(tenancy);
    this.#memberships = new UserGroupMemberships(tenancy, controls);
    this.#compartments = new CompartmentModels(tenancy);
    this.buckets = new TenancyBuckets(tenancy, controls, this.#memberships);
    this.#regions = new Map(tenancy.regions.map((region) => [region.name, region]));
  }

  /** A VirtualNetworkClient model (Search type `searchType`: Vcn, Subnet, RouteTable...). */
  network(searchType: string, ocid: string, scope: ReadScope): Model {
    const build = NETWORK_MODELS[searchType];
    const region = this.#regions.get(scope.region);
    if (build === undefined || region === undefined) throw notAuthorizedOrNotFound();
    const found = this.reader.read(ocid, searchType, scope);
    return build(found, { reader: this.reader, neighbourhoods: this.#neighbourhoods, region });
  }

  /** An IdentityClient model (User, Group, Policy, DynamicResourceGroup, TagNamespace, Compartment); any region. */
  identity(searchType: string, ocid: string, scope: ReadScope): Model {
    const found = this.reader.read(ocid, searchType, scope);
    if (searchType === 'Compartment') return this.#compartments.build(found);
    const build = IDENTITY_MODELS[searchType];
    if (build === undefined) throw notAuthorizedOrNotFound();
    return build(found);
  }

  memberships(filter: MembershipFilter): Model[] {
    return this.#memberships.list(filter);
  }
}
