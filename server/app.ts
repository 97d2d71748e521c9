/** The HTTP API of the rooms service as a Hono app. Pure: it does not listen; see start-service.ts. */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ApiError } from './api-error.ts';
import { extensionCors } from './extension-cors.ts';
import { MAX_BODY_BYTES, readJsonBody } from './json-body.ts';
import type { LiveKitRooms } from './livekit-rooms.ts';
import { CreateRoomBody, ListenBody } from './request-schemas.ts';
import type { RoomStore } from './room-store.ts';
import { createRooms } from './rooms.ts';
import type { TokenIssuer } from './tokens.ts';

export interface Logger {
  info(message: string): void;
  error(message: string): void;
}

export interface AppDeps {
  store: RoomStore;
  livekit: LiveKitRooms;
  tokens: TokenIssuer;
  /** The LiveKit URL given to clients. */
  livekitUrl: string;
  /** Request and error log; nothing is logged without one. Tokens and secrets never reach it. */
  logger?: Logger;
  now?: () => Date;
}

export function createApp(deps: AppDeps): Hono {
  const rooms = createRooms(deps);
  const app = new Hono();

  if (deps.logger) {
    const logger = deps.logger;
    app.use(async (c, next) => {
      const startedAt = performance.now();
      await next();
      logger.info(
        `${c.req.method} ${c.req.path} ${c.res.status} ${Math.round(performance.now() - startedAt)}ms`,
      );
    });
  }

  app.use(extensionCors());
  app.use(
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new ApiError(413, 'payload_too_large', `The body must be at most ${MAX_BODY_BYTES} bytes`);
      },
    }),
  );

  app.get('/health', (c) => c.json({ ok: true }));

  app.get('/v1/rooms', async (c) => c.json({ rooms: await rooms.list() }));

  app.post('/v1/rooms', async (c) => {
    const body = await readJsonBody(c, CreateRoomBody);
    return c.json(await rooms.create(body), 201);
  });

  app.post('/v1/rooms/:id/listen', async (c) => {
    const body = await readJsonBody(c, ListenBody);
    return c.json(await rooms.listen(c.req.param('id'), body));
  });

  app.delete('/v1/rooms/:id', async (c) => {
    await rooms.end(c.req.param('id'));
    return c.body(null, 204);
  });

  app.notFound((c) => {
    const error = new ApiError(404, 'not_found', `No route for ${c.req.method} ${c.req.path}`);
    return c.json(error.toBody(), error.status);
  });

  app.onError((error, c) => {
    if (error instanceof ApiError) return c.json(error.toBody(), error.status);
    deps.logger?.error(`${c.req.method} ${c.req.path} failed: ${error.stack ?? error.message}`);
    const internal = new ApiError(500, 'internal_error', 'Something went wrong on our side');
    return c.json(internal.toBody(), internal.status);
  });

  return app;
}
