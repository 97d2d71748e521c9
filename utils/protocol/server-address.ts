/**
 * Which Earshot server the extension talks to: what the user typed, made into an origin, and the ways choosing
 * one can fail. Pure and valibot-free: pages check an address as the user submits it (before asking the browser
 * for access, which needs the click's user gesture), and the background checks it again.
 */

/** Why a server could not be chosen (each has a message in every language: utils/pages/server-problems.ts). */
export type ServerProblem =
  /** Not something a URL can be made of. */
  | 'not-a-url'
  /** `http://` to a machine other than this one: the session token would travel in clear. */
  | 'https-required'
  /** Nothing answered (down, wrong address, no network). */
  | 'unreachable'
  /** It answered over TLS with a certificate the browser does not trust (self-signed, unknown CA, wrong name, expired). */
  | 'tls-untrusted'
  /** It did not answer within the time allowed. */
  | 'timeout'
  /** Something answered, but not an Earshot server's health route (a web page, another service). */
  | 'not-earshot'
  /** The user (or the browser) refused the extension access to that server. */
  | 'permission-refused';

/** How long a server has to answer its /health before it counts as too slow. */
export const SERVER_CHECK_TIMEOUT_S = 6;

/** What the background answers to `server:choose`. */
export type ServerChoice =
  | { ok: true; serviceUrl: string; version: string }
  | { ok: false; problem: ServerProblem; origin?: string };

/** What the background answers to `server:get`. */
export interface ServerSetting {
  /** The server in use: the chosen one, or the build's default before the first choice. */
  serviceUrl: string;
  /** False until the user chose (a first run asks). A stored serviceUrl counts as chosen. */
  chosen: boolean;
  /** The build's default, prefilled on the first run. */
  defaultUrl: string;
}

/** This machine: the extension holds these origins from install, and plain http is fine there. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host);
}

/**
 * The server's origin from what the user typed: `rooms.example.org` means `https://rooms.example.org`; a path,
 * query or fragment is dropped (the service lives at the origin's root); `http://` only on loopback.
 */
export function parseServerAddress(
  input: string,
): { ok: true; origin: string } | { ok: false; problem: 'not-a-url' | 'https-required' } {
  const text = input.trim();
  if (!text || /\s/.test(text)) return { ok: false, problem: 'not-a-url' };
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return { ok: false, problem: 'not-a-url' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, problem: 'not-a-url' };
  if (!url.hostname || url.username || url.password) return { ok: false, problem: 'not-a-url' };
  // A host name needs a dot (rooms.example.org) unless it is this machine: "earshot" alone is a typo.
  if (!isLoopbackHost(url.hostname) && !url.hostname.includes('.') && !url.hostname.startsWith('['))
    return { ok: false, problem: 'not-a-url' };
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname))
    return { ok: false, problem: 'https-required' };
  return { ok: true, origin: url.origin };
}

/** The host permission pattern for a server (ports are not part of match patterns). */
export const originPattern = (origin: string): string => `${new URL(origin).origin.replace(/:\d+$/, '')}/*`;

/**
 * Whether the extension must ask for access to this server: loopback is granted at install (the manifest's
 * fixed host permissions), every other server is an optional permission asked for when it is chosen.
 */
export const needsHostPermission = (origin: string): boolean => !isLoopbackHost(new URL(origin).hostname);

/** The same server (origins compare; a stored URL may carry a trailing slash). */
export function sameServer(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}
