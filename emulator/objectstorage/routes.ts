import { objectStorageErrors as errors } from './errors.ts';

/** A resource of the Object Storage REST API, with its path parameters decoded. */
export type Route =
  | { resource: 'namespace' }
  | { resource: 'buckets'; namespace: string }
  | { resource: 'bucket'; namespace: string; bucket: string }
  | { resource: 'objects'; namespace: string; bucket: string }
  | { resource: 'object'; namespace: string; bucket: string; object: string }
  | { resource: 'uploads'; namespace: string; bucket: string }
  | { resource: 'upload'; namespace: string; bucket: string; object: string };

/**
 * Parses a path as the SDK sends it (after `/objectstorage`, still percent-encoded, no query):
 * `/n`, `/n/{ns}/b`, `/n/{ns}/b/{bucket}`, `/n/{ns}/b/{bucket}/o[/{object}]`, `/n/{ns}/b/{bucket}/u[/{object}]`.
 * The SDK encodes an object name as one segment (`/` becomes `%2F`); a client that leaves `/` raw
 * still works, because everything after `/o/` or `/u/` is the name. Undefined when nothing matches.
 */
export function parseRoute(path: string): Route | undefined {
  const [empty, n, namespace, b, bucket, kind, ...rest] = path.split('/');
  if (empty !== '' || n !== 'n') return undefined;
  if (namespace === undefined) return { resource: 'namespace' };
  if (namespace === '') return rest.length === 0 && b === undefined ? { resource: 'namespace' } : undefined;
  const ns = decode(namespace);
  if (b !== 'b') return undefined;
  if (bucket === undefined || bucket === '') return kind === undefined ? { resource: 'buckets', namespace: ns } : undefined;
  const bucketName = decode(bucket);
  if (kind === undefined) return { resource: 'bucket', namespace: ns, bucket: bucketName };
  if (kind !== 'o' && kind !== 'u') return undefined;
  if (rest.length === 0) return { resource: kind === 'o' ? 'objects' : 'uploads', namespace: ns, bucket: bucketName };
  return { resource: kind === 'o' ? 'object' : 'upload', namespace: ns, bucket: bucketName, object: decode(rest.join('/')) };
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw errors.invalidParameter(`The path segment '${segment}' is not valid percent-encoded UTF-8`);
  }
}
