/**
 * `npm run bench:feed`: what the feed content script costs a page. The same fixture page (X, Bluesky and
 * Mastodon markup from tests/fixtures) gets 1,000 posts inserted in small batches, one batch per frame, like an
 * infinite scroll, and is scrolled to its end after each batch; two feeds: "mixed" (every 100th post links to a
 * live room, and one in 100 is by its host: a room card and a live chip per 100 posts) and "plain" (neither).
 * Measured in Chromium without the extension, with a minimal "floor" extension and with ours, in the same run,
 * one after the other: the page's scripting time (`ScriptDuration`) with minus without, a CPU-profile estimate
 * of our share, long tasks and long animation frames. Also the content script's size. Writes its section of
 * BENCHMARKS.md.
 *
 *   npx tsx scripts/bench-feed.ts [--runs 5] [--no-build] [--smoke]
 *
 * --smoke: no build (uses .output/ as it is), 100 posts, one run; results are checked and the section goes to
 * .tmp/bench-smoke/ instead of BENCHMARKS.md.
 *
 * Diagnostics (BENCHMARKS.md is then left alone): --sites x,bsky, --mixes mixed, --posts N, --batch N, --link-every N,
 * --no-scroll, --sampling-us 100, --save-profiles <dir> (.cpuprofile files for DevTools), --baseline <extension
 * dir> (another build, e.g. the previous commit's test build, measured in the same run), --extension <dir> (the
 * build measured as ours; the test build in .output/ by default).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import {
  CHROMIUM,
  type ExtensionBrowser,
  launchExtensionBrowser,
  TEST_EXTENSION_DIR,
} from '../tests/e2e/harness/browser.ts';
import { startFeedTestBed } from '../tests/e2e/harness/feed-test-bed.ts';
import type { FixtureServer } from '../tests/e2e/harness/fixture-server.ts';
import { allFinite, assertSane, bySize, publishBenchmark, SMOKE } from './lib/bench-mode.ts';

const arg = (name: string, fallback: number) => {
  const index = process.argv.indexOf(name);
  return index > 0 ? Number(process.argv[index + 1]) || fallback : fallback;
};
const POSTS = arg('--posts', bySize(1000, 100));
const RUNS = arg('--runs', bySize(5, 1));
const BATCH = arg('--batch', 10);
const SAMPLING_US = arg('--sampling-us', 1000);
const LINK_EVERY = arg('--link-every', 100);
type Site = 'x' | 'bsky' | 'mastodon';
/** The benchmark room's host, as each fixture renders their posts. */
const HOST_HANDLES: Record<Site, string> = {
  x: 'benchhost',
  bsky: 'benchhost.bsky.social',
  mastodon: 'benchhost@mastodon.example',
};
const ALL_SITES = [
  ['x', '/home'],
  ['bsky', '/'],
  ['mastodon', '/home'],
] as const;
/** `--sites x,bsky` measures only those pages (diagnostics; BENCHMARKS.md is then left alone). */
const SITES_ARG =
  process.argv.indexOf('--sites') > 0 ? process.argv[process.argv.indexOf('--sites') + 1] : undefined;
const SITES = ALL_SITES.filter(([site]) => !SITES_ARG || SITES_ARG.split(',').includes(site));
/**
 * Diagnostics: write each run's CPU profile (with the extension, and with the baseline build as `baseline-…`) to
 * this folder, for DevTools.
 */
const PROFILE_DIR = (() => {
  const index = process.argv.indexOf('--save-profiles');
  return index > 0 ? process.argv[index + 1] : undefined;
})();
/** Diagnostics: another build of the extension (e.g. the previous commit's test build) measured in the same run. */
const BASELINE_DIR = (() => {
  const index = process.argv.indexOf('--baseline');
  return index > 0 ? path.resolve(process.argv[index + 1]!) : undefined;
})();
/** Diagnostics: measure this build as ours instead of the test build in .output/ (e.g. a copy made under the lock). */
const EXTENSION_DIR = (() => {
  const index = process.argv.indexOf('--extension');
  return index > 0 ? path.resolve(process.argv[index + 1]!) : TEST_EXTENSION_DIR;
})();
/** Diagnostics: insert without scrolling. */
const NO_SCROLL = process.argv.includes('--no-scroll');
/**
 * What the inserted posts hold. "mixed": every LINK_EVERY-th post links to the live room and one in as many is by
 * its host, so a room card and a live chip are mounted per LINK_EVERY posts; "plain": neither, the cost every post
 * pays.
 */
interface Mix {
  name: 'mixed' | 'plain';
  linkEvery: number;
}
/** `--mixes plain` measures only those feeds (diagnostics; BENCHMARKS.md is then left alone). */
const MIXES_ARG =
  process.argv.indexOf('--mixes') > 0 ? process.argv[process.argv.indexOf('--mixes') + 1] : undefined;
const MIXES: Mix[] = (
  [
    { name: 'mixed', linkEvery: LINK_EVERY },
    { name: 'plain', linkEvery: 0 },
  ] as const
).filter((mix) => !MIXES_ARG || MIXES_ARG.split(',').includes(mix.name));
const PRODUCTION_SCRIPT = path.resolve('.output/chrome-mv3/content-scripts/feed.js');

interface Sample {
  /**
   * The extension's share of the main thread's CPU time: the thread's CPU time over the run (Chrome's
   * `ThreadTime` metric) times the share of the profiler's non-idle samples whose stack includes the content
   * script. On a quiet machine it matches `sampledMs`; when other processes take the cores, a sample also counts
   * the time the thread waited for one, and only the share stays meaningful.
   */
  extensionMs: number;
  /** Samples with the content script on the stack × the sampling interval (the estimate used before). */
  sampledMs: number;
  /** The longest stretch of back-to-back samples in the extension's code: our longest task at most. */
  extensionLongestMs: number;
  /** CPU time of the page's main thread over the run (scripts, DOM, style, layout, GC). */
  busyMs: number;
  /** The page's scripting time over the run (Chrome's `ScriptDuration`: every world's scripts, DOM calls included). */
  scriptMs: number;
  longTasks: number;
  longestTaskMs: number;
  /** Long animation frames (50 ms or more) in which a script of ours ran. */
  longFramesWithUs: number;
  /** Of those, the frames that would not have been long without our scripts' time. */
  longFramesByUs: number;
  /** The most time our scripts took in any one long animation frame. */
  oursInLongFramesMs: number;
  cards: number;
  chips: number;
  /** Each card's and chip's mount on the page at the end, in ms (the test build's `data-mount-ms` on the host). */
  mounts: { card: number[]; chip: number[] };
}

interface CpuProfile {
  nodes: Array<{
    id: number;
    parent?: number;
    callFrame: { url: string; functionName?: string; lineNumber?: number; columnNumber?: number };
    children?: number[];
  }>;
  samples: number[];
  timeDeltas: number[];
}

/** Splits a CPU profile's samples into the extension's share and the rest of the page's non-idle time. */
function attribute(
  profile: CpuProfile,
  intervalUs: number,
  threadCpuMs: number,
): Pick<Sample, 'extensionMs' | 'sampledMs' | 'extensionLongestMs' | 'busyMs'> {
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
  // Idle: the thread waits for work. Everything else uses the CPU, native work ("(program)": style, layout,
  // paint) included, as the thread's CPU time does.
  const idle = new Set(
    profile.nodes.filter((node) => node.callFrame.functionName === '(idle)').map((node) => node.id),
  );
  let oursCount = 0;
  let busyCount = 0;
  let run = 0;
  let longest = 0;
  for (const id of profile.samples) {
    if (!idle.has(id)) busyCount += 1;
    if (isOurs(id)) {
      oursCount += 1;
      run += intervalUs;
      longest = Math.max(longest, run);
    } else {
      run = 0;
    }
  }
  return {
    extensionMs: busyCount > 0 ? (threadCpuMs * oursCount) / busyCount : 0,
    sampledMs: (oursCount * intervalUs) / 1000,
    extensionLongestMs: longest / 1000,
    busyMs: threadCpuMs,
  };
}

/**
 * Runs in the page (as a string: no bundler helpers leak in). Inserts the posts, one batch per frame, and
 * scrolls to the bottom after each batch like a reader of an infinite scroll.
 */
const INSERT = (
  posts: number,
  batch: number,
  linkEvery: number,
  link: string,
  host: string,
  scroll = true,
) => `(async () => {
  const names = ['Dana Lee', 'Sam Ortiz', 'Kim Park', 'Noor Haddad', 'Ola Berg', 'Rui Costa'];
  const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  for (let i = 0; i < ${posts}; i += ${batch}) {
    const list = [];
    for (let j = i; j < Math.min(i + ${batch}, ${posts}); j++) {
      const name = names[j % names.length];
      list.push({
        author: ${linkEvery > 0 ? `j % ${linkEvery} === ${Math.floor(linkEvery / 2)}` : 'false'} ? ${JSON.stringify(host)} : name.split(' ')[0].toLowerCase() + (j % 211),
        name,
        text: 'Post number ' + j + ' with some ordinary words in it.',
        link: ${linkEvery > 0 ? `j % ${linkEvery} === ${linkEvery} - 1` : 'false'} ? ${JSON.stringify(link)} : undefined,
      });
    }
    fixture.addPosts(list);
    if (${scroll}) {
      const scroller = document.scrollingElement;
      scroller.scrollTop = scroller.scrollHeight;
    }
    await nextFrame();
  }
})()`;

/**
 * Long tasks, and the long animation frames (LoAF) with the scripts that ran in them: a long frame that ran a
 * script of ours (a chrome-extension:// source) is one our code took part in.
 */
const OBSERVE_LONG_TASKS = `(() => {
  window.__longTasks = [];
  window.__longFrames = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__longTasks.push(entry.duration);
  }).observe({ type: 'longtask' });
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        const ours = entry.scripts.filter((script) => script.sourceURL.startsWith('chrome-extension://'));
        window.__longFrames.push({
          duration: entry.duration,
          ours: ours.reduce((sum, script) => sum + script.duration, 0),
          oursCount: ours.length,
        });
      }
    }).observe({ type: 'long-animation-frame' });
  } catch {}
})()`;

/**
 * The floor to compare with: a minimal extension whose content script does the least a feed integration can do
 * (one MutationObserver, one animation-frame callback per batch, finds each new post and reads one link of it),
 * written to .tmp/ and measured in the same run. What it costs, the machine charges any content script.
 */
const PROBE_DIR = path.resolve('.tmp/bench-feed-probe');
function writeProbeExtension(): string {
  mkdirSync(PROBE_DIR, { recursive: true });
  writeFileSync(
    path.join(PROBE_DIR, 'manifest.json'),
    JSON.stringify({
      manifest_version: 3,
      name: 'Earshot bench probe',
      version: '1.0',
      permissions: ['storage'],
      background: { service_worker: 'background.js' },
      content_scripts: [
        { matches: ['http://127.0.0.1/fixtures/*'], js: ['content.js'], run_at: 'document_idle' },
      ],
    }),
  );
  writeFileSync(path.join(PROBE_DIR, 'background.js'), '// the harness needs a service worker\n');
  writeFileSync(
    path.join(PROBE_DIR, 'content.js'),
    `(() => {
  const POST = 'article[data-testid="tweet"], [data-testid^="feedItem-by-"], article[data-id]';
  const LINK = 'a[href*="/status/"], a[href^="/profile/"], .status__display-name';
  const seen = new WeakSet();
  let records = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    const batches = records;
    records = [];
    for (const list of batches) for (const record of list) for (const node of record.addedNodes) {
      if (node.nodeType !== 1 || !node.isConnected) continue;
      const post = node.matches(POST) ? node : node.querySelector(POST);
      if (!post || seen.has(post)) continue;
      seen.add(post);
      post.querySelector(LINK)?.getAttribute('href');
    }
  };
  new MutationObserver((list) => {
    records.push(list);
    if (!scheduled) {
      scheduled = true;
      requestAnimationFrame(flush);
    }
  }).observe(document.body, { childList: true, subtree: true });
})();
`,
  );
  return PROBE_DIR;
}

async function measure(
  context: BrowserContext,
  url: string,
  mix: Mix,
  link: string,
  host: string,
  label?: string,
): Promise<Sample> {
  const page: Page = await context.newPage();
  await page.setViewportSize({ width: 1100, height: 800 });
  await page.goto(url);
  await page.waitForTimeout(1000); // the content script has started and drawn the bar
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' } as never);
  const metric = async (name: string) => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return (metrics.find((entry) => entry.name === name)?.value ?? Number.NaN) * 1000;
  };
  const threadTime = () => metric('ThreadTime');
  await cdp.send('Profiler.setSamplingInterval', { interval: SAMPLING_US });
  await page.evaluate(OBSERVE_LONG_TASKS);
  const cpuBefore = await threadTime();
  const scriptBefore = await metric('ScriptDuration');
  await cdp.send('Profiler.start');
  await page.evaluate(INSERT(POSTS, BATCH, mix.linkEvery, link, host, !NO_SCROLL));
  await page.waitForTimeout(1500); // lookups answered, cards mounted
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
  const cpuMs = (await threadTime()) - cpuBefore;
  const scriptMs = (await metric('ScriptDuration')) - scriptBefore;
  if (PROFILE_DIR && label) {
    mkdirSync(PROFILE_DIR, { recursive: true });
    writeFileSync(path.join(PROFILE_DIR, `${label}.cpuprofile`), JSON.stringify(profile));
  }
  const longTasks = (await page.evaluate('window.__longTasks')) as number[];
  const longFrames = (await page.evaluate('window.__longFrames')) as Array<{
    duration: number;
    ours: number;
    oursCount: number;
  }>;
  const cards = await page.locator('earshot-card').count();
  const chips = await page.locator('earshot-chip').count();
  // The test build writes each mount's duration on its host (the page sees the attribute).
  const mounts = (await page.evaluate(`(() => {
    const of = (tag) => [...document.querySelectorAll(tag + '[data-mount-ms]')].map((host) => Number(host.getAttribute('data-mount-ms')));
    return { card: of('earshot-card'), chip: of('earshot-chip') };
  })()`)) as Sample['mounts'];
  await page.close();
  return {
    ...attribute(profile, SAMPLING_US, cpuMs),
    scriptMs,
    longTasks: longTasks.length,
    longFramesWithUs: longFrames.filter((frame) => frame.oursCount > 0).length,
    longFramesByUs: longFrames.filter((frame) => frame.oursCount > 0 && frame.duration - frame.ours < 50)
      .length,
    oursInLongFramesMs: Math.max(0, ...longFrames.map((frame) => frame.ours)),
    longestTaskMs: Math.max(0, ...longTasks),
    cards,
    chips,
    mounts,
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

/** Everything a run measures with: the back end, the fixture pages and the four browsers. */
interface Bench {
  link: string;
  withExtension: ExtensionBrowser;
  plainContext: BrowserContext;
  baseline: ExtensionBrowser | null;
  probe: ExtensionBrowser;
  fixtures: FixtureServer;
  stop(): Promise<void>;
}

/**
 * The stack with a live room whose host claimed a handle on each site (every 100th post, offset by 50, is
 * theirs: the feed finds live authors as it would on a real page, and mounts their "Live" chips), the fixture
 * server, and Chromium without an extension, with the floor extension, with ours (and the baseline build).
 */
async function startBench(): Promise<Bench> {
  const bed = await startFeedTestBed({
    host: {
      name: 'benchhost',
      displayName: 'Bench Host',
      handles: Object.entries(HOST_HANDLES).map(([site, handle]) => ({ site: site as Site, handle })),
    },
    room: { title: 'Benchmark room' },
    browser: () => launchExtensionBrowser({ extensionDir: EXTENSION_DIR }),
  });
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
  const baseline = BASELINE_DIR ? await launchExtensionBrowser({ extensionDir: BASELINE_DIR }) : null;
  const probe = await launchExtensionBrowser({ extensionDir: writeProbeExtension() });
  await baseline?.useService(bed.stack.serviceUrl);
  return {
    link: bed.roomLink,
    withExtension: bed.browser,
    plainContext,
    baseline,
    probe,
    fixtures: bed.fixtures,
    async stop() {
      await baseline?.close();
      await probe.close();
      await plain.close();
      await bed.stop();
    },
  };
}

/** RUNS of one page and feed, in each browser one after the other. */
interface PageRuns {
  off: Sample[];
  on: Sample[];
  before: Sample[];
  floor: Sample[];
}

async function runPage(bench: Bench, site: Site, route: string, mix: Mix): Promise<PageRuns> {
  const url = bench.fixtures.url(site, route);
  const measureIn = (context: BrowserContext, label?: string) =>
    measure(context, url, mix, bench.link, HOST_HANDLES[site], label);
  const runs: PageRuns = { off: [], on: [], before: [], floor: [] };
  for (let run = 0; run < RUNS; run++) {
    if (bench.baseline) {
      runs.before.push(await measureIn(bench.baseline.context, `baseline-${site}-${mix.name}-${run + 1}`));
    }
    runs.off.push(await measureIn(bench.plainContext));
    runs.floor.push(await measureIn(bench.probe.context));
    runs.on.push(await measureIn(bench.withExtension.context, `${site}-${mix.name}-${run + 1}`));
    console.log(
      `${site} ${mix.name} run ${run + 1}/${RUNS}: page scripting ${runs.off.at(-1)!.scriptMs.toFixed(1)} ms without, ` +
        `${runs.on.at(-1)!.scriptMs.toFixed(1)} ms with, ${runs.floor.at(-1)!.scriptMs.toFixed(1)} ms with the floor` +
        (bench.baseline
          ? `, ${runs.before.at(-1)!.scriptMs.toFixed(1)} ms with the baseline build ` +
            `(its cards / chips: ${runs.before.at(-1)!.cards} / ${runs.before.at(-1)!.chips})`
          : ''),
    );
  }
  const expected = mix.linkEvery > 0 ? Math.floor(POSTS / mix.linkEvery) : 0;
  if (runs.on.some((s) => s.cards < expected || s.chips < expected)) {
    throw new Error(
      `${site}: expected ${expected} room cards and live chips, got ${runs.on.map((s) => `${s.cards} and ${s.chips}`).join(', ')}`,
    );
  }
  return runs;
}

/** One page and feed's figures: the table row and what the verdicts need. */
interface PageResult {
  mix: Mix['name'];
  row: string;
  addedPer100: number;
  /** The floor extension's figure on the same page and feed. */
  floorAdded: number;
  ourLongest: number;
  longFramesByUs: number;
  /** Every figure the row shows, for the smoke run's sanity check. */
  figures: number[];
  mounts: Sample['mounts'];
}

function summarize(site: Site, mix: Mix, runs: PageRuns): PageResult {
  const { off, on, before, floor } = runs;
  // The measure: the page's scripting time with the extension minus without, run by run (each run measures
  // both, one after the other), per 100 posts.
  const added = (samples: Sample[]) => samples.map((s, i) => ((s.scriptMs - off[i]!.scriptMs) / POSTS) * 100);
  const addedPer100 = median(added(on));
  if (before.length > 0) {
    console.log(
      `${site} ${mix.name}: baseline build ${median(added(before)).toFixed(2)} ms, this build ${addedPer100.toFixed(2)} ms per 100 posts`,
    );
  }
  const share = (samples: Sample[]) => (median(samples.map((s) => s.extensionMs)) / POSTS) * 100;
  const ourLongest = Math.max(...on.map((s) => s.extensionLongestMs));
  const longFramesWithUs = Math.max(...on.map((s) => s.longFramesWithUs));
  const longFramesByUs = Math.max(...on.map((s) => s.longFramesByUs));
  const oursInLongFrames = Math.max(...on.map((s) => s.oursInLongFramesMs));
  const floorAdded = median(added(floor));
  const row =
    `| ${site} | ${mix.name} | **${addedPer100.toFixed(2)} ms** | ${added(on)
      .map((v) => v.toFixed(2))
      .join(', ')} | ` +
    `${median(off.map((s) => s.scriptMs)).toFixed(1)} / ${median(on.map((s) => s.scriptMs)).toFixed(1)} ms | ` +
    `${floorAdded.toFixed(2)} ms | ${share(on).toFixed(2)} ms (floor ${share(floor).toFixed(2)}) | ` +
    `${ourLongest.toFixed(0)} ms | ` +
    `${median(off.map((s) => s.busyMs)).toFixed(0)} / ${median(on.map((s) => s.busyMs)).toFixed(0)} ms | ` +
    `${Math.max(...off.map((s) => s.longTasks))} / ${Math.max(...on.map((s) => s.longTasks))} | ` +
    `${longFramesWithUs}${longFramesWithUs > 0 ? ` (ours ≤ ${oursInLongFrames.toFixed(0)} ms)` : ''} / ${longFramesByUs} | ` +
    `${Math.min(...on.map((s) => s.cards))} / ${Math.min(...on.map((s) => s.chips))} |`;
  console.log(
    `${site} ${mix.name}: ${addedPer100.toFixed(2)} ms of scripting added per 100 posts (floor ${floorAdded.toFixed(2)} ms); CPU profile share ${share(on).toFixed(2)} ms`,
  );
  const figures = [addedPer100, floorAdded, share(on), share(floor), ourLongest];
  const mounts = {
    card: on.flatMap((sample) => sample.mounts.card),
    chip: on.flatMap((sample) => sample.mounts.chip),
  };
  return { mix: mix.name, row, addedPer100, floorAdded, ourLongest, longFramesByUs, figures, mounts };
}

/** How the table was measured, for its reader. */
const METHOD_LINES = [
  `${POSTS} posts inserted into each fixture page (tests/fixtures) in batches of ${BATCH}, one batch per frame, like an`,
  'infinite scroll, the page scrolled to its end after each batch. Two feeds: **mixed**, where every',
  `${LINK_EVERY}th post links to a live room and one post in ${LINK_EVERY} is by that room's host (who claimed a handle on`,
  'the site), so a room card and a "Live" chip are mounted per 100 posts; and',
  '**plain**, with neither: what every ordinary post costs. Each page and feed is measured',
  `${RUNS} times without the extension, with the floor extension and with ours, one after the other, in the same run.`,
  'Since 2026-11-25 (second change that day) the scripting time is the measure and host posts are in the mixed',
  'feed: numbers written before then are not comparable with these.',
  '',
  "- **scripting added per 100 posts**: Chrome's `ScriptDuration` for the page (every script of the page's",
  "  renderer, content scripts and the DOM calls they make included, in the thread's CPU time) with the",
  '  extension minus without it, run by run, per 100 posts; the median, then each run.',
  '- **floor**: the same for a minimal extension whose content script only observes the page, finds each new post',
  '  and reads one link of it with one `querySelector`: what this machine charges any content script for looking',
  '  at every post.',
  "- **CPU profile share**: a second estimate, from Chrome's CPU profiler run at the same time (samples every",
  `  ${SAMPLING_US / 1000} ms): the share of non-idle samples with our code on the stack times the thread's CPU time.`,
  '- **longest stretch of ours**: the longest run of back-to-back samples in our code, an upper bound of our',
  '  longest task (a long task is 50 ms or more).',
  "- **page CPU**: the page's main-thread CPU time over the run, without / with the extension (laying out and",
  '  scrolling a 1,000-post page costs the page itself most of it; this column is noisy).',
  '- **long tasks**: `longtask` entries, most in any run, without / with the extension. **long frames with us / by',
  '  us**: long animation frames (`long-animation-frame`, 50 ms or more) in which a script of ours ran (with the most',
  '  our scripts took in one of them), and those of them that would have been under 50 ms without our scripts;',
  '  most in any run.',
];

function reportLines(results: PageResult[], load: { before: number; after: number }): string[] {
  const sizeOf = (file: string) => {
    const bytes = readFileSync(file);
    return `${(bytes.length / 1024).toFixed(1)} kB raw, ${(gzipSync(bytes, { level: 9 }).length / 1024).toFixed(1)} kB gzip`;
  };
  const chromiumVersion = spawnSync(CHROMIUM, ['--version']).stdout?.toString().trim() ?? 'Chromium';
  const worst = (mix: Mix['name']) =>
    Math.max(0, ...results.filter((r) => r.mix === mix).map((r) => r.addedPer100));
  const verdict = (mix: Mix['name']) => `${worst(mix).toFixed(2)} ms`;
  const met = (mix: Mix['name']) => (worst(mix) < 2 ? 'met' : '**not met**');
  const longestOurs = Math.max(0, ...results.map((r) => r.ourLongest));
  const mountLine = (kind: 'card' | 'chip') => {
    const all = results.flatMap((r) => r.mounts[kind]);
    if (all.length === 0) return `no ${kind} mounted`;
    const sorted = [...all].sort((a, b) => a - b);
    return `${kind} median ${median(all).toFixed(2)} ms, slowest ${sorted.at(-1)!.toFixed(2)} ms (${all.length} mounts)`;
  };
  const mostLongFramesByUs = Math.max(0, ...results.map((r) => r.longFramesByUs));
  const plainVsFloor = () => {
    const plain = results.filter((r) => r.mix === 'plain');
    const above = plain.filter((r) => r.addedPer100 > r.floorAdded);
    const pairs = plain.map((r) => `${r.addedPer100.toFixed(2)} vs ${r.floorAdded.toFixed(2)}`).join(', ');
    return `${above.length === 0 ? 'met' : `**not met** on ${above.length} of ${plain.length} pages`} (${pairs} ms)`;
  };
  return [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'} (a shared machine: load ` +
      `average ${load.before.toFixed(1)} when the run started, ${load.after.toFixed(1)} when it ended), Node ${process.version}, ${chromiumVersion}.`,
    '',
    ...METHOD_LINES,
    '',
    '| page | feed | scripting added per 100 posts | runs | page scripting without / with | floor | CPU profile share | longest stretch of ours | page CPU without / with | long tasks without / with | long frames with us / by us | cards / chips |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...results.map((r) => r.row),
    '',
    `Budget (issue 14): mixed feed under 2 ms of script per 100 posts: ${met('mixed')} (worst page: ` +
      `${verdict('mixed')}); plain feed no more than the floor extension in the same run: ${plainVsFloor()}. ` +
      'No long task caused by us: ' +
      `${longestOurs < 50 && mostLongFramesByUs === 0 ? 'met' : '**not met**'} (longest stretch of our code: ` +
      `${longestOurs.toFixed(0)} ms; long animation frames made long by our code: ${mostLongFramesByUs}).`,
    '',
    `Per-card mount cost (a shadow host with the shared stylesheet adopted, the view cloned from its template and` +
      ` filled, placed in the post; clicks delegated to one listener on the window; timed by the test build from` +
      ` the view's creation to its placement, all pages and runs; the cards and chips on the page at the end): ${mountLine('card')}; ${mountLine('chip')}.`,
    '',
    `Feed content script (\`content-scripts/feed.js\`, production build, its CSS included): ${
      existsSync(PRODUCTION_SCRIPT) ? sizeOf(PRODUCTION_SCRIPT) : 'not built'
    }.`,
  ];
}

/** The standard run's options (anything else is a diagnostic run, and leaves BENCHMARKS.md alone). */
const STANDARD_OPTIONS =
  SITES.length === ALL_SITES.length &&
  MIXES.length === 2 &&
  !PROFILE_DIR &&
  !BASELINE_DIR &&
  EXTENSION_DIR === TEST_EXTENSION_DIR &&
  !NO_SCROLL &&
  SAMPLING_US === 1000 &&
  POSTS === 1000 &&
  BATCH === 10 &&
  LINK_EVERY === 100;

async function main(): Promise<void> {
  if (!SMOKE && !process.argv.includes('--no-build')) build();
  const bench = await startBench();
  const results: PageResult[] = [];
  const loadBefore = loadavg()[0]!;
  try {
    for (const [site, route] of SITES) {
      for (const mix of MIXES) results.push(summarize(site, mix, await runPage(bench, site, route, mix)));
    }
  } finally {
    await bench.stop();
  }
  if (SMOKE) {
    assertSane({
      'every page and feed measured': results.length === SITES.length * MIXES.length,
      'every figure is a finite number': results.every((r) => allFinite(...r.figures)),
    });
  }
  const lines = reportLines(results, { before: loadBefore, after: loadavg()[0]! });
  publishBenchmark('Feed content script cost', 'npm run bench:feed', lines, { write: STANDARD_OPTIONS });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
