// Types of scripts/bundle.mjs, for the TypeScript tests that bundle fixture functions with it.

export interface BundleRequest {
  /** The function's entry file (relative paths: against the current directory). */
  entry: string;
  /** The single CommonJS file to write. */
  outfile: string;
}

export interface BundleResult {
  /** Absolute paths. */
  entry: string;
  outfile: string;
  /** Size of the written bundle. */
  bytes: number;
  warnings: number;
}

export declare const BUNDLE_OPTIONS: Readonly<Record<string, unknown>>;

export declare class MissingEntryError extends Error {
  readonly entry: string;
  constructor(entry: string);
}

export declare function bundle(request: BundleRequest): Promise<BundleResult>;
