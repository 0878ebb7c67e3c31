import type { FoundResource } from '../../tenancy/index.ts';
import { base32For, chanceFor, pickFor, publicIpFor, textHash } from '../derive.ts';
import { detailString, refOf, type Model } from '../model-fields.ts';
import { addressInSubnet, baseFields, timeUpdated, type DataModelBuilder, type DataModelContext } from './model-context.ts';

/**
 * API Gateway models (oci-apigateway `Gateway` from GatewayClient, `Deployment` from DeploymentClient). A
 * deployment's endpoint is its gateway's hostname and its path prefix. Its routes are derived from its OCID:
 * HTTP backends, stock responses and, when the region has functions, Oracle Functions backends (a
 * deterministic pick among the region's functions; the catalogue holds none).
 */
function hostnameOf(gatewayId: string, region: string): string {
  return `${base32For(gatewayId, 71, 26)}.apigateway.${region}.oci.customer-oci.com`;
}

const gateway: DataModelBuilder = (found, context) => {
  const id = found.summary.identifier;
  const subnetId = refOf(found, 'subnetId');
  const endpointType = subnetId !== null && chanceFor(id, 72, 30) ? 'PRIVATE' : 'PUBLIC';
  const address = endpointType === 'PRIVATE' ? addressInSubnet(context.reader.find(subnetId), id, 73) : publicIpFor(id, 74);
  return {
    ...baseFields(found, { name: 'displayName', systemTags: true }),
    endpointType,
    subnetId,
    networkSecurityGroupIds: [],
    hostname: hostnameOf(id, context.region.name),
    ipAddresses: address === null ? [] : [{ ipAddress: address }],
    responseCacheDetails: { type: 'NONE' },
    ipMode: 'IPV4',
    timeUpdated: timeUpdated(found, 75),
  };
};

const ROUTE_PATHS = ['orders', 'users', 'items', 'reports', 'health', 'search'] as const;

function backend(found: FoundResource, context: DataModelContext, n: number): Model {
  const id = found.summary.identifier;
  const functionId = chanceFor(`${id}#${n}`, 76, 40) ? context.picks.pick(context.region.name, 'FunctionsFunction', `${id}#${n}`, 77) : null;
  if (functionId !== null) return { type: 'ORACLE_FUNCTIONS_BACKEND', functionId };
  if (chanceFor(`${id}#${n}`, 78, 25)) {
    return { type: 'STOCK_RESPONSE_BACKEND', status: 200, body: '{"status":"ok"}', headers: [{ name: 'Content-Type', value: 'application/json' }] };
  }
  return {
    type: 'HTTP_BACKEND',
    url: `https://backend-${textHash(`${id}#${n}`, 79) % 100}.example.com/api`,
    connectTimeoutInSeconds: 60,
    readTimeoutInSeconds: 10,
    sendTimeoutInSeconds: 10,
    isSslVerifyDisabled: false,
  };
}

const deployment: DataModelBuilder = (found, context) => {
  const id = found.summary.identifier;
  const gatewayId = refOf(found, 'gatewayId');
  const pathPrefix = detailString(found, 'pathPrefix') ?? `/v${1 + (textHash(id, 80) % 9)}`;
  const first = textHash(id, 81) % ROUTE_PATHS.length;
  const routes = Array.from({ length: 1 + (textHash(id, 82) % 3) }, (_, n) => ({
    path: `/${ROUTE_PATHS[(first + n) % ROUTE_PATHS.length]}`,
    methods: [...pickFor(`${id}#${n}`, 83, [['GET'], ['GET', 'POST'], ['ANY']])],
    backend: backend(found, context, n),
  }));
  return {
    ...baseFields(found, { name: 'displayName', systemTags: true }),
    gatewayId,
    pathPrefix,
    endpoint: `https://${gatewayId === null ? 'unknown' : hostnameOf(gatewayId, context.region.name)}${pathPrefix}`,
    specification: { requestPolicies: {}, loggingPolicies: {}, routes },
    timeUpdated: timeUpdated(found, 84),
  };
};

export const API_GATEWAY_MODELS: Readonly<Record<string, DataModelBuilder>> = { ApiGateway: gateway, ApiDeployment: deployment };
