/**
 * The feed's cards and chips keep to themselves, in Chromium with the test build: the host page's CSS cannot
 * restyle them (each is a shadow root with the shared stylesheet adopted), and their clicks and key presses do
 * not reach the page's handlers (one delegated listener on the window stops them), nor follow the author's
 * link a chip sits in, and the page never sees the CSS animation events by which the feed finds posts of interest
 * (utils/feed/match-sentinel.ts). Mastodon fixture (tests/fixtures/mastodon). Screenshots go to
 * test-results/feed-isolation/.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { launchTestBuildBrowser } from './harness/browser';
import { startFeedTestBed } from './harness/feed-test-bed';
import { useSetup } from './harness/hooks';

// biome-ignore lint/suspicious/noExplicitAny: the fixture pages' test API (tests/fixtures/*.js)
declare const fixture: any;

const SHOTS = 'test-results/feed-isolation';

const bed = useSetup(() =>
  startFeedTestBed({
    host: {
      name: 'isohost',
      displayName: 'Iso Host',
      handles: [{ site: 'mastodon', handle: 'isohost@mastodon.example' }],
    },
    room: { title: 'Isolated room' },
    browser: () => launchTestBuildBrowser(),
  }),
);

beforeAll(() => {
  mkdirSync(SHOTS, { recursive: true });
});

const cards = (page: Page) => page.locator(`earshot-card .es-card[data-room-id="${bed.bot.roomId}"]`);

/** What a card's title and box look like (computed inside its shadow root). */
const cardLook = (page: Page) =>
  page
    .locator('earshot-card')
    .first()
    .evaluate((host) => {
      const root = host.shadowRoot!;
      const card = root.querySelector('.es-card')!;
      const look = (element: Element, properties: string[]) => {
        const style = getComputedStyle(element);
        return Object.fromEntries(properties.map((name) => [name, style.getPropertyValue(name)]));
      };
      return {
        card: look(card, ['display', 'background-color', 'border-top-width']),
        title: look(root.querySelector('.es-card-title')!, ['color', 'font-size']),
        height: Math.round(card.getBoundingClientRect().height),
      };
    });

it("host-page CSS cannot restyle a card; a card's and a chip's events do not reach the page", async () => {
  const page = await bed.browser.context.newPage();
  await page.setViewportSize({ width: 1100, height: 900 });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(bed.fixtures.url('mastodon', '/home'));
  await page.locator(`earshot-bar li[data-room-id="${bed.bot.roomId}"]`).waitFor({ timeout: 15_000 });
  // The feed finds posts of interest by CSS animation events of its own: the page's listeners never see them.
  await page.evaluate(() => {
    const animations: string[] = [];
    (window as unknown as { animations: string[] }).animations = animations;
    for (const type of ['animationstart', 'animationend', 'animationcancel'])
      for (const target of [window, document])
        target.addEventListener(
          type,
          (event) => animations.push((event as AnimationEvent).animationName),
          true,
        );
  });
  await page.evaluate(
    (room) =>
      fixture.addPosts([
        { author: 'alice', name: 'Alice', text: 'Listen:', link: room },
        { author: 'isohost', name: 'Iso Host', text: 'I am live.' },
      ]),
    bed.roomLink,
  );
  await cards(page).waitFor({ timeout: 10_000 });
  await page.locator('earshot-chip .es-chip').waitFor({ timeout: 10_000 });
  await page.waitForTimeout(100); // the 1 ms animations' ends
  await expect(
    page.evaluate(() => (window as unknown as { animations: string[] }).animations),
  ).resolves.toEqual([]);
  const before = await cardLook(page);

  // The page restyles everything it can reach, our tags included.
  await page.addStyleTag({
    content: `* { color: rgb(255, 0, 0) !important; font-size: 40px !important; background: rgb(0, 255, 0) !important; }
      earshot-card, earshot-card *, section, .es-card, .es-card-title { display: block !important; border: 9px solid blue !important; }
      .es-card { display: none !important; }`,
  });
  const after = await cardLook(page);
  expect(after).toEqual(before);
  await page.screenshot({ path: `${SHOTS}/hostile-css.png` });

  // A page that turns every animation off (as reduced-motion styles do) still gets cards for new posts: the
  // feed's own 1 ms animation is what finds them.
  await page.addStyleTag({
    content: `*, *::before, *::after { animation: none !important; animation-duration: 0s !important; }`,
  });
  await page.evaluate(
    (room) => fixture.addPosts([{ author: 'bob', name: 'Bob', text: 'Still here:', link: room }]),
    bed.roomLink,
  );
  await expect.poll(() => cards(page).count(), { timeout: 10_000 }).toBe(2);

  // The page's own handlers (as X's keyboard shortcuts and Mastodon's post clicks use), window and document.
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { seen: string[] }).seen = seen;
    for (const type of ['click', 'mousedown', 'mouseup', 'pointerdown', 'pointerup', 'keydown', 'keyup']) {
      document.addEventListener(type, (event) => seen.push(`${type}@${(event.target as Element).tagName}`));
      window.addEventListener(type, () => seen.push(`${type}@window`));
    }
  });
  const seen = () => page.evaluate(() => (window as unknown as { seen: string[] }).seen.splice(0));
  const start = page.url();

  await page.locator('earshot-card .es-card-title').first().click();
  await page.locator('earshot-card button.es-join').first().focus();
  await page.keyboard.press('j');
  await page.keyboard.press('Escape');
  // The chip sits inside the author's link: a click joins the room, and neither follows the link nor reaches
  // the page.
  await page.locator('earshot-chip .es-chip').first().click();
  await expect
    .poll(() => page.locator('earshot-chip .es-chip').first().getAttribute('aria-pressed'), {
      timeout: 15_000,
    })
    .toBe('true');
  expect(page.url()).toBe(start);
  await expect(seen()).resolves.toEqual([]);

  // The handlers do work: a click on the post's text reaches them.
  await page.locator('article .status__content').last().click();
  await expect(seen()).resolves.toContain('click@window');
  expect(errors).toEqual([]);
  await page.close();
});

it('mounts a card for a post far below the screen, and keeps it after scrolling to it and back', async () => {
  const page = await bed.browser.context.newPage();
  await page.setViewportSize({ width: 1100, height: 900 });
  await page.goto(bed.fixtures.url('mastodon', '/home'));
  await page.locator(`earshot-bar li[data-room-id="${bed.bot.roomId}"]`).waitFor({ timeout: 15_000 });
  // Forty ordinary posts, then one linking to the room: far below the screen.
  await page.evaluate(
    (room) =>
      fixture.addPosts([
        ...Array.from({ length: 40 }, (_, i) => ({
          author: `user${i}`,
          name: `User ${i}`,
          text: `Post ${i}`,
        })),
        { author: 'alice', name: 'Alice', text: 'Far down:', link: room },
      ]),
    bed.roomLink,
  );
  // Mounted when found, not when scrolled to (bench:feed: waiting for the viewport cost more than it saved).
  await cards(page).waitFor({ state: 'attached', timeout: 10_000 });
  await page.evaluate(() =>
    document.querySelector('article:last-of-type')?.scrollIntoView({ block: 'center' }),
  );
  await cards(page).waitFor({ timeout: 10_000 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(500);
  await page.evaluate(() =>
    document.querySelector('article:last-of-type')?.scrollIntoView({ block: 'center' }),
  );
  await expect(cards(page).count()).resolves.toBe(1);
  await page.screenshot({ path: `${SHOTS}/near-viewport.png` });
  await page.close();
});
