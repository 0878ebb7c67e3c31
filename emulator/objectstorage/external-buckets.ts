/**
 * Buckets that live outside the store (the synthetic tenancy's, which Search returns), answered by GetBucket
 * and HeadBucket when the store has no bucket of that name. Buckets created through the API always win.
 */
export interface ExternalBuckets {
  /**
   * The GetBucket body and ETag of bucket `name` as seen from `region`, or undefined when there is none.
   * May throw OciHttpError (a bucket marked gone or forbidden).
   */
  get(region: string, name: string, options: { approximate: boolean }): { body: Record<string, unknown>; etag: string } | undefined;
}
