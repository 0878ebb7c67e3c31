/**
 * The fixed vocabulary of graph edges. Each edge reads "<record> <relation> <target>", e.g.
 * "subnet in_vcn vcn". New relations are added here, with their meaning, never invented inline.
 */
export const RELATIONS = {
  in_compartment: 'lives in the compartment (for a compartment: its parent)',
  in_vcn: 'belongs to the VCN',
  in_subnet: 'has an address in the subnet',
  uses_route_table: 'routes with the route table',
  uses_security_list: 'is filtered by the security list',
  uses_dhcp_options: 'resolves names with the DHCP options',
  in_security_group: 'is a member of the network security group',
  routes_to: 'a route sends traffic to the target (gateway, DRG, private IP)',
  peers_with: 'is peered with the target gateway',
  attached_to: 'is attached to the target (DRG, instance)',
  connects: 'connects the target network (VCN, IPSec tunnel, virtual circuit) to its DRG',
  uses_public_ip: 'egresses through the public IP',
  encrypted_by: 'is encrypted with the KMS key',
  member_of: 'is a member of the group',
  has_member: 'has the user as a member',
} as const;

export type RelationName = keyof typeof RELATIONS;

export function isRelationName(name: string): name is RelationName {
  return Object.hasOwn(RELATIONS, name);
}
