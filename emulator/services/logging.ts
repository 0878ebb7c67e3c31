import type { DataServiceReads } from '../reads/data-services/index.ts';
import { getResource, GetRouteService, sendPage } from '../reads/data-services/route-table.ts';
import { sendModel } from '../reads/send-model.ts';

/**
 * Logging (`logging` host, API 20200531): LoggingManagementClient GetLogGroup, GetLog (by log group and log),
 * and the listings that find a log's group when Search does not say it: ListLogGroups, ListLogs.
 */
export function loggingService(reads: DataServiceReads): GetRouteService {
  return new GetRouteService('logging', [
    getResource(reads, 'GetLogGroup', /^\/20200531\/logGroups\/([^/]+)$/, 'LogGroup'),
    {
      operation: 'GetLog',
      pattern: /^\/20200531\/logGroups\/([^/]+)\/logs\/([^/]+)$/,
      answer: (context, [logGroupId, logId], scope) => sendModel(context.res, reads.log(logGroupId ?? '', logId ?? '', scope)),
    },
    {
      operation: 'ListLogGroups',
      pattern: /^\/20200531\/logGroups$/,
      answer: (context, _params, scope) => sendPage(context, reads.listLogGroups(context.query, scope)),
    },
    {
      operation: 'ListLogs',
      pattern: /^\/20200531\/logGroups\/([^/]+)\/logs$/,
      answer: (context, [logGroupId], scope) => sendPage(context, reads.listLogs(logGroupId ?? '', context.query, scope)),
    },
  ]);
}
