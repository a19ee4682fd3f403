import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { ChannelError } from '../lib/errors.ts';

/** The largest inbound file the platform stores (larger ones are refused while streaming, not after). */
export const maxProviderMediaBytes = 50 * 1024 * 1024;

export interface ProviderMediaRequest {
  /** Sent to the first URL and to redirects on the same origin only (a Bearer token never leaves its host). */
  headers?: Record<string, string>;
  /** Abort and refuse past this many bytes (default `maxProviderMediaBytes`). */
  maxBytes?: number;
  /**
   * Origins (`scheme://host:port`) that may be on a private address: the provider API root the admin
   * configured for this channel (a fake or a self-hosted Bot API server on the same machine or network).
   * Every other host must resolve to public addresses only.
   */
  trustedOrigins?: readonly string[];
  /** Redirects followed at most (default 3). */
  maxRedirects?: number;
  timeoutMs?: number;
}

export interface ProviderMediaResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** The body of a 2xx answer (empty for any other status: its body is discarded). */
  bytes: Buffer;
}

const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  blocked.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  // ::/96 holds ::, ::1 and the deprecated IPv4-compatible form ::a.b.c.d.
  ['::', 96],
  // NAT64: the well-known and the local-use prefix carry an IPv4 address that the translator reaches.
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  blocked.addSubnet(net, prefix, 'ipv6');
}

/** Loopback, private, link-local, unique-local, multicast or otherwise not a public internet address. */
function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family !== 6) return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return blocked.check(mapped[1], 'ipv4');
  return blocked.check(address, 'ipv6');
}

const blockedError = (host: string) =>
  new ChannelError(
    'MEDIA_TARGET_BLOCKED',
    `the file URL points to a private or loopback address (${host}): not fetched`,
    { retryable: false },
  );

/** DNS lookup that refuses a host if any of its addresses is private (checked at connect time, every hop). */
const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, '', 0);
    if (addresses.length === 0 || addresses.some((a) => isPrivateAddress(a.address))) {
      return callback(blockedError(hostname), '', 0);
    }
    if (options.all) return callback(null, addresses);
    const first = addresses[0]!;
    return callback(null, first.address, first.family);
  });
};

/**
 * Downloads a file a provider points to, with the guards every provider media download needs: a host that
 * resolves to a private, loopback, link-local or unique-local address is refused (`MEDIA_TARGET_BLOCKED`;
 * every resolved address, on every redirect hop, at connect time) unless its origin is one of
 * `trustedOrigins`; at most `maxRedirects` redirects (`MEDIA_TOO_MANY_REDIRECTS`); the body is streamed
 * and abandoned past `maxBytes` (`MEDIA_TOO_LARGE`). These are permanent `ChannelError`s; a network failure
 * or timeout throws a plain `Error` whose message names no URL (callers map it to their retryable error).
 *
 * @example await fetchProviderMedia('https://lookaside.fbsbx.com/…', { headers: { authorization: 'Bearer …' } })
 */
export async function fetchProviderMedia(
  url: string,
  options: ProviderMediaRequest = {},
): Promise<ProviderMediaResponse> {
  const maxRedirects = options.maxRedirects ?? 3;
  const maxBytes = options.maxBytes ?? maxProviderMediaBytes;
  const trusted = new Set(options.trustedOrigins ?? []);
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  let current = new URL(url);
  const firstOrigin = current.origin;
  for (let hop = 0; ; hop++) {
    if (current.protocol !== 'http:' && current.protocol !== 'https:') {
      throw new ChannelError('MEDIA_TARGET_BLOCKED', `the file URL is not http(s) (${current.protocol})`, {
        retryable: false,
      });
    }
    const allowPrivate = trusted.has(current.origin);
    const host = current.hostname.replace(/^\[|\]$/g, '');
    if (!allowPrivate && isIP(host) !== 0 && isPrivateAddress(host)) throw blockedError(host);
    const headers = current.origin === firstOrigin ? (options.headers ?? {}) : {};
    const res = await open(current, headers, allowPrivate, deadline);
    const location = res.headers.location;
    if (res.statusCode !== undefined && [301, 302, 303, 307, 308].includes(res.statusCode) && location) {
      res.resume();
      if (hop >= maxRedirects) {
        throw new ChannelError(
          'MEDIA_TOO_MANY_REDIRECTS',
          `the file download was redirected more than ${maxRedirects} times: not fetched`,
          { retryable: false },
        );
      }
      current = new URL(location, current);
      continue;
    }
    const status = res.statusCode ?? 0;
    if (status < 200 || status >= 300) {
      res.resume();
      return { status, headers: res.headers, bytes: Buffer.alloc(0) };
    }
    return { status, headers: res.headers, bytes: await readCapped(res, maxBytes, deadline) };
  }
}

function open(
  url: URL,
  headers: Record<string, string>,
  allowPrivate: boolean,
  deadline: number,
): Promise<IncomingMessage> {
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'GET',
      headers,
      ...(allowPrivate ? {} : { lookup: guardedLookup }),
      timeout: Math.max(1, deadline - Date.now()),
    });
    req.on('response', resolve);
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', (error) => {
      if (error instanceof ChannelError) return reject(error);
      const code = (error as { code?: unknown }).code;
      reject(
        new Error(
          typeof code === 'string' ? code : error.message === 'timed out' ? 'timed out' : 'network error',
        ),
      );
    });
    req.end();
  });
}

function readCapped(res: IncomingMessage, maxBytes: number, deadline: number): Promise<Buffer> {
  const tooLarge = () =>
    new ChannelError(
      'MEDIA_TOO_LARGE',
      `files over ${Math.round(maxBytes / 1024 / 1024)} MB are not fetched: ask the customer to send it another way`,
      { retryable: false },
    );
  const declared = Number(res.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    res.destroy();
    return Promise.reject(tooLarge());
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    let settled = false;
    const settle = (outcome: Buffer | Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    };
    const timer = setTimeout(
      () => {
        settle(new Error('timed out'));
        res.destroy();
      },
      Math.max(1, deadline - Date.now()),
    );
    res.on('data', (chunk: Buffer) => {
      if (settled) return;
      total += chunk.length;
      if (total > maxBytes) {
        settle(tooLarge());
        res.destroy();
        return;
      }
      chunks.push(chunk);
    });
    res.on('end', () => settle(Buffer.concat(chunks)));
    res.on('error', () => settle(new Error('network error')));
    res.on('close', () => settle(new Error('connection reset')));
  });
}
