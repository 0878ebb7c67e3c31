import { typeIndex } from '../../tenancy/catalogue.ts';
import type { ResourceSummary, Tenancy } from '../../tenancy/index.ts';
import { chanceFor, derivedOcid, hexFor, isoAfter, textHash } from '../derive.ts';
import type { Model } from '../model-fields.ts';
import { RegionCache, scanTypes } from '../region-cache.ts';
import { baseOrdinals, proportionalOwner } from './base-ordinals.ts';

/**
 * VNIC, block volume and boot volume attachments, which Search does not index: a deterministic relation
 * between each region's base instances and its base VNICs and volumes (by ordinal, see baseOrdinals),
 * always within one availability domain. Both directions (by instance, by VNIC or volume) are read from one
 * list, so they always agree.
 *
 * - Boot volumes: the catalogue's owner (a boot volume belongs to one instance, of its AD); an instance has
 *   at most one.
 * - VNICs: in each AD, the j-th VNIC (by ordinal) attaches to the (j mod n)-th of the AD's n instances, so
 *   every instance has one when the AD has as many VNICs as instances.
 * - Block volumes: 70% of them (by OCID), the k-th of an AD to its (k mod n)-th instance.
 *
 * Resources added by a mutation are neither attached nor attached to, so adding one never moves another's
 * attachments (a diff of two inventories then changes only the records it should). An attachment lives in
 * its instance's compartment (as in OCI, also after a move) and is DETACHED once either side is TERMINATED
 * (DETACHING while TERMINATING, ATTACHING while PROVISIONING).
 */
export type AttachmentKind = 'vnic' | 'volume' | 'bootVolume';

export interface Attachment {
  readonly instanceId: string;
  /** The VNIC, volume or boot volume. */
  readonly attachedId: string;
  readonly compartmentId: string;
  readonly availabilityDomain: string;
  /** The SDK model, built on first use (a region has tens of thousands of attachments; a listing needs a few). */
  readonly model: Model;
}

export interface AttachmentTable {
  readonly all: readonly Attachment[];
  readonly byInstance: ReadonlyMap<string, readonly Attachment[]>;
  readonly byAttached: ReadonlyMap<string, readonly Attachment[]>;
}

export type RegionAttachments = Readonly<Record<AttachmentKind, AttachmentTable>>;

/** The synthetic tenancy's "now": attachments are not dated after it unless their resources are. */
const AS_OF_MS = Date.UTC(2025, 5, 1);
const VOLUME_ATTACHED_PERCENT = 70;

export class InstanceAttachments {
  readonly #cache: RegionCache<RegionAttachments>;

  constructor(tenancy: Tenancy) {
    this.#cache = new RegionCache(tenancy, (region) => build(tenancy, region));
  }

  of(region: string, kind: AttachmentKind): AttachmentTable {
    return this.#cache.get(region)[kind];
  }

  /** The boot volume attached to an instance (DETACHED ones included), if any. */
  bootVolumeOf(region: string, instanceId: string): string | undefined {
    return this.of(region, 'bootVolume').byInstance.get(instanceId)?.[0]?.attachedId;
  }
}

function build(tenancy: Tenancy, region: string): RegionAttachments {
  const instanceOrdinals = baseOrdinals(tenancy, region, 'Instance');
  const isBase = (ordinals: ReadonlyMap<string, number>) => (item: ResourceSummary) => ordinals.has(item.identifier);
  const plain = [...scanTypes(tenancy, region, ['Instance', 'Volume', 'BootVolume'].map(typeIndex), false)];
  const vnics = [...scanTypes(tenancy, region, [typeIndex('Vnic')], true)].filter(isBase(baseOrdinals(tenancy, region, 'Vnic')));
  // Search order is ordinal order for base resources.
  const instances = plain.filter((item) => item.resourceType === 'Instance').filter(isBase(instanceOrdinals));
  const byAd = groupByAd(instances);
  const segment = tenancy.regions.find((r) => r.name === region)?.ocidSegment ?? region;

  const vnicTable = new TableBuilder();
  for (const group of groupByAd(vnics).values()) {
    group.forEach((vnic, j) => {
      const candidates = byAd.get(vnic.availabilityDomain ?? '');
      if (candidates === undefined) return;
      const instance = candidates[j % candidates.length]!;
      const subnetId = vnic.additionalDetails['subnetId'];
      vnicTable.add(instance, vnic, () => ({
        ...attachmentBase('vnicattachment', segment, instance, vnic),
        displayName: null,
        nicIndex: 0,
        subnetId: typeof subnetId === 'string' ? subnetId : null,
        vlanId: null,
        vlanTag: textHash(vnic.identifier, 1) % 4095,
        vnicId: vnic.identifier,
      }));
    });
  }

  const volumeTable = new TableBuilder();
  const volumeOrdinals = baseOrdinals(tenancy, region, 'Volume');
  const attachedVolumes = plain.filter((item) => item.resourceType === 'Volume' && volumeOrdinals.has(item.identifier) &&
    chanceFor(item.identifier, 2, VOLUME_ATTACHED_PERCENT));
  for (const group of groupByAd(attachedVolumes).values()) {
    group.forEach((volume, k) => {
      const candidates = byAd.get(volume.availabilityDomain ?? '');
      if (candidates === undefined) return;
      const instance = candidates[k % candidates.length]!;
      const device = `/dev/oracleoci/oraclevd${String.fromCharCode(98 + Math.min(24, volumeTable.countOf(instance.identifier)))}`;
      volumeTable.add(instance, volume, () => volumeAttachment(segment, instance, volume, device));
    });
  }

  const bootTable = new TableBuilder();
  const bootOrdinals = baseOrdinals(tenancy, region, 'BootVolume');
  const counts = tenancy.baseTypeCounts(region);
  const instanceByOrdinal = new Map([...instanceOrdinals].map(([id, ordinal]) => [ordinal, id]));
  const instanceById = new Map(instances.map((instance) => [instance.identifier, instance]));
  for (const bootVolume of plain) {
    if (bootVolume.resourceType !== 'BootVolume') continue;
    const ordinal = bootOrdinals.get(bootVolume.identifier);
    if (ordinal === undefined) continue;
    const ownerId = instanceByOrdinal.get(proportionalOwner(ordinal, counts['BootVolume'] ?? 0, counts['Instance'] ?? 0));
    const instance = ownerId === undefined ? undefined : instanceById.get(ownerId);
    // The catalogue places a boot volume in its instance's AD; anything else would be an inconsistency.
    if (instance === undefined || instance.availabilityDomain !== bootVolume.availabilityDomain) continue;
    bootTable.add(instance, bootVolume, () => ({
      ...attachmentBase('bootvolumeattachment', segment, instance, bootVolume),
      bootVolumeId: bootVolume.identifier,
      displayName: 'Remote boot attachment for instance',
      timeUpdated: null,
      isPvEncryptionInTransitEnabled: false,
      encryptionInTransitType: 'NONE',
    }));
  }
  return { vnic: vnicTable.done(), volume: volumeTable.done(), bootVolume: bootTable.done() };
}

function groupByAd(items: readonly ResourceSummary[]): Map<string, ResourceSummary[]> {
  const groups = new Map<string, ResourceSummary[]>();
  for (const item of items) {
    const ad = item.availabilityDomain;
    if (ad === null) continue;
    const group = groups.get(ad);
    if (group === undefined) groups.set(ad, [item]);
    else group.push(item);
  }
  return groups;
}

/** The fields every attachment model shares: id, instance, AD and compartment (the instance's), state, time. */
function attachmentBase(token: string, segment: string, instance: ResourceSummary, attached: ResourceSummary): Model {
  const later = instance.timeCreated > attached.timeCreated ? instance.timeCreated : attached.timeCreated;
  return {
    id: derivedOcid(token, segment, `${instance.identifier}|${attached.identifier}`),
    availabilityDomain: instance.availabilityDomain,
    compartmentId: instance.compartmentId,
    instanceId: instance.identifier,
    lifecycleState: attachmentState(instance.lifecycleState, attached.lifecycleState),
    timeCreated: isoAfter(later, (textHash(attached.identifier, 3) % 600) / 1440, AS_OF_MS),
  };
}

function attachmentState(instanceState: string, attachedState: string): string {
  const states = [instanceState, attachedState];
  if (states.includes('TERMINATED')) return 'DETACHED';
  if (states.includes('TERMINATING')) return 'DETACHING';
  if (states.includes('PROVISIONING')) return 'ATTACHING';
  return 'ATTACHED';
}

/** A paravirtualized attachment, or (30%) an iSCSI one with its target's address (never CHAP secrets). */
function volumeAttachment(segment: string, instance: ResourceSummary, volume: ResourceSummary, device: string): Model {
  const base = attachmentBase('volumeattachment', segment, instance, volume);
  const iscsi = chanceFor(volume.identifier, 4, 30);
  const common: Model = {
    ...base,
    attachmentType: iscsi ? 'iscsi' : 'paravirtualized',
    device,
    displayName: `volumeattachment${String(base['timeCreated']).replace(/\D/g, '').slice(0, 14)}`,
    isReadOnly: chanceFor(volume.identifier, 5, 10),
    isShareable: false,
    volumeId: volume.identifier,
    isPvEncryptionInTransitEnabled: !iscsi && chanceFor(volume.identifier, 6, 50),
    isMultipath: false,
    isVolumeCreatedDuringLaunch: false,
  };
  if (!iscsi) return common;
  const hex = hexFor(volume.identifier, 8, 32);
  return {
    ...common,
    iscsiLoginState: base['lifecycleState'] === 'ATTACHED' ? 'LOGIN_SUCCEEDED' : 'UNKNOWN',
    ipv4: `169.254.2.${2 + (textHash(volume.identifier, 7) % 250)}`,
    iqn: `iqn.2015-12.com.oracleiaas:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`,
    port: 3260,
    isAgentAutoIscsiLoginEnabled: true,
  };
}

class TableBuilder {
  readonly #all: Attachment[] = [];
  readonly #byInstance = new Map<string, Attachment[]>();
  readonly #byAttached = new Map<string, Attachment[]>();

  add(instance: ResourceSummary, attached: ResourceSummary, build: () => Model): void {
    const attachment = new LazyAttachment(instance, attached, build);
    this.#all.push(attachment);
    push(this.#byInstance, attachment.instanceId, attachment);
    push(this.#byAttached, attachment.attachedId, attachment);
  }

  countOf(instanceId: string): number {
    return this.#byInstance.get(instanceId)?.length ?? 0;
  }

  done(): AttachmentTable {
    return { all: this.#all, byInstance: this.#byInstance, byAttached: this.#byAttached };
  }
}

class LazyAttachment implements Attachment {
  readonly instanceId: string;
  readonly attachedId: string;
  readonly compartmentId: string;
  readonly availabilityDomain: string;
  #build: (() => Model) | undefined;
  #model: Model | undefined;

  constructor(instance: ResourceSummary, attached: ResourceSummary, build: () => Model) {
    this.instanceId = instance.identifier;
    this.attachedId = attached.identifier;
    this.compartmentId = instance.compartmentId;
    this.availabilityDomain = instance.availabilityDomain ?? '';
    this.#build = build;
  }

  get model(): Model {
    if (this.#model === undefined) {
      this.#model = this.#build!();
      this.#build = undefined;
    }
    return this.#model;
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
