/** The HTTP API of the rooms service as a Hono app. Pure: it does not listen; see start-service.ts. */
import { Hono } from 'hono';
import { ApiError } from './api-error.ts';
import { createRequestAuth } from './auth/request-auth.ts';
import { bodySizeLimit } from './body-size-limit.ts';
import { extensionCors } from './extension-cors.ts';
import { MAX_BODY_BYTES } from './json-body.ts';
import type { Readiness } from './readiness.ts';
import { accountRoutes } from './routes/account-routes.ts';
import { discoveryRoutes } from './routes/discovery-routes.ts';
import { eventsRoute } from './routes/events-route.ts';
import { healthRoutes } from './routes/health-routes.ts';
import { identityRoutes } from './routes/identity-routes.ts';
import { livekitWebhookRoute } from './routes/livekit-webhook-route.ts';
import { moderationRoutes } from './routes/moderation-routes.ts';
import { roomRoutes } from './routes/room-routes.ts';
import { shareRoutes } from './routes/share-routes.ts';
import type { RouteDeps } from './routes/types.ts';
import type { Services } from './services.ts';

export interface RequestLogEntry {
  method: string;
  path: string;
  status: number;
  ms: number;
}

export interface Logger {
  info(message: string): void;
  error(message: string): void;
  /** One answered request, as fields (structured loggers); `info` with a text line otherwise. */
  request?(entry: RequestLogEntry): void;
}

export interface AppOptions {
  services: Services;
  /** Request and error log; nothing is logged without one. Tokens and secrets never reach it. */
  logger?: Logger;
  /** SSE heartbeat interval. Default 25 s. */
  heartbeatMs?: number;
  /** What `GET /ready` checks (see readiness.ts). */
  readiness?: Readiness;
  /** Aborted when the service starts shutting down: open SSE streams end so clients reconnect elsewhere. */
  shutdownSignal?: AbortSignal;
}

export function createApp({
  services,
  logger,
  heartbeatMs = 25_000,
  readiness,
  shutdownSignal,
}: AppOptions): Hono {
  const app = new Hono();

  if (logger) {
    app.use(async (c, next) => {
      const startedAt = performance.now();
      await next();
      const entry = {
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round(performance.now() - startedAt),
      };
      if (logger.request) logger.request(entry);
      else logger.info(`${entry.method} ${entry.path} ${entry.status} ${entry.ms}ms`);
    });
  }

  app.use(extensionCors());
  // Postgres cannot store U+0000 in text: refuse it in the path and query as the bodies do (json-body.ts).
  app.use(async (c, next) => {
    if (/%00/i.test(c.req.url)) {
      throw new ApiError(400, 'invalid_request', 'The address must not contain NUL (%00) characters');
    }
    await next();
  });
  app.use(
    bodySizeLimit(MAX_BODY_BYTES, () => {
      throw new ApiError(413, 'payload_too_large', `The body must be at most ${MAX_BODY_BYTES} bytes`);
    }),
  );

  healthRoutes(app, readiness);

  const deps: RouteDeps = {
    services,
    auth: createRequestAuth(services.accounts),
    heartbeatMs,
    shutdownSignal,
  };
  accountRoutes(app, deps);
  identityRoutes(app, deps);
  discoveryRoutes(app, deps);
  roomRoutes(app, deps);
  shareRoutes(app, deps);
  moderationRoutes(app, deps);
  livekitWebhookRoute(app, deps);
  eventsRoute(app, deps);

  app.notFound((c) => {
    const error = new ApiError(404, 'not_found', `No route for ${c.req.method} ${c.req.path}`);
    return c.json(error.toBody(), error.status);
  });

  app.onError((error, c) => {
    if (error instanceof ApiError) return c.json(error.toBody(), error.status, error.headers);
    logger?.error(`${c.req.method} ${c.req.path} failed: ${error.stack ?? error.message}`);
    const internal = new ApiError(500, 'internal_error', 'Something went wrong on our side');
    return c.json(internal.toBody(), internal.status);
  });

  return app;
}
