/** LiveKit's signed webhooks (configure LiveKit with `webhook.urls: [<PUBLIC_URL>/v1/livekit/webhook]`). */
import type { Hono } from 'hono';
import type { RouteDeps } from './types.ts';

export function livekitWebhookRoute(app: Hono, { services }: RouteDeps): void {
  app.post('/v1/livekit/webhook', async (c) => {
    await services.webhooks.receive(await c.req.text(), c.req.header('authorization'));
    return c.body(null, 204);
  });
}
