/**
 * `npm run bench:recovery`: how long the extension takes to recover from each fault the fault tests
 * cause for real (service worker stopped, offscreen document closed, LiveKit restarted, rooms service
 * restarted, network offline). Runs those end-to-end tests `--runs` times (each test appends what it
 * measured to test-results/recovery-times.jsonl) and writes the medians to BENCHMARKS.md.
 *
 *   npx tsx scripts/bench-recovery.ts [--runs 3] [--no-build] [--from-log] [--smoke]
 *
 * --from-log writes the table from the records already in test-results/recovery-times.jsonl.
 * --smoke: no build, one run of tests/e2e/resilience.e2e.test.ts only, its records kept apart (in
 * .tmp/bench-smoke/, not test-results/); checks it passed and recorded finite times, and writes the section to
 * .tmp/bench-smoke/ instead of BENCHMARKS.md.
 */
import { execSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import path from 'node:path';
import { RECOVERY_LOG, type RecoveryRecord } from '../tests/e2e/harness/recovery-log.ts';
import {
  allFinite,
  assertSane,
  bySize,
  publishBenchmark,
  SMOKE,
  SMOKE_OUTPUT_DIR,
} from './lib/bench-mode.ts';

const FAULT_TESTS = bySize(
  [
    'tests/e2e/resilience.e2e.test.ts',
    'tests/e2e/livekit-restart.e2e.test.ts',
    'tests/e2e/service-faults.e2e.test.ts',
    'tests/e2e/scale-out.e2e.test.ts',
  ],
  ['tests/e2e/resilience.e2e.test.ts'],
).filter((file) => existsSync(file));

const runsIndex = process.argv.indexOf('--runs');
const RUNS = runsIndex > 0 ? Math.max(1, Number(process.argv[runsIndex + 1]) || 3) : bySize(3, 1);
/** Where the fault tests append their records; a smoke run keeps its own, apart from `npm test`'s. */
const LOG = SMOKE ? path.join(SMOKE_OUTPUT_DIR, 'recovery-times.jsonl') : RECOVERY_LOG;

function machine(): string {
  const chromium = spawnSync('/usr/bin/chromium', ['--version']).stdout?.toString().trim() ?? 'unknown';
  const livekit = execSync('.tools/bin/livekit-server --version').toString().trim();
  const ram = Math.round(totalmem() / 2 ** 30);
  return `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${ram} GB RAM, Node ${process.version}, ${chromium}, ${livekit}`;
}

/** How each fault is caused and recovery observed, for the reader of the table. */
const HOW = [
  '- Service worker stopped: `ServiceWorker.stopAllWorkers` over CDP while listening; a popup opened afterwards wakes a new worker, which rebuilds its state from the offscreen engine (audio never stops).',
  '- Offscreen document closed: `chrome.offscreen.closeDocument()` from the worker; the next look at the session (popup, or the 30 s watchdog alarm) rejoins.',
  '- LiveKit restarted: SIGTERM (then forced) and a new server on the same port; crashed: SIGKILL. The rooms service keeps the room (lost, not ended), the demo bot (host) rejoins through the service, which recreates the room; the extension shows Reconnecting and gets back in with no click.',
  '- Rooms service restarted: stopped (PGlite on disk) while a signed-in user listens with the popup open, started again on the same port; the popup says it retries (1 s, 2 s, then every 3 s), audio never stops, and rooms, follows, scheduled rooms and reminders are all there after.',
  '- Network offline: `Network.emulateNetworkConditions` offline on the popup, the service worker and the offscreen document; the popup says so at once and reloads on the `online` event. The emulation does not cut WebRTC media already flowing, so the room keeps playing (a real network loss is the LiveKit case above).',
  "- LiveKit node and service instance killed (scale-out): a LiveKit cluster of 2 nodes on Redis and 2 service processes over Postgres, each behind a TCP balancer; the demo bot hosts, the extension and 4 Go listeners (2 signalled through each node) listen; the node holding the room and one service instance are SIGKILLed together. The bot brings the room back on the surviving node: signalled through the killed node, LiveKit's SDK gets it back; through the surviving node, it notices from its media path (no RTCP from the media server for 1.5 s, scripts/lib/demo-media-watch.ts) and rejoins through the service. The cluster drops a client whose room's node died 450 ms after its next message (signal relay attempts of 150 and 300 ms). Go listeners LiveKit drops ask the service for a new grant, as a client would (tests/e2e/scale-out.e2e.test.ts).",
];

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : Math.round((sorted[middle - 1]! + sorted[middle]!) / 2);
};

function main(): void {
  if (!SMOKE && !process.argv.includes('--no-build') && !process.argv.includes('--from-log')) {
    if (spawnSync('npm', ['run', 'build:test'], { stdio: 'inherit' }).status !== 0)
      throw new Error('build failed');
  }
  const fromLog = process.argv.includes('--from-log');
  if (!fromLog) rmSync(LOG, { force: true });
  let failedRuns = 0;
  for (let run = 1; run <= (fromLog ? 0 : RUNS); run++) {
    console.log(`run ${run}/${RUNS}: ${FAULT_TESTS.join(' ')}`);
    const result = spawnSync('npx', ['vitest', 'run', '--config', 'vitest.e2e.config.ts', ...FAULT_TESTS], {
      stdio: 'inherit',
      env: { ...process.env, EARSHOT_RECOVERY_LOG: LOG },
    });
    if (result.status !== 0) failedRuns++;
  }
  const records = existsSync(LOG)
    ? readFileSync(LOG, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as RecoveryRecord)
    : [];
  const groups = new Map<string, RecoveryRecord[]>();
  for (const record of records) {
    const key = `${record.fault}\u0000${record.until}\u0000${record.from}`;
    groups.set(key, [...(groups.get(key) ?? []), record]);
  }
  const rows = [...groups.values()].map((group) => {
    const { fault, until, from } = group[0]!;
    const ms = group.map((record) => record.ms);
    const notes = [...new Set(group.map((record) => record.note).filter(Boolean))].slice(0, 3).join('; ');
    return `| ${fault} | ${until} | ${from} | ${group.length} | ${median(ms)} | ${Math.min(...ms)}–${Math.max(...ms)} | ${notes} |`;
  });
  if (SMOKE) {
    assertSane({
      'the fault tests passed': failedRuns === 0,
      'they recorded recovery times': records.length > 0,
      'every recorded time is a finite number': allFinite(...records.map((record) => record.ms)),
    });
  }
  publishBenchmark('Recovery times', 'npm run bench:recovery', [
    `Machine: ${machine()}. Each fault is caused for real by an end-to-end test (${FAULT_TESTS.length} files, ${fromLog ? 'runs recorded earlier' : `${RUNS} runs`}${failedRuns ? `, ${failedRuns} with a failing test` : ''}); the same tests run in \`npm test\` and print these times.`,
    '',
    ...HOW,
    '',
    '| Fault | Recovered when | Measured from | Runs | Median ms | Range ms | Notes |',
    '|---|---|---|---|---|---|---|',
    ...rows,
    '',
  ]);
  if (failedRuns) process.exitCode = 1;
}

main();
