import type { TypeDeclaration } from '../declaration.ts';
import { API_GATEWAY } from './apigateway.ts';
import { BASTION } from './bastion.ts';
import { DATABASE } from './database.ts';
import { KEY_MANAGEMENT } from './keymanagement.ts';
import { LOGGING } from './logging.ts';
import { STREAMING } from './streaming.ts';

/** Declarations of this service group (see shared/enrich/catalog.ts): databases, KMS, logging, streaming, API gateway, bastion. */
export const DATA_SERVICES: readonly TypeDeclaration[] = [...DATABASE, ...KEY_MANAGEMENT, ...LOGGING, ...STREAMING, ...API_GATEWAY, ...BASTION];
