/**
 * Reactions travel from the service to everyone in the room as LiveKit data messages sent by the server:
 * checked (signed in, allowed emoji, not banned) and rate-limited per person.
 */
import { dispose, RoomEvent } from '@livekit/rtc-node';
import { afterAll, expect, it } from 'vitest';
import { REACTION_TOPIC } from '../../wire/reactions.ts';
import { api, signUpUser, useServiceFixture } from './support/service-fixture.ts';
import { connectRoom } from './support/sine-publisher.ts';

afterAll(() => dispose());
const fixture = useServiceFixture({ limits: { reactions: { burst: 3, refillMs: 60_000 } } });

it('delivers a reaction to everyone in the room, from the server, naming the sender', async () => {
  const host = await signUpUser(fixture.service, 'host', { displayName: 'Hana' });
  const fan = await signUpUser(fixture.service, 'fan', { displayName: 'Fay' });
  const created = await api(fixture.service, '/v1/rooms', {
    method: 'POST',
    body: { title: 'Claps' },
    token: host.token,
  });
  const roomId = created.body.room.id as string;
  const grant = created.body.host as { url: string; token: string };
  const hostRoom = await connectRoom(grant.url, grant.token);
  const received: Array<{ topic?: string; fromParticipant: boolean; body: unknown }> = [];
  hostRoom.on(RoomEvent.DataReceived, (payload, participant, _kind, topic) => {
    received.push({
      topic,
      fromParticipant: participant !== undefined,
      body: JSON.parse(new TextDecoder().decode(payload)),
    });
  });

  const sent = await api(fixture.service, `/v1/rooms/${roomId}/reactions`, {
    method: 'POST',
    body: { emoji: '👏' },
    token: fan.token,
  });
  expect(sent.status).toBe(200);
  await expect.poll(() => received.length, { timeout: 5_000 }).toBe(1);
  expect(received[0]).toEqual({
    topic: REACTION_TOPIC,
    fromParticipant: false,
    body: { identity: `u-${fan.id}`, name: 'Fay', emoji: '👏' },
  });

  // Refused: not signed in, an emoji that is not offered, an unknown room; then the rate limit.
  const anonymous = await api(fixture.service, `/v1/rooms/${roomId}/reactions`, {
    method: 'POST',
    body: { emoji: '👏' },
  });
  expect(anonymous.status).toBe(401);
  const odd = await api(fixture.service, `/v1/rooms/${roomId}/reactions`, {
    method: 'POST',
    body: { emoji: '<img src=x>' },
    token: fan.token,
  });
  expect(odd).toMatchObject({ status: 400, body: { error: { code: 'invalid_body' } } });
  const nowhere = await api(fixture.service, '/v1/rooms/AAAAAAAAAA/reactions', {
    method: 'POST',
    body: { emoji: '👏' },
    token: fan.token,
  });
  expect(nowhere.status).toBe(404);
  const statuses: number[] = [];
  for (let i = 0; i < 3; i++) {
    const again = await api(fixture.service, `/v1/rooms/${roomId}/reactions`, {
      method: 'POST',
      body: { emoji: '🔥' },
      token: fan.token,
    });
    statuses.push(again.status);
  }
  expect(statuses).toEqual([200, 200, 429]);
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(received).toHaveLength(3); // the refused ones sent nothing
  await hostRoom.disconnect();
});
