import type { FunctionResult } from '../services/functions-invoke.ts';
import type { DispatchOutcome } from './dispatch.ts';
import { errorResult } from './errors.ts';
import { resultHeaders } from './protocol.ts';

export interface InterpretedCall {
  result: FunctionResult;
  /** Whether the container may serve further calls; if not, the agent kills it. */
  keepContainer: boolean;
}

/**
 * What the caller gets for one call's outcome, and whether the container survives it: the Fn agent's
 * container contract (fnproject/fn api/agent/agent.go, hotSlot.dispatch and writeResp).
 * - 200: the function's answer; status 200 with the FDK's headers (Content-Type, and Fn-Http-Status /
 *   Fn-Http-H-* if the function set them: the invoke API passes them on as headers, only HTTP triggers turn
 *   them into a status).
 * - 502 from the FDK (the handler threw): "function failed"; the container continues.
 * - 504 from the FDK: "Timed out"; the container continues.
 * - any other status: "invalid function response"; the container is shut down.
 * - no complete response (reset, crash, exit, undefined result): "error receiving function response";
 *   the container is shut down.
 * - the function's timeout: "Timed out"; the container is killed.
 */
export function interpretOutcome(outcome: DispatchOutcome, callId: string): InterpretedCall {
  switch (outcome.kind) {
    case 'timeout':
      return { result: errorResult('timeout', { callId }), keepContainer: false };
    case 'broken':
      return { result: errorResult('executionError', { callId }), keepContainer: false };
    case 'response':
      switch (outcome.status) {
        case 200:
          if (outcome.tooLarge) return { result: errorResult('responseTooLarge', { callId }), keepContainer: true };
          return { result: { status: 200, headers: resultHeaders(outcome.headers, callId), body: outcome.body }, keepContainer: true };
        case 502:
          return { result: errorResult('functionFailed', { callId }), keepContainer: true };
        case 504:
          return { result: errorResult('timeout', { callId }), keepContainer: true };
        default:
          return { result: errorResult('invalidResponse', { callId }), keepContainer: false };
      }
  }
}
