import { base32For, chanceFor, hexFor, isoAfter, pickFor, textHash } from '../derive.ts';
import { commonFields, detail, refOf, refsOf, type Model } from '../model-fields.ts';
import { nsgsFor, vcnOfSubnet, type ServiceModelBuilder, type ServiceModelContext } from './model-context.ts';

/**
 * FunctionsManagementClient models (oci-functions `Application`, `Function`). An application's subnets
 * are the tenancy's references, its NSGs its VCN's; a function's shape is its application's (a pure
 * function of the application OCID, so both GETs agree), its image a tag of one of the region's container
 * repositories (`<region key>.ocir.io/<namespace>/<repository>:<tag>`).
 *
 * Application `config` is plain key/value configuration that in real tenancies often holds secrets
 * (connection strings, tokens); the emulator answers values as OCI does, so that a consumer that keeps
 * them would be caught.
 */

/** The synthetic tenancy's "now": updates are not dated after it. */
const AS_OF_MS = Date.UTC(2025, 5, 1);
const SHAPES = ['GENERIC_X86', 'GENERIC_X86', 'GENERIC_ARM', 'GENERIC_X86_ARM'] as const;

function shapeOfApplication(applicationId: string): string {
  return pickFor(applicationId, 51, SHAPES);
}

function applicationConfig(id: string): Record<string, string> {
  const config: Record<string, string> = { LOG_LEVEL: pickFor(id, 52, ['debug', 'info', 'warn']) };
  if (chanceFor(id, 53, 60)) config['DB_CONNECTION'] = `app_user/${base32For(id, 54, 16)}@db-${textHash(id, 55) % 100}:1521/svc`;
  if (chanceFor(id, 56, 50)) config['API_TOKEN'] = `tok_${base32For(id, 57, 32)}`;
  if (chanceFor(id, 58, 40)) config['BUCKET_NAME'] = `bucket-${textHash(id, 59) % 1000}`;
  return config;
}

export const application: ServiceModelBuilder = (found, context) => {
  const id = found.summary.identifier;
  const subnetIds = refsOf(found, 'subnetIds');
  return {
    ...commonFields(found),
    config: applicationConfig(id),
    subnetIds,
    shape: shapeOfApplication(id),
    networkSecurityGroupIds: nsgsFor(context, vcnOfSubnet(context, subnetIds[0] ?? null), id, 61, 1),
    ...(chanceFor(id, 62, 20) ? { syslogUrl: `tcp://syslog-${textHash(id, 63) % 10}.example.com:514` } : {}),
    traceConfig: { isEnabled: false },
    timeUpdated: isoAfter(found.summary.timeCreated, (textHash(id, 64) % 300) + 1, AS_OF_MS),
    imagePolicyConfig: { isPolicyEnabled: false },
  };
};

function imageOf(context: ServiceModelContext, functionId: string): string {
  const repositories = context.indexes.repositories(context.region.name);
  const chosen = repositories.buckets.pick(functionId, 71, 1)[0];
  const repository = (chosen === undefined ? undefined : repositories.names.get(chosen)) ?? `functions/${base32For(functionId, 72, 8)}`;
  return `${context.region.key.toLowerCase()}.ocir.io/${context.namespace}/${repository}:0.${textHash(functionId, 73) % 20}.${textHash(functionId, 74) % 10}`;
}

export const fn: ServiceModelBuilder = (found, context) => {
  const id = found.summary.identifier;
  const applicationId = refOf(found, 'applicationId');
  const memory = detail(found, 'memoryInMBs');
  return {
    ...commonFields(found),
    applicationId,
    image: imageOf(context, id),
    imageDigest: `sha256:${hexFor(id, 75, 64)}`,
    shape: shapeOfApplication(applicationId ?? id),
    memoryInMBs: typeof memory === 'number' ? memory : pickFor(id, 76, [128, 256, 512, 1024]),
    config: { FN_ENTRYPOINT: 'func.handler' },
    timeoutInSeconds: pickFor(id, 77, [30, 60, 120, 300]),
    provisionedConcurrencyConfig: { strategy: 'NONE' },
    detachedModeTimeoutInSeconds: 0,
    traceConfig: { isEnabled: false },
    // Per application, as in OCI; the emulator's invoke route answers at emulator.endpoint('functions', region).
    invokeEndpoint: `https://${base32For(applicationId ?? id, 78, 11)}.${context.region.name}.functions.oci.oraclecloud.com`,
    timeUpdated: isoAfter(found.summary.timeCreated, (textHash(id, 79) % 300) + 1, AS_OF_MS),
  };
};
