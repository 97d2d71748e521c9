/** The directory, the public lookups, share pages and live updates (SSE), against a real LiveKit. */
import { describe, expect, it } from 'vitest';
import { openSse } from '../../scripts/lib/sse-reader.ts';
import { api, postRoom, signUpUser, type TestUser, useServiceFixture } from './support/service-fixture.ts';
import { markHandlesVerified } from './support/verified-handles.ts';

const fixture = useServiceFixture({ heartbeatMs: 300 });

const follow = (follower: TestUser, host: TestUser) =>
  api(fixture.service, `/v1/me/following/${host.username}`, { method: 'PUT', token: follower.token });
const createRoom = async (host: TestUser, body: Record<string, unknown>) =>
  (await postRoom(fixture.service, host, body)).room;
/** Claims the handles and marks them verified as a passed proof would (only verified handles match). */
const claim = async (user: TestUser, handles: Array<{ site: string; handle: string }>) => {
  await api(fixture.service, '/v1/me', { method: 'PATCH', token: user.token, body: { handles } });
  await markHandlesVerified(fixture.service, user.id, handles);
};

describe('directory', () => {
  it('lists live rooms of followed hosts (most listeners first) and upcoming ones (soonest first)', async () => {
    const me = await signUpUser(fixture.service);
    const [busyHost, quietHost, laterHost, stranger] = [
      await signUpUser(fixture.service, 'busy'),
      await signUpUser(fixture.service, 'quiet'),
      await signUpUser(fixture.service, 'later'),
      await signUpUser(fixture.service, 'stranger'),
    ];
    for (const host of [busyHost, quietHost, laterHost]) await follow(me, host);
    const quiet = await createRoom(quietHost, { title: 'Quiet' });
    const busy = await createRoom(busyHost, { title: 'Busy' });
    const inTwoHours = new Date(Date.now() + 7200_000).toISOString();
    const inOneHour = new Date(Date.now() + 3600_000).toISOString();
    const later = await createRoom(laterHost, { title: 'Later', scheduledFor: inTwoHours });
    const sooner = await createRoom(laterHost, { title: 'Sooner', scheduledFor: inOneHour });
    await createRoom(stranger, { title: 'Not followed' });
    // Two listeners in the busy room, as LiveKit's webhooks would report them.
    await fixture.service.db.query(
      `INSERT INTO room_participants (room_id, identity, is_speaker) VALUES ($1, 'g1', false), ($1, 'g2', false)`,
      [busy.id],
    );
    await fixture.service.db.query('UPDATE rooms SET listener_count = 2 WHERE id = $1', [busy.id]);

    const directory = await api(fixture.service, '/v1/directory', { token: me.token });
    expect(directory.status).toBe(200);
    expect(directory.body.live.map((r: { id: string }) => r.id)).toEqual([busy.id, quiet.id]);
    expect(directory.body.upcoming.map((r: { id: string }) => r.id)).toEqual([sooner.id, later.id]);

    // My own rooms are in my directory too: the upcoming one is where I start it from.
    const inThreeHours = new Date(Date.now() + 3 * 3600_000).toISOString();
    const mine = await createRoom(me, { title: 'Mine, later', scheduledFor: inThreeHours });
    const withMine = await api(fixture.service, '/v1/directory', { token: me.token });
    expect(withMine.body.upcoming.map((r: { id: string }) => r.id)).toEqual([sooner.id, later.id, mine.id]);
    await fixture.service.db.query('DELETE FROM rooms WHERE id = $1', [mine.id]);
    expect(directory.body.live[0]).toMatchObject({
      title: 'Busy',
      listenerCount: 2,
      state: 'live',
      hostUsername: busyHost.username,
    });

    // Unchanged: 304 with the same ETag; changed: 200 with a new one.
    const etag = directory.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"/);
    const same = await api(fixture.service, '/v1/directory', {
      token: me.token,
      headers: { 'if-none-match': etag },
    });
    expect(same.status).toBe(304);
    expect(same.body).toBeUndefined();
    await api(fixture.service, `/v1/rooms/${quiet.id}`, { method: 'DELETE', token: quietHost.token });
    const changed = await api(fixture.service, '/v1/directory', {
      token: me.token,
      headers: { 'if-none-match': etag },
    });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(changed.body.live.map((r: { id: string }) => r.id)).toEqual([busy.id]);

    expect(await api(fixture.service, '/v1/directory')).toMatchObject({
      status: 401,
      body: { error: { code: 'unauthenticated' } },
    });
  });
});

describe('public lookups', () => {
  it('looks rooms up by id in one request, leaving unknown ids out', async () => {
    const host = await signUpUser(fixture.service);
    const live = await createRoom(host, { title: 'Look me up' });
    const scheduled = await createRoom(host, {
      title: 'Soon',
      scheduledFor: new Date(Date.now() + 60_000).toISOString(),
    });
    const response = await api(fixture.service, '/v1/rooms/lookup', {
      method: 'POST',
      body: { ids: [live.id, 'Unknown000', scheduled.id, 'not an id', live.id] },
    });
    expect(response.status).toBe(200);
    expect(response.body.rooms.map((r: { id: string; state: string }) => [r.id, r.state]).sort()).toEqual(
      [
        [live.id, 'live'],
        [scheduled.id, 'scheduled'],
      ].sort(),
    );
  });

  it('finds live rooms by their hosts’ verified handles, case-insensitive and ignoring @', async () => {
    const host = await signUpUser(fixture.service);
    const suffix = host.id.slice(0, 6).toLowerCase();
    await claim(host, [
      { site: 'x', handle: `Caster_${suffix}` },
      { site: 'mastodon', handle: `caster@social${suffix}.example` },
    ]);
    const idle = await signUpUser(fixture.service);
    await claim(idle, [{ site: 'bsky', handle: `idle${suffix}.bsky.social` }]);
    const room = await createRoom(host, { title: 'On air' });

    const asked = [
      { site: 'x', handle: `@CASTER_${suffix}` },
      { site: 'mastodon', handle: `@Caster@Social${suffix}.example` },
      { site: 'bsky', handle: `caster_${suffix}` },
      { site: 'bsky', handle: `idle${suffix}.bsky.social` },
      { site: 'x', handle: 'nobody' },
    ];
    const response = await api(fixture.service, '/v1/live-lookup', {
      method: 'POST',
      body: { handles: asked },
    });
    expect(response.status).toBe(200);
    expect(response.body.matches).toHaveLength(2);
    expect(response.body.matches).toEqual(
      expect.arrayContaining([
        {
          site: 'x',
          handle: `@CASTER_${suffix}`,
          room: expect.objectContaining({ id: room.id, state: 'live' }),
        },
        {
          site: 'mastodon',
          handle: `@Caster@Social${suffix}.example`,
          room: expect.objectContaining({ id: room.id }),
        },
      ]),
    );

    await api(fixture.service, `/v1/rooms/${room.id}`, { method: 'DELETE', token: host.token });
    const after = await api(fixture.service, '/v1/live-lookup', { method: 'POST', body: { handles: asked } });
    expect(after.body.matches).toEqual([]);
  });

  it.each([
    ['/v1/rooms/lookup', { ids: Array.from({ length: 101 }, (_, i) => `Room${i}`) }],
    ['/v1/rooms/lookup', { ids: 'Room000001' }],
    ['/v1/live-lookup', { handles: Array.from({ length: 201 }, () => ({ site: 'x', handle: 'a' })) }],
    ['/v1/live-lookup', { handles: [{ site: 'facebook', handle: 'a' }] }],
    ['/v1/live-lookup', { handles: [{ site: 'x', handle: 7 }] }],
  ])('refuses an oversize or malformed batch to %s with 400', async (path, body) => {
    const response = await api(fixture.service, path, { method: 'POST', body });
    expect(response).toMatchObject({ status: 400, body: { error: { code: 'invalid_body' } } });
  });
});

describe('live updates (SSE)', () => {
  it('tells followers when a followed host goes live and ends, with heartbeats; others hear nothing', async () => {
    const [host, follower, other] = [
      await signUpUser(fixture.service, 'host'),
      await signUpUser(fixture.service, 'fan'),
      await signUpUser(fixture.service, 'other'),
    ];
    await follow(follower, host);
    const fan = await openSse(`${fixture.service.url}/v1/events`, follower.token);
    const bystander = await openSse(`${fixture.service.url}/v1/events`, other.token);
    try {
      await fan.next((e) => e.event === 'ready');
      await bystander.next((e) => e.event === 'ready');
      const room = await createRoom(host, { title: 'Breaking news' });
      const live = await fan.next((e) => e.event === 'room.live');
      expect(JSON.parse(live.data).room).toMatchObject({
        id: room.id,
        title: 'Breaking news',
        state: 'live',
      });

      await api(fixture.service, `/v1/rooms/${room.id}`, { method: 'DELETE', token: host.token });
      const ended = await fan.next((e) => e.event === 'room.ended');
      expect(JSON.parse(ended.data).room).toMatchObject({ id: room.id, state: 'ended' });

      await new Promise((resolve) => setTimeout(resolve, 700));
      expect(fan.comments).toBeGreaterThan(0);
      expect(bystander.events.map((e) => e.event)).toEqual(['ready']);
    } finally {
      fan.close();
      bystander.close();
    }
  });

  it('refuses a stream without a session', async () => {
    const response = await api(fixture.service, '/v1/events');
    expect(response).toMatchObject({ status: 401, body: { error: { code: 'unauthenticated' } } });
  });
});
