export { LOG_FORMATS, LOG_LEVELS, type LogFormat, type LogLevel } from './levels.ts';
export { createLogger, type LogFields, type Logger, type LoggerOptions, type LogStream } from './logger.ts';
export {
  isSecretFieldName,
  REDACTED,
  redactSecrets,
  redactText,
  serializeError,
  type RedactOptions,
  type SerializedError,
} from './redact.ts';
export {
  createLiveProgress,
  createPlainProgress,
  createProgressReporter,
  REGION_STATUSES,
  shouldShowLiveProgress,
  type ProgressOptions,
  type ProgressReporter,
  type RegionProgress,
  type RegionStatus,
} from './progress.ts';
export { routeConsoleToLogger } from './console-capture.ts';
