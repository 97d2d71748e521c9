/**
 * `npm run bench:load`: many listeners in one room while the extension listens, on loopback. For each
 * listener count: the extension joins the demo bot's room from the popup in Chromium; that many
 * accounts join the room through the service's join route in a storm (spread over --storm-s) and
 * connect to LiveKit as headless listeners (LiveKit's Go SDK, tests/e2e/harness/load-listener); they stay for
 * --window-s while the extension's audio, the listeners' audio and the CPU and memory of LiveKit, the
 * service and the listener processes are read; then they leave. Writes the "Load" section of
 * BENCHMARKS.md (tests/e2e/load.e2e.test.ts runs the same, smaller, as a test).
 *
 *   npx tsx scripts/bench-load.ts [--listeners 100,200] [--window-s 60] [--storm-s 10] [--no-write] [--smoke]
 *
 * --smoke: no build (uses .output/chrome-mv3 as it is), 3 listeners joining over 1 s, a 10 s window; results
 * are checked (everyone joined and heard, the extension heard throughout) and the section goes to
 * .tmp/bench-smoke/ instead of BENCHMARKS.md.
 */
import { execSync, spawnSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { waitForAudio } from '../tests/e2e/harness/engine-probe.ts';
import {
  joinStorm,
  percentile,
  pollPresence,
  type StormReport,
  signUpListeners,
  startLoadRun,
  type WindowReport,
  watchWindow,
} from '../tests/e2e/harness/load-listeners.ts';
import { readProcess, type UsageSummary } from '../tests/e2e/harness/load-usage.ts';
import { allFinite, assertSane, bySize, publishBenchmark, SMOKE } from './lib/bench-mode.ts';

const { values } = parseArgs({
  options: {
    listeners: { type: 'string', default: bySize('100,200', '3') },
    'window-s': { type: 'string', default: bySize('60', '10') },
    'storm-s': { type: 'string', default: bySize('10', '1') },
    'no-write': { type: 'boolean', default: false },
    smoke: { type: 'boolean', default: false },
  },
});
const COUNTS = values.listeners.split(',').map(Number);
const WINDOW_MS = Number(values['window-s']) * 1000;
const STORM_MS = Number(values['storm-s']) * 1000;
/** A decoded level above this is audible speech (the bot's silence reads below 0.002). */
const AUDIBLE = 0.005;

interface RunResult {
  listeners: number;
  loadBefore: number;
  loadAfter: number;
  extensionJoinMs: number;
  /** Resident memory (MB) with only the bot and the extension in the room, before the storm. */
  atRest: { livekit: number; service: number };
  storm: StormReport;
  /** Participants LiveKit listed, and the directory's listener count, once the storm was over. */
  livekitParticipants: number;
  directoryListeners: number | undefined;
  window?: WindowReport;
  windowError?: string;
  dropped: number;
  /** After everyone left: the counts were back to the bot and the extension, and it still heard the bot. */
  countsBack: boolean;
  stillHears: boolean;
}

async function measure(listeners: number): Promise<RunResult> {
  const loadBefore = loadavg()[0]!;
  console.log(`\n${listeners} listeners; load average ${loadBefore.toFixed(1)}`);
  const run = await startLoadRun();
  try {
    const { stack, bot, browser, pool, usagePids } = run;
    const restingMb = (pid: number) => (readProcess(pid)?.rssBytes ?? 0) / 2 ** 20;
    const atRest = { livekit: restingMb(stack.livekitPid), service: restingMb(stack.servicePid) };
    const sessions = await signUpListeners(stack.serviceUrl, listeners);
    const storm = await joinStorm({
      serviceUrl: stack.serviceUrl,
      roomId: bot.roomId,
      sessions,
      spreadMs: STORM_MS,
      pool,
      usagePids,
    });
    console.log(
      `storm: ${storm.joins.filter((j) => j.joined).length} joined, ${storm.joins.filter((j) => j.connected).length} connected in ${(storm.durationMs / 1000).toFixed(1)} s`,
    );
    const everyone = await pollPresence(
      stack,
      bot.roomId,
      (p) => p.livekitParticipants >= listeners + 2 && p.directory?.listenerCount === listeners + 1,
      30_000,
    );
    let window: WindowReport | undefined;
    let windowError: string | undefined;
    try {
      window = await watchWindow({ browser, pool, windowMs: WINDOW_MS, usagePids });
      console.log(
        `window: extension ${(window.bytesPerSecond / 1000).toFixed(1)} kB/s; ${window.listenersReceiving} listeners receiving`,
      );
    } catch (error) {
      windowError = error instanceof Error ? error.message : String(error);
      console.log(`window: ${windowError}`);
    }
    const dropped = pool.dropped.size;
    await pool.leave();
    const after = await pollPresence(
      stack,
      bot.roomId,
      (p) => p.livekitParticipants === 2 && p.directory?.listenerCount === 1,
      30_000,
    );
    const stillHears = await waitForAudio(browser, { timeoutMs: 10_000, minLevel: AUDIBLE }).then(
      () => true,
      () => false,
    );
    return {
      listeners,
      loadBefore,
      loadAfter: loadavg()[0]!,
      extensionJoinMs: run.extensionJoinMs,
      atRest,
      storm,
      livekitParticipants: everyone.livekitParticipants,
      directoryListeners: everyone.directory?.listenerCount,
      window,
      windowError,
      dropped,
      countsBack: after.livekitParticipants === 2 && after.directory?.listenerCount === 1,
      stillHears,
    };
  } finally {
    await run.stop();
  }
}

const ms = (value: number) => (Number.isFinite(value) ? `${value.toFixed(0)} ms` : '–');
const latency = (values: Array<number | undefined>) => {
  const known = values.filter((v): v is number => v !== undefined);
  return known.length === 0
    ? '–'
    : `${ms(percentile(known, 50))} / ${ms(percentile(known, 95))} / ${ms(Math.max(...known))}`;
};
const usage = (u: UsageSummary | undefined) =>
  u
    ? `${u.cpuPercent.toFixed(0)} % (peak ${u.peakCpuPercent.toFixed(0)} %), ${u.peakRssMb.toFixed(0)} MB`
    : '–';

function audioKeptFlowing(result: RunResult): string {
  const { window } = result;
  if (!window) return `no: ${result.windowError}`;
  const silent = window.slices.filter((s) => s.bytes <= 0 || s.maxLevel <= AUDIBLE);
  return silent.length === 0
    ? `yes, ${(window.bytesPerSecond / 1000).toFixed(1)} kB/s, ${window.packetsPerSecond.toFixed(0)} packets/s, longest stall ${ms(window.longestStallMs)}`
    : `no: ${silent.length} of ${window.slices.length} 5 s slices silent`;
}

function machine(): string {
  const chromium = spawnSync('/usr/bin/chromium', ['--version']).stdout?.toString().trim() || 'Chromium';
  const livekit = execSync('.tools/bin/livekit-server --version').toString().trim();
  const ram = (totalmem() / 2 ** 30).toFixed(0);
  return `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${ram} GB RAM, Node ${process.version}, ${chromium}, ${livekit}`;
}

/** Smoke runs: everyone joined, connected and heard; the extension heard throughout and after. */
function checkResults(results: RunResult[]): void {
  const joins = results.flatMap((r) => r.storm.joins);
  assertSane({
    'every listener count was run': results.length === COUNTS.length,
    'every listener joined and connected': results.every(
      (r) => r.storm.joins.length === r.listeners && r.storm.joins.every((j) => j.joined && j.connected),
    ),
    'join and connect times are finite': allFinite(
      ...joins.flatMap((j) => [j.joinMs ?? Number.NaN, j.connectMs ?? Number.NaN]),
    ),
    'LiveKit listed everyone (listeners, bot, extension)': results.every(
      (r) => r.livekitParticipants >= r.listeners + 2,
    ),
    'the extension heard the bot in every slice of the window': results.every((r) =>
      audioKeptFlowing(r).startsWith('yes'),
    ),
    'every headless listener received audio': results.every(
      (r) => r.window?.listenersReceiving === r.listeners,
    ),
    'counts went back and the extension still heard the bot after they left': results.every(
      (r) => r.countsBack && r.stillHears,
    ),
  });
}

async function main(): Promise<void> {
  if (!SMOKE && spawnSync('npx', ['wxt', 'build'], { stdio: 'inherit' }).status !== 0)
    throw new Error('build failed');
  const results: RunResult[] = [];
  for (const count of COUNTS) results.push(await measure(count));
  if (SMOKE) checkResults(results);

  const lines = [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${machine()}.`,
    '',
    'The machine is shared: other jobs ran at the same time (1-minute load average at the start and end of',
    'each run below; 2 would mean both cores busy). Everything runs on it at once: LiveKit, the rooms',
    'service (in its own process), Chromium with the extension, the speaking bot and the headless',
    "listeners (one process of LiveKit's Go SDK; they receive the audio but do not decode it). CPU is the",
    'mean over the phase in % of one core (200 % = both cores), with the highest one-second reading;',
    'memory is the highest resident size.',
    '',
    `Join storm: each listener is a signed-up account that calls \`POST /v1/rooms/:id/join\` (the extension's`,
    `path) with the requests spread evenly over ${STORM_MS / 1000} s, then connects to LiveKit with the token it got and`,
    'subscribes to the bot\'s audio. Latencies are p50 / p95 / max; "subscribed" counts from the start of the',
    'LiveKit connection to the audio track subscribed.',
    '',
    '| listeners | load avg | joins OK | join route | connected | LiveKit connect | subscribed | all in after | LiveKit CPU, RSS | service CPU, RSS | listener processes CPU, RSS |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...results.map((r) => {
      const joined = r.storm.joins.filter((j) => j.joined).length;
      const connected = r.storm.joins.filter((j) => j.connected).length;
      return `| ${r.listeners} | ${r.loadBefore.toFixed(1)} | ${joined}/${r.listeners} | ${latency(r.storm.joins.map((j) => j.joinMs))} | ${connected}/${r.listeners} | ${latency(r.storm.joins.map((j) => j.connectMs))} | ${latency(r.storm.joins.map((j) => j.subscribedMs))} | ${(r.storm.durationMs / 1000).toFixed(1)} s | ${usage(r.storm.usage.livekit)} | ${usage(r.storm.usage.service)} | ${usage(r.storm.usage.listeners)} |`;
    }),
    '',
    `Listening window of ${WINDOW_MS / 1000} s with everyone in the room (the bot speaks throughout). "Extension audio" is`,
    'yes when, in every 5 s slice, inbound audio bytes grew in the offscreen engine and the decoded level was',
    'audible; the stall is the longest gap between two reads (every 0.5 s) with no new bytes.',
    '',
    '| listeners | in LiveKit / directory | extension audio | headless listeners receiving | dropped | LiveKit CPU, RSS | service CPU, RSS | listener processes CPU, RSS | after they left | load avg at end |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...results.map((r) => {
      const receiving = r.window
        ? `${r.window.listenersReceiving}/${r.listeners} (stats read for ${r.window.listenersRead}), median ${(r.window.listenerBytesPerSecondMedian / 1000).toFixed(1)} kB/s`
        : '–';
      const after = `${r.countsBack ? 'counts back to 1 listener' : 'counts NOT back'}; extension ${r.stillHears ? 'still hears' : 'does NOT hear'}`;
      return `| ${r.listeners} | ${r.livekitParticipants} / ${r.directoryListeners ?? '–'} listening | ${audioKeptFlowing(r)} | ${receiving} | ${r.dropped} | ${usage(r.window?.usage.livekit)} | ${usage(r.window?.usage.service)} | ${usage(r.window?.usage.listeners)} | ${after} | ${r.loadAfter.toFixed(1)} |`;
    }),
  ];
  lines.push(
    '',
    `Before each storm, with only the bot and the extension in the room: LiveKit ${results.map((r) => `${r.atRest.livekit.toFixed(0)} MB`).join(', ')},`,
    `the service ${results.map((r) => `${r.atRest.service.toFixed(0)} MB`).join(', ')} resident. The service keeps its database in memory here (PGlite,`,
    'as the tests run it), which is most of its size; with `DATABASE_URL` it is in Postgres instead.',
  );
  publishBenchmark('Load', 'npm run bench:load', lines, { write: !values['no-write'] });
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
