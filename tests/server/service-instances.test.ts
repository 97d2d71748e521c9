/**
 * Two rooms service processes over one Postgres behind a round-robin balancer, with a real LiveKit:
 * everything works whichever instance answers, live updates cross instances within a second, a rate
 * limit holds across them, and killing one under load loses no request (clients retry idempotent
 * calls), no data, and no live-update subscriber (it reconnects through the balancer to the other).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freeTcpPort } from '../../scripts/lib/free-port.ts';
import { type ServiceInstances, startServiceInstances } from '../../scripts/lib/service-instances.ts';
import { openSse, type SseConnection } from '../../scripts/lib/sse-reader.ts';
import { type LiveKitHandle, startLiveKit } from '../../scripts/livekit.ts';
import { startDatabaseHost } from './support/databases.ts';
import { type ApiInit, api, postRoom, signUpUser, type TestUser } from './support/service-fixture.ts';
import { useForFile } from './support/use-for-file.ts';

const host = useForFile(() => startDatabaseHost('postgres'));
let livekit: LiveKitHandle;
let cluster: ServiceInstances;
beforeAll(async () => {
  const database = await host.settings();
  if (database.driver !== 'postgres') throw new Error('expected Postgres');
  const balancerPort = await freeTcpPort();
  livekit = await startLiveKit({ webhookUrls: [`http://127.0.0.1:${balancerPort}/v1/livekit/webhook`] });
  cluster = await startServiceInstances({ count: 2, databaseUrl: database.url, livekit, balancerPort });
}, 120_000);
afterAll(async () => {
  await cluster?.stop();
  await livekit?.stop();
});

const instance = (index: number) => cluster.instances[index]!;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it('signs in, follows, runs and moderates a room whichever instance answers; live updates cross within a second', async () => {
  const [a, b] = [instance(0), instance(1)];
  const star = await signUpUser(a, 'star');
  const fan = await signUpUser(b, 'fan');
  const signedIn = await api(a, '/v1/sessions', {
    method: 'POST',
    body: { username: fan.username, password: 'correct horse battery' },
  });
  expect(signedIn.status).toBe(200);
  const token: string = signedIn.body.session.token;
  expect((await api(b, '/v1/me', { token })).body.username).toBe(fan.username);
  expect((await api(b, `/v1/me/following/${star.username}`, { method: 'PUT', token })).status).toBeLessThan(
    300,
  );

  const onA = await openSse(`${a.url}/v1/events`, token);
  const onB = await openSse(`${b.url}/v1/events`, token);
  try {
    await Promise.all([onA, onB].map((sse) => sse.next((e) => e.event === 'ready')));
    // The host goes live on B; the fan's stream on A hears it, timed from the host's request.
    const postedAt = performance.now();
    const { room } = await postRoom(b, star, { title: 'Across instances' });
    const live = await onA.next((e) => e.event === 'room.live' && JSON.parse(e.data).room.id === room.id);
    const crossed = performance.now() - postedAt;
    console.log(
      `host went live on B: a subscriber on A knew ${crossed.toFixed(0)} ms after the POST was sent`,
    );
    expect(crossed).toBeLessThan(1000);
    expect(JSON.parse(live.data).room).toMatchObject({ state: 'live', title: 'Across instances' });

    const joined = await api(a, `/v1/rooms/${room.id}/join`, { method: 'POST', token, body: {} });
    expect(joined.status).toBe(200);
    expect(joined.body.role).toBe('listener');
    expect((await api(a, '/v1/directory', { token })).body.live.map((r: { id: string }) => r.id)).toContain(
      room.id,
    );
    // A ban made on B holds on A.
    const ban = await api(b, `/v1/rooms/${room.id}/bans`, {
      method: 'POST',
      token: star.token,
      body: { accountId: fan.id },
    });
    expect(ban.status).toBe(204);
    const refused = await api(a, `/v1/rooms/${room.id}/join`, { method: 'POST', token, body: {} });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('banned');

    // Ended on A: the stream on B hears it.
    expect(
      (await api(a, `/v1/rooms/${room.id}/end`, { method: 'POST', token: star.token })).status,
    ).toBeLessThan(300);
    await onB.next((e) => e.event === 'room.ended' && JSON.parse(e.data).room.id === room.id);
  } finally {
    onA.close();
    onB.close();
  }
});

it('holds a sign-in rate limit across instances (one bucket in Postgres, not one per instance)', async () => {
  const user = await signUpUser(instance(0), 'limited');
  const attempt = (index: number) =>
    api(instance(index % 2), '/v1/sessions', {
      method: 'POST',
      body: { username: user.username, password: 'not the password' },
    });
  // The default limit is a burst of 10 per address and username: 10 wrong attempts, alternating.
  for (let index = 0; index < 10; index++) expect((await attempt(index)).status).toBe(401);
  const [onA, onB] = [await attempt(0), await attempt(1)];
  expect(onA.status).toBe(429);
  expect(onB.status).toBe(429);
  expect(Number(onB.headers.get('retry-after'))).toBeGreaterThan(0);
});

/** What a client should do: retry a call that got no answer, or a 502/503, a few times with a short backoff. */
async function retrying(path: string, init: ApiInit, stats: { retries: number }) {
  for (let attempt = 0; ; attempt++) {
    try {
      const response = await api(cluster, path, init);
      if ((response.status !== 502 && response.status !== 503) || attempt >= 8) return response;
    } catch (error) {
      if (attempt >= 8) throw error;
    }
    stats.retries++;
    await sleep(50 * (attempt + 1));
  }
}

/** One user's traffic until `until`: follow (PUT, idempotent), read the directory, join the room (idempotent). */
async function userLoad(user: TestUser, hosts: TestUser[], roomId: string, until: () => boolean) {
  const stats = { requests: 0, retries: 0, failures: [] as string[] };
  for (let step = 0; !until(); step++) {
    const target = hosts[step % hosts.length]!;
    const calls: [string, ApiInit][] = [
      [`/v1/me/following/${target.username}`, { method: 'PUT', token: user.token }],
      ['/v1/directory', { token: user.token }],
      [`/v1/rooms/${roomId}/join`, { method: 'POST', token: user.token, body: {} }],
    ];
    for (const [path, init] of calls) {
      stats.requests++;
      const response = await retrying(path, init, stats);
      if (response.status >= 300) stats.failures.push(`${init.method ?? 'GET'} ${path}: ${response.status}`);
    }
  }
  return stats;
}

it('loses no request, no data and no subscriber when one instance is killed under load', async () => {
  const hosts = await Promise.all([0, 1, 2, 3, 4].map(() => signUpUser(cluster, 'host')));
  const users = await Promise.all([0, 1, 2, 3, 4, 5].map(() => signUpUser(cluster, 'load')));
  const { room } = await postRoom(cluster, hosts[0]!, { title: 'Under load' });
  // Subscribers through the balancer: round robin puts some on each instance.
  const streams: SseConnection[] = [];
  for (const user of users) {
    await api(cluster, `/v1/me/following/${hosts[1]!.username}`, { method: 'PUT', token: user.token });
    const sse = await openSse(`${cluster.url}/v1/events`, user.token);
    await sse.next((e) => e.event === 'ready');
    streams.push(sse);
  }

  let stop = false;
  const load = Promise.all(users.map((user) => userLoad(user, hosts, room.id, () => stop)));
  await sleep(1500);
  const killedAt = performance.now();
  await instance(0).kill();
  // Each stream that was on the killed instance ends; its client reconnects through the balancer.
  const reconnected = await Promise.all(
    streams.map(async (sse, index) => {
      const ended = await Promise.race([sse.ended.then(() => true), sleep(3000).then(() => false)]);
      if (!ended) return { sse, ms: undefined };
      const again = await openSse(`${cluster.url}/v1/events`, users[index]!.token);
      await again.next((e) => e.event === 'ready');
      return { sse: again, ms: performance.now() - killedAt };
    }),
  );
  await sleep(1500);
  stop = true;
  const results = await load;

  const moved = reconnected.filter((r) => r.ms !== undefined).map((r) => Math.round(r.ms!));
  const total = results.reduce((sum, r) => sum + r.requests, 0);
  const retries = results.reduce((sum, r) => sum + r.retries, 0);
  console.log(
    `instance killed under load: ${total} requests, ${retries} retried, ${moved.length} of ${streams.length} SSE clients reconnected in ${moved.join(', ')} ms`,
  );
  expect(results.flatMap((r) => r.failures)).toEqual([]);
  expect(moved.length).toBeGreaterThan(0);

  try {
    // No data lost: every follow made under load is there.
    for (const user of users) {
      const following = await api(cluster, `/v1/accounts/${user.username}/following?limit=50`);
      const names = following.body.accounts.map((a: { username: string }) => a.username);
      expect(names).toEqual(expect.arrayContaining(hosts.map((h) => h.username)));
    }
    // The reconnected streams (and the ones that never moved) hear the next host going live.
    const { room: next } = await postRoom(cluster, hosts[1]!, { title: 'After the kill' });
    await Promise.all(
      reconnected.map(({ sse }) =>
        sse.next((e) => e.event === 'room.live' && JSON.parse(e.data).room.id === next.id, 5000),
      ),
    );
  } finally {
    for (const { sse } of reconnected) sse.close();
    for (const sse of streams) sse.close();
  }
}, 60_000);
