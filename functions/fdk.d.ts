// Ambient types for @fnproject/fdk 0.0.76 (CommonJS, ships no types): only what our functions use.
// Read from node_modules/@fnproject/fdk/fn-fdk.js; see /work/shared/FIELD-NOTES.md "Fn FDK".

declare module '@fnproject/fdk' {
  /** How the FDK hands the request body to the handler. */
  export type InputMode = 'json' | 'string' | 'buffer';

  export interface HandleOptions<M extends InputMode = InputMode> {
    /** Default 'json'. NOTE: 'json' never rejects: malformed JSON arrives as the raw string, an empty body as ''. */
    inputMode?: M;
  }

  /** The body the handler receives for each input mode. */
  export type InputOf<M extends InputMode> = M extends 'buffer' ? Buffer : M extends 'string' ? string : unknown;

  /** Written as-is (string/Buffer) or piped (stream) instead of being JSON-encoded. */
  export interface FnResult {
    writeResult(ctx: Context, resp: unknown): unknown;
  }

  export interface HTTPGatewayContext {
    readonly requestURL: string | null;
    readonly method: string | null;
    /** The gateway request's headers (from `Fn-Http-H-*`), canonical names, each a list of values. */
    readonly headers: Record<string, string[]>;
    getHeader(key: string): string | null;
    /** Sets `Fn-Http-Status` on the response (read by HTTP triggers; the invoke API answers 200 and passes it on as a header). */
    statusCode: number;
    setResponseHeader(key: string, ...values: string[]): void;
    addResponseHeader(key: string, ...values: string[]): void;
  }

  export interface Context {
    /**
     * The container's whole environment: function/application config are env vars (plus FN_* and
     * OCI_RESOURCE_PRINCIPAL_*). A copy. NOTE: `getConfig()` always throws in this FDK; use this or `process.env`.
     */
    readonly config: Record<string, string | undefined>;
    /** Request headers, canonical names (`Fn-Call-Id`), each a list of values. A copy. */
    readonly headers: Record<string, string[]>;
    /** `Fn-Call-Id` of this invocation. (The FDK spells it `callID`.) */
    readonly callID: string | null;
    /** `Fn-Deadline`; the FDK does not enforce it: the agent kills the container at the timeout. */
    readonly deadline: Date | null;
    readonly appName: string | undefined;
    readonly appID: string | undefined;
    readonly fnName: string | undefined;
    readonly fnID: string | undefined;
    /** FN_MEMORY, in MB. */
    readonly memory: number;
    readonly contentType: string | null;
    readonly body: unknown;
    /** Default 'application/json' (the result is then JSON-encoded). */
    responseContentType: string | null;
    readonly responseHeaders: Record<string, string[]>;
    readonly httpGateway: HTTPGatewayContext;
    /** First value of a request header (case-insensitive), or null. */
    getHeader(key: string): string | null;
    getAllHeaderValues(key: string): string[];
    getResponseHeader(key: string): string | null;
    setResponseHeader(key: string, ...values: string[]): void;
    addResponseHeader(key: string, ...values: string[]): void;
  }

  /** A value a handler may answer with synchronously: anything but undefined/null (and not a thenable). */
  export type SyncResult = string | number | boolean | bigint | (object & { then?: never });

  /**
   * A handler: receives the body (per input mode) and the context; its result becomes the response body
   * (JSON-encoded while `responseContentType` is JSON). NEVER undefined/null/void, also not from an async
   * handler: the FDK then crashes the process after deciding on a 200, and the caller gets a 502. The types
   * below make that a compile error (`T extends {}` for async handlers, `SyncResult` for sync ones).
   */
  export type Handler<M extends InputMode, T extends {}> = (input: InputOf<M>, ctx: Context) => Promise<T> | SyncResult;

  /**
   * Serves `fn` over the Fn http-stream protocol (FN_FORMAT=http-stream, FN_LISTENER=unix:/dir/lsnr.sock).
   * Call once, at start-up. Returns a function that stops listening.
   */
  export function handle<T extends {}, M extends InputMode = 'json'>(fn: Handler<M, T>, options?: HandleOptions<M>): () => void;

  export function rawResult(result: string | Buffer): FnResult;
  export function streamResult(stream: NodeJS.ReadableStream): FnResult;
}
