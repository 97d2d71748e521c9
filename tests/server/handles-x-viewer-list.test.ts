/**
 * GET /v1/me/live-hosts/x, the extension's only source of X chips for a signed-in viewer: the X handles of the
 * hosts they follow on Earshot, plus verified X handles (none in production: nothing verifies an X handle; the
 * feed's end-to-end fixtures mark some verified), a verified owner winning over a followed host's claim.
 */
import { describe, expect, it } from 'vitest';
import { api, postRoom, signUpUser, useServiceFixture } from './support/service-fixture.ts';
import { markHandlesVerified } from './support/verified-handles.ts';

const fixture = useServiceFixture();

const claim = (user: { token: string }, handle: string) =>
  api(fixture.service, '/v1/me', {
    method: 'PATCH',
    token: user.token,
    body: { handles: [{ site: 'x', handle }] },
  });

describe('GET /v1/me/live-hosts/x', () => {
  it('lists followed hosts’ claimed X handles and verified ones, the verified owner first for a shared handle', async () => {
    const [owner, pretender, other, viewer] = await Promise.all(
      ['owner', 'pretender', 'other', 'viewer'].map((name) => signUpUser(fixture.service, name)),
    );
    const suffix = owner!.id.slice(0, 6).toLowerCase();
    const famous = `famous_${suffix}`;
    const followedOnly = `friend_${suffix}`;
    await claim(owner!, famous);
    await markHandlesVerified(fixture.service, owner!.id, [{ site: 'x', handle: famous }]);
    await claim(pretender!, famous); // a claim of someone else's verified handle
    await claim(other!, followedOnly);
    for (const followed of [pretender!, other!])
      await api(fixture.service, `/v1/me/following/${followed.username}`, {
        method: 'PUT',
        token: viewer!.token,
      });
    const rooms = {
      owner: (await postRoom(fixture.service, owner!, { title: 'The real one' })).room,
      pretender: (await postRoom(fixture.service, pretender!, { title: 'Not them' })).room,
      other: (await postRoom(fixture.service, other!, { title: 'A friend' })).room,
    };

    const mine = (body: { hosts: Array<{ handle: string; room: { id: string } }> }) =>
      Object.fromEntries(
        body.hosts.filter((h) => h.handle.endsWith(suffix)).map((h) => [h.handle, h.room.id]),
      );
    const forViewer = await api(fixture.service, '/v1/me/live-hosts/x', { token: viewer!.token });
    expect(forViewer.status).toBe(200);
    expect(mine(forViewer.body)).toEqual({ [famous]: rooms.owner.id, [followedOnly]: rooms.other.id });
    expect(forViewer.body.truncated).toBe(false);
    // Someone following nobody: the verified handle only.
    const stranger = await signUpUser(fixture.service, 'stranger');
    const forStranger = await api(fixture.service, '/v1/me/live-hosts/x', { token: stranger.token });
    expect(mine(forStranger.body)).toEqual({ [famous]: rooms.owner.id });
    expect(rooms.pretender.id).not.toBe(rooms.owner.id);
  });
});
