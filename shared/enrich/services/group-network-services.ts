import type { TypeDeclaration } from '../declaration.ts';
import { CONTAINER_ENGINE } from './containerengine.ts';
import { FILE_STORAGE } from './filestorage.ts';
import { FUNCTIONS } from './functions.ts';
import { LOAD_BALANCING } from './loadbalancer.ts';
import { NETWORK_LOAD_BALANCING } from './networkloadbalancer.ts';

/** Declarations of this service group (see shared/enrich/catalog.ts). */
export const NETWORK_SERVICES: readonly TypeDeclaration[] = [
  ...LOAD_BALANCING,
  ...NETWORK_LOAD_BALANCING,
  ...FILE_STORAGE,
  ...FUNCTIONS,
  ...CONTAINER_ENGINE,
];
