import { existsSync, readFileSync } from 'node:fs';
import {
  ConfigFileAuthenticationDetailsProvider,
  InstancePrincipalsAuthenticationDetailsProviderBuilder,
  ResourcePrincipalAuthenticationDetailsProvider,
  SessionAuthDetailProvider,
  type AuthenticationDetailsProvider,
} from 'oci-common';
import { AuthError } from '../errors.ts';
import type { AuthMode } from '../settings/index.ts';

/** How the run authenticates, once resolved (the `auto` mode names what it picked). */
export type AuthMethod = 'config' | 'security_token' | 'resource_principal' | 'instance_principal';

export interface ResolvedAuth {
  method: AuthMethod;
  provider: AuthenticationDetailsProvider;
  tenancyId: string;
  /** The region the credentials name (config profile `region`, resource principal region), if any. */
  region: string | null;
}

export interface AuthInput {
  mode: AuthMode;
  ociConfig: string;
  profile: string;
  /** `--tenancy` overrides the credentials' tenancy (for example to inventory a tenancy you were granted). */
  tenancy: string | null;
  env: NodeJS.ProcessEnv;
  /**
   * Whether this machine is an OCI compute instance. Read from the DMI chassis asset tag, which OCI
   * sets to "OracleCloud.com": no network probe of the metadata service is needed to decide.
   */
  isOciInstance?: () => boolean;
}

const OCI_CHASSIS_TAG = '/sys/class/dmi/id/chassis_asset_tag';

export function isOciComputeInstance(): boolean {
  try {
    return existsSync(OCI_CHASSIS_TAG) && readFileSync(OCI_CHASSIS_TAG, 'utf8').trim() === 'OracleCloud.com';
  } catch {
    return false;
  }
}

function hasResourcePrincipalEnv(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.OCI_RESOURCE_PRINCIPAL_VERSION);
}

/** Picks the method for `auto`: resource principal, then instance principal, then the config file. */
export function chooseAuthMethod(input: Pick<AuthInput, 'mode' | 'env' | 'isOciInstance'>): AuthMethod {
  switch (input.mode) {
    case 'config':
      return 'config';
    case 'security_token':
      return 'security_token';
    case 'resource':
      return 'resource_principal';
    case 'instance':
      return 'instance_principal';
    case 'auto':
      if (hasResourcePrincipalEnv(input.env)) return 'resource_principal';
      if ((input.isOciInstance ?? isOciComputeInstance)()) return 'instance_principal';
      return 'config';
  }
}

/** A one-line reason from an SDK or file error, without echoing any file content (it may be a key). */
function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]?.slice(0, 200) ?? 'unknown error';
}

async function fromConfigFile(input: AuthInput, method: 'config' | 'security_token'): Promise<ResolvedAuth> {
  if (!existsSync(input.ociConfig)) {
    throw new AuthError(
      `OCI config file not found: ${input.ociConfig}. Create one with "oci setup config", or pass --oci-config FILE (or set OCI_CLI_CONFIG_FILE).`,
      { context: { file: input.ociConfig } },
    );
  }
  let provider: ConfigFileAuthenticationDetailsProvider;
  try {
    provider =
      method === 'security_token'
        ? new SessionAuthDetailProvider(input.ociConfig, input.profile)
        : new ConfigFileAuthenticationDetailsProvider(input.ociConfig, input.profile);
  } catch (error) {
    throw new AuthError(
      `Cannot use profile [${input.profile}] of ${input.ociConfig}: ${reasonOf(error)}. Check the profile name (--profile) and that its key_file${method === 'security_token' ? ' and security_token_file' : ''} exist.`,
      { cause: error, context: { file: input.ociConfig, profile: input.profile } },
    );
  }
  let region: string | null = null;
  try {
    region = provider.getRegion()?.regionId ?? null;
  } catch {
    region = null;
  }
  return { method, provider, tenancyId: input.tenancy ?? provider.getTenantId(), region };
}

async function fromResourcePrincipal(input: AuthInput): Promise<ResolvedAuth> {
  if (!hasResourcePrincipalEnv(input.env)) {
    throw new AuthError(
      'Resource principal authentication needs OCI_RESOURCE_PRINCIPAL_VERSION and the other OCI_RESOURCE_PRINCIPAL_* variables, which OCI Functions provides. Outside a function use --auth config.',
    );
  }
  let provider: ResourcePrincipalAuthenticationDetailsProvider;
  let tenancyId: string | null;
  try {
    provider = ResourcePrincipalAuthenticationDetailsProvider.builder();
    tenancyId = await provider.getStringClaim('res_tenant');
  } catch (error) {
    throw new AuthError(`Resource principal credentials are unusable: ${reasonOf(error)}`, { cause: error });
  }
  if (!tenancyId && !input.tenancy) throw new AuthError('The resource principal session token has no res_tenant claim');
  let region: string | null = null;
  try {
    region = provider.getRegion()?.regionId ?? null;
  } catch {
    region = input.env.OCI_RESOURCE_PRINCIPAL_REGION ?? null;
  }
  return { method: 'resource_principal', provider, tenancyId: input.tenancy ?? tenancyId ?? '', region };
}

async function fromInstancePrincipal(input: AuthInput): Promise<ResolvedAuth> {
  try {
    const provider = await new InstancePrincipalsAuthenticationDetailsProviderBuilder().build();
    const tenancyId = input.tenancy ?? (await (provider as unknown as { getStringClaim?(k: string): Promise<string | null> }).getStringClaim?.('res_tenant')) ?? null;
    if (!tenancyId) throw new Error('no tenancy in the instance principal token; pass --tenancy');
    return { method: 'instance_principal', provider, tenancyId, region: provider.getRegion()?.regionId ?? null };
  } catch (error) {
    throw new AuthError(`Instance principal authentication failed: ${reasonOf(error)}. Check the instance's dynamic group and policies, or use --auth config.`, { cause: error });
  }
}

/** Resolves credentials for the run. Errors are AuthErrors (exit code 3) that never contain key material. */
export async function resolveAuth(input: AuthInput): Promise<ResolvedAuth> {
  const method = chooseAuthMethod(input);
  switch (method) {
    case 'config':
    case 'security_token':
      return fromConfigFile(input, method);
    case 'resource_principal':
      return fromResourcePrincipal(input);
    case 'instance_principal':
      return fromInstancePrincipal(input);
  }
}
