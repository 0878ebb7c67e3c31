import { createHash, createPrivateKey, sign, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { parse as parseLegacyUrl } from 'node:url';
import { DefaultRequestSigner, type AuthenticationDetailsProvider, type HttpRequest, type RequestSigner } from 'oci-common';

/*
 * The OCI SDK's DefaultRequestSigner signs through `http-signature`, which re-parses the PEM private key
 * with sshpk on every request (~2 ms of CPU each). This signer writes exactly the same headers with
 * node:crypto and a KeyObject parsed once per key. Whatever it does not reproduce exactly (non-string
 * bodies, delegation-token and delegating providers, keys Node cannot read or that are not RSA, requests
 * the SDK would reject) goes to the SDK's own signer, so what is sent never differs.
 */

const signAsync = promisify(sign) as (algorithm: string, data: Buffer, key: KeyObject) => Promise<Buffer>;
/** RSA PKCS#1 v1.5 over SHA-256 on libuv's thread pool (the callback form of crypto.sign). */
function signOffThread(data: Buffer, key: KeyObject): Promise<Buffer> {
  return signAsync('sha256', data, key);
}

/** What the SDK signs for every request, in its order (DefaultRequestSigner.headersToSign). */
const SIGNED_HEADERS = ['x-date', '(request-target)', 'host'] as const;
/** Plus these (with the SDK's spelling: it shows in the Authorization header) when the body is signed. */
const SIGNED_HEADERS_WITH_BODY = [...SIGNED_HEADERS, 'Content-Type', 'Content-Length', 'x-content-sha256'] as const;
const SIGNED_HEADER_LIST = SIGNED_HEADERS.join(' ');
const SIGNED_HEADER_LIST_WITH_BODY = SIGNED_HEADERS_WITH_BODY.join(' ');
const METHODS_WITH_SIGNED_BODY = new Set(['POST', 'PUT', 'PATCH']);
/** The SDK's constant for an empty body (base64 SHA-256 of nothing). */
const EMPTY_SHA = '47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=';
/** A lone UTF-16 surrogate: the SDK's hash (jsSHA) and the bytes fetch sends disagree on it, so leave it to the SDK. */
const LONE_SURROGATE = /\p{Cs}/u;

const RFC1123_DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const RFC1123_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `date` as http-signature sets it (jsprim.rfc1123), which fixes the year to four digits. */
function rfc1123(date: Date): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${RFC1123_DAYS[date.getUTCDay()]}, ${two(date.getUTCDate())} ${RFC1123_MONTHS[date.getUTCMonth()]} ${String(date.getUTCFullYear()).padStart(4, '0')} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} GMT`;
}

/**
 * The parsed signing key of one provider: parsed again only when the provider hands out a different PEM
 * (resource-principal and session-token providers rotate their session key) or passphrase. Holds one
 * key; `null` means Node cannot use it for rsa-sha256 and the SDK's signer must.
 */
export class SigningKeyCache {
  #pem: string | undefined;
  #passphrase: string | null = null;
  #key: KeyObject | null = null;
  /** How many times a PEM was parsed (for tests and diagnostics). */
  parses = 0;

  get(pem: unknown, passphrase: string | null | undefined): KeyObject | null {
    const phrase = passphrase ? passphrase : null;
    if (typeof pem !== 'string') return null;
    if (pem === this.#pem && phrase === this.#passphrase) return this.#key;
    this.parses += 1;
    let key: KeyObject | null;
    try {
      const parsed = createPrivateKey(phrase === null ? pem : { key: pem, format: 'pem', passphrase: phrase });
      key = parsed.asymmetricKeyType === 'rsa' ? parsed : null;
    } catch {
      // Node's message names no key material, but the SDK's signer will report the failure its own way.
      key = null;
    }
    this.#pem = pem;
    this.#passphrase = phrase;
    this.#key = key;
    return key;
  }
}

export interface FastRequestSignerOptions {
  /** Signs what this signer leaves alone. Default: a DefaultRequestSigner for the provider, made when first needed. */
  fallback?: RequestSigner;
  /** Share one cache between the signers of one provider. Default: a cache of its own. */
  keys?: SigningKeyCache;
}

/** A drop-in for the SDK's DefaultRequestSigner that writes the same headers, byte for byte, without sshpk. */
export class FastRequestSigner implements RequestSigner {
  readonly #provider: AuthenticationDetailsProvider;
  readonly #keys: SigningKeyCache;
  #fallback: RequestSigner | undefined;
  /** Requests signed here, and requests handed to the SDK's signer. */
  readonly counts = { fast: 0, fallback: 0 };

  constructor(provider: AuthenticationDetailsProvider, options: FastRequestSignerOptions = {}) {
    this.#provider = provider;
    this.#keys = options.keys ?? new SigningKeyCache();
    this.#fallback = options.fallback;
  }

  async signHttpRequest(request: HttpRequest, forceExcludeBody = false): Promise<void> {
    const body: unknown = request.body;
    if ((body !== undefined && body !== null && typeof body !== 'string') || this.#delegates()) {
      return this.#signWithSdk(request, forceExcludeBody);
    }
    const headers = request.headers;
    // The SDK's order of header edits; each is one it would make too, so a later fallback sees the same request.
    if (!headers.has('host')) {
      const host = parseLegacyUrl(request.uri).host;
      if (!host) return this.#signWithSdk(request, forceExcludeBody);
      headers.set('host', host);
    }
    if (!headers.has('x-date')) headers.set('x-date', new Date().toUTCString());
    let signedHeaders: readonly string[] = SIGNED_HEADERS;
    let signedHeaderList = SIGNED_HEADER_LIST;
    if (!forceExcludeBody && METHODS_WITH_SIGNED_BODY.has(request.method.toUpperCase())) {
      if (typeof body === 'string' && LONE_SURROGATE.test(body)) return this.#signWithSdk(request, forceExcludeBody);
      if (!headers.has('Content-Type')) headers.set('Content-Type', 'application/json');
      const contentLength = body ? Buffer.byteLength(body, 'utf8') : 0;
      headers.set('x-content-sha256', contentLength > 0 ? createHash('sha256').update(body as string, 'utf8').digest('base64') : EMPTY_SHA);
      if (!headers.has('Content-Length')) headers.set('Content-Length', `${contentLength}`);
      signedHeaders = SIGNED_HEADERS_WITH_BODY;
      signedHeaderList = SIGNED_HEADER_LIST_WITH_BODY;
    }

    // Like the SDK: the key id first (a session-token provider may refresh its token and key here), then the key.
    const keyId: unknown = await this.#provider.getKeyId();
    const key = this.#keys.get(this.#provider.getPrivateKey(), this.#provider.getPassphrase());
    const path = parseLegacyUrl(request.uri).path;
    if (typeof keyId !== 'string' || key === null || path === null) return this.#signWithSdk(request, forceExcludeBody);

    // The signing string as http-signature builds it: lower-cased names, raw values, the path unnormalised.
    const lines: string[] = [];
    for (const name of signedHeaders) {
      const lower = name.toLowerCase();
      if (lower === '(request-target)') {
        lines.push(`(request-target): ${request.method.toLowerCase()} ${path}`);
        continue;
      }
      const value = headers.get(lower);
      // http-signature rejects '' and signs a missing one as "null": leave both oddities to it.
      if (value === null || value === '') return this.#signWithSdk(request, forceExcludeBody);
      lines.push(`${lower}: ${value}`);
    }
    // The callback form runs the RSA operation on libuv's thread pool: signing is most of a call's CPU,
    // and the event loop (which also parses every response) is the tool's one busy thread.
    const signature = (await signOffThread(Buffer.from(lines.join('\n'), 'utf8'), key)).toString('base64');
    // http-signature adds a `date` header when there is none (not signed: x-date is).
    if (!headers.get('date')) headers.set('date', rfc1123(new Date()));
    headers.set(
      'authorization',
      `Signature version="1",keyId="${keyId}",algorithm="rsa-sha256",headers="${signedHeaderList}",signature="${signature}"`,
    );
    this.counts.fast += 1;
  }

  /** Providers the SDK signs for differently: delegation tokens (`getAuthType`) or another provider (`getProvider`). */
  #delegates(): boolean {
    const provider = this.#provider;
    return Boolean(
      (typeof provider.getAuthType === 'function' && provider.getAuthType()) ||
        (typeof provider.getProvider === 'function' && provider.getProvider()),
    );
  }

  async #signWithSdk(request: HttpRequest, forceExcludeBody: boolean): Promise<void> {
    this.counts.fallback += 1;
    this.#fallback ??= new DefaultRequestSigner(this.#provider);
    await this.#fallback.signHttpRequest(request, forceExcludeBody);
  }
}

const keyCaches = new WeakMap<AuthenticationDetailsProvider, SigningKeyCache>();

/**
 * Replaces an SDK client's request signer (FetchHttpClient reads `this.signer` on every send) with a
 * FastRequestSigner that falls back to the client's own DefaultRequestSigner. All clients of one provider
 * share one parsed key. Throws when the client does not have the shape this relies on (the SDK changed).
 */
export function installFastRequestSigner(client: object, provider: AuthenticationDetailsProvider): FastRequestSigner {
  const http = (client as { _httpClient?: { signer?: unknown } })._httpClient;
  const original = http?.signer;
  if (!http || !(original instanceof DefaultRequestSigner)) {
    throw new Error('OCI SDK client without the expected _httpClient.signer (a DefaultRequestSigner): the SDK version changed; re-check request-signer.ts');
  }
  let keys = keyCaches.get(provider);
  if (keys === undefined) {
    keys = new SigningKeyCache();
    keyCaches.set(provider, keys);
  }
  const signer = new FastRequestSigner(provider, { fallback: original, keys });
  http.signer = signer;
  return signer;
}
