import { RESOURCE_TYPES } from './catalogue.ts';
import type { ResourceGenerator, StoredResource } from './generate.ts';
import type { Patch } from './overlay.ts';
import type { ResourceFields } from './types.ts';

/**
 * The fields a Search condition reads, computed only when read. One instance is reused for a whole scan,
 * so filtering a million positions allocates nothing per position and never builds a summary that the
 * filter then throws away.
 */
export class LazyFields implements ResourceFields {
  readonly #g: ResourceGenerator;
  #scope = 0;
  #type = 0;
  #ordinal = 0;
  #patch: Patch | undefined;
  #stored: StoredResource | undefined;

  constructor(generator: ResourceGenerator) {
    this.#g = generator;
  }

  reset(scope: number, type: number, ordinal: number, patch: Patch | undefined, stored: StoredResource | undefined): this {
    this.#scope = scope;
    this.#type = type;
    this.#ordinal = ordinal;
    this.#patch = patch;
    this.#stored = stored;
    return this;
  }

  get resourceType(): string {
    return RESOURCE_TYPES[this.#type]!.searchType;
  }

  get identifier(): string {
    return this.#stored?.summary.identifier ?? this.#g.ocid(this.#scope, this.#type, this.#ordinal);
  }

  get compartmentId(): string {
    return this.#patch?.compartmentId ?? this.#stored?.summary.compartmentId ??
      this.#g.compartmentIds[this.#g.compartmentIndex(this.#scope, this.#type, this.#ordinal)]!;
  }

  get lifecycleState(): string {
    return this.#patch?.lifecycleState ?? this.#stored?.summary.lifecycleState ??
      this.#g.lifecycleState(this.#scope, this.#type, this.#ordinal);
  }

  get displayName(): string {
    return this.#patch?.displayName ?? this.#stored?.summary.displayName ??
      this.#g.displayName(this.#scope, this.#type, this.#ordinal);
  }

  get availabilityDomain(): string | null {
    if (this.#stored) return this.#stored.summary.availabilityDomain;
    return this.#g.availabilityDomain(this.#scope, this.#type, this.#ordinal);
  }
}
