/**
 * The feed on the sites' real markup shapes (tests/fixtures, each citing the source it follows), in Chromium
 * with the test build: Bluesky's hidden feed pages and tabs, reposts and feed-source posts; Mastodon's boosts,
 * local handles, stubs and content warnings, and its advanced layout; X's reposts, card-only room links,
 * recycled and refilled rows, and an in-page route change that keeps the timeline's elements. Every case runs twice:
 * with the service's list of live hosts complete, and with it truncated (a proxy answers `truncated: true` and no
 * hosts, so authors are looked up and the interest filter is off). Screenshots go to test-results/feed-real/.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExtensionBrowser, launchTestBuildBrowser } from './harness/browser';
import { hostBob, startFeedTestBed } from './harness/feed-test-bed';
import { useSetup } from './harness/hooks';
import { startTruncatingProxy, type TruncatingProxy } from './harness/truncated-live-hosts';

// biome-ignore lint/suspicious/noExplicitAny: the fixture pages' test API (tests/fixtures/*.js)
declare const fixture: any;

const SHOTS = 'test-results/feed-real';
const ROOM_TITLE = 'Real markup room';

const bed = useSetup(() => startFeedTestBed({ host: hostBob('realhost'), room: { title: ROOM_TITLE } }));
let browser: ExtensionBrowser;
let proxy: TruncatingProxy;
/** The service URL the extension uses in the running mode (the service, or the truncating proxy in front). */
let serviceUrl: string;
let mode: 'complete' | 'truncated';

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  proxy = await startTruncatingProxy(bed.stack.serviceUrl);
});

afterAll(async () => {
  await proxy?.close();
});

async function open(site: 'x' | 'bsky' | 'mastodon', route: string) {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1100, height: 900 });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(bed.fixtures.url(site, route));
  await page.locator(`earshot-bar li[data-room-id="${bed.bot.roomId}"]`).waitFor({ timeout: 15_000 });
  return { page, errors };
}

const link = () => `${serviceUrl}/r/${bed.bot.roomId}`;
const card = (page: Page) => page.locator(`earshot-card .es-card[data-room-id="${bed.bot.roomId}"]`);
const chip = (page: Page) => page.locator(`earshot-chip .es-chip[data-room-id="${bed.bot.roomId}"]`);

async function shot(page: Page, name: string, around?: string) {
  if (around)
    await page
      .locator(around)
      .first()
      .evaluate((node) => node.scrollIntoView({ block: 'center' }));
  await page.screenshot({ path: `${SHOTS}/${mode}-${name}.png` });
}

describe.each(['complete', 'truncated'] as const)('live hosts list %s', (listMode) => {
  // One browser per mode: the background keeps a site's live hosts for 10 s, whatever the service URL.
  beforeAll(async () => {
    mode = listMode;
    serviceUrl = listMode === 'complete' ? bed.stack.serviceUrl : proxy.url;
    browser = await launchTestBuildBrowser();
    await browser.useService(serviceUrl);
  });
  afterAll(async () => {
    await browser?.close();
    // The truncated answer was really the one the extension read.
    if (listMode === 'truncated') expect(proxy.rewritten).toBeGreaterThan(0);
  });

  it('Bluesky: the bar in the selected feed page and its column, following tab switches; chips on reposts by name', async () => {
    const { page, errors } = await open('bsky', '/?tab=1');
    // The bar is in the shown page (the second pinned feed), inside the 600 px column.
    const inPage = () =>
      page.evaluate(() =>
        document
          .querySelector('earshot-bar')
          ?.closest('[data-testid$="-feed-flatlist"]')
          ?.getAttribute('data-testid'),
      );
    await expect.poll(inPage).toBe('discover-feed-flatlist');
    const width = await page
      .locator('earshot-bar .es-bar')
      .evaluate((node) => node.getBoundingClientRect().width);
    expect(width).toBeLessThanOrEqual(600);
    await shot(page, 'bsky-tab-1');
    // Switching tabs changes no URL: the bar follows.
    await page.evaluate(() => fixture.selectTab(2));
    await expect.poll(inPage).toBe('earshot-friends-feed-flatlist');
    await expect(page.locator('earshot-bar').count()).resolves.toBe(1);

    await page.evaluate(
      ({ room }) =>
        fixture.addPosts([
          { author: 'hostbob', name: 'Bob Host', text: 'Reposted.', repostBy: 'dana' },
          {
            author: 'carol',
            name: 'Carol',
            text: 'From a feed, with an embed:',
            link: room,
            embed: 'Earshot room',
            feedSource: 'earshot',
          },
        ]),
      { room: link() },
    );
    await chip(page).waitFor({ timeout: 10_000 });
    // The chip follows the author's name, not the repost reason or the avatar.
    const before = await page
      .locator('earshot-chip')
      .evaluate((host) => host.previousElementSibling?.textContent);
    expect(before).toBe('Bob Host');
    await card(page).waitFor({ timeout: 10_000 });
    await shot(page, 'bsky-repost-embed', 'earshot-chip');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('Mastodon: chip on the boosted host (local handle, relative link), cards back after a stub and once a warning opens; advanced layout', async () => {
    const { page, errors } = await open('mastodon', '/home');
    await page.evaluate(
      ({ room }) =>
        fixture.addPosts([
          { author: 'hostbob', name: 'Bob Host', text: 'Boosted by Dana.', boostBy: 'dana' },
          { author: 'alice', name: 'Alice', text: 'Listen:', link: room },
          { author: 'carol', name: 'Carol', text: 'Behind a warning:', link: room, cw: 'Audio talk' },
        ]),
      { room: link() },
    );
    await chip(page).waitFor({ timeout: 10_000 });
    // In the header's name (after the original author's handle), not in the prepend naming the booster.
    await expect(page.locator('earshot-chip').evaluate((host) => host.closest('a')?.className)).resolves.toBe(
      'status__display-name',
    );
    await expect.poll(() => card(page).count(), { timeout: 10_000 }).toBe(1);
    await shot(page, 'mastodon-boost', 'earshot-chip');

    const [linkedId, warnedId] = await page.evaluate(() => fixture.ids().slice(-2));
    await page.evaluate((id) => fixture.stub(id), linkedId);
    await expect.poll(() => card(page).count()).toBe(0);
    await page.evaluate((id) => fixture.restore(id), linkedId);
    await expect.poll(() => card(page).count(), { timeout: 10_000 }).toBe(1);
    await page.evaluate((id) => fixture.openCw(id), warnedId);
    await expect.poll(() => card(page).count(), { timeout: 10_000 }).toBe(2);
    await shot(page, 'mastodon-cw-open', `article[data-id="${warnedId}"]`);
    expect(errors).toEqual([]);
    await page.close();

    const advanced = await open('mastodon', '/home?layout=advanced');
    await expect(
      advanced.page
        .locator('earshot-bar')
        .evaluate((host) => host.closest('.column')?.getAttribute('aria-label')),
    ).resolves.toBe('Home');
    await shot(advanced.page, 'mastodon-advanced');
    expect(advanced.errors).toEqual([]);
    await advanced.page.close();
  });

  it('X: a card from a card-only link, the chip on a reposted host, rows recycled and refilled, and the bar leaving on a profile', async () => {
    const { page, errors } = await open('x', '/home');
    await page.evaluate(
      ({ room, title }) =>
        fixture.addPosts([
          {
            author: 'hostbob',
            name: 'Bob Host',
            text: 'Come listen',
            link: room,
            preview: title,
            repostBy: 'dana',
          },
        ]),
      { room: link(), title: ROOM_TITLE },
    );
    await card(page).waitFor({ timeout: 10_000 });
    await chip(page).waitFor({ timeout: 10_000 });
    // The chip is in the original author's User-Name, not next to "dana reposted".
    await expect(
      page.locator('earshot-chip').evaluate((host) => host.closest('[data-testid="User-Name"]')?.textContent),
    ).resolves.toContain('@hostbob');
    await shot(page, 'x-card-only-repost', 'earshot-card');

    // The row emptied and filled again with the same post: the card comes back.
    await page.evaluate(() => fixture.emptyRow(-1));
    await expect.poll(() => card(page).count()).toBe(0);
    await page.evaluate(() => fixture.refillRow(-1));
    await expect.poll(() => card(page).count(), { timeout: 10_000 }).toBe(1);
    // Recycled for another post: card and chip leave.
    await page.evaluate(() =>
      fixture.recycleRow(-1, { author: 'erin', name: 'Erin', text: 'Something else.' }),
    );
    await expect.poll(() => page.locator('earshot-card, earshot-chip').count(), { timeout: 10_000 }).toBe(0);

    // Home → profile in the page, the timeline's elements kept: the bar leaves (no bar on profiles).
    await page.evaluate(() => fixture.navigate('/erin'));
    await expect.poll(() => page.locator('earshot-bar').count(), { timeout: 10_000 }).toBe(0);
    await shot(page, 'x-profile-no-bar');
    await page.evaluate(() => fixture.navigate('/home'));
    await page.locator(`earshot-bar li[data-room-id="${bed.bot.roomId}"]`).waitFor({ timeout: 10_000 });
    expect(errors).toEqual([]);
    await page.close();
  });
});
