import type { RegionSpec } from './regions.ts';

/**
 * What a catalogue entry's builders (name, references, additionalDetails) may ask about the resource being
 * generated. Everything answers from the seed and the layout, never from stored state, so a builder is
 * pure and a resource can be regenerated anywhere (Search page, findByOcid, a later GET endpoint).
 */
export interface ResourceContext {
  /** Ordinal of this resource within its type in its region (or among global resources). */
  readonly ordinal: number;
  /** The resource's region; the home region for global (IAM) types. */
  readonly region: RegionSpec;
  /** The tenancy's Object Storage namespace. */
  readonly namespace: string;
  /** A uint32 for this resource and a salt (each builder picks its own small salts). */
  h(salt: number): number;
  pick<T>(list: readonly T[], salt: number): T;
  /** An integer in [min, max]. */
  int(min: number, max: number, salt: number): number;
  chance(percent: number, salt: number): boolean;
  /** Ordinal of the owner declared by the catalogue entry (e.g. a Subnet's Vcn). */
  ownerOrdinal(): number;
  /** Owner ordinal of another resource, e.g. the Subnet of a Vnic. */
  ownerOrdinalOf(type: string, ordinal: number): number;
  /** The first `childType` owned by its owner #parentOrdinal (e.g. a Vcn's default RouteTable), or null. */
  firstChildOf(childType: string, parentOrdinal: number): number | null;
  /** A deterministic pick among the region's `type` resources, or null when the region has none. */
  anyOf(type: string, salt: number): number | null;
  ocidOf(type: string, ordinal: number): string;
  /** Base display name of another resource of this region (or a global one). */
  nameOf(type: string, ordinal: number): string;
  /** Relationship fields of another resource (e.g. the image of a boot volume's instance). */
  referencesOf(type: string, ordinal: number): Record<string, string | string[] | null>;
  /** A deterministic pick among live compartments (root included). */
  anyCompartmentId(salt: number): string;
  /** The root compartment (tenancy) OCID. */
  rootId(): string;
  /** A key-version OCID for this Key (not itself a searchable resource). */
  keyVersionId(): string;
  /** Name of the compartment this resource is in. */
  compartmentName(): string;
  compartmentId(): string;
  /** This resource's own creation time (ISO-8601). */
  timeCreated(): string;
}
