import { RunBucket } from '../bucket/run-bucket.ts';
import { createLogger, type Logger } from '../log/index.ts';
import { resolveAuth, type ResolvedAuth } from '../oci/auth.ts';
import { OciClientFactory } from '../oci/client-factory.ts';
import { FunctionConfigError, type FunctionConfig } from './function-config.ts';

/** What every role needs: resource-principal credentials, the client factory, the run bucket, a logger. */
export interface FunctionRuntime {
  config: FunctionConfig;
  auth: ResolvedAuth;
  factory: OciClientFactory;
  bucket: RunBucket;
  logger: Logger;
}

export async function createFunctionRuntime(config: FunctionConfig, env: NodeJS.ProcessEnv): Promise<FunctionRuntime> {
  // Functions always authenticate as themselves: OCI Functions provides resource-principal credentials.
  const auth = await resolveAuth({ mode: 'resource', ociConfig: '', profile: 'DEFAULT', tenancy: null, env });
  const region = config.bucketRegion ?? auth.region;
  if (!region) throw new FunctionConfigError('No region for the bucket: set INVENTORY_BUCKET_REGION or OCI_RESOURCE_PRINCIPAL_REGION');
  const factory = new OciClientFactory({ authProvider: auth.provider, endpointTemplate: config.endpointTemplate });
  const bucket = new RunBucket({ factory, region, namespace: config.namespace ?? undefined, bucket: config.bucket, prefix: config.prefix });
  // JSON lines on stderr: OCI Functions ships them to Logging as they are.
  const logger = createLogger({ format: 'json', level: 'info', stream: process.stderr }).child({ role: config.role });
  return { config, auth, factory, bucket, logger };
}
