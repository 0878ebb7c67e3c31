import type { DataReadScope, DataServiceReads } from '../reads/data-services/index.ts';
import { getResource, GetRouteModule, scopeWithBaseUrl } from '../reads/get-routes.ts';

/** Database (`database` host, API 20160918): DatabaseClient GETs of autonomous databases, DB systems and databases. */
export function databaseService(reads: DataServiceReads): GetRouteModule<DataReadScope> {
  return new GetRouteModule('database', [
    getResource(reads.read.bind(reads), 'GetAutonomousDatabase', /^\/20160918\/autonomousDatabases\/([^/]+)$/, 'AutonomousDatabase'),
    getResource(reads.read.bind(reads), 'GetDbSystem', /^\/20160918\/dbSystems\/([^/]+)$/, 'DbSystem'),
    getResource(reads.read.bind(reads), 'GetDatabase', /^\/20160918\/databases\/([^/]+)$/, 'Database'),
  ], scopeWithBaseUrl);
}
