import { chanceFor, pickFor, publicIpFor, textHash } from '../derive.ts';
import { commonFields, detailBoolean, detailString, refOf, refsOf, type Model } from '../model-fields.ts';
import { addressIn, nsgsFor, subnetCidr, vcnOfSubnet, type ServiceModelBuilder, type ServiceModelContext } from './model-context.ts';
import { intFor, pickSpread } from './picks.ts';

/**
 * LoadBalancerClient `LoadBalancer` (oci-loadbalancer) and NetworkLoadBalancerClient `NetworkLoadBalancer`
 * (oci-networkloadbalancer). Subnets are the tenancy's references; NSGs are the VCN's; a load balancer's
 * backends are addresses of private IPs of its subnets (so they match PrivateIp resources), a network load
 * balancer's backends are instances of its region by `targetId`.
 */

const BACKEND_SET_NAMES = ['web', 'api', 'app', 'static', 'grpc'] as const;
const LB_BACKEND_PORTS = [80, 8080, 8443, 3000] as const;

/**
 * Backends are addresses of private IPs of the load balancer's own subnets (so ListPrivateIps({subnetId,
 * ipAddress}) of one of them finds each), else of its VCN when those subnets have none.
 */
function loadBalancerBackends(context: ServiceModelContext, subnetIds: readonly string[], vcnId: string | null, key: string): Model[] {
  const own = subnetIds.flatMap((subnetId) => context.indexes.privateIpsOfSubnet(context.region.name, subnetId));
  const candidates = own.length > 0 ? own : context.indexes.privateIpsOfVcn(context.region.name, vcnId);
  const port = pickFor(key, 3, LB_BACKEND_PORTS);
  // Distinct addresses (several private IPs of one VNIC share an address in the tenancy).
  const addresses = [...new Set(pickSpread(candidates, key, 4, intFor(key, 5, 1, 3)).map((entry) => entry.ipAddress))];
  return addresses.map((ipAddress) => ({
    name: `${ipAddress}:${port}`,
    ipAddress,
    port,
    weight: 1,
    drain: false,
    backup: false,
    offline: false,
  }));
}

function healthChecker(protocol: 'HTTP' | 'TCP', port: number): Model {
  return {
    protocol,
    ...(protocol === 'HTTP' ? { urlPath: '/health' } : {}),
    port,
    returnCode: protocol === 'HTTP' ? 200 : 0,
    retries: 3,
    timeoutInMillis: 3000,
    intervalInMillis: 10000,
    responseBodyRegex: '',
    isForcePlainText: false,
  };
}

export const loadBalancer: ServiceModelBuilder = (found, context) => {
  const id = found.summary.identifier;
  const subnetIds = refsOf(found, 'subnetIds');
  const firstSubnet = subnetIds[0] ?? null;
  const vcnId = vcnOfSubnet(context, firstSubnet);
  const isPrivate = detailBoolean(found, 'isPrivate') ?? chanceFor(id, 1, 40);
  const ipAddress = isPrivate ? addressIn(subnetCidr(context, firstSubnet), id, 2) : publicIpFor(id, 2);

  const backendSets: Record<string, Model> = {};
  const listeners: Record<string, Model> = {};
  const setCount = intFor(id, 6, 1, 2);
  for (let n = 0; n < setCount; n++) {
    const name = `bs-${BACKEND_SET_NAMES[(textHash(id, 7) + n) % BACKEND_SET_NAMES.length]}`;
    const backends = loadBalancerBackends(context, subnetIds, vcnId, `${id}#${n}`);
    backendSets[name] = {
      name,
      policy: pickFor(`${id}#${n}`, 8, ['ROUND_ROBIN', 'LEAST_CONNECTIONS', 'IP_HASH']),
      backends,
      healthChecker: healthChecker(n === 0 ? 'HTTP' : 'TCP', (backends[0]?.['port'] as number | undefined) ?? 80),
    };
    const listener = n === 0 ? 'http' : `tcp-${9000 + n}`;
    listeners[listener] = {
      name: listener,
      defaultBackendSetName: name,
      port: n === 0 ? 80 : 9000 + n,
      protocol: n === 0 ? 'HTTP' : 'TCP',
      hostnameNames: [],
      ruleSetNames: [],
      connectionConfiguration: { idleTimeout: n === 0 ? 60 : 300 },
    };
  }
  const maximumBandwidthInMbps = pickFor(id, 9, [10, 100, 400, 1000]);
  return {
    ...commonFields(found, { systemTags: true }),
    ipAddresses: [{ ipAddress, isPublic: !isPrivate }],
    shapeName: detailString(found, 'shapeName') ?? 'flexible',
    shapeDetails: { minimumBandwidthInMbps: 10, maximumBandwidthInMbps },
    isPrivate,
    isDeleteProtectionEnabled: chanceFor(id, 10, 20),
    isRequestIdEnabled: false,
    subnetIds,
    networkSecurityGroupIds: nsgsFor(context, vcnId, id, 11, 2),
    listeners,
    hostnames: {},
    sslCipherSuites: {},
    certificates: {},
    backendSets,
    pathRouteSets: {},
    ruleSets: {},
    routingPolicies: {},
    ipMode: 'IPV4',
  };
};

const NLB_PORTS = [[443, 'TCP'], [53, 'UDP'], [6443, 'TCP'], [5432, 'TCP']] as const;

export const networkLoadBalancer: ServiceModelBuilder = (found, context) => {
  const id = found.summary.identifier;
  const subnetId = refOf(found, 'subnetId');
  const vcnId = vcnOfSubnet(context, subnetId);
  const isPrivate = detailBoolean(found, 'isPrivate') ?? chanceFor(id, 1, 50);
  const [port, protocol] = pickFor(id, 3, NLB_PORTS);
  const targets = pickSpread(context.indexes.instances(context.region.name), id, 4, intFor(id, 5, 1, 3));
  const setName = `backends-${port}`;
  return {
    ...commonFields(found, { systemTags: true }),
    nlbIpVersion: 'IPV4',
    ipAddresses: [
      { ipAddress: isPrivate ? addressIn(subnetCidr(context, subnetId), id, 2) : publicIpFor(id, 2), isPublic: !isPrivate, ipVersion: 'IPV4' },
    ],
    isPrivate,
    isPreserveSourceDestination: false,
    isSymmetricHashEnabled: false,
    subnetId,
    networkSecurityGroupIds: nsgsFor(context, vcnId, id, 6, 1),
    listeners: {
      [`listener-${port}`]: { name: `listener-${port}`, defaultBackendSetName: setName, port, protocol, ipVersion: 'IPV4' },
    },
    backendSets: {
      [setName]: {
        name: setName,
        policy: pickFor(id, 7, ['FIVE_TUPLE', 'THREE_TUPLE', 'TWO_TUPLE']),
        isPreserveSource: true,
        isFailOpen: false,
        isInstantFailoverEnabled: false,
        ipVersion: 'IPV4',
        // Instance backends (by targetId); their addresses are the instances' own, which the Compute API answers.
        backends: targets.map((targetId) => ({
          name: `${targetId}:${port}`,
          targetId,
          port,
          weight: 1,
          isDrain: false,
          isBackup: false,
          isOffline: false,
        })),
        healthChecker: { protocol: 'TCP', port, retries: 3, timeoutInMillis: 3000, intervalInMillis: 10000 },
      },
    },
  };
};
