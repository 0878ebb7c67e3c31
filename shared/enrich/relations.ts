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
  in_application: 'is a function of the Functions application',
  load_balances: 'the load balancer sends traffic to the backend (an instance)',
  has_private_ip: 'answers on the private IP (a mount target)',
  exports: 'makes the file system mountable (an export in the mount target\'s export set)',
  uses_image: 'boots from, or is defined with, the image (instance, boot volume and its backups, instance configuration)',
  has_vnic: 'the instance has the VNIC attached',
  has_boot_volume: 'the instance boots from the attached boot volume',
  has_volume: 'the instance has the block volume attached',
  in_volume_group: 'the volume is in the volume group',
  contains_volume: 'the volume group contains the volume (block or boot)',
  backup_of: 'is a backup of the volume or boot volume',
  created_from: 'was created from the target (a base image, a source volume or a backup)',
  uses_instance_configuration: 'launches its instances from the instance configuration',
  assigned_to: 'the IP address is assigned to the target (a private IP to its VNIC, a public IP to a private IP or NAT gateway)',
  in_vault: "is a key of the vault (and is read at the vault's management endpoint)",
  in_log_group: 'belongs to the log group',
  logs: "collects the target's service logs (a subnet's flow logs, an application's function invocations, an API deployment's access log)",
  in_stream_pool: 'belongs to the stream pool',
  behind_gateway: 'is served by the API gateway',
  in_db_system: 'runs on the DB system',
  invokes: 'sends requests to the function (an API route backend)',
} as const;

export type RelationName = keyof typeof RELATIONS;
