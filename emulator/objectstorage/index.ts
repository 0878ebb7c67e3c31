/** The Object Storage service of the OCI emulator: a store (in memory or in a directory) and its HTTP handler. */
export { handleObjectStorage, objectStorageOperationOf, type ObjectStorageContext } from './handler.ts';
export { objectStorageService } from './service-module.ts';
export {
  ObjectStore,
  type CreateBucketInput,
  type GetObjectInput,
  type ObjectListing,
  type ObjectRead,
  type ObjectStoreOptions,
  type PutObjectInput,
} from './store/object-store.ts';
export type { CommitUploadInput, CreateUploadInput, MultipartUploads, UploadPartInput } from './store/multipart-uploads.ts';
export type { StagedBlob, StorageBackend } from './store/backend.ts';
export { MemoryBackend } from './store/memory-backend.ts';
export { DirectoryBackend } from './store/directory-backend.ts';
export type { BucketRecord, ByteRange, ContentHeaders, ObjectRecord, PartRecord, UploadRecord } from './store/records.ts';
export type { ListObjectsQuery } from './store/list-objects.ts';
export type { Preconditions } from './store/preconditions.ts';
