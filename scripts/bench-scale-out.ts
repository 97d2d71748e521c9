/**
 * The rooms service scaled out: two service processes (`server/main.ts`) over one Postgres, a real
 * LiveKit holding every live room. Writes its section of BENCHMARKS.md:
 *
 * - directory p50/p99 with 10,000 users, 1,000,000 follows and 2,000 live rooms, and `GET /health`'s
 *   p99 in the same run (the ratio is what carries across machines);
 * - joins per second over HTTP across both instances, with each process's CPU share (the bottleneck);
 * - one "went live" event to 1,000 SSE subscribers, half on each instance, spread over two client
 *   processes (scripts/lib/sse-fanout-client.ts): time until the last has it;
 * - a join storm: 300 listeners' joins evenly over 10 s, alternating instances: route p50/p95.
 *
 *   npx tsx scripts/bench-scale-out.ts [--smoke]
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Database } from '../server/db/database.ts';
import { openDatabase } from '../server/db/open-database.ts';
import { allFinite, assertSane, bySize, publishBenchmark, SMOKE } from './lib/bench-mode.ts';
import * as population from './lib/bench-population.ts';
import { loadAverage, machineSummary, ms, percentile } from './lib/bench-stats.ts';
import { startLiveKit } from './lib/livekit-server.ts';
import { startPostgresCluster } from './lib/postgres-cluster.ts';
import { type ServiceInstance, startServiceInstances } from './lib/service-instances.ts';

const SESSIONS = bySize(2_000, 50);
const REQUESTS = bySize(2_000, 50);
const JOIN_SECONDS = bySize(5, 1);
const JOIN_CONCURRENCY = bySize(32, 4);
const SUBSCRIBERS = bySize(1_000, 20);
const STORM = { joins: bySize(300, 10), seconds: bySize(10, 1) };

const sleep = (time: number) => new Promise((resolve) => setTimeout(resolve, time));

async function bulkLoad(db: Database): Promise<string[]> {
  await population.load(db);
  return population.sessionsFor(db, SESSIONS);
}

/** CPU seconds used so far by each kind of descendant of this process (node = service instances). */
function descendantCpu(): Map<string, number> {
  const stats = readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((pid) => {
      try {
        const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const name = text.slice(text.indexOf('(') + 1, text.lastIndexOf(')'));
        const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
        return [
          { pid: Number(pid), name, ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) },
        ];
      } catch {
        return [];
      }
    });
  const mine = new Set([process.pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const stat of stats)
      if (!mine.has(stat.pid) && mine.has(stat.ppid)) {
        mine.add(stat.pid);
        grew = true;
      }
  }
  const byName = new Map<string, number>();
  for (const stat of stats) {
    if (stat.pid === process.pid || !mine.has(stat.pid)) continue;
    const name = /^livekit|^server$/.test(stat.name)
      ? 'livekit'
      : stat.name === 'node'
        ? 'service'
        : stat.name;
    byName.set(name, (byName.get(name) ?? 0) + stat.ticks / 100);
  }
  byName.set('bench client', process.cpuUsage().user / 1e6 + process.cpuUsage().system / 1e6);
  return byName;
}

function cpuShares(before: Map<string, number>, after: Map<string, number>, seconds: number): string {
  return [...after]
    .map(([name, used]) => [name, (used - (before.get(name) ?? 0)) / seconds] as const)
    .filter(([, cores]) => cores >= 0.01)
    .sort((a, b) => b[1] - a[1])
    .map(([name, cores]) => `${name} ${cores.toFixed(2)}`)
    .join(', ');
}

async function sequentialLatency(url: (i: number) => string, token: (i: number) => string | undefined) {
  const times: number[] = [];
  for (let i = -Math.ceil(REQUESTS / 20); i < REQUESTS; i++) {
    const headers: Record<string, string> = {};
    const bearer = token(Math.abs(i));
    if (bearer) headers.authorization = `Bearer ${bearer}`;
    const started = performance.now();
    const response = await fetch(url(Math.abs(i)), { headers });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${url(i)} answered ${response.status}`);
    if (i >= 0) times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

const join = async (instance: ServiceInstance, roomId: string, token: string) => {
  const response = await fetch(`${instance.url}/v1/rooms/${roomId}/join`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
  });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`join answered ${response.status}`);
};

async function joinThroughput(instances: ServiceInstance[], tokens: string[]) {
  let count = 0;
  const before = descendantCpu();
  const deadline = performance.now() + JOIN_SECONDS * 1000;
  await Promise.all(
    Array.from({ length: JOIN_CONCURRENCY }, async (_, worker) => {
      while (performance.now() < deadline) {
        await join(
          instances[worker % instances.length]!,
          population.liveRoomId((count % Math.min(50, population.LIVE_ROOMS)) + 1),
          tokens[count % tokens.length]!,
        );
        count++;
      }
    }),
  );
  return { perSecond: count / JOIN_SECONDS, cpu: cpuShares(before, descendantCpu(), JOIN_SECONDS) };
}

async function joinStorm(instances: ServiceInstance[], tokens: string[]) {
  const gap = (STORM.seconds * 1000) / STORM.joins;
  const times = await Promise.all(
    Array.from({ length: STORM.joins }, async (_, i) => {
      await sleep(i * gap);
      const started = performance.now();
      await join(
        instances[i % instances.length]!,
        population.liveRoomId(2),
        tokens[(i + 500) % tokens.length]!,
      );
      return performance.now() - started;
    }),
  );
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

/** Client processes the SSE subscribers are spread over (each parses only its own streams). */
const SSE_CLIENT_PROCESSES = 2;

/** Starts one subscriber process (scripts/lib/sse-fanout-client.ts); resolves once its streams are ready. */
function startSseClient(connections: Array<{ url: string; token: string }>, roomId: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/lib/sse-fanout-client.ts'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const arrivals = new Promise<number[]>((resolve, reject) => {
    lines.on('line', (line) => {
      if (line.startsWith('arrivals ')) resolve(JSON.parse(line.slice('arrivals '.length)) as number[]);
    });
    child.once('exit', (code) => reject(new Error(`SSE client exited (${code}) before its arrivals`)));
  });
  const ready = new Promise<void>((resolve, reject) => {
    lines.on('line', (line) => {
      if (line === 'ready') resolve();
    });
    child.once('exit', (code) => reject(new Error(`SSE client exited (${code}) before it was ready`)));
  });
  child.stdin!.end(JSON.stringify({ connections, roomId }));
  return { ready, arrivals, child };
}

async function sseFanOut(db: Database, instances: ServiceInstance[]) {
  const hostId = population.accountId(population.USERS);
  const tokens = await population.sessionsFor(db, SUBSCRIBERS);
  await population.followHost(db, hostId, SUBSCRIBERS);
  const roomId = 'FanOut0001';
  // Subscriber i is on instance i % 2 and in client process i % SSE_CLIENT_PROCESSES.
  const clients = Array.from({ length: SSE_CLIENT_PROCESSES }, (_, p) =>
    startSseClient(
      tokens
        .map((token, i) => ({ url: `${instances[i % instances.length]!.url}/v1/events`, token, i }))
        .filter(({ i }) => i % SSE_CLIENT_PROCESSES === p)
        .map(({ url, token }) => ({ url, token })),
      roomId,
    ),
  );
  try {
    await Promise.all(clients.map((client) => client.ready));
    await db.query(
      `INSERT INTO rooms (id, host_id, title, state, started_at) VALUES ($1, $2, 'Fan-out', 'live', now())`,
      [roomId, hostId],
    );
    const started = performance.timeOrigin + performance.now();
    await db.notify('earshot_room_events', JSON.stringify({ type: 'room.live', roomId, hostId }));
    const times = (await Promise.all(clients.map((client) => client.arrivals)))
      .flat()
      .map((at) => at - started)
      .sort((a, b) => a - b);
    return { p50: percentile(times, 50), last: times.at(-1)! };
  } finally {
    for (const client of clients) client.child.kill();
  }
}

async function measure() {
  const postgres = await startPostgresCluster();
  const livekit = await startLiveKit();
  const db = await openDatabase({ driver: 'postgres', url: postgres.url });
  try {
    console.log('bulk-loading…');
    const tokens = await bulkLoad(db);
    await population.openLiveRooms(livekit);
    const cluster = await startServiceInstances({ count: 2, databaseUrl: postgres.url, livekit });
    try {
      const [a] = cluster.instances;
      const health = await sequentialLatency(
        () => `${a!.url}/health`,
        () => undefined,
      );
      const directory = await sequentialLatency(
        () => `${a!.url}/v1/directory`,
        (i) => tokens[(i * 7) % tokens.length],
      );
      console.log(`health p99 ${ms(health.p99)}, directory p99 ${ms(directory.p99)}; joins…`);
      const joins = await joinThroughput(cluster.instances, tokens);
      console.log(`${joins.perSecond.toFixed(0)} joins/s (${joins.cpu}); storm…`);
      const storm = await joinStorm(cluster.instances, tokens);
      console.log(`storm p95 ${ms(storm.p95)}; fan-out…`);
      const fanOut = await sseFanOut(db, cluster.instances);
      return { health, directory, joins, storm, fanOut };
    } finally {
      await cluster.stop();
    }
  } finally {
    await db.close();
    await livekit.stop();
    await postgres.stop();
  }
}

async function main() {
  const r = await measure();
  if (SMOKE) {
    assertSane({
      'latencies are finite': allFinite(r.health.p99, r.directory.p99, r.storm.p95, r.fanOut.last),
      'joins went through': r.joins.perSecond > 0,
    });
  }
  const machine = machineSummary();
  const lines = [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${machine}; everything (Postgres, LiveKit, two service processes, the clients) on this one machine, load average before the run: ${LOAD_BEFORE}.`,
    '',
    `Data: ${population.USERS.toLocaleString('en')} users, ${(population.USERS * population.FOLLOWS_PER_USER).toLocaleString('en')} follows, ${population.LIVE_ROOMS.toLocaleString('en')} live rooms (all held by a real LiveKit), Postgres 15 (local, fsync off), two \`server/main.ts\` processes.`,
    '',
    '| measure | result |',
    '| --- | --- |',
    `| \`GET /health\` p50 / p99 (sequential, ${REQUESTS}) | ${ms(r.health.p50)} / ${ms(r.health.p99)} |`,
    `| \`GET /v1/directory\` p50 / p99 (sequential, ${REQUESTS}, ${SESSIONS} users) | ${ms(r.directory.p50)} / ${ms(r.directory.p99)} (p99 ${(r.directory.p99 / r.health.p99).toFixed(1)}× /health's) |`,
    `| joins over HTTP, both instances, ${JOIN_CONCURRENCY} concurrent, ${JOIN_SECONDS} s | ${r.joins.perSecond.toFixed(0)}/s |`,
    `| CPU during the joins (cores) | ${r.joins.cpu} |`,
    `| join storm: ${STORM.joins} joins evenly over ${STORM.seconds} s, alternating instances: p50 / p95 | ${ms(r.storm.p50)} / ${ms(r.storm.p95)} |`,
    `| one \`room.live\` to ${SUBSCRIBERS.toLocaleString('en')} SSE subscribers (half per instance, ${SSE_CLIENT_PROCESSES} client processes): median / last | ${ms(r.fanOut.p50)} / ${ms(r.fanOut.last)} |`,
    '',
    'The join storm here is the route alone (no WebRTC connections); `npm run bench:load` measures listeners that also connect and hear audio.',
  ];
  publishBenchmark('Rooms service, two instances', 'npx tsx scripts/bench-scale-out.ts', lines);
}

const LOAD_BEFORE = loadAverage();
main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
