import type { DefinedTags, FreeformTags } from './types.ts';

/**
 * Values that break careless exporters (CSV quoting, spreadsheet formulas, line-based formats, byte-length
 * limits, unicode handling). Every kind is planted on at least one fixed resource of every tenancy (see
 * Tenancy.hostileExamples), and name kinds are also sprinkled at random over free-form names.
 */
export const HOSTILE_NAME_KINDS = [
  'name-comma',
  'name-double-quote',
  'name-newline-lf',
  'name-newline-crlf',
  'name-leading-equals',
  'name-leading-plus',
  'name-leading-minus',
  'name-leading-at',
  'name-255-chars',
  'name-1000-plus-chars',
  'name-accents',
  'name-cjk',
  'name-emoji',
  'name-rtl',
  'name-surrounding-whitespace',
] as const;

export const HOSTILE_TAG_KINDS = [
  'tags-empty',
  'tag-value-empty',
  'tag-value-equals-and-quotes',
  'tag-key-unicode',
] as const;

export type HostileNameKind = (typeof HOSTILE_NAME_KINDS)[number];
export type HostileTagKind = (typeof HOSTILE_TAG_KINDS)[number];
export type HostileKind = HostileNameKind | HostileTagKind;
export const HOSTILE_KINDS: readonly HostileKind[] = [...HOSTILE_NAME_KINDS, ...HOSTILE_TAG_KINDS];

export function isHostileNameKind(kind: HostileKind): kind is HostileNameKind {
  return (HOSTILE_NAME_KINDS as readonly string[]).includes(kind);
}

/** A hostile display name; `n` (the resource ordinal) keeps names distinct. */
export function hostileName(kind: HostileNameKind, n: number): string {
  switch (kind) {
    case 'name-comma': return `web, prod, #${n}`;
    case 'name-double-quote': return `the "primary" server ${n}`;
    case 'name-newline-lf': return `first line\nsecond line ${n}`;
    case 'name-newline-crlf': return `first line\r\nsecond line ${n}`;
    case 'name-leading-equals': return `=HYPERLINK("http://example.invalid/${n}","open")`;
    case 'name-leading-plus': return `+${n}-555-0100`;
    case 'name-leading-minus': return `-${n}+2`;
    case 'name-leading-at': return `@SUM(A1:A${n})`;
    case 'name-255-chars': return `long-name-${n}-`.padEnd(255, 'x');
    case 'name-1000-plus-chars': return `very-long-name-${n}-`.padEnd(1024, 'abcdefghij');
    case 'name-accents': return `Café-Zürich-Ærøskøbing-naïve-${n}`;
    case 'name-cjk': return `東京-本番サーバー-${n}`;
    case 'name-emoji': return `🚀 launch 🔥 ${n} 👩‍💻`;
    case 'name-rtl': return `خادم-الإنتاج-${n} שרת`;
    case 'name-surrounding-whitespace': return `  padded\tname ${n} `;
  }
}

export function hostileTags(kind: HostileTagKind): { freeformTags: FreeformTags; definedTags: DefinedTags } {
  switch (kind) {
    case 'tags-empty':
      return { freeformTags: {}, definedTags: {} };
    case 'tag-value-empty':
      return { freeformTags: { empty: '', env: 'prod' }, definedTags: { Operations: { Environment: '' } } };
    case 'tag-value-equals-and-quotes':
      return {
        freeformTags: { expr: 'a=b', quoted: 'say "hi"', formula: '=1+2', mixed: `it's "x=y", ok` },
        definedTags: { Operations: { Environment: 'k=v; "quoted"' } },
      };
    case 'tag-key-unicode':
      return { freeformTags: { 'Kostenstelle-ä': '4711', '部署': '開発', '😀': 'smile' }, definedTags: {} };
  }
}

/** Types that get the guaranteed hostile resources (free-form names, present in every region). */
export const HOSTILE_HOST_TYPES = ['Instance', 'Volume', 'Vcn', 'LoadBalancer', 'Image', 'Subnet', 'NetworkSecurityGroup'] as const;
