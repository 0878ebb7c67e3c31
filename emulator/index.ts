import { mkdir } from 'node:fs/promises';
import { AuthenticationError } from './auth/authentication-error.ts';
import { ApiKeyRegistry, apiKeyFingerprint, generateRsaKeyPair } from './auth/keys.ts';
import { writeOciConfig } from './auth/oci-config-file.ts';
import { SessionTokenIssuer } from './auth/session-tokens.ts';
import { verifyRequestSignature } from './auth/verify-signature.ts';
import { RequestCounters } from './faults/counters.ts';
import { FaultInjector } from './faults/fault-injector.ts';
import type { FaultPlan } from './faults/fault-plan.ts';
import { ObjectStore } from './objectstorage/index.ts';
import { objectStorageService } from './objectstorage/service-module.ts';
import { TenancyReads, type ReadControlsApi } from './reads/index.ts';
import { composeByHost } from './server/composite-service.ts';
import { EmulatorHttpServer } from './server/http-server.ts';
import { groupReadModules } from './reads/groups/index.ts';
import { FunctionsInvokeService } from './services/functions-invoke.ts';
import { IdentityService, type CompartmentEntry, type IdentityDirectory } from './services/identity.ts';
import { ResourceSearchService } from './services/resource-search.ts';
import { VirtualNetworkService } from './services/virtual-network.ts';
import { REGION_TABLE, createTenancy, type Tenancy, type TenancySize } from './tenancy/index.ts';

export type { FaultPlan, FaultRule } from './faults/fault-plan.ts';
export type { FunctionCall, FunctionHandler, FunctionResult } from './services/functions-invoke.ts';
export type { ReadControlsApi } from './reads/index.ts';

export interface EmulatorOptions {
  /** 127.0.0.1 unless told otherwise: the emulator is for this machine only. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Size of the synthetic tenancy: 'small' (tests), 'demo' (~10k), or a resource count up to 1,000,000. */
  tenancy?: TenancySize;
  seed?: string;
  regionCount?: number;
  /** Keep Object Storage in this directory (survives restarts); in memory when absent. */
  storageDir?: string;
  faults?: FaultPlan;
  /** Largest accepted clock skew of a signed request (OCI: 5 minutes). */
  maxClockSkewMs?: number;
  onInternalError?: (error: unknown) => void;
}

/** An API-key user of the synthetic tenancy: what an OCI config profile holds. */
export interface ApiKeyCredentials {
  tenancyId: string;
  userId: string;
  fingerprint: string;
  privateKeyPem: string;
  region: string;
}

export interface Emulator {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** `http://127.0.0.1:<port>/{region}/{service}`: what the client factory fills in. */
  readonly endpointTemplate: string;
  readonly tenancy: Tenancy;
  readonly namespace: string;
  readonly objectStore: ObjectStore;
  readonly functions: FunctionsInvokeService;
  readonly faults: FaultInjector;
  readonly counters: RequestCounters;
  /**
   * What single-resource GETs (Networking, IAM, GetBucket) answer for chosen OCIDs: `markGone` (404 while
   * Search still lists it), `markForbidden` (403 NotAuthorized), `reset`.
   */
  readonly reads: ReadControlsApi;
  readonly apiKeys: ApiKeyRegistry;
  readonly sessionTokens: SessionTokenIssuer;
  /** The user whose key `writeOciConfig` writes; created at start. */
  readonly defaultUser: ApiKeyCredentials;
  endpoint(service: string, region: string): string;
  /** Registers a new API key for a (new) user of the tenancy. */
  createApiKeyUser(name?: string): ApiKeyCredentials;
  /** Writes an OCI config file and key for `defaultUser` (or the given user) into `dir`. */
  writeOciConfig(dir: string, user?: ApiKeyCredentials): Promise<{ configPath: string; keyPath: string }>;
  /** The four OCI_RESOURCE_PRINCIPAL_* values a function of this tenancy would get. */
  mintResourcePrincipal(options?: { functionId?: string; compartmentId?: string; region?: string; ttlSeconds?: number; now?: Date }): {
    env: Record<string, string>;
    expiresAt: Date;
  };
  close(): Promise<void>;
}

function identityDirectory(tenancy: Tenancy): IdentityDirectory {
  return {
    tenancyId: tenancy.id,
    tenancyName: tenancy.name,
    homeRegionKey: tenancy.homeRegionKey,
    regionSubscriptions: () => tenancy.regionSubscriptions(),
    allRegions: () => REGION_TABLE.map((region) => ({ key: region.key, name: region.name })),
    compartments: () =>
      tenancy.compartments
        .filter((compartment) => compartment.compartmentId !== null)
        .map(
          (compartment): CompartmentEntry => ({
            id: compartment.id,
            compartmentId: compartment.compartmentId ?? tenancy.id,
            name: compartment.name,
            description: compartment.description,
            timeCreated: compartment.timeCreated,
            lifecycleState: compartment.lifecycleState as CompartmentEntry['lifecycleState'],
            isAccessible: compartment.isAccessible,
            freeformTags: compartment.freeformTags,
            definedTags: compartment.definedTags as CompartmentEntry['definedTags'],
          }),
        ),
  };
}

function syntheticOcid(kind: string, seed: string, n: number): string {
  const unique = Buffer.from(`${seed}:${kind}:${n}`).toString('hex').replace(/[^a-z2-7]/g, 'a').padEnd(60, 'q').slice(0, 60);
  return `ocid1.${kind}.oc1..${unique}`;
}

/** Starts the local OCI emulator: a real HTTP server speaking the OCI REST APIs the tool uses. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const tenancy = createTenancy({
    size: options.tenancy ?? 'small',
    seed: options.seed ?? 'oci-inventory',
    ...(options.regionCount === undefined ? {} : { regionCount: options.regionCount }),
  });
  const namespace = tenancy.namespace;
  if (options.storageDir) await mkdir(options.storageDir, { recursive: true });
  const objectStore = options.storageDir
    ? await ObjectStore.inDirectory({ namespace, directory: options.storageDir, defaultCompartmentId: tenancy.id })
    : ObjectStore.inMemory({ namespace, defaultCompartmentId: tenancy.id });

  const apiKeys = new ApiKeyRegistry();
  const sessionTokens = new SessionTokenIssuer();
  const faults = new FaultInjector(options.faults);
  const counters = new RequestCounters();
  const reads = new TenancyReads(tenancy);
  // onDetachedError gets (functionId, error); onInternalError takes the error alone.
  const functions = new FunctionsInvokeService({ onDetachedError: (_functionId, error) => options.onInternalError?.(error) });
  const maxClockSkewMs = options.maxClockSkewMs ?? 300_000;

  const server = new EmulatorHttpServer({
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    subscribedRegions: () => tenancy.regions.map((region) => region.name),
    services: composeByHost([
      new IdentityService(() => identityDirectory(tenancy), reads),
      new ResourceSearchService(() => tenancy),
      new VirtualNetworkService(reads),
      objectStorageService(objectStore, reads.buckets),
      functions,
      ...groupReadModules(reads),
    ]),
    authenticate: (request) => {
      try {
        return verifyRequestSignature(request, { apiKeys, sessionTokens, maxClockSkewMs });
      } catch (error) {
        if (error instanceof AuthenticationError) throw error;
        throw new AuthenticationError('malformed_authorization', 'The request signature could not be verified');
      }
    },
    faults,
    counters,
    ...(options.onInternalError ? { onInternalError: options.onInternalError } : {}),
  });
  const url = await server.listen();
  const endpointTemplate = `${url}/{region}/{service}`;

  let users = 0;
  const createApiKeyUser = (name = 'inventory-reader'): ApiKeyCredentials => {
    users += 1;
    const userId = syntheticOcid('user', `${tenancy.seed}:${name}`, users);
    const { publicKeyPem, privateKeyPem } = generateRsaKeyPair();
    const { fingerprint } = apiKeys.register({ tenancyId: tenancy.id, userId, publicKeyPem });
    return { tenancyId: tenancy.id, userId, fingerprint, privateKeyPem, region: tenancy.homeRegion };
  };
  const defaultUser = createApiKeyUser();

  return {
    url,
    endpointTemplate,
    tenancy,
    namespace,
    objectStore,
    functions,
    faults,
    counters,
    reads: {
      markGone: (ocid) => reads.controls.markGone(ocid),
      markForbidden: (ocid) => reads.controls.markForbidden(ocid),
      reset: () => reads.controls.reset(),
    },
    apiKeys,
    sessionTokens,
    defaultUser,
    endpoint: (service, region) => `${url}/${region}/${service}`,
    createApiKeyUser,
    writeOciConfig: (dir, user = defaultUser) =>
      writeOciConfig({
        dir,
        tenancyId: user.tenancyId,
        userId: user.userId,
        region: user.region,
        privateKeyPem: user.privateKeyPem,
        fingerprint: user.fingerprint,
      }),
    mintResourcePrincipal: (mint = {}) => {
      const { env, expiresAt } = sessionTokens.mintResourcePrincipalCredentials({
        tenancyId: tenancy.id,
        compartmentId: mint.compartmentId ?? tenancy.id,
        functionId: mint.functionId ?? syntheticOcid('fnfunc', tenancy.seed, 0),
        region: mint.region ?? tenancy.homeRegion,
        ttlSeconds: mint.ttlSeconds ?? 3600,
        ...(mint.now ? { now: mint.now } : {}),
      });
      return { env: { ...env }, expiresAt };
    },
    close: async () => {
      faults.cancelLatency();
      await functions.whenIdle();
      await server.close();
    },
  };
}

export { apiKeyFingerprint };
