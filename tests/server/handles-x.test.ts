/** X handles cannot be verified: their Live chips go only to viewers who follow the host on Earshot, privately. */
import { describe, expect, it } from 'vitest';
import { api, postRoom, signUpUser, useServiceFixture } from './support/service-fixture.ts';

const fixture = useServiceFixture();

describe('X handles', () => {
  it('make chips only for the viewers who follow the host on Earshot, never in the public list', async () => {
    const [host, fan, stranger] = await Promise.all(
      ['host', 'fan', 'stranger'].map((name) => signUpUser(fixture.service, name)),
    );
    const handle = `famous_${host!.id.slice(0, 6).toLowerCase()}`;
    await api(fixture.service, '/v1/me', {
      method: 'PATCH',
      token: host!.token,
      body: { handles: [{ site: 'x', handle: `@${handle}` }] },
    });
    await api(fixture.service, `/v1/me/following/${host!.username}`, { method: 'PUT', token: fan!.token });
    const { room } = await postRoom(fixture.service, host!, { title: 'On X' });

    const publicList = await api(fixture.service, '/v1/live-hosts?site=x');
    expect(publicList.body.hosts.map((h: { handle: string }) => h.handle)).not.toContain(handle);
    const lookup = await api(fixture.service, '/v1/live-lookup', {
      method: 'POST',
      body: { handles: [{ site: 'x', handle }] },
    });
    expect(lookup.body.matches).toEqual([]);

    const forFan = await api(fixture.service, '/v1/me/live-hosts/x', { token: fan!.token });
    expect(forFan.status).toBe(200);
    expect(forFan.headers.get('cache-control')).toBe('private, no-store');
    expect(forFan.body).toEqual({
      site: 'x',
      hosts: [{ handle, room: expect.objectContaining({ id: room.id, state: 'live' }) }],
      truncated: false,
    });
    const forStranger = await api(fixture.service, '/v1/me/live-hosts/x', { token: stranger!.token });
    expect(forStranger.body.hosts).toEqual([]);
    expect((await api(fixture.service, '/v1/me/live-hosts/x')).status).toBe(401);
  });
});
