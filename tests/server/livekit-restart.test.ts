/**
 * LiveKit restarts (or crashes) and forgets every room. The rooms service must not end the rooms it
 * knows are live: listeners are told the room is reconnecting, the host's rejoin brings the room back
 * in LiveKit, and only a room whose host does not come back within the grace period is ended.
 */
import { createHash } from 'node:crypto';
import { dispose } from '@livekit/rtc-node';
import { RoomServiceClient } from 'livekit-server-sdk';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { runDemoBot } from '../../scripts/demo-bot.ts';
import { hearLoudFrames } from './support/audio-meter.ts';
import {
  api,
  postRoom,
  type ServiceFixture,
  signUpUser,
  startServiceFixture,
} from './support/service-fixture.ts';

let fixture: ServiceFixture | undefined;

afterAll(async () => {
  await dispose();
});

afterEach(async () => {
  await fixture?.stop();
  fixture = undefined;
});

/** LiveKit and the rooms service (torn down after each test), and the rooms LiveKit has now. */
async function startBoth(mediaLossGraceMs?: number) {
  const started = await startServiceFixture({ mediaLossGraceMs });
  fixture = started;
  const livekitRooms = async () => {
    const { httpUrl, apiKey, apiSecret } = started.livekit;
    return (await new RoomServiceClient(httpUrl, apiKey, apiSecret).listRooms()).map((room) => room.name);
  };
  return { service: started.service, restartLiveKit: () => started.restartLiveKit(), livekitRooms };
}

describe('a LiveKit restart', () => {
  it('keeps the room live: listeners wait, the host brings it back, then listeners get in', async () => {
    const { service, restartLiveKit, livekitRooms } = await startBoth();
    const host = await signUpUser(service, 'host');
    const listener = await signUpUser(service, 'listener');
    const roomId = (await postRoom(service, host, { title: 'Survives restarts' })).room.id;
    expect(await livekitRooms()).toContain(roomId);

    await restartLiveKit();
    expect(await livekitRooms()).not.toContain(roomId);

    // The directory does not offer a room nobody can hear right now, but does not end it either.
    const directory = await api(service, '/v1/rooms');
    expect(directory.body.rooms.map((room: { id: string }) => room.id)).not.toContain(roomId);
    expect((await api(service, `/v1/rooms/${roomId}`)).body.room.state).toBe('live');

    // A listener (signed in or guest) is told to retry, not that the room is gone.
    const early = await api(service, `/v1/rooms/${roomId}/join`, { method: 'POST', token: listener.token });
    expect(early.status).toBe(503);
    expect(early.body.error.code).toBe('room_reconnecting');
    expect(early.headers.get('retry-after')).toBe('2');
    const guest = await api(service, `/v1/rooms/${roomId}/listen`, { method: 'POST', body: {} });
    expect(guest.status).toBe(503);

    // The host's rejoin recreates the room in LiveKit.
    const hostBack = await api(service, `/v1/rooms/${roomId}/join`, { method: 'POST', token: host.token });
    expect(hostBack.status).toBe(200);
    expect(hostBack.body.role).toBe('host');
    expect(await livekitRooms()).toContain(roomId);

    const late = await api(service, `/v1/rooms/${roomId}/join`, { method: 'POST', token: listener.token });
    expect(late.status).toBe(200);
    expect(late.body.role).toBe('listener');
    const listed = await api(service, '/v1/rooms');
    expect(listed.body.rooms.map((room: { id: string }) => room.id)).toContain(roomId);
  });

  it('the demo bot gets back in by itself and a listener hears it again', async () => {
    const { service, restartLiveKit } = await startBoth();
    const lines: string[] = [];
    const bot = await runDemoBot({
      serviceUrl: service.url,
      title: 'Back after restarts',
      log: (l) => lines.push(l),
    });
    try {
      await restartLiveKit();
      const deadline = Date.now() + 20_000;
      while (!lines.some((line) => line.startsWith('demo-bot reconnected')) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(lines.find((line) => line.startsWith('demo-bot reconnect'))).toMatch(
        /SERVER_SHUTDOWN|reconnecting/,
      );
      expect(lines.some((line) => line.startsWith('demo-bot reconnected'))).toBe(true);

      const grant = await api(service, `/v1/rooms/${bot.roomId}/listen`, { method: 'POST', body: {} });
      expect(grant.status).toBe(200);
      await hearLoudFrames(grant.body, 20, 10_000);
    } finally {
      await bot.stop();
    }
  });

  it('does not take the room_finished LiveKit sends as it shuts down for the end of the room', async () => {
    const { service } = await startBoth();
    const host = await signUpUser(service, 'host');
    const roomId = (await postRoom(service, host, { title: 'Full room' })).room.id;
    // The same event LiveKit sends when it closes rooms on shutdown, signed with its key, while the
    // host is still in the room.
    const { AccessToken } = await import('livekit-server-sdk');
    await api(service, `/v1/rooms/${roomId}/join`, { method: 'POST', token: host.token });
    const createdAt = String(Math.floor(Date.now() / 1000));
    const joined = {
      event: 'participant_joined',
      room: { name: roomId },
      participant: { identity: `u-${host.id}`, permission: { canPublish: true } },
      id: 'EV_joined',
      createdAt,
    };
    const finished = {
      event: 'room_finished',
      room: { name: roomId, departureTimeout: 120, emptyTimeout: 600 },
      id: 'EV_finished',
      createdAt,
    };
    for (const event of [joined, finished]) {
      const body = JSON.stringify(event);
      const token = new AccessToken(fixture!.livekit.apiKey, fixture!.livekit.apiSecret);
      token.sha256 = createHash('sha256').update(body).digest('base64');
      const response = await api(service, '/v1/livekit/webhook', {
        method: 'POST',
        rawBody: body,
        headers: { 'content-type': 'application/webhook+json', authorization: await token.toJwt() },
      });
      expect(response.status).toBeLessThan(300);
    }
    expect((await api(service, `/v1/rooms/${roomId}`)).body.room.state).toBe('live');
    const back = await api(service, `/v1/rooms/${roomId}/join`, { method: 'POST', token: host.token });
    expect(back.status).toBe(200);
  });

  it('ends a room whose host does not come back within the grace period', async () => {
    const { service, restartLiveKit, livekitRooms } = await startBoth(3000);
    const host = await signUpUser(service, 'host');
    const roomId = (await postRoom(service, host, { title: 'Host never returns' })).room.id;

    await restartLiveKit();
    // Seen lost now (the grace starts), then seen again after the grace: ended.
    await api(service, '/v1/rooms');
    expect((await api(service, `/v1/rooms/${roomId}`)).body.room.state).toBe('live');
    await new Promise((resolve) => setTimeout(resolve, 3200));
    await api(service, '/v1/rooms');
    expect((await api(service, `/v1/rooms/${roomId}`)).body.room.state).toBe('ended');

    // The host coming back too late finds it ended, and LiveKit is not given the room again.
    const tooLate = await api(service, `/v1/rooms/${roomId}/join`, { method: 'POST', token: host.token });
    expect(tooLate.status).toBe(404);
    expect(await livekitRooms()).not.toContain(roomId);
  });
});
