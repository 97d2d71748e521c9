/**
 * `npm run bench`: join latency (click Join → first audio bytes in the offscreen engine) over repeated joins
 * on loopback, plus the built size of each extension entrypoint. Writes its section of BENCHMARKS.md.
 *
 *   npx tsx scripts/bench-join.ts [--joins 20]
 */
import { execSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchExtensionBrowser } from '../tests/e2e/harness/browser.ts';
import { offscreenDocumentCount } from '../tests/e2e/harness/engine-probe.ts';
import type { ExtensionChrome } from '../tests/e2e/harness/extension-chrome.ts';
import { startBot, startStack } from '../tests/e2e/harness/stack.ts';
import { writeBenchmarkSection } from './lib/benchmarks-file.ts';

declare const chrome: ExtensionChrome;

const JOINS = Number(process.argv[process.argv.indexOf('--joins') + 1]) || 20;
const OUTPUT = path.resolve('.output/chrome-mv3');

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}

async function measureJoins(): Promise<{ firstBytes: number[]; connected: number[] }> {
  const stack = await startStack();
  const bot = await startBot(stack.serviceUrl, ['--title', 'Benchmark room']);
  const browser = await launchExtensionBrowser();
  try {
    await browser.inWorker((url) => chrome.storage.local.set({ serviceUrl: url }), stack.serviceUrl);
    const popup = await browser.openPage('popup.html');
    // tsx keeps function names with a __name helper that does not exist inside the page.
    await popup.evaluate('globalThis.__name = (fn) => fn');
    await popup.locator(`[data-room-id="${bot.roomId}"] button.join`).waitFor();
    const firstBytes: number[] = [];
    const connected: number[] = [];
    for (let i = 0; i < JOINS; i++) {
      const timing = await popup.evaluate(async (roomId) => {
        const send = (type: string) =>
          chrome.runtime.sendMessage({ target: 'engine', type }).catch(() => null) as Promise<{
            ok: boolean;
            value: { bytesReceived: number };
          } | null>;
        const button = document.querySelector<HTMLButtonElement>(`[data-room-id="${roomId}"] button.join`);
        if (!button) throw new Error('no Join button');
        const start = performance.now();
        button.click();
        let connectedAt = 0;
        for (;;) {
          if (!connectedAt && document.querySelector('.now-playing[data-status="connected"]')) {
            connectedAt = performance.now() - start;
          }
          const reply = await send('engine:stats');
          if (reply?.ok && reply.value.bytesReceived > 0) {
            return {
              firstBytes: performance.now() - start,
              connected: connectedAt || performance.now() - start,
            };
          }
          if (performance.now() - start > 20_000) throw new Error('no audio within 20 s');
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      }, bot.roomId);
      firstBytes.push(timing.firstBytes);
      connected.push(timing.connected);
      console.log(`join ${i + 1}/${JOINS}: first audio bytes ${timing.firstBytes.toFixed(0)} ms`);
      await popup.getByRole('button', { name: 'Leave' }).click();
      for (let t = 0; (await offscreenDocumentCount(browser)) > 0; t++) {
        if (t > 200) throw new Error('offscreen document did not close');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await popup.locator(`[data-room-id="${bot.roomId}"] button.join`).waitFor();
    }
    return { firstBytes, connected };
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

async function main(): Promise<void> {
  if (spawnSync('npx', ['wxt', 'build'], { stdio: 'inherit' }).status !== 0) throw new Error('build failed');
  const { firstBytes, connected } = await measureJoins();
  const sortedBytes = [...firstBytes].sort((a, b) => a - b);
  const sortedConnected = [...connected].sort((a, b) => a - b);
  const entries = ['background.js', 'offscreen.html', 'popup.html'];
  const allFiles = readdirSync(OUTPUT, { recursive: true })
    .map(String)
    .filter((f) => /\.(js|css|html)$/.test(f) && statSync(path.join(OUTPUT, f)).isFile());
  const lines = [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${machine()}.`,
    '',
    `Join latency on loopback, ${JOINS} joins of one room with a speaking bot, from the click on Join in the`,
    'popup to the first inbound audio RTP bytes in the offscreen engine (includes creating the offscreen',
    'document, the listener token request and the LiveKit connection):',
    '',
    '| measure | median | p95 | min | max |',
    '| --- | --- | --- | --- | --- |',
    `| click → popup shows "Live" | ${percentile(sortedConnected, 50).toFixed(0)} ms | ${percentile(sortedConnected, 95).toFixed(0)} ms | ${sortedConnected[0]!.toFixed(0)} ms | ${sortedConnected.at(-1)!.toFixed(0)} ms |`,
    `| click → first audio bytes | ${percentile(sortedBytes, 50).toFixed(0)} ms | ${percentile(sortedBytes, 95).toFixed(0)} ms | ${sortedBytes[0]!.toFixed(0)} ms | ${sortedBytes.at(-1)!.toFixed(0)} ms |`,
    '',
    'Built size of each Chrome entrypoint (the entry and every chunk it loads; gzip level 9):',
    '',
    '| entrypoint | files | raw | gzip |',
    '| --- | --- | --- | --- |',
    ...entries.map((entry) => sizeRow(entry, entrypointFiles(entry))),
    sizeRow('whole extension (js, css, html)', allFiles),
  ];
  writeBenchmarkSection('Join latency and bundle size', 'npm run bench', lines);
  console.log(lines.join('\n'));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
