/**
 * `npm run bench:feed`: what the feed content script costs a page. The same fixture page (X, Bluesky and
 * Mastodon markup from tests/fixtures) gets 1,000 posts inserted in small batches, one batch per frame, like
 * an infinite scroll; every 50th post links to a live room (so cards are mounted too). Measured in Chromium
 * with and without the extension, in the same run, alternating: main-thread script time (CDP Performance
 * metrics, all worlds of the page) and long tasks (PerformanceObserver 'longtask'). Also the content
 * script's size. Writes its section of BENCHMARKS.md.
 *
 *   npx tsx scripts/bench-feed.ts [--posts 1000] [--runs 3] [--no-build]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { CHROMIUM, launchExtensionBrowser, TEST_EXTENSION_DIR } from '../tests/e2e/harness/browser.ts';
import type { ExtensionChrome } from '../tests/e2e/harness/extension-chrome.ts';
import { startFixtureServer } from '../tests/e2e/harness/fixture-server.ts';
import { startBot, startStack } from '../tests/e2e/harness/stack.ts';
import { writeBenchmarkSection } from './lib/benchmarks-file.ts';

declare const chrome: ExtensionChrome;

const arg = (name: string, fallback: number) => {
  const index = process.argv.indexOf(name);
  return index > 0 ? Number(process.argv[index + 1]) || fallback : fallback;
};
const POSTS = arg('--posts', 1000);
const RUNS = arg('--runs', 3);
const BATCH = 10;
const SAMPLING_US = arg('--sampling-us', 1000);
const LINK_EVERY = arg('--link-every', 100);
const SITES = [
  ['x', '/home'],
  ['bsky', '/'],
  ['mastodon', '/home'],
] as const;
const PRODUCTION_SCRIPT = path.resolve('.output/chrome-mv3/content-scripts/feed.js');

interface Sample {
  /** CPU time in stacks that include the extension's content script (CPU profiler attribution). */
  extensionMs: number;
  /** The longest stretch of back-to-back samples in the extension's code: our longest task at most. */
  extensionLongestMs: number;
  /** CPU time of the whole page's main thread outside idle (scripts, DOM, style, layout, GC). */
  busyMs: number;
  longTasks: number;
  longestTaskMs: number;
  cards: number;
}

interface CpuProfile {
  nodes: Array<{ id: number; parent?: number; callFrame: { url: string }; children?: number[] }>;
  samples: number[];
  timeDeltas: number[];
}

/** Splits a CPU profile's time into the extension's share and the page's busy time. */
function attribute(
  profile: CpuProfile,
  intervalUs: number,
): Pick<Sample, 'extensionMs' | 'extensionLongestMs' | 'busyMs'> {
  const parent = new Map<number, number>();
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const ours = new Map<number, boolean>();
  const isOurs = (id: number): boolean => {
    const known = ours.get(id);
    if (known !== undefined) return known;
    const node = byId.get(id)!;
    const result =
      node.callFrame.url.startsWith('chrome-extension://') || (parent.has(id) && isOurs(parent.get(id)!));
    ours.set(id, result);
    return result;
  };
  const idle = new Set(
    profile.nodes
      .filter((node) =>
        ['(idle)', '(program)'].includes((node.callFrame as { functionName?: string }).functionName ?? ''),
      )
      .map((node) => node.id),
  );
  // Each sample stands for one sampling interval of CPU: time deltas would also count the moments the
  // thread waited for a core (two cores shared with LiveKit, the service and the bot).
  let extensionUs = 0;
  let busyUs = 0;
  let run = 0;
  let longest = 0;
  for (const id of profile.samples) {
    if (!idle.has(id)) busyUs += intervalUs;
    if (isOurs(id)) {
      extensionUs += intervalUs;
      run += intervalUs;
      longest = Math.max(longest, run);
    } else {
      run = 0;
    }
  }
  return { extensionMs: extensionUs / 1000, extensionLongestMs: longest / 1000, busyMs: busyUs / 1000 };
}

/** Runs in the page (as a string: no bundler helpers leak in). Inserts the posts, one batch per frame. */
const INSERT = (posts: number, batch: number, linkEvery: number, link: string) => `(async () => {
  const names = ['Dana Lee', 'Sam Ortiz', 'Kim Park', 'Noor Haddad', 'Ola Berg', 'Rui Costa'];
  const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  for (let i = 0; i < ${posts}; i += ${batch}) {
    const list = [];
    for (let j = i; j < Math.min(i + ${batch}, ${posts}); j++) {
      const name = names[j % names.length];
      list.push({
        author: name.split(' ')[0].toLowerCase() + (j % 211),
        name,
        text: 'Post number ' + j + ' with some ordinary words in it.',
        link: j % ${linkEvery} === ${linkEvery} - 1 ? ${JSON.stringify(link)} : undefined,
      });
    }
    fixture.addPosts(list);
    await nextFrame();
  }
})()`;

const OBSERVE_LONG_TASKS = `(() => {
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__longTasks.push(entry.duration);
  }).observe({ type: 'longtask' });
})()`;

async function measure(context: BrowserContext, url: string, link: string): Promise<Sample> {
  const page: Page = await context.newPage();
  await page.setViewportSize({ width: 1100, height: 800 });
  await page.goto(url);
  await page.waitForTimeout(1000); // the content script has started and drawn the bar
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: SAMPLING_US });
  await page.evaluate(OBSERVE_LONG_TASKS);
  await cdp.send('Profiler.start');
  await page.evaluate(INSERT(POSTS, BATCH, LINK_EVERY, link));
  await page.waitForTimeout(1500); // lookups answered, cards mounted
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
  const longTasks = (await page.evaluate('window.__longTasks')) as number[];
  const cards = await page.locator('earshot-card').count();
  await page.close();
  return {
    ...attribute(profile, SAMPLING_US),
    longTasks: longTasks.length,
    longestTaskMs: Math.max(0, ...longTasks),
    cards,
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

function build(): void {
  for (const script of ['build:chrome', 'build:test']) {
    if (spawnSync('npm', ['run', script], { stdio: 'inherit' }).status !== 0)
      throw new Error(`${script} failed`);
  }
}

async function main(): Promise<void> {
  if (!process.argv.includes('--no-build')) build();
  const [stack, fixtures] = await Promise.all([startStack(), startFixtureServer()]);
  const bot = await startBot(stack.serviceUrl, ['--title', 'Benchmark room']);
  const withExtension = await launchExtensionBrowser({ extensionDir: TEST_EXTENSION_DIR });
  const plain = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
    ],
  });
  const plainContext = await plain.newContext();
  const link = `${stack.serviceUrl}/r/${bot.roomId}`;
  const rows: string[] = [];
  let worstPer100 = 0;
  let longestOurs = 0;
  try {
    await withExtension.inWorker((url) => chrome.storage.local.set({ serviceUrl: url }), stack.serviceUrl);
    for (const [site, route] of SITES) {
      const url = fixtures.url(site, route);
      const off: Sample[] = [];
      const on: Sample[] = [];
      for (let run = 0; run < RUNS; run++) {
        off.push(await measure(plainContext, url, link));
        on.push(await measure(withExtension.context, url, link));
        console.log(
          `${site} run ${run + 1}/${RUNS}: page busy ${off.at(-1)!.busyMs.toFixed(0)} ms without, ${on.at(-1)!.busyMs.toFixed(0)} ms with; extension ${on.at(-1)!.extensionMs.toFixed(1)} ms`,
        );
      }
      const expectedCards = Math.floor(POSTS / LINK_EVERY);
      if (LINK_EVERY <= POSTS && on.some((s) => s.cards < expectedCards)) {
        throw new Error(
          `${site}: expected ${expectedCards} room cards, got ${on.map((s) => s.cards).join(', ')}`,
        );
      }
      const ext = median(on.map((s) => s.extensionMs));
      const per100 = (ext / POSTS) * 100;
      worstPer100 = Math.max(worstPer100, per100);
      const ourLongest = Math.max(...on.map((s) => s.extensionLongestMs));
      longestOurs = Math.max(longestOurs, ourLongest);
      const longOff = Math.max(...off.map((s) => s.longTasks));
      const longOn = Math.max(...on.map((s) => s.longTasks));
      rows.push(
        `| ${site} | ${ext.toFixed(1)} ms | **${per100.toFixed(2)} ms** | ${ourLongest.toFixed(1)} ms | ` +
          `${median(off.map((s) => s.busyMs)).toFixed(0)} / ${median(on.map((s) => s.busyMs)).toFixed(0)} ms | ` +
          `${longOff} / ${longOn} | ${on[0]!.cards} |`,
      );
    }
  } finally {
    await withExtension.close();
    await plain.close();
    await bot.stop();
    await stack.stop();
    await fixtures.close();
  }

  const sizeOf = (file: string) => {
    const bytes = readFileSync(file);
    return `${(bytes.length / 1024).toFixed(1)} kB raw, ${(gzipSync(bytes, { level: 9 }).length / 1024).toFixed(1)} kB gzip`;
  };
  const chromiumVersion = spawnSync(CHROMIUM, ['--version']).stdout?.toString().trim() ?? 'Chromium';
  const lines = [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}, ${chromiumVersion}.`,
    '',
    `${POSTS} posts inserted into each fixture page (tests/fixtures) in batches of ${BATCH}, one batch per frame, like an`,
    `infinite scroll; every ${LINK_EVERY}th post links to a live room, so the content script also gets rooms and mounts`,
    `cards. Each page is measured ${RUNS} times without and with the extension, alternating, in the same run.`,
    '',
    "- **extension script**: main-thread CPU time in stacks that include the content script (Chrome's CPU profiler,",
    `  one sample every ${SAMPLING_US / 1000} ms over the insertion, counted as that much CPU; DOM calls made by our code`,
    '  count as ours). Median of the runs.',
    '- **longest stretch of ours**: the longest run of back-to-back samples in our code, an upper bound of our',
    '  longest task (a long task is 50 ms or more).',
    '- **page busy**: all non-idle main-thread time of the page over the insertion (its own scripts, DOM, GC),',
    '  without / with the extension, medians.',
    '- **long tasks**: PerformanceObserver `longtask` entries during the insertion, most in any run, without / with.',
    '  On 2 cores these also come from the page and from everything else running (the rooms service, LiveKit, the',
    "  bot); the column before says whether any could be ours. (CDP's `Performance.getMetrics` ScriptDuration was",
    "  tried first; it left out the page's timer and frame callbacks, so it could not compare the two variants.)",
    '',
    '| page | extension script | per 100 posts | longest stretch of ours | page busy without / with | long tasks without / with | cards |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    `Budget: under 2 ms of script per 100 posts: ${worstPer100 <= 2 ? 'met' : '**not met**'} (worst page here: ` +
      `${worstPer100.toFixed(2)} ms). No long task of ours: ${longestOurs < 50 ? 'met' : '**not met**'} (longest stretch ` +
      `of our code: ${longestOurs.toFixed(1)} ms).`,
    '',
    `Feed content script (\`content-scripts/feed.js\`, production build, its CSS included): ${
      existsSync(PRODUCTION_SCRIPT) ? sizeOf(PRODUCTION_SCRIPT) : 'not built'
    }.`,
  ];
  writeBenchmarkSection('Feed content script cost', 'npm run bench:feed', lines);
  console.log(lines.join('\n'));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
