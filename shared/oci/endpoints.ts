/**
 * The one place that knows how a service and a region become an endpoint URL.
 *
 * With an endpoint template (the emulator, private endpoints), `{service}` and `{region}` are filled
 * in; `{service}` is the OCI host prefix (`identity`, `query`, `objectstorage`, ...). Without one,
 * the SDK builds the real endpoint from the region (it knows realms and their domains).
 */
export function fillEndpointTemplate(template: string, service: string, region: string): string {
  return template.replaceAll('{service}', service).replaceAll('{region}', region).replace(/\/+$/, '');
}
