/**
 * THE defaults of a run: the one place a default value is written. Help text, resolution and tests
 * all read this object.
 */
import { EXPORT_FORMATS, type Settings } from './settings.ts';

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  auth: 'auto',
  // `~` is expanded at resolution. The OCI CLI's own OCI_CLI_CONFIG_FILE, when set, replaces this default
  // (it still ranks below our settings file, env vars and flags).
  ociConfig: '~/.oci/config',
  profile: 'DEFAULT',
  tenancy: null, // from the OCI config file / the principal
  regions: null, // every subscribed region
  query: 'query all resources',
  workersRegion: 16,
  workersEnrich: 16,
  outdir: 'out',
  prev: null,
  formats: [...EXPORT_FORMATS],
  logFormat: 'text',
  logLevel: 'info',
  endpointTemplate: null, // OCI's public endpoints
});
