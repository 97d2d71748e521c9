/**
 * The one way the service fetches other servers' URLs (WebFinger, ActivityPub actors, PDSes, PLC, AppView,
 * Mastodon's API). Bounded in time, size and redirects, and only to public addresses: the service must not
 * be usable to probe or call its own network (SSRF). Addresses are checked after DNS, and the connection goes
 * to the very address checked (no second lookup a rebinding DNS server could answer differently).
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP } from 'node:net';

export interface OutboundSettings {
  /** Tests only: allow loopback and private addresses, and http://. Never in production. */
  allowPrivateNetworks?: boolean;
  /**
   * Tests only: host name → `address:port` to connect to instead (like Chromium's host-resolver-rules);
   * `http://address:port` also speaks plain HTTP there for https:// addresses (a TLS-terminating stand-in).
   */
  hostRules?: Record<string, string>;
  /** Whole request, redirects included. Default 5 s. */
  timeoutMs?: number;
  /** Largest body read. Default 1 MiB. */
  maxBytes?: number;
  /** Default 3. */
  maxRedirects?: number;
  /** DNS, injectable for tests. Default: the system resolver, every address. */
  lookup?: (host: string) => Promise<Array<{ address: string; family: number }>>;
}

export type OutboundFailure =
  | 'bad_url'
  | 'blocked_address'
  | 'unreachable'
  | 'timeout'
  | 'too_large'
  | 'too_many_redirects'
  | 'http_status';

/** A fetch that did not give a usable answer; `message` says why in words a user can act on. */
export class OutboundError extends Error {
  constructor(
    readonly reason: OutboundFailure,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface OutboundResponse {
  /** Where the answer came from, after redirects. */
  url: string;
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** Loopback, private, link-local, shared, documentation, multicast and reserved ranges. */
const nonPublic = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  nonPublic.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  nonPublic.addSubnet(net, prefix, 'ipv6');
}

/** Whether an IP address is one the service may call in production. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return !nonPublic.check(address, 'ipv4');
  if (family !== 6) return false;
  const lower = address.toLowerCase();
  // IPv4 inside IPv6 (mapped ::ffff:a.b.c.d, NAT64 64:ff9b::a.b.c.d, old compatible ::a.b.c.d): judge the IPv4.
  const embedded = lower.match(/^(?:::ffff:|64:ff9b::|::)(\d+\.\d+\.\d+\.\d+)$/)?.[1];
  if (embedded) return isPublicAddress(embedded);
  const hexMapped = lower.match(/^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/);
  if (hexMapped) {
    const [hi, lo] = [Number.parseInt(hexMapped[1]!, 16), Number.parseInt(hexMapped[2]!, 16)];
    return isPublicAddress(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`);
  }
  return !nonPublic.check(address, 'ipv6');
}

const systemLookup = async (host: string) => dnsLookup(host, { all: true, verbatim: true });

interface Target {
  url: URL;
  /** Plain HTTP whatever the scheme (a test host rule). */
  plain?: boolean;
  address: string;
  family: number;
  port: number;
}

async function resolveTarget(url: URL, settings: OutboundSettings): Promise<Target> {
  const allowPrivate = settings.allowPrivateNetworks === true;
  if (url.protocol !== 'https:' && !(allowPrivate && url.protocol === 'http:')) {
    throw new OutboundError('bad_url', `Only https:// addresses can be fetched, not ${url.protocol}//`);
  }
  if (url.username || url.password)
    throw new OutboundError('bad_url', 'Addresses with credentials are refused');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const rule = settings.hostRules?.[host.toLowerCase()];
  if (rule) {
    const plain = rule.startsWith('http://');
    const hostPort = rule.replace(/^http:\/\//, '');
    const at = hostPort.lastIndexOf(':');
    const address = hostPort.slice(0, at);
    return { url, plain, address, family: isIP(address), port: Number(hostPort.slice(at + 1)) };
  }
  const defaultPort = url.protocol === 'https:' ? 443 : 80;
  const port = url.port ? Number(url.port) : defaultPort;
  let addresses: Array<{ address: string; family: number }>;
  if (isIP(host)) addresses = [{ address: host, family: isIP(host) }];
  else {
    try {
      addresses = await (settings.lookup ?? systemLookup)(host);
    } catch {
      throw new OutboundError('unreachable', `${host} could not be found (DNS)`);
    }
  }
  if (addresses.length === 0) throw new OutboundError('unreachable', `${host} could not be found (DNS)`);
  // Every address must be public: a name answering both a public and a private address is refused.
  if (!allowPrivate && addresses.some((a) => !isPublicAddress(a.address))) {
    throw new OutboundError(
      'blocked_address',
      `${host} points to a private or local address, which is refused`,
    );
  }
  return { url, address: addresses[0]!.address, family: addresses[0]!.family, port };
}

interface OnceInit {
  accept: string;
  maxBytes: number;
  signal: AbortSignal;
  method?: string;
  headers?: Record<string, string>;
  body?: Buffer;
}

function requestOnce(
  target: Target,
  init: OnceInit,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string; bytes: Buffer }> {
  const { url } = target;
  const secure = url.protocol === 'https:' && !target.plain;
  const client = secure ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(
      {
        protocol: secure ? 'https:' : 'http:',
        host: target.address,
        family: target.family,
        port: target.port,
        path: `${url.pathname}${url.search}`,
        method: init.method ?? 'GET',
        ...(secure && !isIP(url.hostname) ? { servername: url.hostname } : {}),
        headers: {
          host: url.host,
          accept: init.accept,
          'user-agent': 'Earshot identity check (+https://github.com/earshot)',
          'accept-encoding': 'identity',
          ...init.headers,
        },
        signal: init.signal,
      },
      (response) => {
        const length = Number(response.headers['content-length'] ?? 0);
        if (length > init.maxBytes) {
          response.destroy();
          reject(new OutboundError('too_large', `${url.host} sent more than ${init.maxBytes} bytes`));
          return;
        }
        const chunks: Buffer[] = [];
        let received = 0;
        response.on('data', (chunk: Buffer) => {
          received += chunk.length;
          if (received > init.maxBytes) {
            response.destroy();
            reject(new OutboundError('too_large', `${url.host} sent more than ${init.maxBytes} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        response.on('end', () => {
          const bytes = Buffer.concat(chunks);
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: bytes.toString('utf8'),
            bytes,
          });
        });
        response.on('error', reject);
        response.on('close', () => {
          if (!response.complete)
            reject(new OutboundError('unreachable', `${url.host} closed the connection early`));
        });
      },
    );
    request.on('error', (error) => {
      if (init.signal.aborted) reject(init.signal.reason);
      else reject(new OutboundError('unreachable', `${url.host} could not be reached (${error.message})`));
    });
    request.end(init.body);
  });
}

/**
 * GETs `address`, following up to `maxRedirects` redirects (each target checked like the first), and
 * returns a 2xx answer's body as text. Anything else throws an OutboundError.
 */
export async function outboundGet(
  address: string,
  settings: OutboundSettings,
  accept = 'application/json',
): Promise<OutboundResponse> {
  const timeoutMs = settings.timeoutMs ?? 5000;
  const maxBytes = settings.maxBytes ?? 1024 * 1024;
  const maxRedirects = settings.maxRedirects ?? 3;
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new OutboundError('timeout', `No answer within ${timeoutMs / 1000} s`)),
    timeoutMs,
  );
  // Settles (rejects) when the time is up, whatever step is waiting (DNS, connect, body).
  const deadline = new Promise<never>((_, reject) =>
    controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true }),
  );
  deadline.catch(() => {});
  try {
    let url: URL;
    try {
      url = new URL(address);
    } catch {
      throw new OutboundError('bad_url', 'Not a valid address');
    }
    for (let hop = 0; ; hop += 1) {
      const target = await Promise.race([resolveTarget(url, settings), deadline]);
      const answer = await Promise.race([
        requestOnce(target, { accept, maxBytes, signal: controller.signal }),
        deadline,
      ]);
      const location = answer.headers.location;
      if (answer.status >= 300 && answer.status < 400 && location) {
        if (hop >= maxRedirects) {
          throw new OutboundError(
            'too_many_redirects',
            `${url.host} redirected more than ${maxRedirects} times`,
          );
        }
        url = new URL(location, url);
        continue;
      }
      if (answer.status < 200 || answer.status >= 300) {
        throw new OutboundError('http_status', `${url.host} answered ${answer.status}`, answer.status);
      }
      return { url: url.toString(), status: answer.status, headers: answer.headers, body: answer.body };
    }
  } catch (error) {
    if (controller.signal.aborted && !(error instanceof OutboundError)) throw controller.signal.reason;
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** outboundGet, then the body parsed as JSON (MalformedAnswer when it is not JSON). */
export async function outboundJson(
  address: string,
  settings: OutboundSettings,
  accept = 'application/json',
): Promise<{ url: string; json: unknown; headers: http.IncomingHttpHeaders }> {
  const answer = await outboundGet(address, settings, accept);
  try {
    return { url: answer.url, json: JSON.parse(answer.body), headers: answer.headers };
  } catch {
    throw new MalformedAnswer(`${new URL(answer.url).host} did not answer JSON`);
  }
}

/** An answer that arrived but is not what the protocol says it should be. */
export class MalformedAnswer extends Error {}

/**
 * A `fetch` for libraries that make their own requests (the AT Protocol OAuth client): the same checks and
 * bounds, one request per call (redirects are answered, not followed: those libraries treat them as errors).
 */
export function outboundFetch(settings: OutboundSettings): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const timeoutMs = settings.timeoutMs ?? 5000;
    const controller = new AbortController();
    const timer = setTimeout(
      () => controller.abort(new OutboundError('timeout', `No answer within ${timeoutMs / 1000} s`)),
      timeoutMs,
    );
    try {
      const target = await resolveTarget(new URL(request.url), settings);
      const headers: Record<string, string> = {};
      request.headers.forEach((value, name) => {
        headers[name] = value;
      });
      const body = request.body ? Buffer.from(await request.arrayBuffer()) : undefined;
      const answer = await requestOnce(target, {
        accept: headers.accept ?? '*/*',
        maxBytes: settings.maxBytes ?? 1024 * 1024,
        signal: controller.signal,
        method: request.method,
        headers,
        body,
      });
      const responseHeaders = new Headers();
      for (const [name, value] of Object.entries(answer.headers)) {
        for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value])
          responseHeaders.append(name, one);
      }
      const empty = answer.status === 204 || answer.status === 304;
      return new Response(empty ? null : new Uint8Array(answer.bytes), {
        status: answer.status,
        headers: responseHeaders,
      });
    } finally {
      clearTimeout(timer);
    }
  };
}
