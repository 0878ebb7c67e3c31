/** Run buckets: typed, streamed, verified Object Storage access for the serverless functions and the CLI. */
export {
  BucketNotFoundError,
  ObjectNotFoundError,
  PreconditionFailedError,
  bucketErrorOf,
  type BucketLocation,
} from './bucket-errors.ts';
export { fetchRun, listRunArtifacts, listRunIds, resolveRunId, RunNotFoundError, type FetchedFile, type FetchedRun, type FetchRunInput } from './fetch-run.ts';
export { ContentMeter, IntegrityError, md5OfBytes, md5OfFile, verifyContent, verifyingStream, type ExpectedContent, type ReceivedContent } from './integrity.ts';
export {
  BUCKET_NAME_PATTERN,
  bucketPrefixProblem,
  fullObjectName,
  NAMESPACE_PATTERN,
  queryValue,
  URL_SAFE_PREFIX,
  validateBucketPrefix,
  validateListPrefix,
  validateObjectName,
} from './object-names.ts';
export {
  MAX_JSON_BYTES,
  MAX_LIST_PAGE_SIZE,
  MULTIPART_PART_BYTES,
  MULTIPART_THRESHOLD_BYTES,
  RunBucket,
  type DownloadResult,
  type JsonEntry,
  type ObjectHead,
  type ObjectInfo,
  type PutFileOptions,
  type PutResult,
  type RunBucketOptions,
  type WriteConditions,
} from './run-bucket.ts';
export {
  assertRunId,
  compareRunIds,
  isRunArtifact,
  isRunId,
  LATEST_POINTER,
  parseLatestPointer,
  RUN_ARTIFACT_FILES,
  RUN_ID_PATTERN,
  runFolder,
  RUNS_FOLDER,
  type LatestPointer,
} from './run-layout.ts';
