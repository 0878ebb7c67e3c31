/** IAM (oci-identity IdentityClient, host `identity`): global types, readable in any region. */
import { IdentityClient } from 'oci-identity';
import { declare, type Model, type ServiceClient } from '../declaration.ts';

const identity: ServiceClient<IdentityClient> = { ctor: IdentityClient, hostPrefix: 'identity' };
const noLists = {};

/** Every page of a user's or group's memberships (the tenancy is the compartment of all of them). */
async function memberships(client: IdentityClient, tenancyId: string, filter: { userId: string } | { groupId: string }): Promise<Model[]> {
  const items: Model[] = [];
  let page: string | undefined;
  do {
    const response = await client.listUserGroupMemberships({ compartmentId: tenancyId, ...filter, limit: 1000, ...(page ? { page } : {}) });
    for (const item of response.items) items.push({ userId: item.userId, groupId: item.groupId, lifecycleState: item.lifecycleState });
    page = response.opcNextPage;
  } while (page);
  return items.sort((a, b) => (`${a.userId}${a.groupId}` < `${b.userId}${b.groupId}` ? -1 : 1));
}

export const IDENTITY = [
  declare({
    resourceType: 'Compartment',
    service: identity,
    get: async (client, summary) => (await client.getCompartment({ compartmentId: summary.identifier })).compartment as never,
    lists: noLists,
    details: ['name', 'description', 'isAccessible', 'inactiveStatus'],
    relations: [],
  }),
  declare({
    resourceType: 'User',
    service: identity,
    get: async (client, summary) => (await client.getUser({ userId: summary.identifier })).user as never,
    lists: {
      groupMemberships: (client, model, context) => memberships(client, context.tenancyId, { userId: String(model.id) }),
    },
    details: ['name', 'email', 'emailVerified', 'isMfaActivated', 'identityProviderId', 'externalIdentifier', 'lastSuccessfulLoginTime', 'capabilities'],
    relations: [['member_of', 'groupMemberships[].groupId']],
  }),
  declare({
    resourceType: 'Group',
    service: identity,
    get: async (client, summary) => (await client.getGroup({ groupId: summary.identifier })).group as never,
    lists: {
      members: (client, model, context) => memberships(client, context.tenancyId, { groupId: String(model.id) }),
    },
    details: ['name', 'description'],
    relations: [['has_member', 'members[].userId']],
  }),
  declare({
    resourceType: 'Policy',
    service: identity,
    get: async (client, summary) => (await client.getPolicy({ policyId: summary.identifier })).policy as never,
    lists: noLists,
    details: ['name', 'description', 'statements', 'versionDate'],
    relations: [],
  }),
  declare({
    resourceType: 'DynamicResourceGroup',
    service: identity,
    get: async (client, summary) => (await client.getDynamicGroup({ dynamicGroupId: summary.identifier })).dynamicGroup as never,
    lists: noLists,
    details: ['name', 'description', 'matchingRule'],
    relations: [],
  }),
  declare({
    resourceType: 'TagNamespace',
    service: identity,
    get: async (client, summary) => (await client.getTagNamespace({ tagNamespaceId: summary.identifier })).tagNamespace as never,
    lists: noLists,
    details: ['name', 'description', 'isRetired'],
    relations: [],
  }),
];
