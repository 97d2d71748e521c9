/**
 * `GET /health`: the process is up (and is an Earshot service, of this version): for liveness probes and
 * for the extension checking a server before it saves it. `GET /ready`: 200 when this instance can serve
 * (database and LiveKit reachable, not shutting down), 503 with the failing check otherwise.
 */
import type { Hono } from 'hono';
import type { Readiness } from '../readiness.ts';
import { SERVICE_VERSION } from '../version.ts';

export function healthRoutes(app: Hono, readiness: Readiness | undefined): void {
  app.get('/health', (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json({ ok: true, service: 'earshot', version: SERVICE_VERSION });
  });
  app.get('/ready', async (c) => {
    c.header('Cache-Control', 'no-store');
    if (!readiness) return c.json({ ok: false, error: 'readiness is not checked by this instance' }, 503);
    const report = await readiness.check();
    return c.json(report, report.ok ? 200 : 503);
  });
}
