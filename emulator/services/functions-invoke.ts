import { OciHttpError, sendJson } from '../http/errors.ts';
import type { RequestContext, ServiceModule } from '../server/service-module.ts';

export interface FunctionCall {
  functionId: string;
  body: Buffer;
  /** The caller's headers (lowercase names), as the Fn agent passes them on to the function. */
  headers: Record<string, string>;
  invokeType: 'sync' | 'detached';
  requestId: string;
}

export interface FunctionResult {
  status: number;
  headers?: Record<string, string>;
  body: Buffer | string;
}

/** Runs one invocation of a function: the local Fn agent plugs in here. */
export type FunctionHandler = (call: FunctionCall) => Promise<FunctionResult>;

const INVOKE_PATH = /^\/20181201\/functions\/([^/]+)\/actions\/invoke$/;

/**
 * `POST /20181201/functions/{functionId}/actions/invoke`, sync or detached (`fn-invoke-type:
 * detached` answers 202 at once and runs the function in the background, as OCI does).
 */
export class FunctionsInvokeService implements ServiceModule {
  readonly service = 'functions';
  readonly #handlers = new Map<string, FunctionHandler>();
  readonly #detached = new Set<Promise<void>>();
  readonly #onDetachedError: (functionId: string, error: unknown) => void;

  constructor(options: { onDetachedError?: (functionId: string, error: unknown) => void } = {}) {
    this.#onDetachedError = options.onDetachedError ?? (() => {});
  }

  register(functionId: string, handler: FunctionHandler): void {
    this.#handlers.set(functionId, handler);
  }

  unregister(functionId: string): void {
    this.#handlers.delete(functionId);
  }

  /** Resolves when every detached invocation started so far has finished. */
  async whenIdle(): Promise<void> {
    while (this.#detached.size > 0) await Promise.allSettled([...this.#detached]);
  }

  operationOf(method: string, path: string): string | undefined {
    return method === 'POST' && INVOKE_PATH.test(path) ? 'InvokeFunction' : undefined;
  }

  async handle(context: RequestContext): Promise<void> {
    const functionId = decodeURIComponent(INVOKE_PATH.exec(context.path)?.[1] ?? '');
    const handler = this.#handlers.get(functionId);
    if (!handler) {
      throw new OciHttpError(404, 'NotAuthorizedOrNotFound', `Function ${functionId} not found or not authorized`);
    }
    const invokeTypeHeader = String(context.req.headers['fn-invoke-type'] ?? 'sync').toLowerCase();
    if (invokeTypeHeader !== 'sync' && invokeTypeHeader !== 'detached') {
      throw new OciHttpError(400, 'InvalidParameter', `Invalid fn-invoke-type "${invokeTypeHeader}": expected sync or detached`);
    }
    const body = context.body ?? (await readAll(context.req));
    const headers = Object.fromEntries(
      Object.entries(context.req.headers).flatMap(([name, value]) => (value === undefined ? [] : [[name, Array.isArray(value) ? value.join(', ') : value]])),
    );
    const call: FunctionCall = { functionId, body, headers, invokeType: invokeTypeHeader, requestId: context.requestId };

    if (call.invokeType === 'detached') {
      const running = handler(call).then(
        () => {},
        (error: unknown) => this.#onDetachedError(functionId, error),
      );
      this.#detached.add(running);
      void running.finally(() => this.#detached.delete(running));
      context.res.writeHead(202, { 'content-length': 0 });
      context.res.end();
      return;
    }

    let result: FunctionResult;
    try {
      result = await handler(call);
    } catch (error) {
      throw new OciHttpError(502, 'FunctionInvokeExecutionFailed', `Function ${functionId} failed: ${(error as Error).message}`);
    }
    const payload = typeof result.body === 'string' ? Buffer.from(result.body) : result.body;
    if (result.status >= 400 && !result.headers?.['content-type']?.includes('json')) {
      return sendJson(context.res, result.status, { code: 'FunctionInvokeExecutionFailed', message: payload.toString('utf8') });
    }
    context.res.writeHead(result.status, { 'content-type': 'application/octet-stream', ...result.headers, 'content-length': payload.length });
    context.res.end(payload);
  }
}

async function readAll(stream: AsyncIterable<unknown>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
