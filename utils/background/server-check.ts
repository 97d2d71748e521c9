/**
 * Is this an Earshot server? `GET <origin>/health` must answer JSON `{ service: 'earshot', version }` within a
 * few seconds. Run by the background before a server is saved; every failure is named (ServerProblem).
 */
import { SERVER_CHECK_TIMEOUT_S, type ServerProblem } from '../protocol/server-address';

/** Long enough for a slow TLS handshake far away, short enough that nobody waits on a spinner. */
export const SERVER_CHECK_TIMEOUT_MS = SERVER_CHECK_TIMEOUT_S * 1000;

export type ServerCheck = { ok: true; version: string } | { ok: false; problem: ServerProblem };

export async function checkServer(
  origin: string,
  {
    fetchImpl = fetch,
    timeoutMs = SERVER_CHECK_TIMEOUT_MS,
  }: { fetchImpl?: typeof fetch; timeoutMs?: number } = {},
): Promise<ServerCheck> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await fetchImpl(new URL('/health', origin), {
      signal: controller.signal,
      cache: 'no-store',
      credentials: 'omit',
      headers: { accept: 'application/json' },
    });
    // The body too must come within the time allowed (a server may send headers and then stall).
    const body = await response.text();
    return earshotHealth(response, body);
  } catch {
    // fetch says no more than "failed" for a refused connection, a DNS failure or a TLS error alike.
    return { ok: false, problem: controller.signal.aborted ? 'timeout' : 'unreachable' };
  } finally {
    clearTimeout(timer);
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
