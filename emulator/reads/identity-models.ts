import type { FoundResource, Tenancy } from '../tenancy/index.ts';
import { chanceFor, isoAfter, textHash } from './derive.ts';
import { detailBoolean, detailCopy, detailString, iamCommonFields, type Model } from './model-fields.ts';

/**
 * IdentityClient models (oci-identity `User`, `Group`, `Policy`, `DynamicGroup`, `TagNamespace`,
 * `Compartment`) built from a FoundResource: `name` is Search's displayName; the rest as in networking.
 */
export type IdentityModelBuilder = (found: FoundResource) => Model;

/** The synthetic tenancy's "now": last logins are not later. */
const AS_OF_MS = Date.UTC(2025, 5, 1);
/** `inactiveStatus` bit 1: disabled by an administrator (the API's bit field). */
const INACTIVE_DISABLED = 2;

function inactiveStatus(found: FoundResource): Model {
  return found.summary.lifecycleState === 'INACTIVE' ? { inactiveStatus: INACTIVE_DISABLED } : {};
}

const user: IdentityModelBuilder = (found) => {
  const id = found.summary.identifier;
  const name = found.summary.displayName;
  const neverLoggedIn = chanceFor(id, 91, 10);
  const daysToLastLogin = (textHash(id, 92) % 500) + 1;
  return {
    ...iamCommonFields(found),
    description: `User ${name}`,
    email: detailString(found, 'email') ?? name,
    emailVerified: true,
    ...inactiveStatus(found),
    capabilities: {
      canUseConsolePassword: true,
      canUseApiKeys: true,
      canUseAuthTokens: chanceFor(id, 93, 40),
      canUseSmtpCredentials: chanceFor(id, 94, 10),
      canUseDbCredentials: false,
      canUseCustomerSecretKeys: chanceFor(id, 95, 30),
      canUseOAuth2ClientCredentials: false,
    },
    isMfaActivated: detailBoolean(found, 'isMfaActivated') ?? false,
    lastSuccessfulLoginTime: neverLoggedIn ? null : isoAfter(found.summary.timeCreated, daysToLastLogin, AS_OF_MS),
    previousSuccessfulLoginTime: neverLoggedIn ? null : isoAfter(found.summary.timeCreated, daysToLastLogin / 2, AS_OF_MS),
  };
};

const group: IdentityModelBuilder = (found) => ({
  ...iamCommonFields(found),
  description: detailString(found, 'description') ?? `Group ${found.summary.displayName}`,
  ...inactiveStatus(found),
});

const policy: IdentityModelBuilder = (found) => ({
  ...iamCommonFields(found),
  description: `Policy ${found.summary.displayName}`,
  statements: detailCopy(found, 'statements') ?? [],
  versionDate: null,
  ...inactiveStatus(found),
});

const dynamicGroup: IdentityModelBuilder = (found) => ({
  ...iamCommonFields(found),
  description: `Dynamic group ${found.summary.displayName}`,
  matchingRule: detailString(found, 'matchingRule') ?? `ALL {resource.compartment.id = '${found.summary.compartmentId}'}`,
  ...inactiveStatus(found),
});

const tagNamespace: IdentityModelBuilder = (found) => ({
  ...iamCommonFields(found),
  description: detailString(found, 'description') ?? `Tags of ${found.summary.displayName}`,
  isRetired: detailBoolean(found, 'isRetired') ?? false,
});

/** Builders by Search type (Compartment is built by CompartmentModels, which knows descriptions). */
export const IDENTITY_MODELS: Readonly<Record<string, IdentityModelBuilder>> = {
  User: user,
  Group: group,
  Policy: policy,
  DynamicResourceGroup: dynamicGroup,
  TagNamespace: tagNamespace,
};

/**
 * Compartment models. Search has everything but the description, which only the tenancy's compartment list
 * holds; base compartments' descriptions never change, so they are read once. An added compartment's
 * description follows its current name, as in that list.
 */
export class CompartmentModels {
  readonly #tenancy: Tenancy;
  #descriptions: ReadonlyMap<string, string> | undefined;

  constructor(tenancy: Tenancy) {
    this.#tenancy = tenancy;
  }

  build(found: FoundResource): Model {
    const s = found.summary;
    return {
      id: s.identifier,
      compartmentId: s.compartmentId,
      name: s.displayName,
      description: found.added ? `${s.displayName} compartment` : this.#description(s.identifier, s.displayName),
      timeCreated: s.timeCreated,
      lifecycleState: s.lifecycleState,
      isAccessible: true,
      freeformTags: s.freeformTags,
      definedTags: s.definedTags,
    };
  }

  #description(id: string, name: string): string {
    this.#descriptions ??= new Map(this.#tenancy.compartments.map((c) => [c.id, c.description]));
    return this.#descriptions.get(id) ?? `${name} compartment`;
  }
}
