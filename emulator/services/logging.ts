import type { DataReadScope, DataServiceReads } from '../reads/data-services/index.ts';
import { getResource, GetRouteModule, scopeWithBaseUrl, sendPage } from '../reads/get-routes.ts';
import { sendModel } from '../reads/send-model.ts';

/**
 * Logging (`logging` host, API 20200531): LoggingManagementClient GetLogGroup, GetLog (by log group and log),
 * and the listings that find a log's group when Search does not say it: ListLogGroups, ListLogs.
 */
export function loggingService(reads: DataServiceReads): GetRouteModule<DataReadScope> {
  return new GetRouteModule('logging', [
    getResource(reads.read.bind(reads), 'GetLogGroup', /^\/20200531\/logGroups\/([^/]+)$/, 'LogGroup'),
    {
      operation: 'GetLog',
      pattern: /^\/20200531\/logGroups\/([^/]+)\/logs\/([^/]+)$/,
      handle: (context, [logGroupId, logId], scope) => sendModel(context.res, reads.log(logGroupId ?? '', logId ?? '', scope)),
    },
    {
      operation: 'ListLogGroups',
      pattern: /^\/20200531\/logGroups$/,
      handle: (context, _params, scope) => sendPage(context, reads.listLogGroups(context.query, scope)),
    },
    {
      operation: 'ListLogs',
      pattern: /^\/20200531\/logGroups\/([^/]+)\/logs$/,
      handle: (context, [logGroupId], scope) => sendPage(context, reads.listLogs(logGroupId ?? '', context.query, scope)),
    },
  ], scopeWithBaseUrl);
}
