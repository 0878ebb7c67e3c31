import type { DataServiceReads } from '../reads/data-services/index.ts';
import { getResource, GetRouteService } from '../reads/data-services/route-table.ts';

/** Database (`database` host, API 20160918): DatabaseClient GETs of autonomous databases, DB systems and databases. */
export function databaseService(reads: DataServiceReads): GetRouteService {
  return new GetRouteService('database', [
    getResource(reads, 'GetAutonomousDatabase', /^\/20160918\/autonomousDatabases\/([^/]+)$/, 'AutonomousDatabase'),
    getResource(reads, 'GetDbSystem', /^\/20160918\/dbSystems\/([^/]+)$/, 'DbSystem'),
    getResource(reads, 'GetDatabase', /^\/20160918\/databases\/([^/]+)$/, 'Database'),
  ]);
}
