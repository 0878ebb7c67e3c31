import { createLogger, createProgressReporter, type Logger, type ProgressReporter } from '../../shared/log/index.ts';
import { resolveAuth, type ResolvedAuth } from '../../shared/oci/auth.ts';
import { OciClientFactory } from '../../shared/oci/client-factory.ts';
import type { Settings } from '../../shared/settings/index.ts';
import type { CliIo } from '../cli-command.ts';

/** What every OCI-facing command needs: a logger, resolved credentials, the one client factory. */
export interface CommandRuntime {
  logger: Logger;
  auth: ResolvedAuth;
  factory: OciClientFactory;
  progress: ProgressReporter;
}

export function loggerFor(settings: Settings, io: CliIo): Logger {
  return createLogger({ format: settings.logFormat, level: settings.logLevel, stream: io.stderr });
}

export async function createRuntime(settings: Settings, io: CliIo): Promise<CommandRuntime> {
  const logger = loggerFor(settings, io);
  const auth = await resolveAuth({
    mode: settings.auth,
    ociConfig: settings.ociConfig,
    profile: settings.profile,
    tenancy: settings.tenancy,
    env: io.env,
  });
  logger.debug('authenticated', { method: auth.method, tenancy: auth.tenancyId, region: auth.region });
  const factory = new OciClientFactory({ authProvider: auth.provider, endpointTemplate: settings.endpointTemplate });
  const progress = createProgressReporter({ stream: io.stderr, logger });
  return { logger, auth, factory, progress };
}
