/**
 * Mastodon handles verified by Mastodon's own model (the Earshot profile address in a profile field, with
 * rel="me"), against a loopback server answering WebFinger and ActivityPub exactly as Mastodon does
 * (support/fake-mastodon.ts cites the mastodon/mastodon files), faults included; re-verification drops a
 * handle whose link went away, and Live chips with it.
 */
import { describe, expect, it } from 'vitest';
import type { OutboundSettings } from '../../server/identity/outbound-fetch.ts';
import { FakeMastodon } from './support/fake-mastodon.ts';
import { handleCalls } from './support/handle-calls.ts';
import { api, postRoom, signUpUser, useServiceFixture } from './support/service-fixture.ts';
import { useForFile } from './support/use-for-file.ts';

const outbound: OutboundSettings = {
  allowPrivateNetworks: true,
  timeoutMs: 1500,
  maxBytes: 256 * 1024,
  hostRules: {},
};
const fixture = useServiceFixture({
  identity: { outbound, recheckEveryMs: 200, recheckAfterMs: 0, unreachableGraceMs: 60_000 },
});
const fake = useForFile(async () => {
  const server = await FakeMastodon.start();
  Object.assign(
    outbound.hostRules!,
    server.rules('social.example', 'other.example', 'example.org', 'web.example.org'),
  );
  return server;
});

const { profileUrl, verify, me, liveHosts } = handleCalls(fixture, 'mastodon');

/**
 * A new Earshot user and, on `domain` of the fake instance, a Mastodon account (named after the user)
 * whose profile field links to the user's Earshot profile.
 */
async function linkedAccount(prefix: string, domain: string) {
  const user = await signUpUser(fixture.service, prefix);
  const name = user.username.slice(-8).toLowerCase();
  const account = fake.add({
    username: name,
    domain,
    fields: [{ name: 'Earshot', value: profileUrl(user) }],
  });
  return { user, name, account };
}

describe('Mastodon handles (rel=me)', () => {
  it('verifies a handle whose profile field links to the Earshot profile; its Live chip follows', async () => {
    const user = await signUpUser(fixture.service, 'masto');
    const name = user.username.slice(-8).toLowerCase();
    fake.add({
      username: name,
      domain: 'social.example',
      fields: [
        { name: 'Pronouns', value: 'they/them' },
        { name: 'Earshot', value: profileUrl(user) },
      ],
    });
    const verified = await verify(user, `@${name}@Social.Example`);
    expect(verified.status).toBe(200);
    expect(verified.body.handles).toEqual([
      {
        site: 'mastodon',
        handle: `${name}@social.example`,
        status: 'verified',
        verifiedAt: expect.any(String),
      },
    ]);
    await postRoom(fixture.service, user, { title: 'Verified host' });
    expect(await liveHosts()).toContain(`${name}@social.example`);
    // WebFinger first, then the actor WebFinger's self link named (later ones: the periodic re-check).
    expect(fake.requests.filter((r) => r.includes(name)).slice(0, 2)).toEqual([
      `social.example/.well-known/webfinger?resource=acct%3A${name}%40social.example`,
      `social.example/users/${name}`,
    ]);
  });

  it('refuses when no field links to this Earshot profile with rel=me, storing nothing', async () => {
    const { user: owner, name } = await linkedAccount('owner', 'social.example');
    const impostor = await signUpUser(fixture.service, 'imp');
    const refused = await verify(impostor, `${name}@social.example`);
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('verification_failed');
    expect(refused.body.error.message).toContain(profileUrl(impostor));
    expect((await me(impostor)).handles).toEqual([]);
    // The impostor's claim does not stop the owner.
    await api(fixture.service, '/v1/me', {
      method: 'PATCH',
      token: impostor.token,
      body: { handles: [{ site: 'mastodon', handle: `${name}@social.example` }] },
    });
    expect((await verify(owner, `${name}@social.example`)).status).toBe(200);
    const plain = fake.add({
      username: `${name}x`,
      domain: 'social.example',
      fields: [{ name: 'Site', value: 'not a link' }],
    });
    expect((await verify(owner, `${plain.username}@social.example`)).status).toBe(422);
  });

  it('follows a WebFinger redirect (LOCAL_DOMAIN → WEB_DOMAIN)', async () => {
    const { user, name } = await linkedAccount('redir', 'example.org');
    fake.faults.set('example.org', { kind: 'redirect', to: 'web.example.org' });
    const verified = await verify(user, `${name}@example.org`);
    expect(verified.status).toBe(200);
    expect(verified.body.handles[0]).toMatchObject({ handle: `${name}@example.org`, status: 'verified' });
  });

  it.each([
    ['a redirect loop', { kind: 'redirect-loop' }, 'redirected more than 3 times'],
    ['a body that never ends', { kind: 'oversize' }, 'sent more than 262144 bytes'],
    ['an HTML error page', { kind: 'malformed' }, 'did not answer JSON'],
    ['no answer', { kind: 'slow' }, 'No answer within 1.5 s'],
    ['a closed connection', { kind: 'down' }, 'could not be reached'],
  ] as const)(
    'answers 502 with a clear message for %s, in bounded time, storing nothing',
    async (_, fault, message) => {
      const { user, name } = await linkedAccount('fault', 'other.example');
      fake.faults.set('other.example', fault);
      fake.bytesSent = 0;
      const started = performance.now();
      try {
        const response = await verify(user, `${name}@other.example`);
        expect(response.status).toBe(502);
        expect(response.body.error).toMatchObject({ code: 'identity_unreachable' });
        expect(response.body.error.message).toContain(message);
        expect(performance.now() - started).toBeLessThan(3000);
        expect(fake.bytesSent).toBeLessThan(5 * 1024 * 1024);
        expect((await me(user)).handles).toEqual([]);
      } finally {
        fake.faults.delete('other.example');
      }
    },
  );

  it('refuses an answer about another account (WebFinger subject, actor id)', async () => {
    const { user, name } = await linkedAccount('subj', 'other.example');
    try {
      fake.faults.set('other.example', { kind: 'wrong-subject', subject: 'acct:someone@other.example' });
      expect((await verify(user, `${name}@other.example`)).body.error.code).toBe('verification_failed');
      fake.faults.set('other.example', { kind: 'actor-id', id: 'http://evil.example/users/someone' });
      expect((await verify(user, `${name}@other.example`)).body.error.code).toBe('verification_failed');
    } finally {
      fake.faults.delete('other.example');
    }
  });

  it('drops a verified handle (and its Live chip) once the link is gone from the profile', async () => {
    const { user, name, account } = await linkedAccount('gone', 'social.example');
    expect((await verify(user, `${name}@social.example`)).status).toBe(200);
    await postRoom(fixture.service, user, { title: 'Soon unverified' });
    expect(await liveHosts()).toContain(`${name}@social.example`);
    account.fields = [{ name: 'Earshot', value: 'https://elsewhere.example/' }];
    const started = Date.now();
    await expect
      .poll(async () => (await me(user)).handles[0]?.status, { timeout: 5000, interval: 100 })
      .toBe('claimed');
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await liveHosts()).not.toContain(`${name}@social.example`);
  });

  it('serves the profile page with rel="me" back to the fediverse profiles, escaped', async () => {
    const user = await signUpUser(fixture.service, 'page', { displayName: '<b>Me</b>' });
    await api(fixture.service, '/v1/me', {
      method: 'PATCH',
      token: user.token,
      body: {
        handles: [
          { site: 'mastodon', handle: 'me@social.example' },
          { site: 'x', handle: 'me_on_x' },
        ],
      },
    });
    const page = await fetch(profileUrl(user));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await page.text();
    expect(html).toContain('<link rel="me" href="https://social.example/@me">');
    expect(html).toContain('<a rel="me" href="https://social.example/@me">');
    expect(html).toContain('(claimed, not verified)');
    expect(html).toContain('&#60;b&#62;Me&#60;/b&#62;');
    expect(html).not.toContain('<b>Me</b>');
    expect((await fetch(`${fixture.service.url}/u/nobody_here_at_all`)).status).toBe(404);
  });

  it('refuses X: no check exists, X handles stay claimed', async () => {
    const user = await signUpUser(fixture.service, 'xuser');
    const response = await api(fixture.service, '/v1/me/handles/verify', {
      method: 'POST',
      token: user.token,
      body: { site: 'x', handle: 'someone' },
    });
    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe('unverifiable_site');
  });
});
