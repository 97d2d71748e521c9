/**
 * Earshot in the feed, end to end: the test build of the extension (its feed content script also runs on the
 * loopback fixture pages of tests/fixtures) in Chromium, a real LiveKit server, the rooms service and a
 * speaking bot. For each site (X, Bluesky, Mastodon): the room bar lists the live room, a post linking to the
 * room gets a card, Join plays audio in the offscreen engine, the dock follows through SPA route changes, and a
 * page whose markup the adapter does not recognise is left untouched. Screenshots go to test-results/feed/.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { launchTestBuildBrowser } from './harness/browser';
import { offscreenDocumentCount, waitForAudio } from './harness/engine-probe';
import type { ExtensionChrome } from './harness/extension-chrome';
import { BOB_HANDLES, hostBob, startFeedTestBed } from './harness/feed-test-bed';
import { useSetup } from './harness/hooks';
import { message } from './harness/locale';

declare const chrome: ExtensionChrome;
declare const fixture: {
  addPosts(posts: Array<{ author: string; name: string; text: string; link?: string }>): number;
  addFiller(n: number): number;
  navigate(path: string): void;
  setTheme(theme: 'light' | 'dark'): void;
};

type Site = 'x' | 'bsky' | 'mastodon';
const HOME: Record<Site, string> = { x: '/home', bsky: '/', mastodon: '/home' };
const NO_BAR_ROUTE: Record<Site, string> = { x: '/settings', bsky: '/messages', mastodon: '/conversations' };
const SHOTS = 'test-results/feed';
const ROOM_TITLE = 'Feed fixture room';

// The bot hosts as an account that claimed a handle on each site, so its posts get the "Live" chip.
const bed = useSetup(() =>
  startFeedTestBed({
    host: hostBob('feedhost'),
    room: { title: ROOM_TITLE },
    browser: () => launchTestBuildBrowser(),
  }),
);

beforeAll(() => {
  mkdirSync(SHOTS, { recursive: true });
});

/** Opens a fixture page and records every console error and uncaught exception on it. */
async function openFixture(site: Site, route: string): Promise<{ page: Page; errors: string[] }> {
  const page = await bed.browser.context.newPage();
  await page.setViewportSize({ width: 1100, height: 760 });
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(bed.fixtures.url(site, route));
  return { page, errors };
}

/** An infinite-scroll load: a post linking to the room, one by the live host, and ordinary ones. */
async function addRoomPosts(page: Page, site: Site) {
  await page.evaluate(
    ({ link, host }) => {
      fixture.addPosts([
        { author: 'alice', name: 'Alice Example', text: 'We are live, come listen:', link },
        { author: host, name: 'Bob Host', text: 'Talking about browsers tonight.' },
      ]);
      fixture.addFiller(2);
    },
    { link: bed.roomLink, host: BOB_HANDLES[site] },
  );
}

/** The host's post gets the "Live" chip, and only that post. */
async function expectChip(page: Page) {
  const chip = page.locator(`earshot-chip .es-chip[data-room-id="${bed.bot.roomId}"]`);
  await chip.waitFor({ timeout: 10_000 });
  await expect(page.locator('earshot-chip').count()).resolves.toBe(1);
  return chip;
}

async function screenshots(page: Page, site: Site, theme: string) {
  // The room's posts in view (the bar scrolls away on a short viewport; it has its own picture).
  const card = page.locator('earshot-card');
  if ((await card.count()) > 0)
    await card.first().evaluate((host) => host.scrollIntoView({ block: 'center' }));
  await page.screenshot({ path: `${SHOTS}/${site}-${theme}.png` });
  for (const part of ['bar', 'card', 'chip', 'dock'] as const) {
    const host = page.locator(`earshot-${part}`).first();
    if ((await host.count()) > 0 && (await host.locator('.es-root > *').count()) > 0) {
      await host
        .locator('.es-root > *')
        .first()
        .screenshot({ path: `${SHOTS}/${site}-${theme}-${part}.png` });
    }
  }
}

/** The site switches to `theme`: the UI follows (as its `part` shows), and pictures are taken. */
async function switchTheme(page: Page, site: Site, theme: 'light' | 'dark', part: 'bar' | 'dock') {
  await page.evaluate((next) => fixture.setTheme(next), theme);
  await expect.poll(() => page.locator(`earshot-${part} .es-root`).getAttribute('data-theme')).toBe(theme);
  await screenshots(page, site, theme);
}

/** An SPA route change to a page without a bar: the bar leaves, the dock stays connected. */
async function toNoBarRoute(page: Page, site: Site, dock: Locator) {
  await page.evaluate((route) => fixture.navigate(route), NO_BAR_ROUTE[site]);
  await expect.poll(() => page.locator('earshot-bar').count()).toBe(0);
  await expect.poll(() => dock.getAttribute('data-status')).toBe('connected');
}

async function expectBar(page: Page) {
  const room = page.locator(`earshot-bar li[data-room-id="${bed.bot.roomId}"]`);
  await room.waitFor({ timeout: 15_000 });
  await expect(room.locator('.es-bar-title').textContent()).resolves.toBe(ROOM_TITLE);
  return room;
}

/** The bar's own picture (it may sit above the fold once posts were added). */
async function barScreenshot(page: Page, name: string) {
  const bar = page.locator('earshot-bar .es-bar');
  await bar.evaluate((element) => element.scrollIntoView({ block: 'center' }));
  await bar.screenshot({ path: `${SHOTS}/${name}.png` });
}

it("X: bar with the live room, a card for a t.co room link, the host's chip; Join plays; the dock follows the SPA", async () => {
  const { page, errors } = await openFixture('x', HOME.x);
  await expectBar(page);
  await addRoomPosts(page, 'x');
  const card = page.locator(`earshot-card .es-card[data-room-id="${bed.bot.roomId}"]`);
  await card.waitFor({ timeout: 10_000 });
  await expect(card.locator('.es-card-title').textContent()).resolves.toBe(ROOM_TITLE);
  const chip = await expectChip(page);
  await expect(
    page
      .locator('article[data-testid="tweet"]', { has: page.locator('earshot-chip') })
      .locator('a[href="/hostbob"]')
      .count(),
  ).resolves.toBeGreaterThan(0);
  // The card sits in the post that links to the room, right after its text.
  await expect(
    page.locator('article[data-testid="tweet"]', { has: page.locator('earshot-card') }).count(),
  ).resolves.toBe(1);

  await screenshots(page, 'x', 'light-before-join');

  // A click on Join stays in the card (the post is not opened) and starts audio in the offscreen engine.
  const before = page.url();
  await card.getByRole('button', { name: `Join ${ROOM_TITLE}` }).click();
  await waitForAudio(bed.browser, { timeoutMs: 15_000 });
  expect(page.url()).toBe(before);
  expect(await offscreenDocumentCount(bed.browser)).toBe(1);

  const dock = page.locator('earshot-dock .es-dock');
  await expect.poll(() => dock.getAttribute('data-status'), { timeout: 10_000 }).toBe('connected');
  await expect(dock.locator('.es-dock-title').textContent()).resolves.toBe(ROOM_TITLE);
  await expect.poll(() => dock.locator('.es-dock-listeners').textContent()).toBe('1 listening');
  await expect.poll(() => dock.locator('li[data-identity]').count()).toBe(1);
  await expect.poll(() => card.locator('.es-here').count()).toBe(1);
  await expect.poll(() => chip.getAttribute('aria-pressed')).toBe('true');
  await screenshots(page, 'x', 'light');

  await switchTheme(page, 'x', 'dark', 'dock');

  // SPA route change to settings: no bar there, the dock stays; back home, the bar returns.
  await toNoBarRoute(page, 'x', dock);
  await page.evaluate((route) => fixture.navigate(route), HOME.x);
  await expectBar(page);
  await expect.poll(() => dock.getAttribute('data-status')).toBe('connected');
  expect(errors).toEqual([]);
  await page.close();
});

it('Bluesky: bar, a card for a link through the redirect, the chip, and the dock of the room playing', async () => {
  const { page, errors } = await openFixture('bsky', HOME.bsky);
  await expectBar(page);
  const dock = page.locator('earshot-dock .es-dock');
  await expect.poll(() => dock.getAttribute('data-status')).toBe('connected');
  await addRoomPosts(page, 'bsky');
  const card = page.locator(`earshot-card .es-card[data-room-id="${bed.bot.roomId}"]`);
  await card.waitFor({ timeout: 10_000 });
  await expect.poll(() => card.locator('.es-here').count()).toBe(1);
  await expectChip(page);
  await screenshots(page, 'bsky', 'light');
  await switchTheme(page, 'bsky', 'dark', 'bar');
  await toNoBarRoute(page, 'bsky', dock);
  expect(errors).toEqual([]);
  await page.close();
});

it('Mastodon: bar, card, chip, dock in light and dark; Leave stops audio; the chip joins again', async () => {
  const { page, errors } = await openFixture('mastodon', `${HOME.mastodon}?theme=dark`);
  await expectBar(page);
  await expect(page.locator('earshot-bar .es-root').getAttribute('data-theme')).resolves.toBe('dark');
  await addRoomPosts(page, 'mastodon');
  const card = page.locator(`earshot-card .es-card[data-room-id="${bed.bot.roomId}"]`);
  await card.waitFor({ timeout: 10_000 });
  const chip = await expectChip(page);
  const dock = page.locator('earshot-dock .es-dock');
  await expect.poll(() => dock.getAttribute('data-status')).toBe('connected');
  await screenshots(page, 'mastodon', 'dark');
  await switchTheme(page, 'mastodon', 'light', 'bar');

  await dock.getByRole('button', { name: 'Leave' }).click();
  await expect.poll(() => offscreenDocumentCount(bed.browser), { timeout: 10_000 }).toBe(0);
  await expect.poll(() => page.locator('earshot-dock').count(), { timeout: 10_000 }).toBe(0);
  // The card offers Join again; the chip joins with one click.
  await expect.poll(() => card.getByRole('button', { name: `Join ${ROOM_TITLE}` }).count()).toBe(1);
  const before = page.url();
  await chip.click(); // it sits inside the author's link: joining must not follow the link
  await waitForAudio(bed.browser, { timeoutMs: 15_000 });
  expect(page.url()).toBe(before);
  await expect.poll(() => dock.getAttribute('data-status'), { timeout: 10_000 }).toBe('connected');
  await dock.getByRole('button', { name: 'Leave' }).click();
  await expect.poll(() => offscreenDocumentCount(bed.browser), { timeout: 10_000 }).toBe(0);
  expect(errors).toEqual([]);
  await page.close();
});

it('in French: bar with "Start a room", card, chip and dock on each site, light and dark', async () => {
  const fr = await launchTestBuildBrowser({ lang: 'fr' });
  try {
    await fr.useService(bed.stack.serviceUrl);
    const open = async (site: Site) => {
      const page = await fr.context.newPage();
      await page.setViewportSize({ width: 1100, height: 760 });
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(bed.fixtures.url(site, HOME[site]));
      await expectBar(page);
      return { page, errors };
    };
    // Not in a room yet: the bar ends with "Start a room".
    for (const site of ['x', 'bsky', 'mastodon'] as const) {
      const { page, errors } = await open(site);
      await expect(page.locator('earshot-bar .es-bar-label').textContent()).resolves.toBe(
        message('fr', 'feedLiveNow'),
      );
      await expect(page.locator('earshot-bar .es-start').textContent()).resolves.toContain(
        message('fr', 'startRoom'),
      );
      await barScreenshot(page, `${site}-fr-light-bar-start`);
      await page.evaluate(() => fixture.setTheme('dark'));
      await expect.poll(() => page.locator('earshot-bar .es-root').getAttribute('data-theme')).toBe('dark');
      await barScreenshot(page, `${site}-fr-dark-bar-start`);
      expect(errors).toEqual([]);
      await page.close();
    }
    // Join from the card on X; then every site shows the card, the chip and the dock in French.
    for (const site of ['x', 'bsky', 'mastodon'] as const) {
      const { page, errors } = await open(site);
      await addRoomPosts(page, site);
      const card = page.locator(`earshot-card .es-card[data-room-id="${bed.bot.roomId}"]`);
      await card.waitFor({ timeout: 10_000 });
      await expectChip(page);
      if (site === 'x') {
        await expect(page.locator('earshot-chip .es-chip').textContent()).resolves.toBe(
          message('fr', 'feedLive'),
        );
        await card.getByRole('button', { name: message('fr', 'joinRoomAria', ROOM_TITLE) }).click();
        await waitForAudio(fr, { timeoutMs: 15_000 });
      }
      const dock = page.locator('earshot-dock .es-dock');
      await expect.poll(() => dock.getAttribute('data-status'), { timeout: 10_000 }).toBe('connected');
      await expect(dock.getByRole('button', { name: message('fr', 'leave') }).count()).resolves.toBe(1);
      // In a room, "Start a room" is left out of the bar.
      await expect.poll(() => page.locator('earshot-bar .es-start').count()).toBe(0);
      await screenshots(page, site, 'fr-light');
      await page.evaluate(() => fixture.setTheme('dark'));
      await expect.poll(() => page.locator('earshot-dock .es-root').getAttribute('data-theme')).toBe('dark');
      await screenshots(page, site, 'fr-dark');
      if (site === 'mastodon') await dock.getByRole('button', { name: message('fr', 'leave') }).click();
      expect(errors).toEqual([]);
      await page.close();
    }
  } finally {
    await fr.close();
  }
});

it('"Start a room" in the bar opens the popup at its start form; with nobody live the bar is that button alone', async () => {
  // Not in a room (the Mastodon test left): the bar offers to start one, on each site, light and dark.
  for (const site of ['x', 'bsky', 'mastodon'] as const) {
    const { page, errors } = await openFixture(site, HOME[site]);
    await expectBar(page);
    const start = page.locator('earshot-bar .es-start');
    await expect(start.textContent()).resolves.toContain('Start a room');
    await barScreenshot(page, `${site}-light-bar-start`);
    await page.evaluate(() => fixture.setTheme('dark'));
    await expect.poll(() => page.locator('earshot-bar .es-root').getAttribute('data-theme')).toBe('dark');
    await barScreenshot(page, `${site}-dark-bar-start`);
    expect(errors).toEqual([]);
    await page.close();
  }

  // A click asks the background to open the popup. Headless Chromium lets it open the toolbar popup itself
  // (`action.openPopup`), at popup.html#start; the click does not open the post or leave the page.
  const { page, errors } = await openFixture('x', HOME.x);
  await expectBar(page);
  const before = page.url();
  await page.locator('earshot-bar .es-start').click();
  const popupUrl = () =>
    bed.browser.inWorker(
      () =>
        chrome.runtime
          .getContexts({ contextTypes: ['POPUP'] })
          .then((contexts) => (contexts as Array<{ documentUrl?: string }>).map((c) => c.documentUrl ?? '')),
      null,
    );
  await expect
    .poll(popupUrl, { timeout: 10_000 })
    .toEqual([`chrome-extension://${bed.browser.extensionId}/popup.html#start`]);
  expect(page.url()).toBe(before);

  // Nobody live any more: the bar collapses to its start button.
  await bed.bot.stop();
  await page.reload();
  const collapsed = page.locator('earshot-bar .es-bar-empty');
  await collapsed.waitFor({ timeout: 15_000 });
  await expect(collapsed.locator('li').count()).resolves.toBe(0);
  await expect(collapsed.getByRole('button').count()).resolves.toBe(1);
  await barScreenshot(page, 'x-light-bar-empty');
  await page.evaluate(() => fixture.setTheme('dark'));
  await expect.poll(() => page.locator('earshot-bar .es-root').getAttribute('data-theme')).toBe('dark');
  await barScreenshot(page, 'x-dark-bar-empty');
  expect(errors).toEqual([]);
  await page.close();

  // The page the popup opens on (also the fallback window's page): signed in, the start form is open and its
  // title field has the focus.
  const signUpPage = await bed.browser.openPage('popup.html');
  const username = `starter${randomBytes(3).toString('hex')}`;
  const reply = await signUpPage.evaluate(
    (credentials) =>
      chrome.runtime.sendMessage({ target: 'background', type: 'account:sign-up', ...credentials }),
    { username, password: randomBytes(12).toString('base64url') },
  );
  expect(reply).toMatchObject({ ok: true });
  await signUpPage.close();
  const popup = await bed.browser.openPage('popup.html#start');
  const form = popup.getByRole('form', { name: 'Start a room' });
  await form.waitFor({ timeout: 10_000 });
  await expect.poll(() => popup.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('title');
  await popup.screenshot({ path: `${SHOTS}/popup-start.png` });
  await popup.close();
});

it('leaves pages whose markup the adapters do not recognise untouched, without console errors', async () => {
  for (const site of ['x', 'bsky', 'mastodon'] as const) {
    const { page, errors } = await openFixture(site, `${HOME[site]}?broken=1`);
    const before = await page.evaluate(() => document.body.innerHTML);
    await page.evaluate((link) => {
      fixture.addPosts([{ author: 'alice', name: 'Alice Example', text: 'Room:', link }]);
    }, bed.roomLink);
    const expected = await page.evaluate(() => document.body.innerHTML);
    expect(expected.length).toBeGreaterThan(before.length);
    // Give the content script time to have done something if it were going to.
    await page.waitForTimeout(1500);
    await expect(page.evaluate(() => document.body.innerHTML)).resolves.toBe(expected);
    await expect(page.locator('earshot-bar, earshot-card, earshot-chip, earshot-dock').count()).resolves.toBe(
      0,
    );
    expect(errors).toEqual([]);
    await page.close();
  }
});

it('options: Mastodon instances are asked for one by one; a bad address is refused with a message', async () => {
  const options = await bed.browser.openPage('options.html', { width: 700, height: 500 });
  await expect(options.locator('h2#mastodon-heading').textContent()).resolves.toBe('Mastodon instances');
  // The page has other sections (server, account, linked accounts): look inside this one.
  const section = options.locator('section[aria-labelledby="mastodon-heading"]');
  await section.getByText('No Mastodon server added yet.').waitFor();
  await section.getByPlaceholder('mastodon.social', { exact: true }).fill('not a server');
  await section.getByRole('button', { name: 'Add', exact: true }).click();
  await expect
    .poll(() => section.getByRole('alert').textContent())
    .toBe('Enter a server address such as mastodon.social.');
  await options.screenshot({ path: `${SHOTS}/options.png` });
  await options.close();
});
