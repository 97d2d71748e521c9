/**
 * "Sign in with Bluesky" against a real PDS (@atproto/dev-env): the service starts AT Protocol OAuth (PAR,
 * PKCE, DPoP) for the signed-in account, Debian's Chromium signs in on the PDS's own authorization page and
 * approves, and the callback links the DID the PDS vouched for, with its handle verified.
 */
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { IdentitySettings } from '../../server/identity/handle-verification.ts';
import { startBlueskyNetwork } from './support/bluesky-network.ts';
import { api, deadLiveKit, signUpUser, useService } from './support/service-fixture.ts';
import { useForFile } from './support/use-for-file.ts';

const identity: IdentitySettings = { recheckEveryMs: 0 };
const bluesky = useForFile(async () => {
  const started = await startBlueskyNetwork();
  identity.outbound = started.outbound;
  identity.plcUrl = started.plcUrl;
  return started;
});
const service = useService(async () => ({ livekit: await deadLiveKit(), identity }));
const browser = useForFile(async () => {
  const launched = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox'],
  });
  return { launched, stop: () => launched.close() };
});

/** Opens the authorization address, signs in with the password and presses `choice`; the page it ends on. */
async function approve(url: string, choice: 'Authorize' | 'Deny access') {
  const page = await browser.launched.newPage();
  await page.goto(url);
  await page.locator('input[type=password]').fill('correct horse battery');
  await page.locator('input[type=password]').press('Enter');
  await page.getByRole('button', { name: choice }).click();
  await page.waitForURL((address) => address.pathname === '/oauth/bluesky/callback');
  const result = {
    url: page.url(),
    heading: (await page.locator('h1').textContent()) ?? '',
    text: (await page.locator('p').textContent()) ?? '',
  };
  await page.close();
  return result;
}

describe('Sign in with Bluesky (AT Protocol OAuth, real PDS)', () => {
  it('links the DID the PDS vouches for, with its handle verified; the callback works once', async () => {
    const user = await signUpUser(service, 'oauth');
    const account = await bluesky.createUser('dana');
    const started = await api(service, '/v1/me/bluesky/oauth', {
      method: 'POST',
      token: user.token,
      body: { handle: '@Dana.test' },
    });
    expect(started.status).toBe(200);
    expect(new URL(started.body.url).searchParams.get('request_uri')).toMatch(
      /^urn:ietf:params:oauth:request_uri:/,
    );

    const done = await approve(started.body.url, 'Authorize');
    expect(done.heading).toBe('Bluesky account linked');
    expect(done.text).toContain('@dana.test');
    const me = (await api(service, '/v1/me', { token: user.token })).body;
    expect(me.handles).toEqual([
      { site: 'bsky', handle: 'dana.test', status: 'verified', verifiedAt: expect.any(String) },
    ]);
    const [row] = await service.db.query<{ method: string; subject: string }>(
      "SELECT method, subject FROM claimed_handles WHERE site = 'bsky' AND handle = 'dana.test'",
    );
    expect(row).toEqual({ method: 'atproto_oauth', subject: account.did });

    // Re-checks follow the DID (no profile link needed: the PDS vouched for the DID).
    const recheckNow = () =>
      service.db
        .query("UPDATE claimed_handles SET checked_at = now() - interval '2 hours' WHERE subject = $1", [
          account.did,
        ])
        .then(() => service.services.identity.recheckDue());
    expect(await recheckNow()).toMatchObject({ kept: 1 });
    await bluesky.changeHandle(account, 'dana-renamed.test');
    expect(await recheckNow()).toMatchObject({ renamed: 1 });
    expect((await api(service, '/v1/me', { token: user.token })).body.handles).toEqual([
      { site: 'bsky', handle: 'dana-renamed.test', status: 'verified', verifiedAt: expect.any(String) },
    ]);

    // The same callback again (a replayed code and state) links nothing.
    const replay = await fetch(done.url);
    expect(replay.status).toBe(422);
    expect(await replay.text()).toContain('Not linked');
  });

  it('links nothing when the user denies access', async () => {
    const user = await signUpUser(service, 'deny');
    await bluesky.createUser('erin');
    const started = await api(service, '/v1/me/bluesky/oauth', {
      method: 'POST',
      token: user.token,
      body: { handle: 'erin.test' },
    });
    const done = await approve(started.body.url, 'Deny access');
    expect(done.heading).toBe('Not linked');
    expect((await api(service, '/v1/me', { token: user.token })).body.handles).toEqual([]);
  });

  it('needs a session to start, and a Bluesky handle', async () => {
    expect(
      (await api(service, '/v1/me/bluesky/oauth', { method: 'POST', body: { handle: 'dana.test' } })).status,
    ).toBe(401);
    const user = await signUpUser(service, 'bad');
    const bad = await api(service, '/v1/me/bluesky/oauth', {
      method: 'POST',
      token: user.token,
      body: { handle: 'not a handle' },
    });
    expect(bad.status).toBe(400);
  });
});
