import type { TypeDeclaration } from '../declaration.ts';

/** Declarations of this service group (see shared/enrich/catalog.ts). */
export const NETWORK_SERVICES: readonly TypeDeclaration[] = [];
