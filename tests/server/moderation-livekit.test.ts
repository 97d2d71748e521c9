/**
 * Roles and moderation enforced by a real LiveKit server: promotion without reconnecting, mute,
 * remove + ban, cohosts, the stage cap, and LiveKit's webhooks moving rooms between states.
 */
import { dispose, type Room, RoomEvent } from '@livekit/rtc-node';
import { RoomServiceClient, TrackType } from 'livekit-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSse } from '../../scripts/lib/sse-reader.ts';
import { api, postRoom, signUpUser, type TestUser, useServiceFixture } from './support/service-fixture.ts';
import { connectRoom, microphoneOptions, publishTone, toneTrack } from './support/sine-publisher.ts';

afterAll(() => dispose());
const fixture = useServiceFixture();
let roomService: RoomServiceClient;
beforeAll(async () => {
  roomService = new RoomServiceClient(
    fixture.livekit.httpUrl,
    fixture.livekit.apiKey,
    fixture.livekit.apiSecret,
  );
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function eventually<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`condition not met in ${timeoutMs} ms; last value ${JSON.stringify(value)}`);
    await sleep(100);
  }
}

const liveRoom = (host: TestUser, title = 'Stage') => postRoom(fixture.service, host, { title });

async function join(roomId: string, user: TestUser) {
  const grant = await api(fixture.service, `/v1/rooms/${roomId}/join`, { method: 'POST', token: user.token });
  expect(grant.status).toBe(200);
  return grant.body as { url: string; token: string; identity: string; role: string };
}

const roomState = async (roomId: string) => (await api(fixture.service, `/v1/rooms/${roomId}`)).body.room;

describe('the stage', () => {
  it('lets an invited listener publish after promotion, without reconnecting, and stops them when moved back', async () => {
    const host = await signUpUser(fixture.service, 'host');
    const guest = await signUpUser(fixture.service, 'guest');
    const { room } = await liveRoom(host);
    const grant = await join(room.id, guest);
    expect(grant.role).toBe('listener');
    const listener: Room = await connectRoom(grant.url, grant.token);
    let reconnects = 0;
    let disconnects = 0;
    listener.on(RoomEvent.Reconnecting, () => reconnects++);
    listener.on(RoomEvent.Disconnected, () => disconnects++);
    const tone = toneTrack('promoted');
    try {
      // Listeners ask through the service: a hand, seen in the moderators' queue.
      expect(
        (await api(fixture.service, `/v1/rooms/${room.id}/hand`, { method: 'POST', token: guest.token }))
          .status,
      ).toBe(204);
      const queue = await api(fixture.service, `/v1/rooms/${room.id}/requests`, { token: host.token });
      expect(queue.body.requests).toEqual([
        expect.objectContaining({ accountId: guest.id, username: guest.username }),
      ]);
      expect(
        await api(fixture.service, `/v1/rooms/${room.id}/requests`, { token: guest.token }),
      ).toMatchObject({
        status: 403,
        body: { error: { code: 'not_a_moderator' } },
      });

      const invited = await api(fixture.service, `/v1/rooms/${room.id}/stage`, {
        method: 'POST',
        token: host.token,
        body: { username: guest.username, onStage: true },
      });
      expect(invited.body).toEqual({ accountId: guest.id, role: 'speaker', applied: true });
      expect(
        (await api(fixture.service, `/v1/rooms/${room.id}/requests`, { token: host.token })).body.requests,
      ).toEqual([]);
      const inLiveKit = await roomService.getParticipant(room.id, grant.identity);
      expect(inLiveKit.permission?.canPublish).toBe(true);
      await eventually(
        async () => listener.localParticipant?.attributes.role,
        (role) => role === 'speaker',
      );

      const publication = await listener.localParticipant!.publishTrack(tone.track, microphoneOptions());
      expect(publication.sid).toBeTruthy();
      const published = await eventually(
        () => roomService.getParticipant(room.id, grant.identity),
        (p) => p.tracks.some((t) => t.type === TrackType.AUDIO),
      );
      expect(published.tracks).toHaveLength(1);
      expect(reconnects).toBe(0);
      expect(disconnects).toBe(0);
      expect(listener.isConnected).toBe(true);
      await eventually(
        async () => (await roomState(room.id)).speakerCount,
        (count) => count === 1,
      );

      // Moved back: LiveKit takes the permission and the track away, still without a reconnect.
      const back = await api(fixture.service, `/v1/rooms/${room.id}/stage`, {
        method: 'POST',
        token: host.token,
        body: { accountId: guest.id, onStage: false },
      });
      expect(back.body).toMatchObject({ role: 'listener', applied: true });
      const demoted = await eventually(
        () => roomService.getParticipant(room.id, grant.identity),
        (p) => p.permission?.canPublish === false && p.tracks.length === 0,
      );
      expect(demoted.tracks).toEqual([]);
      expect(listener.isConnected).toBe(true);
      expect(reconnects).toBe(0);
    } finally {
      await tone.stop();
      await listener.disconnect();
    }
  });

  it("mutes a speaker's microphone", async () => {
    const host = await signUpUser(fixture.service, 'host');
    const speaker = await signUpUser(fixture.service, 'speaker');
    const { room } = await liveRoom(host);
    await api(fixture.service, `/v1/rooms/${room.id}/stage`, {
      method: 'POST',
      token: host.token,
      body: { username: speaker.username, onStage: true },
    });
    const grant = await join(room.id, speaker);
    expect(grant.role).toBe('speaker');
    const publisher = await publishTone(grant.url, grant.token);
    try {
      await eventually(
        () => roomService.getParticipant(room.id, grant.identity),
        (p) => p.tracks.length === 1,
      );
      const muted = await api(fixture.service, `/v1/rooms/${room.id}/mute`, {
        method: 'POST',
        token: host.token,
        body: { username: speaker.username },
      });
      expect(muted.status).toBe(204);
      const after = await eventually(
        () => roomService.getParticipant(room.id, grant.identity),
        (p) => p.tracks[0]?.muted === true,
      );
      expect(after.tracks[0]?.muted).toBe(true);
      const absent = await signUpUser(fixture.service);
      expect(
        await api(fixture.service, `/v1/rooms/${room.id}/mute`, {
          method: 'POST',
          token: host.token,
          body: { accountId: absent.id },
        }),
      ).toMatchObject({ status: 404, body: { error: { code: 'participant_not_found' } } });
    } finally {
      await publisher.stop();
    }
  });

  it('removes and bans: the participant is disconnected and cannot rejoin, neither with a new nor the old token', async () => {
    const host = await signUpUser(fixture.service, 'host');
    const troll = await signUpUser(fixture.service, 'troll');
    const { room } = await liveRoom(host);
    const grant = await join(room.id, troll);
    const connection = await connectRoom(grant.url, grant.token);
    const left = new Promise<void>((resolve) => connection.once(RoomEvent.Disconnected, () => resolve()));
    try {
      const removed = await api(fixture.service, `/v1/rooms/${room.id}/bans`, {
        method: 'POST',
        token: host.token,
        body: { username: troll.username },
      });
      expect(removed.status).toBe(204);
      await left;
      expect(
        await api(fixture.service, `/v1/rooms/${room.id}/join`, { method: 'POST', token: troll.token }),
      ).toMatchObject({
        status: 403,
        body: { error: { code: 'banned' } },
      });
      expect(
        await api(fixture.service, `/v1/rooms/${room.id}/hand`, { method: 'POST', token: troll.token }),
      ).toMatchObject({
        status: 403,
        body: { error: { code: 'banned' } },
      });
      // The old token: LiveKit lets it in (no per-identity ban), the service's webhook throws it out.
      const rejoin = await connectRoom(grant.url, grant.token).then(
        (again) =>
          new Promise<string>((resolve) => {
            if (!again.isConnected) resolve('removed');
            again.once(RoomEvent.Disconnected, () => resolve('removed'));
            setTimeout(() => void again.disconnect().then(() => resolve('stayed')), 5000);
          }),
        () => 'refused',
      );
      expect(['refused', 'removed']).toContain(rejoin);
    } finally {
      await connection.disconnect().catch(() => {});
    }
  });

  it('gives cohosts moderation (at most 2), caps the stage at 13, and refuses everyone else', async () => {
    const host = await signUpUser(fixture.service, 'host');
    const { room } = await liveRoom(host);
    const users: TestUser[] = [];
    for (let i = 0; i < 14; i++) users.push(await signUpUser(fixture.service, `u${i}`));
    const [cohostA, cohostB, cohostC, ...rest] = users as [TestUser, TestUser, TestUser, ...TestUser[]];
    const setCohost = (target: TestUser, by = host) =>
      api(fixture.service, `/v1/rooms/${room.id}/cohosts`, {
        method: 'POST',
        token: by.token,
        body: { accountId: target.id },
      });

    expect((await setCohost(cohostA)).body).toMatchObject({ role: 'cohost', applied: false });
    expect((await setCohost(cohostC, cohostA)).body.error.code).toBe('not_the_host');
    expect((await setCohost(cohostB)).status).toBe(200);
    const third = await setCohost(cohostC);
    expect(third).toMatchObject({ status: 409, body: { error: { code: 'cohost_limit' } } });
    expect((await join(room.id, cohostA)).role).toBe('cohost');
    expect((await join(room.id, cohostC)).role).toBe('listener');

    // A cohost invites speakers until host + 2 cohosts + 10 speakers fill the 13 places.
    const invite = (target: TestUser, by: TestUser) =>
      api(fixture.service, `/v1/rooms/${room.id}/stage`, {
        method: 'POST',
        token: by.token,
        body: { accountId: target.id, onStage: true },
      });
    for (const speaker of rest.slice(0, 10)) expect((await invite(speaker, cohostA)).status).toBe(200);
    const full = await invite(rest[10]!, cohostA);
    expect(full).toMatchObject({ status: 409, body: { error: { code: 'stage_full' } } });
    expect((await join(room.id, rest[10]!)).role).toBe('listener');

    // Someone on stage or in the audience cannot moderate; the host cannot be moderated.
    expect((await invite(cohostC, rest[0]!)).body.error.code).toBe('not_a_moderator');
    const banHost = await api(fixture.service, `/v1/rooms/${room.id}/bans`, {
      method: 'POST',
      token: cohostA.token,
      body: { accountId: host.id },
    });
    expect(banHost).toMatchObject({ status: 403, body: { error: { code: 'cannot_moderate' } } });
    const unknownRoom = await api(fixture.service, '/v1/rooms/Unknown000/stage', {
      method: 'POST',
      token: host.token,
      body: { accountId: cohostC.id, onStage: true },
    });
    expect(unknownRoom).toMatchObject({ status: 404, body: { error: { code: 'room_not_found' } } });
    const badBody = await api(fixture.service, `/v1/rooms/${room.id}/stage`, {
      method: 'POST',
      token: host.token,
      body: { accountId: cohostC.id, username: cohostC.username, onStage: 'yes' },
    });
    expect(badBody).toMatchObject({ status: 400, body: { error: { code: 'invalid_body' } } });
    expect((await join(room.id, cohostC)).role).toBe('listener');

    // Taking a cohost role back frees a place; a cohost can end the room for everyone.
    const demoted = await api(fixture.service, `/v1/rooms/${room.id}/cohosts/${cohostB.id}`, {
      method: 'DELETE',
      token: host.token,
    });
    expect(demoted.body).toMatchObject({ role: 'listener' });
    expect((await invite(rest[10]!, host)).status).toBe(200);
    expect(
      (await api(fixture.service, `/v1/rooms/${room.id}/end`, { method: 'POST', token: cohostA.token }))
        .status,
    ).toBe(204);
    expect((await roomState(room.id)).state).toBe('ended');
  });
});

describe('acting on a room you do not run', () => {
  it.each([
    [
      'inviting to the stage',
      'POST',
      'stage',
      (target: TestUser) => ({ accountId: target.id, onStage: true }),
      403,
      'not_a_moderator',
    ],
    ['muting', 'POST', 'mute', (target: TestUser) => ({ accountId: target.id }), 403, 'not_a_moderator'],
    [
      'removing and banning',
      'POST',
      'bans',
      (target: TestUser) => ({ accountId: target.id }),
      403,
      'not_a_moderator',
    ],
    [
      'appointing a cohost',
      'POST',
      'cohosts',
      (target: TestUser) => ({ accountId: target.id }),
      403,
      'not_the_host',
    ],
    ['reading the requests', 'GET', 'requests', () => undefined, 403, 'not_a_moderator'],
    ['ending the room', 'POST', 'end', () => undefined, 403, 'not_a_moderator'],
    ['starting the room', 'POST', 'start', () => undefined, 403, 'not_the_host'],
    ['sending malformed JSON', 'POST', 'stage', () => '{"onStage":', 400, 'invalid_json'],
    [
      'sending both account id and username',
      'POST',
      'bans',
      (t: TestUser) => ({ accountId: t.id, username: t.username }),
      400,
      'invalid_body',
    ],
  ] as const)(
    'refuses %s with a precise error and changes nothing',
    async (_, method, action, body, status, code) => {
      const host = await signUpUser(fixture.service, 'host');
      const stranger = await signUpUser(fixture.service, 'stranger');
      const target = await signUpUser(fixture.service, 'target');
      const { room } = await liveRoom(host);
      await api(fixture.service, `/v1/rooms/${room.id}/hand`, { method: 'POST', token: target.token });
      const snapshot = async () => ({
        room: await fixture.service.db.query('SELECT state, ended_at FROM rooms WHERE id = $1', [room.id]),
        roles: await fixture.service.db.query('SELECT account_id, role FROM room_roles WHERE room_id = $1', [
          room.id,
        ]),
        bans: await fixture.service.db.query('SELECT account_id FROM room_bans WHERE room_id = $1', [
          room.id,
        ]),
        hands: await fixture.service.db.query('SELECT account_id FROM hand_raises WHERE room_id = $1', [
          room.id,
        ]),
      });
      const before = await snapshot();
      const payload = body(target);
      const actor = code === 'invalid_json' || code === 'invalid_body' ? host : stranger;
      const response = await api(fixture.service, `/v1/rooms/${room.id}/${action}`, {
        method,
        token: actor.token,
        ...(typeof payload === 'string'
          ? { rawBody: payload }
          : payload === undefined
            ? {}
            : { body: payload }),
      });
      expect(response).toMatchObject({ status, body: { error: { code } } });
      expect(await snapshot()).toEqual(before);
      expect(before.hands).toHaveLength(1);
    },
  );
});

describe('LiveKit webhooks', () => {
  it('move a room to live and ended, and keep its counts', async () => {
    const host = await signUpUser(fixture.service, 'host');
    const created = await api(fixture.service, '/v1/rooms', {
      method: 'POST',
      token: host.token,
      body: { title: 'Started elsewhere', scheduledFor: new Date(Date.now() + 3600_000).toISOString() },
    });
    const roomId: string = created.body.room.id;
    // The LiveKit room appears without the service starting it (e.g. a crash between the two steps).
    // It closes itself one second after the last participant leaves.
    await roomService.createRoom({ name: roomId, departureTimeout: 1 });
    const live = await eventually(
      () => roomState(roomId),
      (room) => room.state === 'live',
    );
    expect(Date.parse(live.startedAt)).not.toBeNaN();

    const listener = await signUpUser(fixture.service, 'listener');
    await api(fixture.service, `/v1/me/following/${host.username}`, { method: 'PUT', token: listener.token });
    const updates = await openSse(`${fixture.service.url}/v1/events`, listener.token);
    try {
      await updates.next((e) => e.event === 'ready');
      const grant = await join(roomId, listener);
      const connection = await connectRoom(grant.url, grant.token);
      try {
        await eventually(
          () => roomState(roomId),
          (room) => room.listenerCount === 1,
        );
        // Followers hear about the new count on their live-updates stream.
        const counts = await updates.next(
          (e) => e.event === 'room.counts' && JSON.parse(e.data).room.listenerCount === 1,
        );
        expect(JSON.parse(counts.data).room).toMatchObject({ id: roomId, state: 'live' });
      } finally {
        await connection.disconnect();
      }
    } finally {
      updates.close();
    }
    await eventually(
      () => roomState(roomId),
      (room) => room.listenerCount === 0,
    );

    // LiveKit closes the room once it is left empty (departure timeout): the room is over.
    const ended = await eventually(
      () => roomState(roomId),
      (room) => room.state === 'ended',
    );
    expect(ended.listenerCount).toBe(0);
  });

  it('refuses forged or unsigned webhooks and changes nothing', async () => {
    const host = await signUpUser(fixture.service, 'host');
    const { room } = await liveRoom(host, 'Not to be ended by strangers');
    const body = JSON.stringify({
      event: 'room_finished',
      room: { name: room.id },
      id: 'forged',
      createdAt: String(Math.floor(Date.now() / 1000)),
    });
    const post = (headers: Record<string, string>) =>
      fetch(new URL('/v1/livekit/webhook', fixture.service.url), {
        method: 'POST',
        headers: { 'content-type': 'application/webhook+json', ...headers },
        body,
      });
    const { AccessToken } = await import('livekit-server-sdk');
    const wrongSecret = new AccessToken('devkey', 'not-the-secret');
    wrongSecret.sha256 = (await import('node:crypto')).createHash('sha256').update(body).digest('base64');

    const attempts: Array<Record<string, string>> = [
      {},
      { authorization: 'garbage' },
      { authorization: await wrongSecret.toJwt() },
    ];
    for (const headers of attempts) {
      const response = await post(headers);
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ error: { code: 'invalid_webhook' } });
    }
    expect((await roomState(room.id)).state).toBe('live');
  });
});
