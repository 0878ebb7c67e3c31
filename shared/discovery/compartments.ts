import { IdentityClient, requests as identityRequests } from 'oci-identity';
import type { OciClientFactory } from '../oci/client-factory.ts';
import { asAuthErrorIfDenied } from '../oci/service-errors.ts';

export interface CompartmentInfo {
  id: string;
  name: string;
  parentId: string | null;
  lifecycleState: string;
}

/**
 * The root compartment (the tenancy) and every compartment of its subtree, sorted by OCID. One
 * paginated ListCompartments call with compartmentIdInSubtree covers the whole tree; DELETED
 * compartments are included (they still own terminated resources that Search may return).
 */
export async function listCompartmentTree(
  factory: OciClientFactory,
  options: { tenancyId: string; callRegion: string },
): Promise<CompartmentInfo[]> {
  const identity = factory.forRegion(IdentityClient, 'identity', options.callRegion);
  const what = `listing the compartments of ${options.tenancyId}`;
  let root;
  try {
    root = (await factory.call(options.callRegion, () => identity.getCompartment({ compartmentId: options.tenancyId }))).compartment;
  } catch (error) {
    throw asAuthErrorIfDenied(error, what);
  }
  const compartments: CompartmentInfo[] = [{ id: root.id, name: root.name, parentId: null, lifecycleState: root.lifecycleState }];
  let page: string | undefined;
  do {
    let response;
    try {
      response = await factory.call(options.callRegion, () =>
        identity.listCompartments({
          compartmentId: options.tenancyId,
          compartmentIdInSubtree: true,
          // ANY: list every compartment; what the principal may read inside them is Search's business.
          accessLevel: identityRequests.ListCompartmentsRequest.AccessLevel.Any,
          limit: 1000,
          ...(page === undefined ? {} : { page }),
        }),
      );
    } catch (error) {
      throw asAuthErrorIfDenied(error, what);
    }
    for (const item of response.items) {
      compartments.push({ id: item.id, name: item.name, parentId: item.compartmentId, lifecycleState: item.lifecycleState });
    }
    page = response.opcNextPage;
  } while (page);
  return compartments.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
