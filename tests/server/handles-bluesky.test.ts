/**
 * Bluesky handles verified against a real PLC directory and PDS (@atproto/dev-env, support/bluesky-network.ts):
 * handle → DID → DID document → the profile record's description carrying the Earshot profile address. The
 * verification is tied to the DID: a handle change is followed, a removed link drops it.
 */
import { describe, expect, it } from 'vitest';
import type { IdentitySettings } from '../../server/identity/handle-verification.ts';
import { startBlueskyNetwork } from './support/bluesky-network.ts';
import { handleCalls } from './support/handle-calls.ts';
import { postRoom, signUpUser, useServiceFixture } from './support/service-fixture.ts';
import { useForFile } from './support/use-for-file.ts';

// The network starts first: the service is made with its addresses.
const identity: IdentitySettings = { recheckEveryMs: 300, recheckAfterMs: 0 };
const bluesky = useForFile(async () => {
  const started = await startBlueskyNetwork();
  identity.outbound = started.outbound;
  identity.plcUrl = started.plcUrl;
  return started;
});
const fixture = useServiceFixture({ identity });

const { profileUrl, verify, me, liveHosts } = handleCalls(fixture, 'bsky');

describe('Bluesky handles (AT Protocol identity, real PDS)', () => {
  it('verifies a handle whose profile description carries the Earshot profile address', async () => {
    const user = await signUpUser(fixture.service, 'sky');
    const account = await bluesky.createUser('alice');
    await bluesky.setDescription(account, `Audio rooms: ${profileUrl(user)}.`);
    const verified = await verify(user, '@Alice.test');
    expect(verified.status).toBe(200);
    expect(verified.body.handles).toEqual([
      { site: 'bsky', handle: 'alice.test', status: 'verified', verifiedAt: expect.any(String) },
    ]);
    const [row] = await fixture.service.db.query<{ subject: string; method: string }>(
      "SELECT subject, method FROM claimed_handles WHERE site = 'bsky' AND handle = 'alice.test'",
    );
    expect(row).toEqual({ subject: account.did, method: 'atproto_profile' });
  });

  it('refuses without the link, or with someone else’s, storing nothing', async () => {
    const [owner, impostor] = [
      await signUpUser(fixture.service, 'own'),
      await signUpUser(fixture.service, 'imp'),
    ];
    const account = await bluesky.createUser('bob');
    await bluesky.setDescription(account, 'no link here');
    const none = await verify(owner, 'bob.test');
    expect(none.status).toBe(422);
    expect(none.body.error.message).toContain(profileUrl(owner));
    await bluesky.setDescription(account, profileUrl(owner));
    expect((await verify(impostor, 'bob.test')).body.error.code).toBe('verification_failed');
    expect((await me(impostor)).handles).toEqual([]);
    expect((await verify(owner, 'bob.test')).status).toBe(200);
    // A handle nobody has: the PDS answers 404, nothing stored.
    const unknown = await verify(owner, 'nobody-here.test');
    expect(unknown.status).toBe(502);
    expect((await me(owner)).handles.map((h: { handle: string }) => h.handle)).toEqual(['bob.test']);
  });

  it('follows the DID when the handle changes, and drops the handle when the link goes', async () => {
    const user = await signUpUser(fixture.service, 'moves');
    const account = await bluesky.createUser('carol');
    await bluesky.setDescription(account, profileUrl(user));
    expect((await verify(user, 'carol.test')).status).toBe(200);
    await postRoom(fixture.service, user, { title: 'Carol live' });
    expect(await liveHosts()).toContain('carol.test');

    await bluesky.changeHandle(account, 'carol-new.test');
    await expect
      .poll(async () => (await me(user)).handles, { timeout: 8000, interval: 150 })
      .toEqual([
        { site: 'bsky', handle: 'carol-new.test', status: 'verified', verifiedAt: expect.any(String) },
      ]);
    expect(await liveHosts()).toContain('carol-new.test');
    expect(await liveHosts()).not.toContain('carol.test');

    await bluesky.setDescription(account, 'moved on');
    await expect
      .poll(async () => (await me(user)).handles[0]?.status, { timeout: 8000, interval: 150 })
      .toBe('claimed');
    expect(await liveHosts()).not.toContain('carol-new.test');
  });
});
