import type { FoundResource } from '../../tenancy/index.ts';
import { pickFor } from '../derive.ts';
import { detailString, refOf, type Model } from '../model-fields.ts';
import { baseFields, timeUpdated, type DataModelBuilder, type DataModelContext } from './model-context.ts';

/**
 * LoggingManagementClient models (oci-logging `LogGroup`, `Log`). A log's kind follows its name
 * (`flowlogs-log-…`, `invoke-…`, `access-…`: service logs; `audit-…`, `app-…`: custom logs), else its OCID.
 * The tenancy catalogue holds no source for service logs, so the source resource is a deterministic pick
 * among the region's resources of the type that service logs (a subnet, a function application, an API
 * deployment): always one Search lists in the same region.
 */
interface ServiceLogSource {
  service: string;
  category: string;
  resourceType: string;
}

const SOURCES: Readonly<Record<string, ServiceLogSource | null>> = {
  flowlogs: { service: 'flowlogs', category: 'all', resourceType: 'Subnet' },
  invoke: { service: 'functions', category: 'invoke', resourceType: 'FunctionsApplication' },
  access: { service: 'apigateway', category: 'access', resourceType: 'ApiDeployment' },
  audit: null,
  app: null,
};
const KINDS = Object.keys(SOURCES);

function logKind(found: FoundResource): string {
  const prefix = /^([a-z]+)-/.exec(found.summary.displayName)?.[1];
  return prefix !== undefined && Object.hasOwn(SOURCES, prefix) ? prefix : pickFor(found.summary.identifier, 51, KINDS);
}

const logGroup: DataModelBuilder = (found) => ({
  ...baseFields(found, { name: 'displayName', systemTags: true }),
  description: detailString(found, 'description') ?? `Logs of ${found.summary.displayName}`,
  timeLastModified: timeUpdated(found, 52),
});

/** The `configuration` of a service log, or null for a custom log (or a service log whose region has no source). */
function configuration(found: FoundResource, context: DataModelContext): Model | null {
  const source = SOURCES[logKind(found)];
  if (!source) return null;
  const resource = context.picks.pick(context.region.name, source.resourceType, found.summary.identifier, 53);
  if (resource === null) return null;
  return {
    compartmentId: found.summary.compartmentId,
    source: { sourceType: 'OCISERVICE', service: source.service, resource, category: source.category, parameters: {} },
    archiving: { isEnabled: false },
  };
}

const log: DataModelBuilder = (found, context) => {
  const config = configuration(found, context);
  return {
    ...baseFields(found, { name: 'displayName', systemTags: true }),
    tenancyId: context.tenancyId,
    logGroupId: refOf(found, 'logGroupId'),
    logType: config === null ? 'CUSTOM' : 'SERVICE',
    isEnabled: found.summary.lifecycleState !== 'INACTIVE',
    ...(config === null ? {} : { configuration: config }),
    retentionDuration: pickFor(found.summary.identifier, 54, [30, 30, 60, 90, 180]),
    timeLastModified: timeUpdated(found, 55),
  };
};

export const LOGGING_MODELS: Readonly<Record<string, DataModelBuilder>> = { LogGroup: logGroup, Log: log };

/** The fields of a `LogSummary` (ListLogs) and a `LogGroupSummary` (ListLogGroups): the model without tenancyId. */
export function summaryOf(model: Model): Model {
  const { tenancyId: _tenancyId, ...summary } = model;
  return summary;
}
