/** Hand raises, reactions, and what hosts and cohosts do to others in their room. */
import type { Hono } from 'hono';
import { readJsonBody } from '../json-body.ts';
import { ReactionBody, StageBody, TargetBody } from '../request-schemas.ts';
import type { RouteDeps } from './types.ts';

export function moderationRoutes(app: Hono, { services, auth }: RouteDeps): void {
  const { moderation } = services;

  app.post('/v1/rooms/:id/hand', async (c) => {
    await moderation.raiseHand(await auth.required(c), c.req.param('id'));
    return c.body(null, 204);
  });

  app.delete('/v1/rooms/:id/hand', async (c) => {
    await moderation.lowerHand(await auth.required(c), c.req.param('id'));
    return c.body(null, 204);
  });

  app.post('/v1/rooms/:id/reactions', async (c) => {
    const accountId = await auth.required(c);
    const { emoji } = await readJsonBody(c, ReactionBody);
    return c.json(await services.reactions.react(accountId, c.req.param('id'), emoji));
  });

  app.get('/v1/rooms/:id/requests', async (c) => {
    const hands = await moderation.requests(await auth.required(c), c.req.param('id'));
    return c.json({ requests: hands.map((hand) => ({ ...hand, raisedAt: hand.raisedAt.toISOString() })) });
  });

  app.post('/v1/rooms/:id/stage', async (c) => {
    const accountId = await auth.required(c);
    const { onStage, ...target } = await readJsonBody(c, StageBody);
    return c.json(await moderation.setOnStage(accountId, c.req.param('id'), target, onStage));
  });

  app.post('/v1/rooms/:id/mute', async (c) => {
    const accountId = await auth.required(c);
    await moderation.mute(accountId, c.req.param('id'), await readJsonBody(c, TargetBody));
    return c.body(null, 204);
  });

  app.post('/v1/rooms/:id/bans', async (c) => {
    const accountId = await auth.required(c);
    await moderation.removeAndBan(accountId, c.req.param('id'), await readJsonBody(c, TargetBody));
    return c.body(null, 204);
  });

  app.post('/v1/rooms/:id/cohosts', async (c) => {
    const accountId = await auth.required(c);
    return c.json(
      await moderation.setCohost(accountId, c.req.param('id'), await readJsonBody(c, TargetBody), true),
    );
  });

  app.delete('/v1/rooms/:id/cohosts/:accountId', async (c) => {
    const accountId = await auth.required(c);
    const target = { accountId: c.req.param('accountId') };
    return c.json(await moderation.setCohost(accountId, c.req.param('id'), target, false));
  });
}
