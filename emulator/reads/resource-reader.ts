import type { FoundResource, Tenancy } from '../tenancy/index.ts';
import { notAuthorizedOrNotFound } from './errors.ts';
import type { ReadControls } from './read-controls.ts';

/** Who asks and where: what decides whether a GET may see a resource. */
export interface ReadScope {
  /** The endpoint's region (`/{region}/{service}`). */
  region: string;
  /** The caller's tenancy (from the request signature). */
  tenancyId: string;
}

/**
 * The one gate every single-resource GET goes through: the OCID must be a live resource of this tenancy, of
 * the type the endpoint serves, living in the endpoint's region (IAM types: any region), not marked gone;
 * otherwise 404 NotAuthorizedOrNotFound, as OCI answers. Marked forbidden: 403 NotAuthorized.
 */
export class ResourceReader {
  readonly tenancy: Tenancy;
  readonly controls: ReadControls;

  constructor(tenancy: Tenancy, controls: ReadControls) {
    this.tenancy = tenancy;
    this.controls = controls;
  }

  read(ocid: string, searchType: string, scope: ReadScope): FoundResource {
    if (scope.tenancyId !== this.tenancy.id) throw notAuthorizedOrNotFound();
    const found = this.tenancy.findByOcid(ocid);
    if (found === undefined || found.summary.resourceType !== searchType) throw notAuthorizedOrNotFound();
    if (found.scope !== 'global' && found.region !== scope.region) throw notAuthorizedOrNotFound();
    this.controls.check(ocid);
    return found;
  }

  /**
   * A related resource, for building a model (a subnet's VCN, a route rule's gateway): no controls, as a
   * GET of one resource never fails because of another. Undefined for null, unknown or removed OCIDs.
   */
  find(ocid: string | null | undefined): FoundResource | undefined {
    return typeof ocid === 'string' ? this.tenancy.findByOcid(ocid) : undefined;
  }
}

/** A path segment as an OCID; malformed percent-encoding names nothing (404). */
export function decodeIdSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw notAuthorizedOrNotFound();
  }
}
