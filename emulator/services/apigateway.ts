import type { DataServiceReads } from '../reads/data-services/index.ts';
import { getResource, GetRouteService } from '../reads/data-services/route-table.ts';

/** API Gateway (`apigateway` host, API 20190501): GatewayClient GetGateway, DeploymentClient GetDeployment. */
export function apiGatewayService(reads: DataServiceReads): GetRouteService {
  return new GetRouteService('apigateway', [
    getResource(reads, 'GetGateway', /^\/20190501\/gateways\/([^/]+)$/, 'ApiGateway'),
    getResource(reads, 'GetDeployment', /^\/20190501\/deployments\/([^/]+)$/, 'ApiDeployment'),
  ]);
}
