/**
 * A database with something of everything a server keeps — accounts (with passwords and sessions),
 * claimed handles, follows, a live room with a cohost, a scheduled room and an ended room — and what the
 * API says about it, to compare a database before and after a backup, a restore or an upgrade.
 */
import { api, postRoom, signUpUser, type TestUser } from './service-fixture.ts';

const PASSWORD = 'correct horse battery';

/** Throws unless the API answered `status`: a population that silently lacks something proves nothing. */
async function expectStatus(answer: Promise<{ status: number; body: unknown }>, status: number) {
  const { status: got, body } = await answer;
  if (got !== status) throw new Error(`expected ${status}, got ${got}: ${JSON.stringify(body)}`);
}

export interface Population {
  users: TestUser[];
  roomIds: string[];
}

/** Fills the service's database through its API (LiveKit must be up: one room is started). */
export async function populate(service: { url: string }): Promise<Population> {
  const [host, fan, other] = [
    await signUpUser(service, 'host', { displayName: 'The Host' }),
    await signUpUser(service, 'fan'),
    await signUpUser(service, 'other'),
  ];
  const users = [host!, fan!, other!];
  await expectStatus(
    api(service, '/v1/me', {
      method: 'PATCH',
      token: host!.token,
      body: {
        displayName: 'Host, renamed',
        handles: [
          { site: 'x', handle: `@${host!.username.toLowerCase().slice(0, 15)}` },
          { site: 'bsky', handle: `${host!.username.toLowerCase().replaceAll('_', '-')}.bsky.social` },
        ],
      },
    }),
    200,
  );
  await expectStatus(
    api(service, '/v1/me', {
      method: 'PATCH',
      token: fan!.token,
      body: { handles: [{ site: 'mastodon', handle: `${fan!.username.toLowerCase()}@mastodon.social` }] },
    }),
    200,
  );
  for (const [follower, followee] of [
    [fan!, host!],
    [other!, host!],
    [host!, fan!],
  ] as const) {
    await expectStatus(
      api(service, `/v1/me/following/${followee.username}`, { method: 'PUT', token: follower.token }),
      204,
    );
  }
  const live = await postRoom(service, host!, { title: 'Live: backups', description: 'kept' });
  await expectStatus(
    api(service, `/v1/rooms/${live.room.id}/cohosts`, {
      method: 'POST',
      token: host!.token,
      body: { username: fan!.username },
    }),
    200,
  );
  const scheduled = await postRoom(service, fan!, {
    title: 'Later',
    scheduledFor: new Date(Date.now() + 86_400_000).toISOString(),
  });
  const ended = await postRoom(service, other!, { title: 'Over' });
  await expectStatus(
    api(service, `/v1/rooms/${ended.room.id}/end`, { method: 'POST', token: other!.token }),
    204,
  );
  return { users, roomIds: [live.room.id, scheduled.room.id, ended.room.id] };
}

/** Everything the API answers about the population, old session tokens and passwords included. */
export async function describePopulation(service: { url: string }, { users, roomIds }: Population) {
  const perUser = [];
  for (const user of users) {
    const me = await api(service, '/v1/me', { token: user.token });
    const signIn = await api(service, '/v1/sessions', {
      method: 'POST',
      body: { username: user.username, password: PASSWORD },
    });
    perUser.push({
      me: { status: me.status, body: me.body },
      signIn: { status: signIn.status, account: signIn.body?.account },
      following: (await api(service, `/v1/accounts/${user.username}/following`)).body,
      followers: (await api(service, `/v1/accounts/${user.username}/followers`)).body,
    });
  }
  const rooms = [];
  for (const id of roomIds) rooms.push(await api(service, `/v1/rooms/${id}`).then((r) => [r.status, r.body]));
  return { perUser, rooms };
}
