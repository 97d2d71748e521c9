/** POST /v1/rooms with an Idempotency-Key: a retry gets the room the first request made, never a second one. */
import { describe, expect, it } from 'vitest';
import { api, signUpUser, useServiceFixture } from './support/service-fixture.ts';

const fixture = useServiceFixture();

const create = (token: string, key: string | undefined, body: Record<string, unknown> = { title: 'Keyed' }) =>
  api(fixture.service, '/v1/rooms', {
    method: 'POST',
    token,
    body,
    headers: key === undefined ? {} : { 'idempotency-key': key },
  });

const roomsOf = async (hostId: string) =>
  (await fixture.service.db.query<{ id: string }>('SELECT id FROM rooms WHERE host_id = $1', [hostId])).map(
    (row) => row.id,
  );

describe('room creation idempotency key', () => {
  it('a retry with the same key answers the same room (with a host grant) and makes no other', async () => {
    const host = await signUpUser(fixture.service, 'keyed');
    const first = await create(host.token, 'retry-key-0001');
    expect(first.status).toBe(201);
    const again = await create(host.token, 'retry-key-0001');
    expect(again.status).toBe(201);
    expect(again.body.room.id).toBe(first.body.room.id);
    expect(again.body.host.identity).toBe(first.body.host.identity);
    expect(await roomsOf(host.id)).toEqual([first.body.room.id]);
    // Another key, or none, is another room.
    const other = await create(host.token, 'retry-key-0002');
    const plain = await create(host.token, undefined);
    expect(new Set([first.body.room.id, other.body.room.id, plain.body.room.id]).size).toBe(3);
  });

  it('concurrent requests with one key make one room', async () => {
    const host = await signUpUser(fixture.service, 'racing');
    const answers = await Promise.all(Array.from({ length: 5 }, () => create(host.token, 'racing-key-01')));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(answers.map((a) => a.body.room.id)).size).toBe(1);
    expect(await roomsOf(host.id)).toHaveLength(1);
  });

  it('keys belong to their host, and a replay reports the room as it is now', async () => {
    const [alice, bob] = [
      await signUpUser(fixture.service, 'alice'),
      await signUpUser(fixture.service, 'bob'),
    ];
    const mine = await create(alice.token, 'shared-key-01');
    const theirs = await create(bob.token, 'shared-key-01');
    expect(theirs.body.room.id).not.toBe(mine.body.room.id);
    const ended = await api(fixture.service, `/v1/rooms/${mine.body.room.id}/end`, {
      method: 'POST',
      token: alice.token,
    });
    expect(ended.status).toBe(204);
    const replay = await create(alice.token, 'shared-key-01');
    expect(replay.status).toBe(201);
    expect(replay.body.room).toMatchObject({ id: mine.body.room.id, state: 'ended' });
    expect(replay.body.host).toBeUndefined();
  });

  it('refuses a malformed key', async () => {
    const host = await signUpUser(fixture.service, 'badkey');
    for (const key of ['short', 'x'.repeat(101), 'has space in it', 'ünïcödé-key']) {
      const answer = await create(host.token, key);
      expect(answer.status, key).toBe(400);
      expect(answer.body.error.code).toBe('invalid_body');
    }
    expect(await roomsOf(host.id)).toEqual([]);
  });
});
