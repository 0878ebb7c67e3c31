import { typeIndex } from '../tenancy/catalogue.ts';
import type { FoundResource, Tenancy } from '../tenancy/index.ts';
import { objectStorageErrors } from '../objectstorage/errors.ts';
import { chanceFor, hexFor, pickFor, textHash } from './derive.ts';
import type { UserGroupMemberships } from './memberships.ts';
import { detailString, refOf, type Model } from './model-fields.ts';
import type { ReadControls } from './read-controls.ts';
import { RegionCache } from './region-cache.ts';

/**
 * The synthetic tenancy's buckets for Object Storage GetBucket/HeadBucket: found by name (Search's
 * displayName) in the endpoint's region, shaped as the SDK's `Bucket`. Generated names are unique per
 * region, as bucket names are per namespace and region in OCI; should a mutation duplicate one, the first in
 * Search order answers.
 */
export interface TenancyBucket {
  body: Model;
  etag: string;
}

const CREATED_BY_PREFIX = 'oracleidentitycloudservice/';

export class TenancyBuckets {
  readonly #tenancy: Tenancy;
  readonly #controls: ReadControls;
  readonly #memberships: UserGroupMemberships;
  readonly #names: RegionCache<ReadonlyMap<string, string>>;

  constructor(tenancy: Tenancy, controls: ReadControls, memberships: UserGroupMemberships) {
    this.#tenancy = tenancy;
    this.#controls = controls;
    this.#memberships = memberships;
    const bucketType = typeIndex('Bucket');
    this.#names = new RegionCache(tenancy, (region) => {
      const byName = new Map<string, string>();
      tenancy.scan(region, {
        from: 0,
        types: [bucketType],
        limit: 1,
        withDetails: false,
        // Reads only the cheap fields (no summary is built): the whole region in one pass.
        filter: (fields) => {
          if (!byName.has(fields.displayName)) byName.set(fields.displayName, fields.identifier);
          return false;
        },
      });
      return byName;
    });
  }

  /**
   * The bucket `name` of `region`, or undefined when the tenancy has none there. Marked gone: 404
   * BucketNotFound (what Object Storage answers for a missing bucket); marked forbidden: 403 NotAuthorized.
   */
  get(region: string, name: string, options: { approximate: boolean }): TenancyBucket | undefined {
    if (this.#tenancy.regionIndexOf(region) === undefined) return undefined;
    const found = this.#find(region, name);
    if (found === undefined) return undefined;
    if (this.#controls.isGone(found.summary.identifier)) throw objectStorageErrors.bucketNotFound(this.#tenancy.namespace, name);
    this.#controls.check(found.summary.identifier);
    return this.#model(found, options.approximate);
  }

  #find(region: string, name: string): FoundResource | undefined {
    const id = this.#names.get(region).get(name);
    return id === undefined ? undefined : this.#tenancy.findByOcid(id);
  }

  #model(found: FoundResource, approximate: boolean): TenancyBucket {
    const s = found.summary;
    const id = s.identifier;
    const creator = s.definedTags['Oracle-Tags']?.['CreatedBy'];
    const createdBy = this.#memberships.userFor(
      creator?.startsWith(CREATED_BY_PREFIX) ? creator.slice(CREATED_BY_PREFIX.length) : undefined,
      id,
    ) ?? this.#tenancy.id;
    const storageTier = chanceFor(id, 71, 10) ? 'Archive' : 'Standard';
    // The ETag changes whenever a field Search shows does.
    const state = `${id}|${s.displayName}|${s.compartmentId}|${JSON.stringify(s.freeformTags)}|${JSON.stringify(s.definedTags)}`;
    const hex = hexFor(state, 1, 32);
    const etag = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
    const kmsKeyId = refOf(found, 'kmsKeyId');
    const body: Model = {
      namespace: this.#tenancy.namespace,
      name: s.displayName,
      compartmentId: s.compartmentId,
      metadata: {},
      createdBy,
      timeCreated: s.timeCreated,
      etag,
      publicAccessType: detailString(found, 'publicAccessType') ?? 'NoPublicAccess',
      storageTier,
      objectEventsEnabled: chanceFor(id, 72, 20),
      freeformTags: s.freeformTags,
      definedTags: s.definedTags,
      ...(kmsKeyId === null ? {} : { kmsKeyId }),
      replicationEnabled: false,
      isReadOnly: false,
      id,
      versioning: pickFor(id, 73, ['Enabled', 'Disabled', 'Disabled', 'Disabled', 'Suspended']),
      autoTiering: storageTier === 'Standard' && chanceFor(id, 74, 20) ? 'InfrequentAccess' : 'Disabled',
      ...(approximate ? approximateUsage(id) : {}),
    };
    return { body, etag };
  }
}

/** `fields=approximateCount,approximateSize`: a stable object count and a size of 1 KiB to 64 KiB per object. */
function approximateUsage(id: string): { approximateCount: number; approximateSize: number } {
  const approximateCount = textHash(id, 75) % 50_000;
  return { approximateCount, approximateSize: approximateCount * (1024 + (textHash(id, 76) % 64_512)) };
}
