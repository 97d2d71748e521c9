/**
 * `npm run bench` (with bench-join.ts): join latency side by side, one run, each path measured the same way
 * (time from the start of a join until the first inbound audio RTP bytes, joins one after another):
 * - the extension on loopback (the rooms service and LiveKit on 127.0.0.1, plain HTTP/WS: `npm start`);
 * - the extension through deploy/'s TLS topology (nginx with TLS from a local CA at https://rooms.earshot.test
 *   and wss://lk.earshot.test, the service in production mode on Postgres, LiveKit on the deploy config);
 * - the floor: a bare `livekit-client` page (no extension) in the same browser, getting its token the way any
 *   client of the service must (one request to the service's join route, over the same path: loopback, or
 *   nginx and TLS) and joining the same room of the same LiveKit.
 * Each row also gives a profile: the median time at which each stage of the join was reached.
 * Goal: the extension within 1.2x of the floor, median and p95.
 *
 *   npx tsx scripts/bench-join-tls.ts [--joins 40] [--smoke] [--loopback-only] [--no-build]
 *
 * It runs itself inside a network namespace (scripts/lib/network-namespace.ts: an /etc/hosts for the
 * deployed names, nginx on 443), so no --host-resolver-rules and no name leaves the machine.
 * --smoke: 2 joins per path, results checked, the section to .tmp/bench-smoke/.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { BrowserContext, Page } from 'playwright-core';
import { type ExtensionBrowser, launchExtensionBrowser } from '../tests/e2e/harness/browser.ts';
import { chooseDefaultServer } from '../tests/e2e/harness/choose-server.ts';
import type { ExtensionChrome } from '../tests/e2e/harness/extension-chrome.ts';
import { startBot, startStack } from '../tests/e2e/harness/stack.ts';
import { launchUnprivilegedBrowser } from '../tests/e2e/harness/unprivileged-browser.ts';
import { allFinite, assertSane, bySize, publishBenchmark, SMOKE } from './lib/bench-mode.ts';
import { startDeployTopology } from './lib/deploy-topology.ts';
import {
  insideFreshNetworkNamespace,
  spawnInNetworkNamespace,
  writeHostsFile,
} from './lib/network-namespace.ts';
import { extensionJoin, type Stages } from './lib/popup-join.ts';

declare const chrome: ExtensionChrome;

const argument = (name: string) =>
  process.argv.indexOf(name) > 0 ? Number(process.argv[process.argv.indexOf(name) + 1]) : Number.NaN;
const JOINS = argument('--joins') || bySize(40, 2);
/** Only the loopback rows, printed (BENCHMARKS.md untouched): a quicker look while working on the join. */
const LOOPBACK_ONLY = process.argv.includes('--loopback-only');
/** Measure the loopback build in .output/chrome-mv3 as it is. */
const NO_BUILD = process.argv.includes('--no-build');
const LOOPBACK_EXTENSION = path.resolve('.output/chrome-mv3');
const TLS_EXTENSION = path.resolve('.output/chrome-mv3-deploy-bench');
const WORK_DIR = path.resolve('.tmp/bench-join-tls');
const ROOM_TITLE = 'Latency room';

interface Joins {
  firstBytes: number[];
  stages: Stages[];
}

/** livekit-client as one script for a plain page (global `LivekitClient`). */
async function livekitClientBundle(): Promise<string> {
  const result = await build({
    stdin: { contents: "export * from 'livekit-client';", resolveDir: process.cwd(), loader: 'ts' },
    bundle: true,
    format: 'iife',
    globalName: 'LivekitClient',
    minify: true,
    write: false,
  });
  return result.outputFiles[0]!.text;
}

/**
 * The floor: a page with only livekit-client, on the service's own origin (its /health route, then the
 * bundle), so it may call the join route as the service's own share page does: join route → connect →
 * first audio bytes; then disconnect. Its requests take the extension's path (loopback, or nginx and TLS).
 */
async function openFloorPage(context: BrowserContext, bundle: string, origin: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${origin}/health`);
  await page.evaluate(bundle); // through the DevTools protocol: the service's CSP does not apply
  return page;
}

/** One floor join in a page of its own, opened for it and closed after it (as the extension's engine is). */
async function newPageFloorJoin(context: BrowserContext, bundle: string, service: Service): Promise<Stages> {
  const page = await openFloorPage(context, bundle, service.origin);
  try {
    return await page.evaluate(bareJoin, service.room);
  } finally {
    await page.close();
  }
}

/** In the bare page: one request to the join route, `new Room()`, `connect()`, first audio bytes. */
async function bareJoin(roomId: string): Promise<Stages> {
  type Stats = { forEach(fn: (entry: { type: string; bytesReceived?: number }) => void): void };
  const { Room, RoomEvent } = (globalThis as unknown as { LivekitClient: typeof import('livekit-client') })
    .LivekitClient;
  const stages: Stages = {};
  const start = performance.now();
  const response = await fetch(`/v1/rooms/${encodeURIComponent(roomId)}/join`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  if (!response.ok) throw new Error(`join route: HTTP ${response.status}`);
  const grant = (await response.json()) as { url: string; token: string };
  stages.grant = performance.now() - start;
  const room = new Room();
  room.once(RoomEvent.SignalConnected, () => {
    stages.signal = performance.now() - start;
  });
  await room.connect(grant.url, grant.token, { autoSubscribe: true });
  stages.connected = performance.now() - start;
  for (;;) {
    let bytes = 0;
    for (const participant of room.remoteParticipants.values()) {
      for (const publication of participant.audioTrackPublications.values()) {
        const stats = (await publication.track?.receiver?.getStats()) as Stats | undefined;
        stats?.forEach((entry) => {
          if (entry.type === 'inbound-rtp') bytes += entry.bytesReceived ?? 0;
        });
      }
    }
    if (bytes > 0) break;
    if (performance.now() - start > 20_000) throw new Error('no audio within 20 s');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  stages.firstBytes = performance.now() - start;
  await room.disconnect();
  return stages;
}

interface Service {
  origin: string;
  room: string;
}

interface PathResult {
  /** The extension's joins after its first (each in a new engine document). */
  extension: Joins;
  /** The floor's joins after its first, in one page reused (its livekit-client code warm): the goal's floor. */
  floor: Joins;
  /** The floor's joins, each in a page opened for it (cold livekit-client code, as the engine document's). */
  newPageFloor: Joins;
  /** Each side's first join after its browser started (not in the rows above). */
  coldExtension: Stages;
  coldFloor: Stages;
}

const joinsOf = (stages: Stages[]): Joins => ({ firstBytes: stages.map((s) => s.firstBytes!), stages });

/**
 * One path: in `browser` (fresh, the extension set up), the extension's first join (the browser's cold one),
 * the floor's first join (a warm-up), then JOINS rounds taking turns (extension, floor in its reused page,
 * floor in a new page) so both sides see the same machine; then the floor's first join in another fresh
 * browser, its cold join.
 */
async function measurePath(
  browser: ExtensionBrowser,
  launchFresh: () => Promise<ExtensionBrowser>,
  bundle: string,
  service: Service,
): Promise<PathResult> {
  const coldExtension = await extensionJoin(browser, service.room);
  const floorPage = await openFloorPage(browser.context, bundle, service.origin);
  await floorPage.evaluate(bareJoin, service.room);
  const extension: Stages[] = [];
  const floor: Stages[] = [];
  const newPageFloor: Stages[] = [];
  for (let i = 0; i < JOINS; i++) {
    extension.push(await extensionJoin(browser, service.room));
    floor.push(await floorPage.evaluate(bareJoin, service.room));
    newPageFloor.push(await newPageFloorJoin(browser.context, bundle, service));
  }
  await floorPage.close();
  await browser.close();
  const fresh = await launchFresh();
  try {
    const coldFloor = await newPageFloorJoin(fresh.context, bundle, service);
    return {
      extension: joinsOf(extension),
      floor: joinsOf(floor),
      newPageFloor: joinsOf(newPageFloor),
      coldExtension,
      coldFloor,
    };
  } finally {
    await fresh.close();
  }
}

async function measureLoopback(bundle: string): Promise<PathResult> {
  const stack = await startStack();
  const bot = await startBot(stack.serviceUrl, ['--title', ROOM_TITLE, '--no-dtx']);
  const launch = () => launchExtensionBrowser({ extensionDir: LOOPBACK_EXTENSION });
  const browser = await launch();
  try {
    await browser.inWorker((url) => chrome.storage.local.set({ serviceUrl: url }), stack.serviceUrl);
    return await measurePath(browser, launch, bundle, { origin: stack.serviceUrl, room: bot.roomId });
  } finally {
    await browser.close();
    await bot.stop();
    await stack.stop();
  }
}

async function measureThroughTls(bundle: string): Promise<PathResult> {
  const topology = await startDeployTopology(WORK_DIR, { httpsPort: 443 });
  const caFile = topology.certificates.caFile;
  process.env.NODE_EXTRA_CA_CERTS = caFile;
  const bundleFile = path.join(WORK_DIR, 'ca-bundle.pem');
  const system = await readFile('/etc/ssl/certs/ca-certificates.crt', 'utf8').catch(() => '');
  await writeFile(bundleFile, `${system}\n${await readFile(caFile, 'utf8')}`);
  process.env.SSL_CERT_FILE = bundleFile;
  const bot = await startBot(topology.serviceOrigin, ['--title', ROOM_TITLE, '--no-dtx']);
  const launch = () => launchUnprivilegedBrowser({ extensionDir: TLS_EXTENSION, caFile });
  const browser = await launch();
  try {
    const popup = await browser.openPage('popup.html');
    await chooseDefaultServer(browser, popup, topology.serviceOrigin);
    await popup.locator(`[data-room-id="${bot.roomId}"]`).waitFor({ timeout: 20_000 });
    await popup.close();
    return await measurePath(browser, launch, bundle, { origin: topology.serviceOrigin, room: bot.roomId });
  } finally {
    await browser.close();
    await bot.stop();
    await topology.stop();
  }
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function rows(label: string, result: PathResult): string[] {
  const ms = (value: number) => `${value.toFixed(0)} ms`;
  const line = (who: string, joins: Joins) =>
    `| ${label} | ${who} | ${ms(percentile(joins.firstBytes, 50))} | ${ms(percentile(joins.firstBytes, 95))} |`;
  const ratio = (floor: Joins, p: number) =>
    (percentile(result.extension.firstBytes, p) / percentile(floor.firstBytes, p)).toFixed(2);
  const ratios = (who: string, floor: Joins) =>
    `| ${label} | ${who} | ${ratio(floor, 50)}x | ${ratio(floor, 95)}x |`;
  return [
    line('extension (popup Join)', result.extension),
    line('bare livekit-client page, reused (floor)', result.floor),
    ratios('**extension / floor**', result.floor),
    line('bare livekit-client page, a new one per join', result.newPageFloor),
    ratios('extension / new-page floor', result.newPageFloor),
  ];
}

/** The first join after each side's browser started: `| path | extension | floor | ratio |`. */
function coldRow(label: string, result: PathResult): string {
  const extension = result.coldExtension.firstBytes!;
  const floor = result.coldFloor.firstBytes!;
  return `| ${label} | ${extension.toFixed(0)} ms | ${floor.toFixed(0)} ms | ${(extension / floor).toFixed(2)}x |`;
}

/** Each join's stages in order, e.g. `grant 21 → offscreen 70 → engine 202 → firstBytes 368`. */
function profile(label: string, result: PathResult): string[] {
  const join = (stages: Stages) =>
    Object.entries(stages)
      .sort(([, a], [, b]) => a - b)
      .map(([name, t]) => `${name} ${t.toFixed(0)}`)
      .join(' → ');
  const line = (who: string, joins: Joins) => `- ${label}, ${who}: ${joins.stages.map(join).join('; ')}`;
  const medians = (who: string, joins: Joins) => {
    const names = [...new Set(joins.stages.flatMap((stages) => Object.keys(stages)))];
    const median: Stages = {};
    for (const name of names) {
      median[name] = percentile(
        joins.stages.flatMap((stages) => (stages[name] === undefined ? [] : [stages[name]])),
        50,
      );
    }
    return `- ${label}, ${who}, medians: ${join(median)}`;
  };
  return [
    medians('extension', result.extension),
    medians('floor', result.floor),
    medians('new-page floor', result.newPageFloor),
    `- ${label}, first join in a fresh browser: extension ${join(result.coldExtension)}; floor ${join(result.coldFloor)}`,
    line('extension', result.extension),
    line('floor', result.floor),
    line('new-page floor', result.newPageFloor),
  ];
}

/** How the joins were timed: lines of the section, as BENCHMARKS.md has them. */
const HOW_JOINS_WERE_TIMED =
  `where a bot speaks, in one Chromium: from the start of a join (the click on Join in a newly opened popup, as
soon as the button shows, the popup having started the engine when it opened; for the floor, a plain page
with only livekit-client on the service's origin: one request to the service's join route over the same path,
\`new Room()\`, \`connect()\`) to the first inbound audio RTP bytes, seen the same way on both sides: getStats
every 5 ms once \`connect()\` resolved (for the extension, in its offscreen engine). Each extension join runs
in a new engine document (the popup is closed and the document gone before the next), as a user's next
listening session does. The floor joins in one page it reuses (its livekit-client code stays warm: the goal's
floor), and again in a page opened for each join. The sides take turns, join by join, after one join each that
is not in the rows: the browser's first join, given in the second table (the floor's in another fresh
browser). TLS: deploy/'s topology (nginx, local CA, production mode, Postgres), the names resolved by an
/etc/hosts in a network namespace. Goal: the extension within 1.2x of the floor, median and p95.`.split('\n');

/** The key to each join's profile: lines of the section, as BENCHMARKS.md has them. */
const WHAT_THE_PROFILE_SHOWS =
  `Profile of each join (ms from its start at which each stage was reached; the medians of each stage first, then
every join. Both sides: grant = the service's join answer (extension: reached the popup's session), signal =
LiveKit's signalling answered (\`SignalConnected\`), connected = \`connect()\` resolved, firstBytes = the first
inbound audio bytes, read with getStats every 5 ms from \`connect()\` on, in the engine for the extension
(utils/engine/first-audio.ts; the popup asks the engine nothing until it shows the room connected). Extension
only: engine = the offscreen engine got the connect command, shown = the popup shows the room connected):`.split(
    '\n',
  );

async function main(): Promise<void> {
  if (!LOOPBACK_ONLY && (!SMOKE || !existsSync(TLS_EXTENSION))) {
    const env = { ...process.env, NODE_ENV: 'production', WXT_SERVICE_URL: 'https://rooms.earshot.test' };
    execFileSync('npx', ['wxt', 'build', '--mode', 'deploy-bench'], { env, stdio: 'inherit' });
  }
  if (!SMOKE && !NO_BUILD && spawnSync('npx', ['wxt', 'build'], { stdio: 'inherit' }).status !== 0)
    throw new Error('build failed');
  const bundle = await livekitClientBundle();
  const loopback = await measureLoopback(bundle);
  if (LOOPBACK_ONLY) {
    console.log(
      [...rows('loopback', loopback), coldRow('loopback', loopback), ...profile('loopback', loopback)].join(
        '\n',
      ),
    );
    return;
  }
  const tls = await measureThroughTls(bundle);
  const all = [loopback, tls].flatMap((r) => [r.extension, r.floor, r.newPageFloor]);
  const cold = [loopback, tls].flatMap((r) => [r.coldExtension.firstBytes, r.coldFloor.firstBytes]);
  if (SMOKE) {
    assertSane({
      [`${JOINS} joins per row and path heard audio, with finite times`]: all.every(
        (joins) => joins.firstBytes.length === JOINS && allFinite(...joins.firstBytes),
      ),
      "each side's first join in a fresh browser heard audio": cold.every(
        (t) => t !== undefined && allFinite(t),
      ),
    });
  }
  const lines = [
    `Measured ${new Date().toISOString().slice(0, 10)}, ${JOINS} joins per row, one after another, of one room`,
    ...HOW_JOINS_WERE_TIMED,
    '',
    '| path | client | median | p95 |',
    '| --- | --- | --- | --- |',
    ...rows('loopback', loopback),
    ...rows('TLS proxy', tls),
    '',
    'The first join after the browser started (one join each way, so no p95):',
    '',
    '| path | extension | floor | extension / floor |',
    '| --- | --- | --- | --- |',
    coldRow('loopback', loopback),
    coldRow('TLS proxy', tls),
    '',
    ...WHAT_THE_PROFILE_SHOWS,
    '',
    ...profile('loopback', loopback),
    ...profile('TLS proxy', tls),
  ];
  publishBenchmark('Join latency side by side', 'npm run bench', lines);
}

const self = fileURLToPath(import.meta.url);
if (await insideFreshNetworkNamespace()) {
  await main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
} else {
  await mkdir(WORK_DIR, { recursive: true });
  const hostsFile = path.join(WORK_DIR, 'hosts');
  await writeHostsFile(hostsFile, ['rooms.earshot.test', 'lk.earshot.test']);
  const child = spawnInNetworkNamespace(
    process.execPath,
    ['--import', 'tsx', self, ...process.argv.slice(2)],
    {
      hostsFile,
    },
  );
  child.stdout?.pipe(process.stdout);
  child.stderr?.pipe(process.stderr);
  child.once('exit', (code) => process.exit(code ?? 1));
}
