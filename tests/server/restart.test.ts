/** A restart of the service loses nothing, on the embedded PGlite and on a real Postgres. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { LiveKitSettings } from '../../server/config.ts';
import type { DatabaseSettings } from '../../server/db/open-database.ts';
import { startService } from '../../server/start-service.ts';
import { DRIVERS, startDatabaseHost } from './support/databases.ts';
import { api, deadLiveKit, signUpUser } from './support/service-fixture.ts';
import { useForFile } from './support/use-for-file.ts';

describe.each(DRIVERS)('restarting the service on %s', (driver) => {
  const host = useForFile(() => startDatabaseHost(driver));
  let livekit: LiveKitSettings;
  beforeAll(async () => {
    // Nothing here needs media: scheduled rooms only, so LiveKit can be absent.
    livekit = await deadLiveKit();
  });

  const start = (database: DatabaseSettings) => startService({ database, livekit });

  it('keeps accounts, sessions, handles, follows and rooms', async () => {
    const database = await host.settings();
    const first = await start(database);
    let before: { me: unknown; following: unknown; room: { id: string } };
    let token: string;
    let fanUsername: string;
    try {
      const fan = await signUpUser(first, 'fan');
      const star = await signUpUser(first, 'star');
      token = fan.token;
      fanUsername = fan.username;
      await api(first, '/v1/me', {
        method: 'PATCH',
        token: star.token,
        body: { displayName: 'Star', handles: [{ site: 'x', handle: `star_${star.id.slice(0, 4)}` }] },
      });
      await api(first, `/v1/me/following/${star.username}`, { method: 'PUT', token: fan.token });
      const room = await api(first, '/v1/rooms', {
        method: 'POST',
        token: star.token,
        body: { title: 'Tomorrow', scheduledFor: new Date(Date.now() + 86_400_000).toISOString() },
      });
      expect(room.status).toBe(201);
      before = {
        me: (await api(first, '/v1/me', { token: fan.token })).body,
        following: (await api(first, `/v1/accounts/${fan.username}/following`)).body,
        room: room.body.room,
      };
    } finally {
      await first.stop();
    }

    const second = await start(database);
    try {
      expect((await api(second, '/v1/me', { token })).body).toEqual(before.me);
      expect((await api(second, `/v1/accounts/${fanUsername}/following`)).body).toEqual(before.following);
      const directory = await api(second, '/v1/directory', { token });
      expect(directory.body.upcoming).toEqual([
        { ...before.room, shareUrl: `${second.url}/r/${before.room.id}` },
      ]);
      const signIn = await api(second, '/v1/sessions', {
        method: 'POST',
        body: { username: fanUsername, password: 'correct horse battery' },
      });
      expect(signIn.status).toBe(200);
    } finally {
      await second.stop();
    }
  });
});
