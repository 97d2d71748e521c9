/** Two service instances over one Postgres: a follower connected to one hears about rooms going live on the other. */
import { createHash } from 'node:crypto';
import { AccessToken } from 'livekit-server-sdk';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openSse } from '../../scripts/lib/sse-reader.ts';
import { type ServiceHandle, startService } from '../../server/start-service.ts';
import { startDatabaseHost } from './support/databases.ts';
import { api, deadLiveKit, signUpUser } from './support/service-fixture.ts';
import { useForFile } from './support/use-for-file.ts';

const host = useForFile(() => startDatabaseHost('postgres'));
let first: ServiceHandle;
let second: ServiceHandle;
beforeAll(async () => {
  const database = await host.settings();
  const livekit = await deadLiveKit();
  first = await startService({ database, livekit });
  second = await startService({ database, livekit });
});
afterAll(async () => {
  await first?.stop();
  await second?.stop();
});

/** A webhook as LiveKit signs it (the test knows the dev secret). */
async function signedWebhook(
  event: Record<string, unknown>,
): Promise<{ body: string; authorization: string }> {
  const body = JSON.stringify(event);
  const token = new AccessToken('devkey', 'secret');
  token.sha256 = createHash('sha256').update(body).digest('base64');
  return { body, authorization: await token.toJwt() };
}

it('fans room events out across instances through LISTEN/NOTIFY', async () => {
  const star = await signUpUser(first, 'star');
  const fan = await signUpUser(second, 'fan');
  await api(second, `/v1/me/following/${star.username}`, { method: 'PUT', token: fan.token });
  const scheduled = await api(first, '/v1/rooms', {
    method: 'POST',
    token: star.token,
    body: { title: 'Across instances', scheduledFor: new Date(Date.now() + 3600_000).toISOString() },
  });
  const roomId: string = scheduled.body.room.id;

  const updates = await openSse(`${second.url}/v1/events`, fan.token);
  try {
    await updates.next((e) => e.event === 'ready');
    // LiveKit tells the first instance that the room started.
    const { body, authorization } = await signedWebhook({
      event: 'room_started',
      room: { name: roomId },
      id: 'evt-1',
      createdAt: String(Math.floor(Date.now() / 1000)),
    });
    const delivered = await fetch(`${first.url}/v1/livekit/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/webhook+json', authorization },
      body,
    });
    expect(delivered.status).toBe(204);
    const live = await updates.next((e) => e.event === 'room.live');
    expect(JSON.parse(live.data).room).toMatchObject({
      id: roomId,
      state: 'live',
      title: 'Across instances',
    });
    expect((await api(second, `/v1/rooms/${roomId}`)).body.room.state).toBe('live');
  } finally {
    updates.close();
  }
});
