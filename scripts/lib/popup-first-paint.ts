/**
 * The popup's first paint: open `chrome-extension://<id>/popup.html` in a new tab, and time (on the page's own
 * clock, from navigation start) the moment its first meaningful content is in the DOM: the account panel (the
 * sign-in form, or the signed-in name) **and** the live room list with the benchmark room's row and its Join
 * button. A MutationObserver installed before the page's own scripts notes that moment; the browser's
 * first-contentful-paint entry is read too, for comparison (whatever is painted first, such as "Loading…").
 */
import type { ExtensionBrowser } from '../../tests/e2e/harness/browser.ts';

export interface PopupOpen {
  /** Navigation start → account panel and the room's row in the DOM. */
  contentMs: number;
  /** Navigation start → the browser's first contentful paint. */
  firstContentfulPaintMs: number;
}

/** Runs in the page before its scripts (a string: no bundler helpers leak in). */
const WATCH = (roomId: string) => `(() => {
  const timing = {};
  window.__earshotFirstPaint = timing;
  const account = '.sign-in, .account[data-signed-in="true"]';
  const room = '[data-room-id=${JSON.stringify(roomId)}] button.join';
  const check = () => {
    if (timing.contentMs === undefined && document.querySelector(account) && document.querySelector(room)) {
      timing.contentMs = performance.now();
      observer.disconnect();
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true, attributes: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.name === 'first-contentful-paint') timing.firstContentfulPaintMs = entry.startTime;
    }
  }).observe({ type: 'paint', buffered: true });
})()`;

/** What WATCH keeps on the page's global object. */
type Watched = typeof globalThis & { __earshotFirstPaint?: Partial<PopupOpen> };

/** One open of the popup in a fresh tab, closed afterwards. */
export async function openPopupOnce(browser: ExtensionBrowser, roomId: string): Promise<PopupOpen> {
  const page = await browser.context.newPage();
  try {
    await page.setViewportSize({ width: 380, height: 600 });
    await page.addInitScript(WATCH(roomId));
    await page.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    // Function predicates: the popup's CSP forbids the eval a string predicate needs.
    await page.waitForFunction(
      () => (globalThis as Watched).__earshotFirstPaint?.contentMs !== undefined,
      undefined,
      {
        timeout: 15_000,
      },
    );
    // The paint entry comes after the frame that painted; a browser that reports none gives NaN.
    await page
      .waitForFunction(
        () => (globalThis as Watched).__earshotFirstPaint?.firstContentfulPaintMs !== undefined,
        undefined,
        { timeout: 2000 },
      )
      .catch(() => undefined);
    const timing = (await page.evaluate('window.__earshotFirstPaint')) as Partial<PopupOpen>;
    return {
      contentMs: timing.contentMs ?? Number.NaN,
      firstContentfulPaintMs: timing.firstContentfulPaintMs ?? Number.NaN,
    };
  } finally {
    await page.close();
  }
}

/** `opens` measured opens after one warm-up open (the service worker and the service's caches awake). */
export async function measurePopupOpens(
  browser: ExtensionBrowser,
  roomId: string,
  opens: number,
  label: string,
): Promise<PopupOpen[]> {
  await openPopupOnce(browser, roomId);
  const results: PopupOpen[] = [];
  for (let i = 0; i < opens; i++) {
    const open = await openPopupOnce(browser, roomId);
    results.push(open);
    console.log(
      `popup ${label} ${i + 1}/${opens}: content ${open.contentMs.toFixed(0)} ms, first contentful paint ${open.firstContentfulPaintMs.toFixed(0)} ms`,
    );
  }
  return results;
}
