import type { ServiceModule } from '../../server/service-module.ts';
import { apiGatewayService } from '../../services/apigateway.ts';
import { bastionService } from '../../services/bastion.ts';
import { databaseService } from '../../services/database.ts';
import { kmsManagementService, kmsVaultService } from '../../services/kms.ts';
import { loggingService } from '../../services/logging.ts';
import { streamingService } from '../../services/streaming.ts';
import { DataServiceReads } from '../data-services/index.ts';
import type { TenancyReads } from '../index.ts';

/**
 * The emulator's read modules of this service group (see emulator/reads/groups/index.ts): Database, KMS
 * (vaults, and keys at each vault's management endpoint), Logging, Streaming, API Gateway, Bastion.
 */
export function DataServicesReadModules(reads: TenancyReads): ServiceModule[] {
  const data = new DataServiceReads(reads);
  return [
    databaseService(data),
    kmsVaultService(data),
    kmsManagementService(data),
    loggingService(data),
    streamingService(data),
    apiGatewayService(data),
    bastionService(data),
  ];
}
