/**
 * `npm run bench` (after the extension's join benchmark): the web player behind share links. Its built size,
 * and click on Listen → first inbound audio bytes in a plain Chromium (no extension) on loopback, each join in a
 * freshly loaded share page. Writes its section of BENCHMARKS.md.
 *
 *   npx tsx scripts/bench-web-player.ts [--joins 20] [--smoke]
 *
 * `--smoke`: no build (uses .output/web-player as `npm test` built it), 2 joins, results checked, section to
 * .tmp/bench-smoke/.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { guestContext, launchGuestChromium, waitForGuestAudio } from '../tests/e2e/harness/guest-browser.ts';
import { startBot, startStack } from '../tests/e2e/harness/stack.ts';
import { bySize, publishBenchmark, SMOKE } from './lib/bench-mode.ts';

const JOINS = bySize(Number(process.argv[process.argv.indexOf('--joins') + 1]) || 20, 2);
const OUTPUT = path.resolve('.output/web-player');

interface Join {
  /** Navigation start → DOMContentLoaded: the player's module script has run and rendered Listen. */
  readyMs: number;
  /** Click → first inbound audio RTP bytes. */
  firstBytesMs: number;
}

/** In the page: click Listen and poll the peer connections' stats until audio bytes arrive. */
async function timeJoin(page: Page): Promise<Join> {
  await page.locator('button.listen').waitFor();
  return page.evaluate(async () => {
    const button = document.querySelector<HTMLButtonElement>('button.listen')!;
    const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const readyMs = navigation.domContentLoadedEventEnd;
    const start = performance.now();
    button.click();
    for (;;) {
      if ((await window.__guestAudio!()).bytes > 0)
        return { readyMs, firstBytesMs: performance.now() - start };
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  });
}

async function measureJoins(): Promise<Join[]> {
  const stack = await startStack();
  const bot = await startBot(stack.serviceUrl, ['--title', 'Web player benchmark']);
  const browser = await launchGuestChromium();
  const joins: Join[] = [];
  try {
    const context = await guestContext(browser, { locale: 'en-US', width: 1280, height: 800 });
    for (let i = 0; i <= JOINS; i++) {
      const page = await context.newPage();
      await page.goto(`${stack.serviceUrl}/r/${bot.roomId}`);
      const join = await timeJoin(page);
      await waitForGuestAudio(page, { timeoutMs: 30_000 });
      if (i > 0) joins.push(join); // the first one warms the caches and LiveKit's room
      await page.close();
    }
  } finally {
    await browser.close();
    await bot.stop();
    await stack.stop();
  }
  return joins;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.max(0, Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function latencyRow(label: string, values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const cell = (value: number) => `${value.toFixed(0)} ms`;
  return `| ${label} | ${cell(percentile(sorted, 50))} | ${cell(percentile(sorted, 95))} | ${cell(sorted[0]!)} | ${cell(sorted.at(-1)!)} |`;
}

function sizeRow(file: string): string {
  const bytes = readFileSync(path.join(OUTPUT, file));
  const gzip = gzipSync(bytes, { level: 9 }).length;
  return `| ${file} | ${(bytes.length / 1024).toFixed(1)} kB | ${(gzip / 1024).toFixed(1)} kB |`;
}

async function main(): Promise<void> {
  if (!SMOKE && spawnSync('npm', ['run', 'build:web'], { stdio: 'inherit' }).status !== 0)
    throw new Error('build failed');
  const joins = await measureJoins();
  checkSane(joins);
  const chromium = spawnSync('/usr/bin/chromium', ['--version']).stdout?.toString().trim() ?? 'Chromium';
  const lines = [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}, ${chromium}.`,
    '',
    `The share page's player in a plain Chromium (no extension), ${JOINS} joins of one room with a speaking bot,`,
    'each in a freshly loaded page (after one warm-up): from the click on Listen to the first inbound audio RTP',
    "bytes in the page's peer connection (includes the listener token request and the LiveKit connection), and",
    "from navigation start to DOMContentLoaded (the player's module script has run and shown Listen by then):",
    '',
    '| measure | median | p95 | min | max |',
    '| --- | --- | --- | --- | --- |',
    latencyRow(
      'page load → player shown (DOMContentLoaded)',
      joins.map((j) => j.readyMs),
    ),
    latencyRow(
      'click Listen → first audio bytes',
      joins.map((j) => j.firstBytesMs),
    ),
    '',
    'Built size (`npm run build:web`, gzip level 9); the page itself is rendered by the service:',
    '',
    '| file | raw | gzip |',
    '| --- | --- | --- |',
    ...['player.js', 'player.css', 'preview.png'].map(sizeRow),
  ];
  publishBenchmark('Web player', 'npm run bench', lines);
}

/** Every join was timed and heard (waitForGuestAudio already threw otherwise); the numbers are real. */
function checkSane(joins: Join[]): void {
  const values = joins.flatMap((j) => [j.readyMs, j.firstBytesMs]);
  if (joins.length !== JOINS || !values.every((v) => Number.isFinite(v) && v > 0))
    throw new Error(`web player benchmark: implausible results ${JSON.stringify(joins)}`);
  console.log('web player: sanity checks passed');
}

await main();
