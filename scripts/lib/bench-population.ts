/**
 * The data set the rooms-service benchmarks (bench-service, bench-scale-out) measure against: USERS accounts,
 * each following FOLLOWS_PER_USER others, every 5th hosting one of LIVE_ROOMS live rooms, bulk-loaded with
 * generate_series; session tokens for the first users; the live rooms opened in LiveKit.
 */
import { RoomServiceClient } from 'livekit-server-sdk';
import { hashSessionToken, newSessionToken } from '../../server/auth/session-tokens.ts';
import type { Database } from '../../server/db/database.ts';
import { bySize } from './bench-mode.ts';
import type { LiveKitHandle } from './livekit-server.ts';

export let USERS = bySize(10_000, 200);

/** bench:service --users: the same data set at another size (FOLLOWS_PER_USER and LIVE_ROOMS stay). */
export function setUsers(count: number): void {
  if (!Number.isInteger(count) || count < LIVE_ROOMS * 5)
    throw new Error(`--users needs at least ${LIVE_ROOMS * 5}`);
  USERS = count;
}
export const FOLLOWS_PER_USER = bySize(100, 10);
/** Every 5th user hosts one: at most USERS / 5. */
export const LIVE_ROOMS = bySize(2_000, 20);

export const accountId = (i: number | string) => `bench${String(i).padStart(7, '0')}`;
export const liveRoomId = (i: number) => `Live${String(i).padStart(6, '0')}`;

/**
 * Everyone follows FOLLOWS_PER_USER others ((i - 1 + 97k) mod N + 1: distinct, never oneself); every 5th
 * user hosts a live room; `scheduledRooms` more rooms are scheduled over the next 72 hours. Then ANALYZE.
 */
export async function load(db: Database, scheduledRooms = 0): Promise<void> {
  const scheduled = `
    INSERT INTO rooms (id, host_id, title, state, scheduled_for)
      SELECT 'Sched' || lpad(i::text, 5, '0'), 'bench' || lpad((i * 13 % ${USERS} + 1)::text, 7, '0'),
             'Scheduled room ' || i, 'scheduled', now() + ((i % 72) || ' hours')::interval
      FROM generate_series(1, ${scheduledRooms}) AS i;`;
  await db.exec(`
    INSERT INTO accounts (id, username, display_name, password_hash)
      SELECT 'bench' || lpad(i::text, 7, '0'), 'bench_user_' || i, 'Bench user ' || i, 'not-a-hash'
      FROM generate_series(1, ${USERS}) AS i;
    INSERT INTO follows (follower_id, followee_id, created_at)
      SELECT 'bench' || lpad(i::text, 7, '0'),
             'bench' || lpad((((i - 1 + 97 * k) % ${USERS}) + 1)::text, 7, '0'),
             now() - (k || ' minutes')::interval
      FROM generate_series(1, ${USERS}) AS i, generate_series(1, ${FOLLOWS_PER_USER}) AS k;
    INSERT INTO rooms (id, host_id, title, state, started_at, listener_count, speaker_count)
      SELECT 'Live' || lpad(i::text, 6, '0'), 'bench' || lpad((i * 5)::text, 7, '0'), 'Live room ' || i,
             'live', now() - ((i % 180) || ' minutes')::interval, (i * 7919) % 500, 1 + i % 5
      FROM generate_series(1, ${LIVE_ROOMS}) AS i;${scheduledRooms > 0 ? scheduled : ''}
    ANALYZE;
  `);
}

/** Session tokens for users 1..count, inserted in one statement. */
export async function sessionsFor(db: Database, count: number): Promise<string[]> {
  const tokens = Array.from({ length: count }, () => newSessionToken());
  await db.query(
    `INSERT INTO sessions (token_hash, account_id, expires_at)
     SELECT h, 'bench' || lpad(n::text, 7, '0'), now() + interval '1 day'
     FROM unnest($1::text[]) WITH ORDINALITY AS t(h, n)`,
    [tokens.map(hashSessionToken)],
  );
  return tokens;
}

/** Users 1..count follow `hostId` (the SSE fan-out's audience); follows they already have are kept. */
export async function followHost(db: Database, hostId: string, count: number): Promise<void> {
  await db.query(
    `INSERT INTO follows (follower_id, followee_id)
     SELECT 'bench' || lpad(n::text, 7, '0'), $1 FROM generate_series(1, $2::int) AS n
     ON CONFLICT DO NOTHING`,
    [hostId, count],
  );
}

/**
 * LiveKit holds every live room of the data set, as it would in production: the join route checks that it
 * has the room (and reads its counts) before it signs a token. Nobody connects to these rooms, so they are
 * kept open for an hour. Resolves with the client and the rooms' names.
 */
export async function openLiveRooms(livekit: LiveKitHandle) {
  const client = new RoomServiceClient(livekit.httpUrl, livekit.apiKey, livekit.apiSecret);
  const ids = Array.from({ length: LIVE_ROOMS }, (_, i) => liveRoomId(i + 1));
  for (let i = 0; i < ids.length; i += 50) {
    await Promise.all(
      ids
        .slice(i, i + 50)
        .map((name) => client.createRoom({ name, emptyTimeout: 3600, departureTimeout: 3600 })),
    );
  }
  return { client, ids };
}
