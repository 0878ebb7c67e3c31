/**
 * Logging (oci-logging LoggingManagementClient, host `logging`). GetLog takes the log's group as well:
 * `additionalDetails.logGroupId` when Search returned it (`return allAdditionalFields`), else the region's
 * index of logs by group, built once per run with the Logging API itself: ListLogGroups of the tenancy's
 * whole compartment tree, then ListLogs of each group (a few at a time).
 */
import { LoggingManagementClient } from 'oci-logging';
import type { ResourceSummary } from '../../discovery/search-pages.ts';
import { declare, type CallContext, type ServiceClient } from '../declaration.ts';
import { failureInfoOf } from '../../oci/retry-policy.ts';
import { cachedLookup, LookupNotFound, searchDetail } from './lookups.ts';

const logging: ServiceClient<LoggingManagementClient> = { ctor: LoggingManagementClient, hostPrefix: 'logging' };
const PAGE = 1000;
/** ListLogs calls in flight while indexing a region. */
const INDEX_CONCURRENCY = 4;

async function logGroupIds(client: LoggingManagementClient, context: CallContext): Promise<string[]> {
  const ids: string[] = [];
  let page: string | undefined;
  do {
    const request = { compartmentId: context.tenancyId, isCompartmentIdInSubtree: true, limit: PAGE, ...(page ? { page } : {}) };
    const response = await context.factory.call(context.region, () => client.listLogGroups(request));
    for (const group of response.items) ids.push(group.id);
    page = response.opcNextPage;
  } while (page);
  return ids;
}

/** The ids of a group's logs; none when the group went away since it was listed. */
async function logIdsOf(client: LoggingManagementClient, logGroupId: string, context: CallContext): Promise<string[]> {
  const ids: string[] = [];
  let page: string | undefined;
  try {
    do {
      const request = { logGroupId, limit: PAGE, ...(page ? { page } : {}) };
      const response = await context.factory.call(context.region, () => client.listLogs(request));
      for (const log of response.items) ids.push(log.id);
      page = response.opcNextPage;
    } while (page);
  } catch (error) {
    if (failureInfoOf(error)?.statusCode === 404) return [];
    throw error;
  }
  return ids;
}

function logGroupsByLog(client: LoggingManagementClient, context: CallContext): Promise<ReadonlyMap<string, string>> {
  return cachedLookup(context.factory, `logging:logs:${context.region}`, async () => {
    const groups = await logGroupIds(client, context);
    const byLog = new Map<string, string>();
    let next = 0;
    const worker = async (): Promise<void> => {
      for (let index = next++; index < groups.length; index = next++) {
        const groupId = groups[index]!;
        for (const logId of await logIdsOf(client, groupId, context)) byLog.set(logId, groupId);
      }
    };
    await Promise.all(Array.from({ length: Math.min(INDEX_CONCURRENCY, groups.length) }, worker));
    return byLog;
  });
}

async function logGroupIdOf(client: LoggingManagementClient, summary: ResourceSummary, context: CallContext): Promise<string> {
  const logGroupId = searchDetail(summary, 'logGroupId') ?? (await logGroupsByLog(client, context)).get(summary.identifier);
  if (logGroupId === undefined) throw new LookupNotFound(`log ${summary.identifier} is in none of the log groups of ${context.region}`);
  return logGroupId;
}

export const LOGGING = [
  declare({
    resourceType: 'LogGroup',
    service: logging,
    get: async (client, summary) => (await client.getLogGroup({ logGroupId: summary.identifier })).logGroup as never,
    lists: {},
    details: ['description', 'timeLastModified'],
    relations: [],
  }),
  declare({
    resourceType: 'Log',
    service: logging,
    get: async (client, summary, context) => {
      const logGroupId = await logGroupIdOf(client, summary, context);
      return (await client.getLog({ logGroupId, logId: summary.identifier })).log as never;
    },
    lists: {},
    details: ['logGroupId', 'logType', 'isEnabled', 'configuration', 'retentionDuration', 'timeLastModified'],
    relations: [
      ['in_log_group', 'logGroupId'],
      ['logs', 'configuration.source.resource'],
    ],
  }),
];
