/**
 * `GET /v1/events`: Server-Sent Events for the signed-in user (Authorization header, so clients use
 * fetch streaming rather than EventSource). Events `room.live`, `room.ended` and `room.counts` carry
 * `{ room: RoomSummary }` for rooms of hosts the user follows; a `ready` event opens the stream and a
 * comment line every `heartbeatMs` keeps proxies from closing it.
 */
import { setMaxListeners } from 'node:events';
import type { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { LiveUpdate } from '../events/live-updates.ts';
import { sseFrame } from '../events/sse-frame.ts';
import type { RouteDeps } from './types.ts';

export function eventsRoute(app: Hono, { services, auth, heartbeatMs, shutdownSignal }: RouteDeps): void {
  // Every open stream listens for the shutdown: thousands of listeners on one signal are expected.
  if (shutdownSignal) setMaxListeners(0, shutdownSignal);
  app.get('/v1/events', async (c) => {
    const accountId = await auth.required(c);
    c.header('Cache-Control', 'no-store');
    c.header('X-Accel-Buffering', 'no');
    return streamSSE(c, async (stream) => {
      let pending: Promise<void> = Promise.resolve();
      const send = (update: LiveUpdate) => {
        pending = pending
          .then(() => stream.write(sseFrame(update)))
          .then(() => {})
          .catch(() => {});
      };
      const disconnect = services.liveUpdates.connect(accountId, send);
      const heartbeat = setInterval(() => {
        pending = pending
          .then(() => stream.write(': heartbeat\n\n'))
          .then(() => {})
          .catch(() => {});
      }, heartbeatMs);
      // Shutting down also ends the stream, so the client reconnects (to another instance).
      let endForShutdown = () => {};
      const closed = new Promise<void>((resolve) => {
        stream.onAbort(resolve);
        endForShutdown = resolve;
        if (shutdownSignal?.aborted) resolve();
        shutdownSignal?.addEventListener('abort', endForShutdown, { once: true });
      });
      await stream.writeSSE({ event: 'ready', data: '{}' });
      await closed;
      shutdownSignal?.removeEventListener('abort', endForShutdown);
      clearInterval(heartbeat);
      disconnect();
    });
  });
}
