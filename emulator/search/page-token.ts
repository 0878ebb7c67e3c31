import { createHmac, timingSafeEqual } from 'node:crypto';
import { OciHttpError } from '../http/errors.ts';

/**
 * Page tokens (`opc-next-page`): base64url (`[A-Za-z0-9_-]`, URL-safe, as the SDK passes them back unencoded)
 * of version (1 byte) + position (4 bytes) + a 12-byte HMAC-SHA256 over those bytes, the region and the
 * canonical query, keyed by the tenancy. So a token only works for the tenancy, region and query that
 * produced it; anything else, including garbage, is 400 InvalidParameter "Invalid page token".
 * The position is where the next page starts in the region's Search sequence; it stays valid across
 * mutations because removed resources are skipped and added ones are appended.
 */
const VERSION = 1;
const MAC_BYTES = 12;
const TOKEN_BYTES = 1 + 4 + MAC_BYTES;

function mac(key: Buffer, head: Buffer, region: string, canonicalQuery: string): Buffer {
  return createHmac('sha256', key).update(head).update(`\u0000${region}\u0000${canonicalQuery}`).digest().subarray(0, MAC_BYTES);
}

export function encodePageToken(key: Buffer, region: string, canonicalQuery: string, position: number): string {
  const head = Buffer.alloc(5);
  head.writeUInt8(VERSION, 0);
  head.writeUInt32BE(position, 1);
  return Buffer.concat([head, mac(key, head, region, canonicalQuery)]).toString('base64url');
}

export function decodePageToken(key: Buffer, region: string, canonicalQuery: string, token: string): number {
  const invalid = (): OciHttpError => new OciHttpError(400, 'InvalidParameter', 'Invalid page token');
  if (typeof token !== 'string' || !/^[A-Za-z0-9_-]+$/.test(token)) throw invalid();
  const bytes = Buffer.from(token, 'base64url');
  if (bytes.length !== TOKEN_BYTES || bytes.toString('base64url') !== token || bytes[0] !== VERSION) throw invalid();
  const head = bytes.subarray(0, 5);
  if (!timingSafeEqual(bytes.subarray(5), mac(key, head, region, canonicalQuery))) throw invalid();
  return head.readUInt32BE(1);
}
