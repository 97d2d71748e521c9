/**
 * Closing an HTTP server without cutting anyone off: no new connections, requests in flight answered,
 * idle keep-alive connections closed as they become idle, and whatever is still open after `graceMs`
 * closed by force.
 */
import type { Server } from 'node:http';

const IDLE_SWEEP_MS = 100;

/** Resolves once every connection has ended; `forced` when the grace period ran out first. */
export function drainHttpServer(server: Server, graceMs: number): Promise<{ forced: boolean }> {
  return new Promise((resolve) => {
    let forced = false;
    const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
    const deadline = setTimeout(() => {
      forced = true;
      server.closeAllConnections();
    }, graceMs);
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(deadline);
      resolve({ forced });
    });
    server.closeIdleConnections();
  });
}
