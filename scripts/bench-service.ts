/**
 * `npm run bench:service`: the rooms service at scale, on PGlite and on a real Postgres. Writes its
 * section of BENCHMARKS.md:
 *
 * - directory request latency (p50/p99 over HTTP on loopback) with 10,000 users, 1,000,000 follows
 *   and 2,000 live rooms, bulk-loaded with generate_series;
 * - token mints per second (in process, and as `POST /v1/rooms/:id/join` requests);
 * - SSE fan-out: time from one "went live" event until the last of 1,000 subscribers has it.
 *
 *   npx tsx scripts/bench-service.ts [--requests 2000] [--subscribers 1000]
 */
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { hashSessionToken, newSessionToken } from '../server/auth/session-tokens.ts';
import type { Database } from '../server/db/database.ts';
import type { DatabaseSettings } from '../server/db/open-database.ts';
import { type ServiceHandle, startService } from '../server/start-service.ts';
import { createTokenIssuer } from '../server/tokens.ts';
import { writeBenchmarkSection } from './lib/benchmarks-file.ts';
import { freeTcpPort } from './lib/free-port.ts';
import { startPostgresCluster } from './lib/postgres-cluster.ts';
import { openSse, type SseConnection } from './lib/sse-reader.ts';

const USERS = 10_000;
const FOLLOWS_PER_USER = 100;
const LIVE_ROOMS = 2_000;
const SCHEDULED_ROOMS = 500;
const SESSIONS = 500;

const { values } = parseArgs({
  options: { requests: { type: 'string' }, subscribers: { type: 'string' } },
});
const REQUESTS = Number(values.requests ?? 2000);
const SUBSCRIBERS = Number(values.subscribers ?? 1000);

const percentile = (sorted: number[], p: number) =>
  sorted[Math.max(0, Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1))]!;
const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 1)} ms`;
const accountId = (i: number | string) => `bench${String(i).padStart(7, '0')}`;

/** Everyone follows 100 others ((i - 1 + 97k) mod N + 1: distinct, never oneself); every 5th user hosts a live room. */
async function bulkLoad(db: Database): Promise<number> {
  const started = performance.now();
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
      FROM generate_series(1, ${LIVE_ROOMS}) AS i;
    INSERT INTO rooms (id, host_id, title, state, scheduled_for)
      SELECT 'Sched' || lpad(i::text, 5, '0'), 'bench' || lpad((i * 13 % ${USERS} + 1)::text, 7, '0'),
             'Scheduled room ' || i, 'scheduled', now() + ((i % 72) || ' hours')::interval
      FROM generate_series(1, ${SCHEDULED_ROOMS}) AS i;
    ANALYZE;
  `);
  return performance.now() - started;
}

/** Session tokens for users 1..count, inserted in one statement. */
async function sessionsFor(db: Database, count: number): Promise<string[]> {
  const tokens = Array.from({ length: count }, () => newSessionToken());
  await db.query(
    `INSERT INTO sessions (token_hash, account_id, expires_at)
     SELECT h, 'bench' || lpad(n::text, 7, '0'), now() + interval '1 day'
     FROM unnest($1::text[]) WITH ORDINALITY AS t(h, n)`,
    [tokens.map(hashSessionToken)],
  );
  return tokens;
}

async function directoryLatency(service: ServiceHandle, tokens: string[]) {
  const get = async (token: string) => {
    const response = await fetch(`${service.url}/v1/directory`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = (await response.json()) as { live: unknown[]; upcoming: unknown[] };
    if (response.status !== 200) throw new Error(`directory answered ${response.status}`);
    return body;
  };
  for (let i = 0; i < 100; i++) await get(tokens[i % tokens.length]!); // warm-up
  const times: number[] = [];
  let liveSeen = 0;
  for (let i = 0; i < REQUESTS; i++) {
    const started = performance.now();
    const body = await get(tokens[(i * 7) % tokens.length]!);
    times.push(performance.now() - started);
    liveSeen += body.live.length;
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99), averageLive: liveSeen / REQUESTS };
}

async function joinMints(service: ServiceHandle, tokens: string[], seconds = 3, concurrency = 16) {
  const roomId = 'Live000001';
  let count = 0;
  const deadline = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      while (performance.now() < deadline) {
        const response = await fetch(`${service.url}/v1/rooms/${roomId}/join`, {
          method: 'POST',
          headers: { authorization: `Bearer ${tokens[(worker * 31 + count) % tokens.length]}` },
        });
        if (response.status !== 200)
          throw new Error(`join answered ${response.status}: ${await response.text()}`);
        await response.arrayBuffer();
        count++;
      }
    }),
  );
  return count / seconds;
}

async function inProcessMints(seconds = 2): Promise<number> {
  const issuer = createTokenIssuer({ apiKey: 'devkey', apiSecret: 'secret' });
  let count = 0;
  const deadline = performance.now() + seconds * 1000;
  while (performance.now() < deadline) {
    await issuer.issue({ role: 'listener', roomId: 'Live000001', identity: `u-${count}`, name: 'Bench' });
    count++;
  }
  return count / seconds;
}

/** SUBSCRIBERS users follow one fresh host and hold /v1/events open; the host goes live. */
async function sseFanOut(service: ServiceHandle) {
  const db = service.db;
  const hostId = accountId(USERS);
  const subscribers = await sessionsFor(db, SUBSCRIBERS);
  await db.query(
    `INSERT INTO follows (follower_id, followee_id)
     SELECT 'bench' || lpad(n::text, 7, '0'), $1 FROM generate_series(1, $2::int) AS n
     ON CONFLICT DO NOTHING`,
    [hostId, SUBSCRIBERS],
  );
  const connections: SseConnection[] = [];
  for (let i = 0; i < subscribers.length; i += 100) {
    connections.push(
      ...(await Promise.all(
        subscribers.slice(i, i + 100).map((token) => openSse(`${service.url}/v1/events`, token)),
      )),
    );
  }
  await Promise.all(connections.map((c) => c.next((e) => e.event === 'ready', 30_000)));
  const roomId = 'FanOut0001';
  await db.query(
    `INSERT INTO rooms (id, host_id, title, state, started_at) VALUES ($1, $2, 'Fan-out', 'live', now())`,
    [roomId, hostId],
  );
  const started = performance.now();
  const arrivals = connections.map((connection) =>
    connection
      .next((e) => e.event === 'room.live' && e.data.includes(roomId), 60_000)
      .then(() => performance.now() - started),
  );
  await db.notify('earshot_room_events', JSON.stringify({ type: 'room.live', roomId, hostId }));
  const times = (await Promise.all(arrivals)).sort((a, b) => a - b);
  for (const connection of connections) connection.close();
  return { first: times[0]!, p50: percentile(times, 50), last: times.at(-1)! };
}

async function measure(label: string, database: DatabaseSettings) {
  const deadLiveKit = `ws://127.0.0.1:${await freeTcpPort()}`;
  const service = await startService({
    database,
    livekit: { url: deadLiveKit, apiKey: 'devkey', apiSecret: 'secret' },
  });
  try {
    console.log(`${label}: bulk-loading…`);
    const loadMs = await bulkLoad(service.db);
    const tokens = await sessionsFor(service.db, SESSIONS);
    console.log(`${label}: loaded in ${(loadMs / 1000).toFixed(1)} s; directory requests…`);
    const directory = await directoryLatency(service, tokens);
    console.log(`${label}: directory p50 ${ms(directory.p50)} p99 ${ms(directory.p99)}; joins…`);
    const joinsPerSecond = await joinMints(service, tokens);
    console.log(`${label}: ${joinsPerSecond.toFixed(0)} joins/s; SSE fan-out…`);
    const fanOut = await sseFanOut(service);
    console.log(`${label}: fan-out last ${ms(fanOut.last)}`);
    return { label, loadMs, directory, joinsPerSecond, fanOut };
  } finally {
    await service.stop();
  }
}

async function main() {
  const results = [];
  const { mkdtemp, rm } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const pgliteDir = await mkdtemp(join(tmpdir(), 'earshot-bench-pglite-'));
  try {
    results.push(await measure('PGlite 0.5 (embedded, on disk)', { driver: 'pglite', dataDir: pgliteDir }));
  } finally {
    await rm(pgliteDir, { recursive: true, force: true });
  }
  const cluster = await startPostgresCluster();
  try {
    results.push(await measure('Postgres 15 (local, fsync off)', { driver: 'postgres', url: cluster.url }));
  } finally {
    await cluster.stop();
  }
  const mintsPerSecond = await inProcessMints();

  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}, ${process.platform}`;
  const lines = [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${machine}. Service and clients share the machine (loopback HTTP); on this 2-core VM, runs differ by up to ±50% depending on what else runs.`,
    '',
    `Data: ${USERS.toLocaleString('en')} users, ${(USERS * FOLLOWS_PER_USER).toLocaleString('en')} follows, ${LIVE_ROOMS.toLocaleString('en')} live + ${SCHEDULED_ROOMS} scheduled rooms, bulk-loaded with generate_series. Each user follows 100 accounts; on average ${results[0]?.directory.averageLive.toFixed(1)} of them are live.`,
    '',
    '| | bulk load | directory p50 | directory p99 | joins (token mints) over HTTP, 16 concurrent | SSE: first / median / last of 1,000 subscribers |',
    '| --- | --- | --- | --- | --- | --- |',
    ...results.map(
      (r) =>
        `| ${r.label} | ${(r.loadMs / 1000).toFixed(1)} s | ${ms(r.directory.p50)} | ${ms(r.directory.p99)} | ${r.joinsPerSecond.toFixed(0)}/s | ${ms(r.fanOut.first)} / ${ms(r.fanOut.p50)} / ${ms(r.fanOut.last)} |`,
    ),
    '',
    `Token mints in process (AccessToken, HS256): ${mintsPerSecond.toFixed(0)}/s on one core.`,
    '',
    `Directory: ${REQUESTS} sequential \`GET /v1/directory\` requests for 500 different users, after 100 warm-up requests. Joins: \`POST /v1/rooms/:id/join\` as signed-in listeners (session lookup, ban and role checks, token signing). SSE: time from the NOTIFY of one \`room.live\` event until each of ${SUBSCRIBERS} \`/v1/events\` streams (one per follower, all open in the benchmark process) has parsed it.`,
  ];
  writeBenchmarkSection('Rooms service', 'npm run bench:service', lines);
  console.log(lines.join('\n'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
