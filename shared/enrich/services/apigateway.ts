/** API Gateway (oci-apigateway GatewayClient and DeploymentClient, host `apigateway`). */
import { DeploymentClient, GatewayClient } from 'oci-apigateway';
import { declare, type Model, type ServiceClient } from '../declaration.ts';

const gateways: ServiceClient<GatewayClient> = { ctor: GatewayClient, hostPrefix: 'apigateway' };
const deployments: ServiceClient<DeploymentClient> = { ctor: DeploymentClient, hostPrefix: 'apigateway' };

/**
 * A deployment's routes as kept in `details.routes`: path, methods and where the backend sends requests.
 * Not the whole specification: its policies may carry header values and credentials. Credentials in a
 * backend URL are dropped too.
 */
function routesOf(model: Model): Model[] {
  const routes = (model.specification as { routes?: unknown } | undefined)?.routes;
  if (!Array.isArray(routes)) return [];
  return routes.map((route: Record<string, unknown>) => {
    const backend = (route.backend ?? {}) as Record<string, unknown>;
    return {
      path: route.path ?? null,
      methods: route.methods ?? null,
      backendType: backend.type ?? null,
      url: typeof backend.url === 'string' ? backend.url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1') : null,
      functionId: backend.functionId ?? null,
    };
  });
}

export const API_GATEWAY = [
  declare({
    resourceType: 'ApiGateway',
    service: gateways,
    get: async (client, summary) => (await client.getGateway({ gatewayId: summary.identifier })).gateway as never,
    lists: {},
    details: ['endpointType', 'hostname', 'ipAddresses', 'subnetId', 'networkSecurityGroupIds', 'certificateId'],
    relations: [
      ['in_subnet', 'subnetId'],
      ['in_security_group', 'networkSecurityGroupIds[]'],
    ],
  }),
  declare({
    resourceType: 'ApiDeployment',
    service: deployments,
    get: async (client, summary) => (await client.getDeployment({ deploymentId: summary.identifier })).deployment as never,
    // Derived from the model (no call): the routes without their policies.
    lists: { routes: async (_client, model) => routesOf(model) },
    details: ['gatewayId', 'pathPrefix', 'endpoint'],
    relations: [
      ['behind_gateway', 'gatewayId'],
      ['invokes', 'routes[].functionId'],
    ],
  }),
];
