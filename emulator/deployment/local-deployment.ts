import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { FunctionsInvokeClient, requests as functionsRequests } from 'oci-functions';
import { RunBucket } from '../../shared/bucket/run-bucket.ts';
import { resolveAuth } from '../../shared/oci/auth.ts';
import { OciClientFactory } from '../../shared/oci/client-factory.ts';
import type { RunSummary } from '../../shared/run/run-summary.ts';
import { CONFIG_KEYS, type FunctionRole } from '../../shared/serverless/function-config.ts';
import { runObjects } from '../../shared/serverless/run-objects.ts';
import { LocalFnAgent, type CredentialsProvider, type LogSink } from '../fn-agent/index.ts';
import type { Emulator } from '../index.ts';

/**
 * The serverless deployment of Terraform, reproduced on this machine: a bucket in the emulator, one
 * function bundle deployed three times (coordinator, region, merge) under the local Fn agent with
 * resource-principal credentials, wired to the emulator's Functions invoke endpoint. Operators'
 * side (invoking the coordinator, reading the bucket) uses an API-key user, as `fn invoke` and the
 * OCI CLI would.
 */
/** Memory of each deployed function: func.yaml's (terraform gives the merge 2048 for its /tmp). */
export const FUNCTION_MEMORY_MB = 1024;

export interface LocalDeployment {
  readonly functionIds: Readonly<Record<FunctionRole, string>>;
  readonly bucketName: string;
  readonly agent: LocalFnAgent;
  /** The operator's view of the bucket (API-key auth). */
  readonly bucket: RunBucket;
  readonly factory: OciClientFactory;
  /** Invokes a function synchronously through the emulator's invoke endpoint, as `fn invoke` does. */
  invoke(role: FunctionRole, payload: unknown): Promise<{ status: number; body: unknown }>;
  /** Polls the bucket until the run has a run_summary.json; `onProgress` sees which regions are done. */
  waitForRun(runId: string, options?: { timeoutMs?: number; onProgress?: (done: string[]) => void; regions?: string[] }): Promise<RunSummary>;
  close(): Promise<void>;
}

export interface LocalDeploymentOptions {
  emulator: Emulator;
  bundlePath: string;
  bucketName?: string;
  prefix?: string;
  /** Extra function configuration for every role (e.g. INVENTORY_RUN_DEADLINE_MINUTES). */
  config?: Record<string, string>;
  timeoutSeconds?: number;
  logSink?: LogSink;
  maxContainersPerFunction?: number;
  /**
   * The OCI_RESOURCE_PRINCIPAL_* env of each function's containers. Default: credentials minted by the
   * emulator for the function in the home region (valid 1 hour). Tests pass e.g. expired ones.
   */
  credentials?: CredentialsProvider;
}

function functionOcid(emulator: Emulator, role: FunctionRole): string {
  const home = emulator.tenancy.regions.find((region) => region.isHomeRegion) ?? emulator.tenancy.regions[0]!;
  const unique = createHash('sha256').update(`${emulator.tenancy.id}:${role}`).digest('hex').replace(/[0189]/g, 'a').slice(0, 60);
  return `ocid1.fnfunc.oc1.${home.ocidSegment}.${unique}`;
}

export async function deployLocally(options: LocalDeploymentOptions): Promise<LocalDeployment> {
  const { emulator } = options;
  const bucketName = options.bucketName ?? 'oci-inventory';
  const prefix = options.prefix ?? '';
  const home = emulator.tenancy.homeRegion;
  await emulator.objectStore.ensureBucket(bucketName);
  const functionIds: Record<FunctionRole, string> = {
    coordinator: functionOcid(emulator, 'coordinator'),
    region: functionOcid(emulator, 'region'),
    merge: functionOcid(emulator, 'merge'),
  };
  const common: Record<string, string> = {
    [CONFIG_KEYS.bucket]: bucketName,
    [CONFIG_KEYS.namespace]: emulator.namespace,
    [CONFIG_KEYS.regionFunctionId]: functionIds.region,
    [CONFIG_KEYS.mergeFunctionId]: functionIds.merge,
    [CONFIG_KEYS.invokeEndpoint]: emulator.endpoint('functions', home),
    [CONFIG_KEYS.endpointTemplate]: emulator.endpointTemplate,
    ...(prefix ? { [CONFIG_KEYS.prefix]: prefix } : {}),
    ...options.config,
  };
  const timeoutSeconds = options.timeoutSeconds ?? 300;
  const agent = new LocalFnAgent({
    bundlePath: options.bundlePath,
    functions: (Object.keys(functionIds) as FunctionRole[]).map((role) => ({
      id: functionIds[role],
      name: role,
      config: { ...common, [CONFIG_KEYS.role]: role },
      timeoutSeconds,
      detachedTimeoutSeconds: 3600,
      memoryMb: FUNCTION_MEMORY_MB,
    })),
    credentials: options.credentials ?? ((fn) => emulator.mintResourcePrincipal({ functionId: fn.id, region: home }).env),
    maxContainersPerFunction: options.maxContainersPerFunction ?? 4,
    ...(options.logSink ? { logSink: options.logSink } : {}),
  });
  agent.attach(emulator);

  const stateDir = await mkdtemp(join(tmpdir(), 'oci-inventory-operator-'));
  const { configPath } = await emulator.writeOciConfig(stateDir);
  const auth = await resolveAuth({ mode: 'config', ociConfig: configPath, profile: 'DEFAULT', tenancy: null, env: {} });
  const factory = new OciClientFactory({ authProvider: auth.provider, endpointTemplate: emulator.endpointTemplate });
  const bucket = new RunBucket({ factory, region: home, namespace: emulator.namespace, bucket: bucketName, prefix });
  const invokeClient = factory.forEndpoint(FunctionsInvokeClient, emulator.endpoint('functions', home), home);

  return {
    functionIds,
    bucketName,
    agent,
    bucket,
    factory,
    async invoke(role, payload) {
      const response = await invokeClient.invokeFunction({
        functionId: functionIds[role],
        invokeFunctionBody: typeof payload === 'string' ? payload : JSON.stringify(payload),
        fnInvokeType: functionsRequests.InvokeFunctionRequest.FnInvokeType.Sync,
      });
      const text = await new Response(response.value as ReadableStream).text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      return { status: 200, body };
    },
    async waitForRun(runId, wait = {}) {
      const deadline = Date.now() + (wait.timeoutMs ?? 120_000);
      let reported = '';
      while (Date.now() < deadline) {
        const summary = await bucket.getJson<RunSummary>(runObjects.artifact(runId, 'run_summary.json'));
        if (summary) return summary;
        if (wait.onProgress && wait.regions) {
          const done: string[] = [];
          for (const region of wait.regions) if (await bucket.head(runObjects.marker(runId, region))) done.push(region);
          if (done.join() !== reported) {
            reported = done.join();
            wait.onProgress(done);
          }
        }
        await sleep(200);
      }
      throw new Error(`Run ${runId} was not merged within ${wait.timeoutMs ?? 120_000} ms`);
    },
    async close() {
      await emulator.functions.whenIdle();
      await agent.close();
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}
