/** Sign up, sign in/out, profiles, follows and account search. */
import type { Hono } from 'hono';
import { LIMITS } from '../../wire/limits.ts';
import { ApiError, rateLimited } from '../api-error.ts';
import type { RateLimiter } from '../auth/rate-limiter.ts';
import { clientAddress } from '../client-address.ts';
import { decodeCursor } from '../follows.ts';
import { readJsonBody } from '../json-body.ts';
import { limitParam, stringParam } from '../query-params.ts';
import { SignInBody, SignUpBody, UpdateProfileBody } from '../request-schemas.ts';
import type { RouteDeps } from './types.ts';

export function accountRoutes(app: Hono, { services, auth }: RouteDeps): void {
  const limit = async (limiter: RateLimiter, key: string) => {
    const wait = await limiter.take(key);
    if (wait > 0) throw rateLimited(wait);
  };

  app.post('/v1/accounts', async (c) => {
    const body = await readJsonBody(c, SignUpBody);
    await limit(services.signUpLimiter, `${clientAddress(c)}|${body.username.toLowerCase()}`);
    return c.json(await services.accounts.signUp(body), 201);
  });

  app.post('/v1/sessions', async (c) => {
    const body = await readJsonBody(c, SignInBody);
    await limit(services.signInLimiter, `${clientAddress(c)}|${body.username.toLowerCase()}`);
    return c.json(await services.accounts.signIn(body));
  });

  app.delete('/v1/sessions/current', async (c) => {
    await auth.required(c);
    await services.accounts.signOut(auth.token(c));
    return c.body(null, 204);
  });

  app.get('/v1/me', async (c) => c.json(await services.accounts.me(await auth.required(c))));

  app.patch('/v1/me', async (c) => {
    const accountId = await auth.required(c);
    const body = await readJsonBody(c, UpdateProfileBody);
    return c.json(await services.accounts.updateProfile(accountId, body));
  });

  app.get('/v1/accounts', async (c) => {
    await auth.required(c);
    const prefix = stringParam(c, 'prefix', LIMITS.usernameMax)?.trim();
    if (!prefix) throw new ApiError(400, 'invalid_query', 'prefix is required');
    return c.json({ accounts: await services.accounts.search(prefix, limitParam(c, 20, 50)) });
  });

  app.get('/v1/accounts/:username', async (c) =>
    c.json(await services.accounts.byUsername(c.req.param('username'))),
  );

  for (const direction of ['following', 'followers'] as const) {
    app.get(`/v1/accounts/:username/${direction}`, async (c) => {
      const rawCursor = stringParam(c, 'cursor', 200);
      const cursor = rawCursor === undefined ? undefined : decodeCursor(rawCursor);
      if (rawCursor !== undefined && !cursor) throw new ApiError(400, 'invalid_query', 'cursor is not valid');
      return c.json(
        await services.follows[direction](c.req.param('username'), limitParam(c, 50, 100), cursor),
      );
    });
  }

  app.put('/v1/me/following/:username', async (c) => {
    await services.follows.follow(await auth.required(c), c.req.param('username'));
    return c.body(null, 204);
  });

  app.delete('/v1/me/following/:username', async (c) => {
    await services.follows.unfollow(await auth.required(c), c.req.param('username'));
    return c.body(null, 204);
  });
}
