/**
 * Where a value came from. Carried next to every resolved setting (for `--help`, debug logs) and
 * named in every validation message, so a user knows which of flag, env var or file to fix.
 */
import type { SettingKey } from './settings.ts';

export type SettingSource =
  | { kind: 'default' }
  | { kind: 'flag'; flag: string }
  | { kind: 'env'; name: string }
  | { kind: 'file'; path: string; key: string };

export type SettingSources = { readonly [K in SettingKey]: SettingSource };

/** `--workers-region`, `OCI_INV_WORKERS_REGION`, `/etc/inv.yaml:workersRegion`, `default`. */
export function describeSource(source: SettingSource): string {
  switch (source.kind) {
    case 'default':
      return 'default';
    case 'flag':
      return source.flag;
    case 'env':
      return source.name;
    case 'file':
      return `${source.path}:${source.key}`;
  }
}
