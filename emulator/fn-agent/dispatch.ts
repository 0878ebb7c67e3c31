import { request, type IncomingHttpHeaders } from 'node:http';

/** What one `POST /call` over the container's unix socket came to. */
export type DispatchOutcome =
  /** A complete HTTP response. `tooLarge`: the body passed `maxBodyBytes` (the rest was read and dropped). */
  | { kind: 'response'; status: number; headers: IncomingHttpHeaders; body: Buffer; tooLarge: boolean }
  /** No complete response: reset, hang-up, not HTTP, aborted body. */
  | { kind: 'broken'; error: Error }
  /** `timeoutMs` passed first; the request was abandoned. */
  | { kind: 'timeout' };

export interface DispatchRequest {
  socketPath: string;
  headers: Record<string, string>;
  body: Buffer;
  timeoutMs: number;
  maxBodyBytes: number;
}

/**
 * Sends one call to the FDK and reads the whole response. Never rejects. One fresh connection per call
 * (`agent: false`): a container serves one call at a time anyway.
 */
export function dispatchCall(call: DispatchRequest): { outcome: Promise<DispatchOutcome>; abort: (error: Error) => void } {
  let settle!: (outcome: DispatchOutcome) => void;
  let settled = false;
  const outcome = new Promise<DispatchOutcome>((resolve) => {
    settle = (value) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(value);
    };
  });

  const req = request({
    socketPath: call.socketPath,
    method: 'POST',
    path: '/call',
    headers: { ...call.headers, 'content-length': String(call.body.length) },
    agent: false,
  });
  const timer = setTimeout(() => {
    settle({ kind: 'timeout' });
    req.destroy();
  }, call.timeoutMs);

  req.on('error', (error) => settle({ kind: 'broken', error }));
  req.on('response', (res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    res.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > call.maxBodyBytes) tooLarge = true;
      if (!tooLarge) chunks.push(chunk);
    });
    res.on('end', () => {
      settle({ kind: 'response', status: res.statusCode ?? 0, headers: res.headers, body: tooLarge ? Buffer.alloc(0) : Buffer.concat(chunks), tooLarge });
    });
    res.on('aborted', () => settle({ kind: 'broken', error: new Error('the response was cut off') }));
    res.on('error', (error) => settle({ kind: 'broken', error }));
    res.on('close', () => {
      if (!res.complete) settle({ kind: 'broken', error: new Error('the connection closed before the response was complete') });
    });
  });
  req.end(call.body);

  return {
    outcome,
    abort: (error) => {
      settle({ kind: 'broken', error });
      req.destroy();
    },
  };
}
