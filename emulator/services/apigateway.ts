import type { DataReadScope, DataServiceReads } from '../reads/data-services/index.ts';
import { getResource, GetRouteModule, scopeWithBaseUrl } from '../reads/get-routes.ts';

/** API Gateway (`apigateway` host, API 20190501): GatewayClient GetGateway, DeploymentClient GetDeployment. */
export function apiGatewayService(reads: DataServiceReads): GetRouteModule<DataReadScope> {
  return new GetRouteModule('apigateway', [
    getResource(reads.read.bind(reads), 'GetGateway', /^\/20190501\/gateways\/([^/]+)$/, 'ApiGateway'),
    getResource(reads.read.bind(reads), 'GetDeployment', /^\/20190501\/deployments\/([^/]+)$/, 'ApiDeployment'),
  ], scopeWithBaseUrl);
}
