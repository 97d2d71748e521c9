/** Accounts, sessions, profiles, claimed handles and follows over HTTP (no LiveKit needed). */
import { describe, expect, it } from 'vitest';
import { randomId } from '../../server/random-id.ts';
import { api, deadLiveKit, RELAXED_LIMITS, signUpUser, useService } from './support/service-fixture.ts';

const logLines: string[] = [];
let clock = new Date('2030-01-01T00:00:00Z');
const service = useService(async () => ({
  livekit: await deadLiveKit(),
  limits: { ...RELAXED_LIMITS, signIn: { burst: 5, refillMs: 60_000 } },
  logger: { info: (line) => logLines.push(line), error: (line) => logLines.push(line) },
  now: () => clock,
}));

const password = 'correct horse battery';
const signIn = (username: string, pass = password) =>
  api(service, '/v1/sessions', { method: 'POST', body: { username, password: pass } });
const count = async (table: string) =>
  ((await service.db.query(`SELECT count(*)::int AS n FROM ${table}`)) as [{ n: number }])[0].n;

describe('sign up, sign in, sign out', () => {
  it('signs up with a session, stores only an argon2id hash, and signs in in any case', async () => {
    const username = `Ada_${randomId(6)}`;
    const created = await api(service, '/v1/accounts', {
      method: 'POST',
      body: { username, password, displayName: '  Ada L.  ' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      account: {
        id: expect.any(String),
        username,
        displayName: 'Ada L.',
        avatarUrl: null,
        handles: [],
        createdAt: expect.any(String),
      },
      session: { token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), expiresAt: '2030-01-31T00:00:00.000Z' },
    });
    const [row] = (await service.db.query('SELECT password_hash FROM accounts WHERE id = $1', [
      created.body.account.id,
    ])) as [{ password_hash: string }];
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    const sessions = (await service.db.query('SELECT token_hash FROM sessions WHERE account_id = $1', [
      created.body.account.id,
    ])) as Array<{ token_hash: string }>;
    expect(sessions.map((s) => s.token_hash)).not.toContain(created.body.session.token);

    const me = await api(service, '/v1/me', { token: created.body.session.token });
    expect(me).toMatchObject({ status: 200, body: { username, displayName: 'Ada L.' } });
    expect(JSON.stringify(me.body)).not.toContain('argon2');

    const again = await signIn(username.toUpperCase());
    expect(again.status).toBe(200);
    expect(again.body.session.token).not.toBe(created.body.session.token);
  });

  it('refuses a taken username in another case, a wrong password and an unknown user, alike', async () => {
    const user = await signUpUser(service);
    const accountsBefore = await count('accounts');
    const taken = await api(service, '/v1/accounts', {
      method: 'POST',
      body: { username: user.username.toUpperCase(), password },
    });
    expect(taken).toMatchObject({ status: 409, body: { error: { code: 'username_taken' } } });
    expect(await count('accounts')).toBe(accountsBefore);

    const sessionsBefore = await count('sessions');
    const wrong = await signIn(user.username, 'not the password');
    const unknown = await signIn(`nobody_${randomId(6)}`);
    expect(wrong).toMatchObject({ status: 401, body: { error: { code: 'invalid_credentials' } } });
    expect(unknown.body).toEqual(wrong.body);
    expect(await count('sessions')).toBe(sessionsBefore);
  });

  it('signs out: the token stops working, other sessions keep working', async () => {
    const user = await signUpUser(service);
    const second = (await signIn(user.username)).body.session.token;
    expect((await api(service, '/v1/sessions/current', { method: 'DELETE', token: user.token })).status).toBe(
      204,
    );
    expect(await api(service, '/v1/me', { token: user.token })).toMatchObject({
      status: 401,
      body: { error: { code: 'unauthenticated' } },
    });
    expect((await api(service, '/v1/me', { token: second })).status).toBe(200);
  });

  it('expires sessions after 30 days', async () => {
    const user = await signUpUser(service);
    const start = clock;
    try {
      clock = new Date(start.getTime() + 30 * 24 * 3600_000 - 1000);
      expect((await api(service, '/v1/me', { token: user.token })).status).toBe(200);
      clock = new Date(start.getTime() + 30 * 24 * 3600_000);
      expect((await api(service, '/v1/me', { token: user.token })).status).toBe(401);
      expect(await service.services.accounts.deleteExpiredSessions()).toBeGreaterThanOrEqual(1);
      const left = await service.db.query('SELECT 1 FROM sessions WHERE account_id = $1', [user.id]);
      expect(left).toEqual([]);
    } finally {
      clock = start;
    }
  });

  it('rate-limits sign-in attempts per address and username', async () => {
    const user = await signUpUser(service);
    for (let i = 0; i < 5; i++) expect((await signIn(user.username, 'wrong password')).status).toBe(401);
    const limited = await signIn(user.username);
    expect(limited).toMatchObject({ status: 429, body: { error: { code: 'rate_limited' } } });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another username from the same address is not affected.
    const other = await signUpUser(service);
    expect((await signIn(other.username)).status).toBe(200);
  });

  it.each([
    ['a short password', { username: 'valid_name', password: 'short' }],
    ['a username with spaces', { username: 'not valid', password }],
    ['a username of the wrong type', { username: 42, password }],
    ['a missing password', { username: 'valid_name' }],
    ['a too long display name', { username: 'valid_name', password, displayName: 'd'.repeat(51) }],
  ])('refuses to sign up with %s, creating nothing', async (_, body) => {
    const before = await count('accounts');
    const response = await api(service, '/v1/accounts', { method: 'POST', body });
    expect(response).toMatchObject({ status: 400, body: { error: { code: 'invalid_body' } } });
    expect(await count('accounts')).toBe(before);
  });

  it('never logs tokens or passwords', async () => {
    const user = await signUpUser(service);
    await api(service, '/v1/me', { token: user.token });
    const log = logLines.join('\n');
    expect(log).toContain('GET /v1/me 200');
    expect(log).not.toContain(user.token);
    expect(log).not.toContain(password);
  });
});

describe('profiles and claimed handles', () => {
  it('updates the display name, an https avatar and claimed handles, shown as claimed', async () => {
    const user = await signUpUser(service);
    const updated = await api(service, '/v1/me', {
      method: 'PATCH',
      token: user.token,
      body: {
        displayName: 'Poster',
        avatarUrl: 'https://images.example/me.png',
        handles: [
          { site: 'x', handle: `@Poster_${user.id.slice(0, 5)}` },
          { site: 'mastodon', handle: `poster@Mastodon.Example` },
        ],
      },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ displayName: 'Poster', avatarUrl: 'https://images.example/me.png' });
    expect(updated.body.handles).toEqual([
      { site: 'mastodon', handle: 'poster@mastodon.example', status: 'claimed', verifiedAt: null },
      {
        site: 'x',
        handle: `poster_${user.id.slice(0, 5).toLowerCase()}`,
        status: 'claimed',
        verifiedAt: null,
      },
    ]);
    expect(JSON.stringify(updated.body)).not.toContain('"verified"');
    const shown = await api(service, `/v1/accounts/${user.username.toUpperCase()}`);
    expect(shown.body).toEqual(updated.body);
  });

  it('lets a second account claim a handle someone else claimed: a claim is not a reservation', async () => {
    const [first, second] = [await signUpUser(service), await signUpUser(service)];
    const handle = `h${randomId(8)}.bsky.social`;
    await api(service, '/v1/me', {
      method: 'PATCH',
      token: first.token,
      body: { handles: [{ site: 'bsky', handle }] },
    });
    const owner = await api(service, '/v1/me', {
      method: 'PATCH',
      token: second.token,
      body: { displayName: 'Owner', handles: [{ site: 'bsky', handle: `@${handle.toUpperCase()}` }] },
    });
    expect(owner.status).toBe(200);
    const claim = { site: 'bsky', handle: handle.toLowerCase(), status: 'claimed', verifiedAt: null };
    expect(owner.body).toMatchObject({ displayName: 'Owner', handles: [claim] });
    expect((await api(service, '/v1/me', { token: first.token })).body.handles).toEqual([claim]);
  });

  it('claims a handle given in capitals and with an @, stored in lower case (it once answered 500)', async () => {
    const user = await signUpUser(service);
    const response = await api(service, '/v1/me', {
      method: 'PATCH',
      token: user.token,
      body: { handles: [{ site: 'bsky', handle: '@Alice.BSKY.social' }] },
    });
    expect(response.status).toBe(200);
    const claim = { site: 'bsky', handle: 'alice.bsky.social', status: 'claimed', verifiedAt: null };
    expect(response.body.handles).toEqual([claim]);
    const stored = await service.db.query('SELECT site, handle FROM claimed_handles WHERE account_id = $1', [
      user.id,
    ]);
    expect(stored).toEqual([{ site: 'bsky', handle: 'alice.bsky.social' }]);
  });

  it.each([
    ['an http avatar', { avatarUrl: 'http://images.example/me.png' }],
    ['a javascript: avatar', { avatarUrl: 'javascript:alert(1)' }],
    ['an unknown site', { handles: [{ site: 'myspace', handle: 'tom' }] }],
    ['a mastodon handle without instance', { handles: [{ site: 'mastodon', handle: 'tom' }] }],
    ['an x handle with a space', { handles: [{ site: 'x', handle: 'two words' }] }],
    ['a display name of the wrong type', { displayName: ['x'] }],
  ])('refuses %s, changing nothing', async (_, body) => {
    const user = await signUpUser(service);
    const before = await api(service, '/v1/me', { token: user.token });
    const response = await api(service, '/v1/me', { method: 'PATCH', token: user.token, body });
    expect(response).toMatchObject({ status: 400, body: { error: { code: 'invalid_body' } } });
    expect((await api(service, '/v1/me', { token: user.token })).body).toEqual(before.body);
  });
});

describe('follows', () => {
  it('follows idempotently, lists following and followers page by page, and unfollows', async () => {
    const me = await signUpUser(service);
    const hosts = [];
    for (let i = 0; i < 5; i++) hosts.push(await signUpUser(service, 'host'));
    for (const host of hosts) {
      expect(
        (await api(service, `/v1/me/following/${host.username}`, { method: 'PUT', token: me.token })).status,
      ).toBe(204);
    }
    expect(
      (await api(service, `/v1/me/following/${hosts[0]!.username}`, { method: 'PUT', token: me.token }))
        .status,
    ).toBe(204);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=2&cursor=${cursor}` : '?limit=2';
      const page = await api(service, `/v1/accounts/${me.username}/following${query}`);
      expect(page.status).toBe(200);
      expect(page.body.accounts.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.accounts.map((a: { username: string }) => a.username));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual(hosts.map((h) => h.username).sort());

    const followers = await api(service, `/v1/accounts/${hosts[0]!.username}/followers`);
    expect(followers.body).toEqual({
      accounts: [expect.objectContaining({ username: me.username })],
      nextCursor: null,
    });

    for (let i = 0; i < 2; i++) {
      expect(
        (await api(service, `/v1/me/following/${hosts[0]!.username}`, { method: 'DELETE', token: me.token }))
          .status,
      ).toBe(204);
    }
    expect((await api(service, `/v1/accounts/${hosts[0]!.username}/followers`)).body.accounts).toEqual([]);
  });

  it('refuses to follow yourself, unknown accounts, or without signing in', async () => {
    const me = await signUpUser(service);
    const before = await count('follows');
    expect(
      await api(service, `/v1/me/following/${me.username}`, { method: 'PUT', token: me.token }),
    ).toMatchObject({
      status: 400,
      body: { error: { code: 'cannot_follow_self' } },
    });
    expect(
      await api(service, '/v1/me/following/nobody_here_x', { method: 'PUT', token: me.token }),
    ).toMatchObject({
      status: 404,
      body: { error: { code: 'account_not_found' } },
    });
    expect(await api(service, `/v1/me/following/${me.username}`, { method: 'PUT' })).toMatchObject({
      status: 401,
      body: { error: { code: 'unauthenticated' } },
    });
    expect(await api(service, `/v1/accounts/${me.username}/following?cursor=garbage`)).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid_query' } },
    });
    expect(await api(service, `/v1/accounts/${me.username}/following?limit=1000`)).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid_query' } },
    });
    expect(await count('follows')).toBe(before);
  });

  it('searches accounts by username prefix (signed in)', async () => {
    const me = await signUpUser(service);
    const stem = `srch${randomId(5).toLowerCase()}`;
    await signUpUser(service, `${stem}b`);
    await signUpUser(service, `${stem.toUpperCase()}a`);
    const found = await api(service, `/v1/accounts?prefix=${stem}`, { token: me.token });
    expect(found.status).toBe(200);
    expect(
      found.body.accounts.map((a: { username: string }) =>
        a.username.slice(0, stem.length + 1).toLowerCase(),
      ),
    ).toEqual([`${stem}a`, `${stem}b`]);
    expect((await api(service, `/v1/accounts?prefix=${stem}`)).status).toBe(401);
  });
});
