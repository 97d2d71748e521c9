/**
 * Is this an Earshot server? `GET <origin>/health` must answer JSON `{ service: 'earshot', version }` within a
 * few seconds. Run by the background before a server is saved; every failure is named (ServerProblem).
 */
import { originPattern, SERVER_CHECK_TIMEOUT_S, type ServerProblem } from '../protocol/server-address';

/** Long enough for a slow TLS handshake far away, short enough that nobody waits on a spinner. */
export const SERVER_CHECK_TIMEOUT_MS = SERVER_CHECK_TIMEOUT_S * 1000;

export type ServerCheck = { ok: true; version: string } | { ok: false; problem: ServerProblem };

/**
 * The browser's own reason for a failed request (`net::ERR_CERT_AUTHORITY_INVALID`…). `fetch` rejects with the
 * same TypeError for a refused connection, a DNS failure and an untrusted certificate; only webRequest tells.
 */
export interface NetworkErrors {
  /** Starts listening for the failure of a request to `url`. */
  watch(url: string): NetworkErrorWatch;
}

export interface NetworkErrorWatch {
  /** The browser's error for that request, or null if it named none within a short wait. */
  reason(): Promise<string | null>;
  stop(): void;
}

/**
 * A certificate the browser refuses: Chrome's `net::ERR_CERT_*`, Firefox's NSS and mozilla::pkix names
 * (`SEC_ERROR_UNKNOWN_ISSUER`, `MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT`, `SSL_ERROR_BAD_CERT_DOMAIN`).
 */
const UNTRUSTED_CERTIFICATE = /ERR_CERT_|SEC_ERROR_|MOZILLA_PKIX_ERROR_|SSL_ERROR_BAD_CERT/i;

export const isUntrustedCertificate = (reason: string | null): boolean =>
  reason !== null && UNTRUSTED_CERTIFICATE.test(reason);

export async function checkServer(
  origin: string,
  {
    fetchImpl = fetch,
    timeoutMs = SERVER_CHECK_TIMEOUT_MS,
    networkErrors,
  }: { fetchImpl?: typeof fetch; timeoutMs?: number; networkErrors?: NetworkErrors } = {},
): Promise<ServerCheck> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const url = new URL('/health', origin);
  const failure = networkErrors?.watch(url.href);
  try {
    const response = await fetchImpl(url, {
      signal: controller.signal,
      cache: 'no-store',
      credentials: 'omit',
      headers: { accept: 'application/json' },
    });
    // The body too must come within the time allowed (a server may send headers and then stall).
    const body = await response.text();
    return earshotHealth(response, body);
  } catch {
    if (controller.signal.aborted) return { ok: false, problem: 'timeout' };
    const reason = (await failure?.reason()) ?? null;
    return { ok: false, problem: isUntrustedCertificate(reason) ? 'tls-untrusted' : 'unreachable' };
  } finally {
    clearTimeout(timer);
    failure?.stop();
  }
}

function earshotHealth(response: Response, body: string): ServerCheck {
  if (!response.ok) return { ok: false, problem: 'not-earshot' };
  let health: unknown;
  try {
    health = JSON.parse(body);
  } catch {
    return { ok: false, problem: 'not-earshot' }; // an HTML page, or anything else that is not JSON
  }
  const { service, version } = (health ?? {}) as { service?: unknown; version?: unknown };
  if (service !== 'earshot') return { ok: false, problem: 'not-earshot' };
  return { ok: true, version: typeof version === 'string' ? version.slice(0, 40) : 'unknown' };
}

/** The part of `browser.webRequest` this needs. */
export interface WebRequestErrorEvents {
  onErrorOccurred: {
    addListener(
      listener: (details: { url: string; error: string }) => void,
      filter: { urls: string[] },
    ): void;
    removeListener(listener: (details: { url: string; error: string }) => void): void;
  };
}

/**
 * NetworkErrors from webRequest (the `webRequest` permission, and the host permission of the server, which the
 * page asks for before the check). The error event comes a few milliseconds after fetch rejects: wait for it,
 * but not long, since a request the browser does not report on (no host permission) would never get one.
 */
export function webRequestNetworkErrors(webRequest: WebRequestErrorEvents, graceMs = 1_000): NetworkErrors {
  return {
    watch(url) {
      let error: string | null = null;
      let heard: (() => void) | undefined;
      const listener = (details: { url: string; error: string }) => {
        if (details.url !== url) return;
        error = details.error;
        heard?.();
      };
      webRequest.onErrorOccurred.addListener(listener, { urls: [originPattern(url)] });
      return {
        reason: () =>
          new Promise<string | null>((resolve) => {
            if (error !== null) return resolve(error);
            const timer = setTimeout(() => resolve(null), graceMs);
            heard = () => {
              clearTimeout(timer);
              resolve(error);
            };
          }),
        stop: () => webRequest.onErrorOccurred.removeListener(listener),
      };
    },
  };
}
