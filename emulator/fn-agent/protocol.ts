import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/*
 * The agent's side of the Fn http-stream contract: what goes into `POST /call` and what comes back out.
 * (fnproject/fn api/agent/agent.go: createUDSRequest, writeResp.)
 */

/** Hop-by-hop headers (RFC 7230; Fn's common.StripHopHeaders): never forwarded in either direction. */
const HOP_BY_HOP = new Set(['connection', 'proxy-connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

/**
 * Caller headers the function does not get: the transport's own (`host`, `content-length`, recomputed), and
 * the caller's request signature (OCI authenticates the call at its front door and does not hand the
 * caller's `authorization` to the function).
 */
const NOT_FORWARDED = new Set(['host', 'content-length', 'authorization']);

/** Set by the agent, whatever the caller sent. */
const AGENT_HEADERS = new Set(['fn-call-id', 'fn-deadline']);

/** Response headers the invoke endpoint sets itself. */
const NOT_RETURNED = new Set(['content-length', 'date']);

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A ULID (26 chars, time-ordered), like the Fn agent's call ids. */
export function newCallId(now = Date.now()): string {
  let time = '';
  let ms = now;
  for (let i = 0; i < 10; i += 1) {
    time = CROCKFORD[ms % 32]! + time;
    ms = Math.floor(ms / 32);
  }
  const random = randomBytes(16);
  let tail = '';
  for (let i = 0; i < 16; i += 1) tail += CROCKFORD[random[i]! % 32]!;
  return time + tail;
}

/** RFC 3339 without fractional seconds, as Go's `time.RFC3339` (what the Fn agent sends in Fn-Deadline). */
export function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The headers of `POST /call`: the caller's (minus hop-by-hop and transport), then Fn-Call-Id and Fn-Deadline. */
export function callRequestHeaders(caller: Readonly<Record<string, string>>, callId: string, deadline: Date): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(caller)) {
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower) || NOT_FORWARDED.has(lower) || AGENT_HEADERS.has(lower)) continue;
    headers[lower] = value;
  }
  headers['content-type'] ??= 'application/octet-stream';
  headers['fn-call-id'] = callId;
  headers['fn-deadline'] = rfc3339(deadline);
  return headers;
}

/**
 * The function's response headers as the invoke endpoint returns them (lowercase): everything the FDK sent
 * (Content-Type, Fn-Http-Status, Fn-Http-H-*, Fn-Fdk-*, the function's own) minus hop-by-hop, plus Fn-Call-Id.
 */
export function resultHeaders(response: IncomingHttpHeaders, callId: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response)) {
    if (value === undefined || HOP_BY_HOP.has(name) || NOT_RETURNED.has(name)) continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  headers['fn-call-id'] = callId;
  return headers;
}
