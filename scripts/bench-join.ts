/**
 * `npm run bench`: join latency (click Join → first audio bytes in the offscreen engine) over repeated joins
 * on loopback, the popup's first paint (open → first meaningful content, signed out and signed in; see
 * scripts/lib/popup-first-paint.ts), plus the built size of each extension entrypoint. Writes its section of
 * BENCHMARKS.md.
 *
 *   npx tsx scripts/bench-join.ts [--joins 20] [--opens 20] [--smoke]
 *
 * --smoke: no build (uses .output/chrome-mv3 as it is), 2 joins and 3 popup opens each way; results are checked
 * and the section goes to .tmp/bench-smoke/ instead of BENCHMARKS.md.
 */
import { execSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { type ExtensionBrowser, launchExtensionBrowser } from '../tests/e2e/harness/browser.ts';
import type { ExtensionChrome } from '../tests/e2e/harness/extension-chrome.ts';
import { startBot, startStack } from '../tests/e2e/harness/stack.ts';
import { allFinite, assertSane, bySize, publishBenchmark, SMOKE } from './lib/bench-mode.ts';
import { measurePopupOpens, type PopupOpen } from './lib/popup-first-paint.ts';
import { extensionJoin } from './lib/popup-join.ts';
import { signUp } from './lib/rooms-service-client.ts';

declare const chrome: ExtensionChrome;

const argument = (name: string) =>
  process.argv.indexOf(name) > 0 ? Number(process.argv[process.argv.indexOf(name) + 1]) : Number.NaN;
const JOINS = argument('--joins') || bySize(20, 2);
const OPENS = argument('--opens') || bySize(20, 3);
const OUTPUT = path.resolve('.output/chrome-mv3');

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}

/**
 * Each join as a user makes it: open the popup, click Join as soon as the room's button shows (the popup starts
 * the audio engine when it opens, so this is the least head start the engine can get), wait for the first
 * audio bytes, Leave, close the popup, and wait until the offscreen document is gone.
 */
async function measureJoins(
  browser: ExtensionBrowser,
  roomId: string,
): Promise<{ firstBytes: number[]; connected: number[] }> {
  const firstBytes: number[] = [];
  const connected: number[] = [];
  for (let i = 0; i < JOINS; i++) {
    const timing = await extensionJoin(browser, roomId);
    const heard = timing.firstBytes ?? Number.NaN;
    firstBytes.push(heard);
    connected.push(timing.shown ?? Number.NaN);
    console.log(`join ${i + 1}/${JOINS}: first audio bytes ${heard.toFixed(0)} ms`);
  }
  return { firstBytes, connected };
}

/** The extension signs in (as its popup does) as a new listener who follows the room's host. */
async function signInFollowing(browser: ExtensionBrowser, serviceUrl: string, host: string): Promise<void> {
  const credentials = {
    username: `listener${randomBytes(3).toString('hex')}`,
    password: randomBytes(18).toString('base64url'),
  };
  const { session } = await signUp(serviceUrl, { ...credentials, displayName: 'Bench listener' });
  const followed = await fetch(`${serviceUrl}/v1/me/following/${host}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${session.token}` },
  });
  if (!followed.ok) throw new Error(`follow answered ${followed.status}`);
  const popup = await browser.openPage('popup.html');
  try {
    const reply = (await popup.evaluate(
      (input) => chrome.runtime.sendMessage({ target: 'background', type: 'account:sign-in', ...input }),
      credentials,
    )) as { ok: boolean };
    if (!reply?.ok) throw new Error(`the extension did not sign in: ${JSON.stringify(reply)}`);
  } finally {
    await popup.close();
  }
}

interface Measured {
  firstBytes: number[];
  connected: number[];
  popupSignedOut: PopupOpen[];
  popupSignedIn: PopupOpen[];
}

/**
 * One stack, one speaking bot hosting as a fresh account, one extension browser: joins (signed out, the
 * listen route), then popup opens signed out, then signed in as someone who follows the host.
 */
async function measureAll(): Promise<Measured> {
  const stack = await startStack();
  const host = {
    username: `benchhost${randomBytes(3).toString('hex')}`,
    password: randomBytes(18).toString('base64url'),
  };
  await signUp(stack.serviceUrl, { ...host, displayName: 'Bench Host' });
  process.env.DEMO_BOT_USERNAME = host.username;
  process.env.DEMO_BOT_PASSWORD = host.password;
  const bot = await startBot(stack.serviceUrl, ['--title', 'Benchmark room', '--no-dtx']);
  const browser = await launchExtensionBrowser();
  try {
    await browser.inWorker((url) => chrome.storage.local.set({ serviceUrl: url }), stack.serviceUrl);
    const joins = await measureJoins(browser, bot.roomId);
    const popupSignedOut = await measurePopupOpens(browser, bot.roomId, OPENS, 'signed out');
    await signInFollowing(browser, stack.serviceUrl, host.username);
    const popupSignedIn = await measurePopupOpens(browser, bot.roomId, OPENS, 'signed in');
    return { ...joins, popupSignedOut, popupSignedIn };
  } finally {
    await browser.close();
    await bot.stop();
    await stack.stop();
  }
}

/** Files each entrypoint loads: its HTML's scripts and styles, and every chunk they import. */
function entrypointFiles(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    const full = path.join(OUTPUT, file);
    if (seen.has(file) || !existsSync(full)) return;
    seen.add(file);
    const text = readFileSync(full, 'utf8');
    const pattern = file.endsWith('.html')
      ? /(?:src|href)="([^"]+\.(?:js|css))"/g
      : /(?:import|from)\s*\(?\s*["']([^"']+\.js)["']/g;
    for (const match of text.matchAll(pattern)) {
      const target = match[1]!.startsWith('/')
        ? match[1]!.slice(1)
        : path.join(path.dirname(file), match[1]!);
      visit(path.normalize(target));
    }
  };
  visit(entry);
  return [...seen];
}

function sizeRow(name: string, files: string[]): string {
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const bytes = readFileSync(path.join(OUTPUT, file));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return `| ${name} | ${files.length} | ${(raw / 1024).toFixed(1)} kB | ${(gzip / 1024).toFixed(1)} kB |`;
}

function machine(): string {
  const chromium = spawnSync('/usr/bin/chromium', ['--version']).stdout?.toString().trim() ?? 'unknown';
  const livekit = execSync('.tools/bin/livekit-server --version').toString().trim();
  return `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}, ${chromium}, ${livekit}`;
}

/** `| measure | median | p95 | min | max |` for these values in ms. */
function latencyRow(label: string, values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const cell = (value: number) => (Number.isFinite(value) ? `${value.toFixed(0)} ms` : '–');
  return `| ${label} | ${cell(percentile(sorted, 50))} | ${cell(percentile(sorted, 95))} | ${cell(sorted[0]!)} | ${cell(sorted.at(-1)!)} |`;
}

function checkResults(measured: Measured): void {
  const opens = [...measured.popupSignedOut, ...measured.popupSignedIn];
  assertSane({
    [`${JOINS} joins heard audio, with finite times`]:
      measured.firstBytes.length === JOINS && allFinite(...measured.firstBytes, ...measured.connected),
    [`${OPENS} popup opens each way showed the account panel and the room`]:
      measured.popupSignedOut.length === OPENS && measured.popupSignedIn.length === OPENS,
    'popup content times are finite and positive': opens.every(
      (o) => allFinite(o.contentMs) && o.contentMs > 0,
    ),
  });
}

function popupLines(measured: Measured): string[] {
  const content = (opens: PopupOpen[]) => opens.map((o) => o.contentMs);
  const paint = (opens: PopupOpen[]) => opens.map((o) => o.firstContentfulPaintMs);
  return [
    `Popup first paint, ${OPENS} opens of \`chrome-extension://<id>/popup.html\` in a new tab each way (after one`,
    "warm-up open), timed on the page's clock from navigation start until its first meaningful content is in the",
    'DOM: the account panel (the sign-in form, or the signed-in name) and the live room list with the benchmark',
    "room's row and Join button (a MutationObserver installed before the popup's scripts). Signed in, the account",
    "follows the room's host. It includes asking the background for the session and account and the directory",
    "request to the rooms service. First contentful paint (the browser's paint entry: whatever the popup paints",
    'first, such as "Loading…") for comparison. Target: content under 100 ms.',
    '',
    '| measure | median | p95 | min | max |',
    '| --- | --- | --- | --- | --- |',
    latencyRow('signed out: open → account panel and room list', content(measured.popupSignedOut)),
    latencyRow('signed in: open → account panel and room list', content(measured.popupSignedIn)),
    latencyRow('signed out: open → first contentful paint', paint(measured.popupSignedOut)),
    latencyRow('signed in: open → first contentful paint', paint(measured.popupSignedIn)),
  ];
}

async function main(): Promise<void> {
  if (!SMOKE && spawnSync('npx', ['wxt', 'build'], { stdio: 'inherit' }).status !== 0)
    throw new Error('build failed');
  const measured = await measureAll();
  if (SMOKE) checkResults(measured);
  const entries = ['background.js', 'offscreen.html', 'popup.html'];
  const allFiles = readdirSync(OUTPUT, { recursive: true })
    .map(String)
    .filter((f) => /\.(js|css|html)$/.test(f) && statSync(path.join(OUTPUT, f)).isFile());
  const lines = [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${machine()}.`,
    '',
    `Join latency on loopback, ${JOINS} joins of one room with a speaking bot, from the click on Join in the`,
    'popup to the first inbound audio RTP bytes in the offscreen engine (read there with getStats every 5 ms once',
    "`connect()` resolved, as bench-join-tls.ts's bare livekit-client page reads its own). Each join opens a new popup and clicks",
    'as soon as the Join button shows; the popup starts the offscreen document when it opens, so whatever of',
    "the document's creation is not done by the click is included, with the listener token request and the",
    'LiveKit connection:',
    '',
    '| measure | median | p95 | min | max |',
    '| --- | --- | --- | --- | --- |',
    latencyRow('click → popup shows "Live"', measured.connected),
    latencyRow('click → first audio bytes', measured.firstBytes),
    '',
    ...popupLines(measured),
    '',
    'Built size of each Chrome entrypoint (the entry and every chunk it loads; gzip level 9):',
    '',
    '| entrypoint | files | raw | gzip |',
    '| --- | --- | --- | --- |',
    ...entries.map((entry) => sizeRow(entry, entrypointFiles(entry))),
    sizeRow('whole extension (js, css, html)', allFiles),
  ];
  publishBenchmark('Join latency and bundle size', 'npm run bench', lines);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
