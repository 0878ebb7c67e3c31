import type { TypeDeclaration } from '../declaration.ts';

/** Declarations of this service group (see shared/enrich/catalog.ts). */
export const DATA_SERVICES: readonly TypeDeclaration[] = [];
