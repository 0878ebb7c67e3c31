import { typeIndex } from '../tenancy/catalogue.ts';
import type { Tenancy } from '../tenancy/index.ts';
import { chanceFor, derivedOcid, isoAfter, textHash } from './derive.ts';
import type { Model } from './model-fields.ts';
import type { ReadControls } from './read-controls.ts';
import { RegionCache, scanTypes } from './region-cache.ts';

/**
 * User-group memberships, which Search does not index: a deterministic relation over the tenancy's users
 * and groups in Search order (base resources: by ordinal). User #u is in group #(u mod G), and every other
 * user (by OCID) in one more group, so each user is in one or two groups and the first groups (e.g.
 * Administrators) always have members. Both directions come from one list, so they always agree.
 */
export interface MembershipFilter {
  userId?: string | undefined;
  groupId?: string | undefined;
}

interface MembershipIndex {
  all: readonly Model[];
  byUser: ReadonlyMap<string, readonly Model[]>;
  byGroup: ReadonlyMap<string, readonly Model[]>;
  /** User OCIDs by name (for `createdBy` from an `Oracle-Tags.CreatedBy` value), and in Search order. */
  userByName: ReadonlyMap<string, string>;
  users: readonly string[];
}

/** The synthetic tenancy's "now": memberships are not dated after it unless their user or group is. */
const AS_OF_MS = Date.UTC(2025, 5, 1);

export class UserGroupMemberships {
  readonly #tenancy: Tenancy;
  readonly #controls: ReadControls;
  readonly #cache: RegionCache<MembershipIndex>;

  constructor(tenancy: Tenancy, controls: ReadControls) {
    this.#tenancy = tenancy;
    this.#controls = controls;
    const userType = typeIndex('User');
    const groupType = typeIndex('Group');
    // IAM resources are global: every region's Search has them; the home region's count moves with them.
    this.#cache = new RegionCache(tenancy, (region) => build(tenancy, region, userType, groupType));
  }

  /** Memberships in user order (then group order), without those of users or groups marked gone. */
  list(filter: MembershipFilter): Model[] {
    const index = this.#cache.get(this.#tenancy.homeRegion);
    let selected: readonly Model[];
    if (filter.userId !== undefined) selected = index.byUser.get(filter.userId) ?? [];
    else if (filter.groupId !== undefined) selected = index.byGroup.get(filter.groupId) ?? [];
    else selected = index.all;
    const controls = this.#controls;
    return selected
      .filter((m) => (filter.groupId === undefined || m['groupId'] === filter.groupId) &&
        !controls.isGone(m['userId'] as string) && !controls.isGone(m['groupId'] as string))
      .map((m) => ({ ...m }));
  }

  /** The user named `name`, else a deterministic pick among the first users (as a few admins create most things). */
  userFor(name: string | undefined, key: string): string | undefined {
    const index = this.#cache.get(this.#tenancy.homeRegion);
    const named = name === undefined ? undefined : index.userByName.get(name);
    if (named !== undefined) return named;
    const firstUsers = Math.min(16, index.users.length);
    return firstUsers === 0 ? undefined : index.users[textHash(key, 81) % firstUsers];
  }
}

function build(tenancy: Tenancy, region: string, userType: number, groupType: number): MembershipIndex {
  const users = [...scanTypes(tenancy, region, [userType], false)];
  const groups = [...scanTypes(tenancy, region, [groupType], false)];
  const all: Model[] = [];
  const byUser = new Map<string, Model[]>();
  const byGroup = new Map<string, Model[]>();
  const count = groups.length;
  users.forEach((user, u) => {
    if (count === 0) return;
    const primary = u % count;
    const picks = [primary];
    if (count > 1 && chanceFor(user.identifier, 61, 50)) picks.push((primary + 1 + (textHash(user.identifier, 62) % (count - 1))) % count);
    for (const g of picks.sort((a, b) => a - b)) {
      const group = groups[g]!;
      const later = user.timeCreated > group.timeCreated ? user.timeCreated : group.timeCreated;
      const membership: Model = {
        id: derivedOcid('groupmembership', '', `${user.identifier}|${group.identifier}`),
        compartmentId: tenancy.id,
        groupId: group.identifier,
        userId: user.identifier,
        timeCreated: isoAfter(later, (textHash(user.identifier, 63 + g) % 7200) / 240, AS_OF_MS),
        lifecycleState: 'ACTIVE',
      };
      all.push(membership);
      push(byUser, user.identifier, membership);
      push(byGroup, group.identifier, membership);
    }
  });
  const userByName = new Map<string, string>();
  for (const user of users) if (!userByName.has(user.displayName)) userByName.set(user.displayName, user.identifier);
  return { all, byUser, byGroup, userByName, users: users.map((user) => user.identifier) };
}

function push(map: Map<string, Model[]>, key: string, value: Model): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
