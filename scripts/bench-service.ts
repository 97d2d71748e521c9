/**
 * `npm run bench:service`: the rooms service at scale, on PGlite and on a real Postgres. Writes its
 * section of BENCHMARKS.md:
 *
 * - directory request latency (p50/p99 over HTTP on loopback) with 10,000 users, 1,000,000 follows
 *   and 2,000 live rooms, bulk-loaded with generate_series;
 * - joins per second over HTTP (`POST /v1/rooms/:id/join`: session, LiveKit presence check, token), against
 *   a real LiveKit server that holds every live room, and token mints per second in process;
 * - SSE fan-out: time from one "went live" event until the last of 1,000 subscribers has it.
 *
 *   npx tsx scripts/bench-service.ts [--requests 2000] [--subscribers 1000] [--smoke]
 *   npx tsx scripts/bench-service.ts --users 10000,100000
 *
 * --users: the same measures on Postgres only, once per size (each user still follows 100 accounts; 2,000 live
 * rooms, all in LiveKit), plus `GET /health` latency, the bulk-load time, the database's size on disk and the
 * directory query's plan; writes the section "Rooms service at <largest> users" (the default section is left
 * alone).
 *
 * --smoke: a few hundred users, 20 live rooms, a second of joins, 20 subscribers; results are checked and
 * the section goes to .tmp/bench-smoke/ instead of BENCHMARKS.md.
 */
import { parseArgs } from 'node:util';
import type { Database } from '../server/db/database.ts';
import type { DatabaseSettings } from '../server/db/open-database.ts';
import { type ServiceHandle, startService } from '../server/start-service.ts';
import { followedHostsRoomsSql } from '../server/store/room-queries.ts';
import { createTokenIssuer } from '../server/tokens.ts';
import { allFinite, assertSane, bySize, publishBenchmark, SMOKE } from './lib/bench-mode.ts';
import * as population from './lib/bench-population.ts';
import { loadAverage, machineSummary, ms, percentile } from './lib/bench-stats.ts';
import { type LiveKitHandle, startLiveKit } from './lib/livekit-server.ts';
import { startPostgresCluster } from './lib/postgres-cluster.ts';
import { embeddedMemoryAtRest } from './lib/service-memory.ts';
import { openSse, type SseConnection } from './lib/sse-reader.ts';

const SCHEDULED_ROOMS = bySize(500, 5);
const SESSIONS = bySize(500, 20);
const JOIN_SECONDS = bySize(3, 1);
const JOIN_CONCURRENCY = bySize(16, 4);

const { values } = parseArgs({
  options: {
    requests: { type: 'string' },
    subscribers: { type: 'string' },
    users: { type: 'string' },
    smoke: { type: 'boolean' },
  },
});
const REQUESTS = Number(values.requests ?? bySize(2000, 50));
const SUBSCRIBERS = Number(values.subscribers ?? bySize(1000, 20));
const WARM_UP = bySize(100, 5);
/** --users: the sizes to measure, smallest first (empty: the default run). */
const SCALES = (values.users ?? '')
  .split(',')
  .filter(Boolean)
  .map(Number)
  .sort((a, b) => a - b);

async function bulkLoad(db: Database): Promise<number> {
  const started = performance.now();
  await population.load(db, SCHEDULED_ROOMS);
  return performance.now() - started;
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
  for (let i = 0; i < WARM_UP; i++) await get(tokens[i % tokens.length]!);
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

/** Opens every live room in LiveKit (population.openLiveRooms) and checks that it holds them all. */
async function openLiveRoomsInLiveKit(livekit: LiveKitHandle): Promise<number> {
  const started = performance.now();
  const { client, ids } = await population.openLiveRooms(livekit);
  const held = (await client.listRooms(ids)).length;
  if (held !== population.LIVE_ROOMS)
    throw new Error(`LiveKit holds ${held} of the ${population.LIVE_ROOMS} live rooms`);
  return performance.now() - started;
}

async function joinMints(
  service: ServiceHandle,
  tokens: string[],
  seconds = JOIN_SECONDS,
  concurrency = JOIN_CONCURRENCY,
) {
  const roomId = population.liveRoomId(1);
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

async function inProcessMints(seconds = bySize(2, 0.5)): Promise<number> {
  const issuer = createTokenIssuer({ apiKey: 'devkey', apiSecret: 'secret' });
  let count = 0;
  const deadline = performance.now() + seconds * 1000;
  while (performance.now() < deadline) {
    await issuer.issue({
      role: 'listener',
      roomId: population.liveRoomId(1),
      identity: `u-${count}`,
      name: 'Bench',
    });
    count++;
  }
  return count / seconds;
}

/** SUBSCRIBERS users follow one fresh host and hold /v1/events open; the host goes live. */
async function sseFanOut(service: ServiceHandle) {
  const db = service.db;
  const hostId = population.accountId(population.USERS);
  const subscribers = await population.sessionsFor(db, SUBSCRIBERS);
  await population.followHost(db, hostId, SUBSCRIBERS);
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

async function measure(label: string, database: DatabaseSettings, livekit: LiveKitHandle) {
  return measureService(label, database, livekit, async () => undefined);
}

async function measureService<Extra>(
  label: string,
  database: DatabaseSettings,
  livekit: LiveKitHandle,
  extra: (service: ServiceHandle, tokens: string[]) => Promise<Extra>,
) {
  const service = await startService({
    database,
    livekit: { url: livekit.url, apiKey: livekit.apiKey, apiSecret: livekit.apiSecret },
  });
  try {
    console.log(`${label}: bulk-loading…`);
    const loadMs = await bulkLoad(service.db);
    const tokens = await population.sessionsFor(service.db, SESSIONS);
    const roomsMs = await openLiveRoomsInLiveKit(livekit);
    console.log(
      `${label}: loaded in ${(loadMs / 1000).toFixed(1)} s, ${population.LIVE_ROOMS} rooms opened in LiveKit in ${(roomsMs / 1000).toFixed(1)} s; directory requests…`,
    );
    const directory = await directoryLatency(service, tokens);
    console.log(`${label}: directory p50 ${ms(directory.p50)} p99 ${ms(directory.p99)}; joins…`);
    const more = await extra(service, tokens);
    const joinsPerSecond = await joinMints(service, tokens);
    console.log(`${label}: ${joinsPerSecond.toFixed(0)} joins/s; SSE fan-out…`);
    const fanOut = await sseFanOut(service);
    console.log(`${label}: fan-out last ${ms(fanOut.last)}`);
    return { label, loadMs, directory, joinsPerSecond, fanOut, more };
  } finally {
    await service.stop();
  }
}

type Result = Awaited<ReturnType<typeof measure>>;

/** The same measures on PGlite (in a scratch folder) and on a throwaway Postgres cluster, one LiveKit for both. */
async function measureBoth(): Promise<Result[]> {
  const results: Result[] = [];
  const livekit = await startLiveKit();
  try {
    const { mkdtemp, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const pgliteDir = await mkdtemp(join(tmpdir(), 'earshot-bench-pglite-'));
    try {
      const pglite = { driver: 'pglite', dataDir: pgliteDir } as const;
      results.push(await measure('PGlite 0.5 (embedded, on disk)', pglite, livekit));
    } finally {
      await rm(pgliteDir, { recursive: true, force: true });
    }
    const cluster = await startPostgresCluster();
    try {
      const postgres = { driver: 'postgres', url: cluster.url } as const;
      results.push(await measure('Postgres 15 (local, fsync off)', postgres, livekit));
    } finally {
      await cluster.stop();
    }
  } finally {
    await livekit.stop();
  }
  return results;
}

function checkResults(
  results: Result[],
  mintsPerSecond: number,
  memory: { fresh: number; restarted: number },
): void {
  assertSane({
    'embedded memory measured': allFinite(memory.fresh, memory.restarted) && memory.restarted > 0,
    'both databases measured': results.length === 2,
    'directory latencies are finite and positive': results.every(
      (r) => allFinite(r.directory.p50, r.directory.p99) && r.directory.p50 > 0,
    ),
    'the directory listed live rooms': results.every((r) => r.directory.averageLive > 0),
    'joins went through (finite, above zero per second)': results.every(
      (r) => allFinite(r.joinsPerSecond) && r.joinsPerSecond > 0,
    ),
    'every SSE subscriber got the event (finite times)': results.every((r) =>
      allFinite(r.fanOut.first, r.fanOut.p50, r.fanOut.last),
    ),
    'token mints in process measured': allFinite(mintsPerSecond) && mintsPerSecond > 0,
  });
}

// --users: the same table at several sizes, on Postgres, with what each figure costs as the data grows.

async function healthLatency(service: ServiceHandle) {
  const get = async () => {
    const response = await fetch(`${service.url}/health`);
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`/health answered ${response.status}`);
  };
  for (let i = 0; i < WARM_UP; i++) await get();
  const times: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const started = performance.now();
    await get();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

const MB = 1024 * 1024;

/** The database on disk, and the follows table and its indexes (the part that grows with the data). */
async function databaseSize(db: Database) {
  const [row] = await db.query<{ database: string; follows: string; follows_indexes: string }>(
    `SELECT pg_database_size(current_database())::text AS database,
            pg_relation_size('follows')::text AS follows, pg_indexes_size('follows')::text AS follows_indexes`,
  );
  return {
    databaseMb: Number(row!.database) / MB,
    followsMb: Number(row!.follows) / MB,
    followsIndexesMb: Number(row!.follows_indexes) / MB,
  };
}

/** EXPLAIN ANALYZE of the directory's query (room-queries.ts ofFollowedHosts) for one user, warm. */
async function directoryPlan(db: Database): Promise<string[]> {
  const sql = `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${followedHostsRoomsSql}`;
  const user = population.accountId(7);
  await db.query(sql, [user, 500]);
  const rows = await db.query<{ 'QUERY PLAN': string }>(sql, [user, 500]);
  return rows.map((row) => row['QUERY PLAN']);
}

async function measureScale(users: number, livekit: LiveKitHandle) {
  population.setUsers(users);
  const cluster = await startPostgresCluster();
  try {
    const label = `${users.toLocaleString('en')} users`;
    const result = await measureService(
      label,
      { driver: 'postgres', url: cluster.url },
      livekit,
      async (service) => ({
        health: await healthLatency(service),
        size: await databaseSize(service.db),
        plan: await directoryPlan(service.db),
      }),
    );
    return { ...result, users };
  } finally {
    await cluster.stop();
  }
}

type ScaleResult = Awaited<ReturnType<typeof measureScale>>;

function scaleTable(results: ScaleResult[]): string[] {
  return [
    `| users / follows | bulk load | database on disk (follows table + its indexes) | directory p50 | directory p99 | \`GET /health\` p99 | directory p99 / health p99 | joins over HTTP, ${JOIN_CONCURRENCY} concurrent | SSE: first / median / last of ${SUBSCRIBERS.toLocaleString('en')} subscribers |`,
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...results.map((r) => {
      const { health, size } = r.more;
      return `| ${r.label} / ${(r.users * population.FOLLOWS_PER_USER).toLocaleString('en')} | ${(r.loadMs / 1000).toFixed(1)} s | ${size.databaseMb.toFixed(0)} MB (${size.followsMb.toFixed(0)} + ${size.followsIndexesMb.toFixed(0)} MB) | ${ms(r.directory.p50)} | ${ms(r.directory.p99)} | ${ms(health.p99)} | ${(r.directory.p99 / health.p99).toFixed(1)}x | ${r.joinsPerSecond.toFixed(0)}/s | ${ms(r.fanOut.first)} / ${ms(r.fanOut.p50)} / ${ms(r.fanOut.last)} |`;
    }),
  ];
}

/** Each figure of the largest size over the smallest's. */
function growthLine(results: ScaleResult[]): string {
  const [small, large] = [results[0]!, results.at(-1)!];
  const ratio = (a: number, b: number) => `${(b / a).toFixed(2)}x`;
  return `Growth from ${small.label} to ${large.label} (${ratio(small.users, large.users)} the data): bulk load ${ratio(small.loadMs, large.loadMs)}, database ${ratio(small.more.size.databaseMb, large.more.size.databaseMb)}, directory p50 ${ratio(small.directory.p50, large.directory.p50)}, directory p99 ${ratio(small.directory.p99, large.directory.p99)}, health p99 ${ratio(small.more.health.p99, large.more.health.p99)}, joins/s ${ratio(small.joinsPerSecond, large.joinsPerSecond)}, SSE last ${ratio(small.fanOut.last, large.fanOut.last)}.`;
}

async function mainScales() {
  const results: ScaleResult[] = [];
  const livekit = await startLiveKit();
  try {
    for (const users of SCALES) results.push(await measureScale(users, livekit));
  } finally {
    await livekit.stop();
  }
  if (SMOKE)
    assertSane({
      'every size measured': results.length === SCALES.length,
      'health and directory latencies are finite': results.every((r) =>
        allFinite(r.more.health.p99, r.directory.p99, r.more.size.databaseMb),
      ),
      'the directory listed live rooms': results.every((r) => r.directory.averageLive > 0),
    });
  const lines = [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${machineSummary()}, ${process.platform}, one run, the sizes one after the other (load average before: ${LOAD_BEFORE}; after: ${loadAverage()}). Postgres 15 (local, fsync off), a fresh cluster per size; the same data set as "Rooms service" (each user follows ${population.FOLLOWS_PER_USER} accounts, ${population.LIVE_ROOMS.toLocaleString('en')} live rooms held by a real LiveKit, ${SCHEDULED_ROOMS} scheduled), the same requests (directory: ${REQUESTS} sequential requests for ${SESSIONS} users; \`GET /health\`: ${REQUESTS} sequential requests right after them, the floor of one HTTP round trip to this service).`,
    '',
    ...scaleTable(results),
    '',
    growthLine(results),
    '',
    'The directory query for one user (`EXPLAIN (ANALYZE, BUFFERS)`, warm), at each size:',
    '',
    ...results.flatMap((r) => [`${r.label}:`, '', '```', ...r.more.plan, '```', '']),
    'PGlite is left out at these sizes: its bulk load of 1,000,000 follows takes about twice Postgres\'s ("Rooms service" above), so 10,000,000 would take several minutes more under the shared benchmark lock; Postgres is the database meant for that size.',
  ];
  publishBenchmark(
    `Rooms service at ${SCALES.at(-1)!.toLocaleString('en')} users`,
    `npm run bench:service -- --users ${SCALES.join(',')}`,
    lines,
  );
}

async function main() {
  if (SCALES.length > 0) return mainScales();
  const results = await measureBoth();
  const mintsPerSecond = await inProcessMints();
  const memory = await embeddedMemoryAtRest();
  if (SMOKE) checkResults(results, mintsPerSecond, memory);

  const machine = `${machineSummary()}, ${process.platform}`;
  const lines = [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${machine}. Service and clients share the machine (loopback HTTP); on this 2-core VM, runs differ by up to ±50% depending on what else runs (load average before the run: ${LOAD_BEFORE}; after: ${loadAverage()}).`,
    '',
    `Data: ${population.USERS.toLocaleString('en')} users, ${(population.USERS * population.FOLLOWS_PER_USER).toLocaleString('en')} follows, ${population.LIVE_ROOMS.toLocaleString('en')} live + ${SCHEDULED_ROOMS} scheduled rooms, bulk-loaded with generate_series; a real LiveKit server (\`livekit-server\`, loopback) holds every live room. Each user follows ${population.FOLLOWS_PER_USER} accounts; on average ${results[0]?.directory.averageLive.toFixed(1)} of them are live.`,
    '',
    `| | bulk load | directory p50 | directory p99 | joins over HTTP (LiveKit presence check + token), ${JOIN_CONCURRENCY} concurrent | SSE: first / median / last of ${SUBSCRIBERS.toLocaleString('en')} subscribers |`,
    '| --- | --- | --- | --- | --- | --- |',
    ...results.map(
      (r) =>
        `| ${r.label} | ${(r.loadMs / 1000).toFixed(1)} s | ${ms(r.directory.p50)} | ${ms(r.directory.p99)} | ${r.joinsPerSecond.toFixed(0)}/s | ${ms(r.fanOut.first)} / ${ms(r.fanOut.p50)} / ${ms(r.fanOut.last)} |`,
    ),
    '',
    `Token mints in process (AccessToken, HS256): ${mintsPerSecond.toFixed(0)}/s on one core.`,
    '',
    `The embedded default at rest (\`server/main.ts\` on PGlite, compiled and run by plain node with a 32 KB malloc mmap threshold, as \`npm start\` runs it; empty database, after one request): ${memory.fresh.toFixed(0)} MB resident on a new data directory, ${memory.restarted.toFixed(0)} MB restarted on it. Where it goes: "Embedded database memory" below.`,
    '',
    `Directory: ${REQUESTS} sequential \`GET /v1/directory\` requests for ${SESSIONS} different users, after ${WARM_UP} warm-up requests. Joins: \`POST /v1/rooms/:id/join\` as signed-in listeners for ${JOIN_SECONDS} s (session lookup, ban and role checks, the LiveKit presence check — for listeners one ListRooms call naming the room, at most once a second per instance (listener-presence.ts), answered with the stored counts; the room's host, one of the ${SESSIONS} users, asks ListRooms and ListParticipants on each of its joins — and token signing). Join figures written before 2026-11-27 ran against a LiveKit that did not answer (no presence check): not comparable. SSE: time from the NOTIFY of one \`room.live\` event until each of ${SUBSCRIBERS} \`/v1/events\` streams (one per follower, all open in the benchmark process) has parsed it.`,
  ];
  publishBenchmark('Rooms service', 'npm run bench:service', lines);
}

const LOAD_BEFORE = loadAverage();
main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
