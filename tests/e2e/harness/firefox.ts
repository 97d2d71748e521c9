/**
 * Debian's Firefox ESR with the production Firefox build installed as a temporary add-on, driven over WebDriver
 * BiDi by puppeteer-core. Fake microphone, no permission prompt, a mock audio output (there is no sound device
 * here) and a fixed `moz-extension://` origin, as verified in shared/README.md ("Firefox ESR over WebDriver BiDi").
 */
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser, type ElementHandle, type Page } from 'puppeteer-core';
import type { EngineStats } from '../../../utils/protocol/session-state';
import { pollForAudio } from './engine-probe';

export const FIREFOX_EXTENSION_DIR = path.resolve('.output/firefox-mv2');
export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
/** Any fixed UUID: Firefox gives the add-on this `moz-extension://` host instead of a random one. */
const EXTENSION_UUID = '6f1c9a52-3b0e-4d7a-9c41-5e2b8d7f0a13';

/** The slice of Firefox's `browser` global that test code runs in extension pages. */
export interface FirefoxExtensionApi {
  runtime: { sendMessage(message: unknown): Promise<unknown> };
  storage: { local: { set(items: object): Promise<void> } };
  extension: { getBackgroundPage(): Window | null };
  scripting: {
    registerContentScripts(
      scripts: Array<{
        id: string;
        matches: string[];
        js: string[];
        runAt: string;
        persistAcrossSessions: boolean;
      }>,
    ): Promise<void>;
  };
}

export interface FirefoxExtensionBrowser {
  browser: Browser;
  /** `moz-extension://<uuid>` */
  origin: string;
  version: string;
  /** Opens an extension page (e.g. `popup.html`) in a new tab. */
  openPage(file: string, viewport?: { width: number; height: number }): Promise<Page>;
  /** Opens any URL in a new tab. */
  openTab(url: string, viewport?: { width: number; height: number }): Promise<Page>;
  /** Navigates a tab; extension pages need this rather than `page.goto` (see `navigate`). */
  navigate(page: Page, url: string): Promise<void>;
  /** Loads the tab's page again (an extension page, too; `page.reload` waits for a load event that never comes). */
  reload(page: Page): Promise<void>;
  /** Runs `fn` in an extension page kept open for that (as Chromium tests run code in the service worker). */
  inExtension<T, A>(fn: (arg: A) => T | Promise<T>, arg: A): Promise<T>;
  /** Points the extension at a rooms service (its `serviceUrl` setting). */
  useService(url: string): Promise<void>;
  /** What the engine in the background page receives, asked the way the popup asks (`engine:stats`). */
  engineStats(): Promise<EngineStats | null>;
  close(): Promise<void>;
}

/** The Firefox-specific BiDi handle puppeteer keeps on a frame (not part of its public types). */
interface BidiFrame {
  browsingContext: { navigate(url: string, wait: 'none' | 'interactive' | 'complete'): Promise<void> };
}

/**
 * Firefox fires no load events for extension documents, so `page.goto` never settles on them. BiDi
 * `browsingContext.navigate` with `wait: 'none'`, then waiting for the new document, works for both kinds.
 */
/** Same scheme, host and path (`URL.origin` is "null" for moz-extension: URLs in Node). */
const samePage = (a: URL, b: URL) =>
  a.protocol === b.protocol && a.host === b.host && a.pathname === b.pathname;

async function navigate(page: Page, url: string): Promise<void> {
  const target = new URL(url);
  // Marks the document being left, so that navigating to the same address waits for the new one.
  await page.evaluate(() => Object.assign(window, { earshotLeaving: true })).catch(() => undefined);
  await (page.mainFrame() as unknown as BidiFrame).browsingContext.navigate(url, 'none');
  const start = Date.now();
  for (;;) {
    const here = await page
      .evaluate(() => ({ href: location.href, ready: document.readyState, old: 'earshotLeaving' in window }))
      .catch(() => null);
    if (here && !here.old && here.ready !== 'loading' && samePage(new URL(here.href), target)) return;
    if (Date.now() - start > 20_000) throw new Error(`navigation to ${url} did not finish: at ${here?.href}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function launchFirefox(
  options: { extensionDir?: string } = {},
): Promise<FirefoxExtensionBrowser> {
  const sourceDir = options.extensionDir ?? FIREFOX_EXTENSION_DIR;
  const manifest = JSON.parse(await readFile(path.join(sourceDir, 'manifest.json'), 'utf8'));
  const geckoId: string = manifest.browser_specific_settings.gecko.id;
  // A temporary add-on is read from its folder while it runs: a copy keeps a rebuild meanwhile from changing it.
  const extensionDir = await mkdtemp(path.join(tmpdir(), 'earshot-firefox-ext-'));
  await cp(sourceDir, extensionDir, { recursive: true });
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    // Lets BiDi navigate tabs to and evaluate in moz-extension:// pages.
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [geckoId]: EXTENSION_UUID }),
      'media.navigator.streams.fake': true,
      // Without this getUserMedia never resolves (it waits for a prompt nobody sees).
      'media.navigator.permission.disabled': true,
      // No sound device: without a mock output every AudioContext stays suspended.
      'media.cubeb.force_mock_context': true,
      // LiveKit listens on loopback only. Firefox leaves loopback out of its ICE candidates and hides its host
      // addresses behind mDNS names unless told: with either default ICE never connected here (seen: "failed"
      // without the first, stuck "checking" without the second). Real servers are not on loopback.
      'media.peerconnection.ice.loopback': true,
      'media.peerconnection.ice.obfuscate_host_addresses': false,
      'media.autoplay.default': 0,
      'media.autoplay.block-webaudio': false,
      'intl.accept_languages': 'en-US',
      'intl.locale.requested': 'en-US',
    },
  });
  const close = async () => {
    await browser.close().catch(() => undefined);
    await rm(extensionDir, { recursive: true, force: true });
  };
  try {
    await browser.installExtension(extensionDir);
    const origin = `moz-extension://${EXTENSION_UUID}`;
    const openTab = async (url: string, viewport = { width: 380, height: 600 }) => {
      const page = await browser.newPage();
      await page.setViewport(viewport);
      await navigate(page, url);
      return page;
    };
    const openPage = (file: string, viewport?: { width: number; height: number }) =>
      openTab(`${origin}/${file}`, viewport);
    // An extension page that stays open: the background page itself is out of BiDi's reach (Mozilla bug 1755014).
    let probe: Promise<Page> | undefined;
    const inExtension = async <T, A>(fn: (arg: A) => T | Promise<T>, arg: A): Promise<T> => {
      probe ??= openPage('popup.html');
      return (await probe).evaluate(fn as never, arg) as Promise<T>;
    };
    return {
      browser,
      origin,
      version: await browser.version(),
      openPage,
      openTab,
      navigate,
      async reload(page) {
        // From the document: puppeteer's `page.url()` misses navigations made with `wait: 'none'`.
        await navigate(page, await page.evaluate(() => location.href));
      },
      inExtension,
      useService: (url) =>
        inExtension(
          (serviceUrl) =>
            (globalThis as unknown as { browser: FirefoxExtensionApi }).browser.storage.local.set({
              serviceUrl,
            }),
          url,
        ),
      engineStats: () =>
        inExtension(async () => {
          const reply = (await (globalThis as unknown as { browser: FirefoxExtensionApi }).browser.runtime
            .sendMessage({ target: 'engine', type: 'engine:stats' })
            .catch(() => null)) as { ok: boolean; value: EngineStats } | null;
          return reply?.ok ? reply.value : null;
        }, null),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Polls until audio is arriving (see `pollForAudio`). */
export async function waitForFirefoxAudio(
  firefox: FirefoxExtensionBrowser,
  options: { timeoutMs?: number; minLevel?: number } = {},
): Promise<{ before: EngineStats; after: EngineStats; waitedMs: number }> {
  return pollForAudio(() => firefox.engineStats(), options);
}

/**
 * A button or text field by its accessible name (aria-label, else its label's or its own text), as users find
 * it. Looked up in the page's own realm: puppeteer's ARIA queries (`::-p-aria`) went blind here after a tab was
 * navigated with `wait: 'none'`, although the element was there.
 */
export async function findControl(
  page: Page,
  role: 'button' | 'textbox',
  name: string,
  timeout = 10_000,
): Promise<ElementHandle<HTMLElement>> {
  const found = await page.waitForFunction(
    (role: string, name: string) => {
      const selector =
        role === 'button'
          ? 'button, [role="button"]'
          : 'input:not([type]), input[type="text"], input[type="search"], textarea';
      // No nested named functions: tsx wraps those in a helper the page does not have.
      for (const element of document.querySelectorAll<HTMLElement>(selector)) {
        const label = (element as HTMLInputElement).labels?.[0]?.textContent ?? element.textContent ?? '';
        if ((element.getAttribute('aria-label') ?? label.trim()) === name) return element;
      }
      return null;
    },
    { timeout, polling: 100 },
    role,
    name,
  );
  return found as ElementHandle<HTMLElement>;
}
