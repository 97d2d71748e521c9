/**
 * Debian's Chromium with the built extension loaded, driven by playwright-core. Fake audio devices, real
 * audio output (Playwright's default --mute-audio is dropped so the browser behaves as a user's does).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page, type Worker } from 'playwright-core';
import type { ExtensionChrome } from './extension-chrome';

declare const chrome: ExtensionChrome;

export const EXTENSION_DIR = path.resolve('.output/chrome-mv3');
/** The test build (`wxt build --mode test`): the feed content script also runs on the loopback fixture pages. */
export const TEST_EXTENSION_DIR = path.resolve('.output/chrome-mv3-test');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Every test Chromium's flags: new headless, no sandbox (root in a container), and no background traffic. */
export const HEADLESS_CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  /** The extension's service worker as it is now (it may have been restarted). */
  worker(): Promise<Worker>;
  /** Opens an extension page (e.g. `popup.html`) in a tab. */
  openPage(file: string, viewport?: { width: number; height: number }): Promise<Page>;
  /** Runs `fn` in the service worker. */
  inWorker<T, A>(fn: (arg: A) => T | Promise<T>, arg: A): Promise<T>;
  /** Points the extension at a rooms service (its `serviceUrl` setting). */
  useService(url: string): Promise<void>;
  close(): Promise<void>;
}

/** How one launcher differs from the plain one: its profile, binary, environment and extra flags. */
export interface ChromiumLaunch {
  extensionDir: string;
  userDataDir: string;
  lang?: string;
  fakeAudioFile?: string;
  /** The binary Playwright starts (a wrapper script, say); Debian's Chromium when absent. */
  executablePath?: string;
  env?: Record<string, string | undefined>;
  extraArgs?: string[];
  /** Removes what the launcher made (the profile, a fake $HOME), after the browser closed. */
  cleanUp(): Promise<void>;
}

/** Starts Chromium with the extension loaded and waits for its service worker. */
export async function launchChromiumWithExtension(launch: ChromiumLaunch): Promise<ExtensionBrowser> {
  const lang = launch.lang ?? 'en-US';
  const capture = launch.fakeAudioFile ? [`--use-file-for-fake-audio-capture=${launch.fakeAudioFile}`] : [];
  const context = await chromium.launchPersistentContext(launch.userDataDir, {
    executablePath: launch.executablePath ?? CHROMIUM,
    headless: true,
    ignoreDefaultArgs: ['--mute-audio'],
    locale: lang,
    ...(launch.env ? { env: launch.env } : {}),
    args: [
      ...HEADLESS_CHROMIUM_ARGS,
      `--disable-extensions-except=${launch.extensionDir}`,
      `--load-extension=${launch.extensionDir}`,
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      '--autoplay-policy=no-user-gesture-required',
      `--lang=${lang}`,
      ...(launch.extraArgs ?? []),
      ...capture,
    ],
  });
  const first =
    context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 30_000 }));
  const extensionId = new URL(first.url()).host;

  async function worker(): Promise<Worker> {
    // The newest one: after the browser stopped the worker, a new one starts when the extension is used.
    const found = context
      .serviceWorkers()
      .filter((w) => w.url().startsWith(`chrome-extension://${extensionId}/`))
      .at(-1);
    return found ?? context.waitForEvent('serviceworker', { timeout: 30_000 });
  }

  async function inWorker<T, A>(fn: (arg: A) => T | Promise<T>, arg: A): Promise<T> {
    return (await worker()).evaluate(fn as never, arg) as Promise<T>;
  }

  return {
    context,
    extensionId,
    worker,
    async openPage(file, viewport = { width: 380, height: 600 }) {
      const page = await context.newPage();
      await page.setViewportSize(viewport);
      await page.goto(`chrome-extension://${extensionId}/${file}`);
      return page;
    },
    inWorker,
    useService: (url) => inWorker((serviceUrl) => chrome.storage.local.set({ serviceUrl }), url),
    async close() {
      await context.close().catch(() => undefined);
      await launch.cleanUp();
    },
  };
}

/** Fails fast, with what to run, when the extension build the tests load is missing. */
export function requireBuild(extensionDir: string, hint: string): void {
  if (!existsSync(path.join(extensionDir, 'manifest.json'))) {
    throw new Error(`No ${hint} before these tests`);
  }
}

/** `requireBuild` for the test build (TEST_EXTENSION_DIR). */
export const requireTestBuild = () =>
  requireBuild(TEST_EXTENSION_DIR, 'test build: run `npm run build:test` (npm test does)');

/** Chromium with the test build, which is checked for first (`requireTestBuild`). */
export async function launchTestBuildBrowser(
  options: { lang?: string; fakeAudioFile?: string } = {},
): Promise<ExtensionBrowser> {
  requireTestBuild();
  return launchExtensionBrowser({ ...options, extensionDir: TEST_EXTENSION_DIR });
}

export async function launchExtensionBrowser(
  options: { lang?: string; fakeAudioFile?: string; extensionDir?: string } = {},
): Promise<ExtensionBrowser> {
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'earshot-chromium-'));
  return launchChromiumWithExtension({
    extensionDir: options.extensionDir ?? EXTENSION_DIR,
    userDataDir,
    lang: options.lang,
    fakeAudioFile: options.fakeAudioFile,
    cleanUp: () => rm(userDataDir, { recursive: true, force: true }),
  });
}
