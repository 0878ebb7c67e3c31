import type { FunctionResult } from '../services/functions-invoke.ts';

/*
 * The errors an invocation can end with, as OCI Functions reports them: the HTTP status and message are the
 * Fn agent's (fnproject/fn api/models/error.go), the code is the one OCI puts next to that message (OCI docs,
 * "Troubleshooting OCI Functions", Invoking functions). Bodies are OCI's `{code, message}`.
 */
export const FN_ERRORS = {
  /** The call ran past the function's timeout: the agent killed the container. Fn `ErrCallTimeout`. */
  timeout: { status: 504, code: 'FunctionInvokeTimeout', message: 'Timed out' },
  /** The FDK answered 502: the handler threw (the container lives on). Fn `ErrFunctionFailed`. */
  functionFailed: { status: 502, code: 'FunctionInvokeExecutionFailed', message: 'function failed' },
  /**
   * No (complete) HTTP response from the container: connection reset, crash or exit mid-call, a handler that
   * returned undefined. The container is killed. Fn `ErrFunctionResponse`.
   */
  executionError: { status: 502, code: 'FunctionInvokeExecutionError', message: 'error receiving function response' },
  /** The FDK answered with a status other than 200/502/504. The container is killed. Fn `ErrFunctionInvalidResponse`. */
  invalidResponse: { status: 502, code: 'FunctionInvokeInvalidResponse', message: 'invalid function response' },
  /** Fn `ErrFunctionResponseTooBig`; OCI's response limit is 6 MB. */
  responseTooLarge: { status: 502, code: 'FunctionInvokeResponseBodyTooLarge', message: 'function response body too large' },
  /** OCI's request limit is 6 MB. */
  requestTooLarge: { status: 413, code: 'FunctionInvokeRequestContentTooLarge', message: 'Request content too large' },
  /** The container exited (or could not be started) before listening. Fn `ErrContainerInitFail`. */
  containerInitFail: {
    status: 502,
    code: 'FunctionInvokeContainerInitFail',
    message: 'Container failed to initialize, please ensure you are using the latest fdk and check the logs',
  },
  /** The container did not listen within the start-up timeout; it is killed. Fn `ErrContainerInitTimeout`. */
  containerInitTimeout: {
    status: 504,
    code: 'FunctionInvokeContainerInitTimeout',
    message: 'Container initialization timed out, please ensure you are using the latest fdk and check the logs',
  },
  /** The agent is closed (or was closed during the call). */
  agentClosed: { status: 503, code: 'FunctionInvokeServiceUnavailable', message: 'The local Fn agent is closed' },
  notFound: { status: 404, code: 'NotAuthorizedOrNotFound', message: 'Function not found or not authorized' },
} as const satisfies Record<string, { status: number; code: string; message: string }>;

export type FnErrorKind = keyof typeof FN_ERRORS;

/** An error answer: `{code, message}` JSON (the emulator's invoke endpoint passes JSON errors through as they are). */
export function errorResult(kind: FnErrorKind, options: { callId?: string; detail?: string } = {}): FunctionResult {
  const error = FN_ERRORS[kind];
  const message = options.detail ? `${error.message} (${options.detail})` : error.message;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.callId) headers['fn-call-id'] = options.callId;
  return { status: error.status, headers, body: JSON.stringify({ code: error.code, message }) };
}

/** Thrown by the agent's constructor for invalid options: names the option, what was expected and what was got. */
export class FnAgentOptionsError extends Error {
  constructor(
    readonly option: string,
    expected: string,
    got: unknown,
  ) {
    super(`LocalFnAgent: invalid option ${option}: expected ${expected}, got ${describe(got)}`);
    this.name = 'FnAgentOptionsError';
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  if (typeof value === 'function') return 'a function';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
