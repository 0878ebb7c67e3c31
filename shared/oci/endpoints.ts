/**
 * The one place that knows how a service and a region become an endpoint URL.
 *
 * With an endpoint template (the emulator, private endpoints), `{service}` and `{region}` are filled
 * in; `{service}` is the OCI host prefix (`identity`, `query`, `objectstorage`, ...). Without one,
 * the SDK builds the real endpoint from the region (it knows realms and their domains).
 */
export const ENDPOINT_TEMPLATE_PLACEHOLDERS = ['{service}', '{region}'] as const;

export function fillEndpointTemplate(template: string, service: string, region: string): string {
  return template.replaceAll('{service}', service).replaceAll('{region}', region).replace(/\/+$/, '');
}

/** The real public endpoint of a service in the commercial realm (for messages and docs; clients use the SDK). */
export function publicEndpoint(service: string, region: string, usesOciLabel: boolean): string {
  return usesOciLabel ? `https://${service}.${region}.oci.oraclecloud.com` : `https://${service}.${region}.oraclecloud.com`;
}
