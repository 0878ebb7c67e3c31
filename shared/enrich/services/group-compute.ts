import type { TypeDeclaration } from '../declaration.ts';
import { BLOCK_STORAGE_DECLARATIONS } from './blockstorage.ts';
import { COMPUTE_DECLARATIONS } from './compute.ts';
import { VNIC_DECLARATIONS } from './vnics.ts';

/** Declarations of this service group (see shared/enrich/catalog.ts): compute, block storage, instance addresses. */
export const COMPUTE: readonly TypeDeclaration[] = [...COMPUTE_DECLARATIONS, ...BLOCK_STORAGE_DECLARATIONS, ...VNIC_DECLARATIONS];
