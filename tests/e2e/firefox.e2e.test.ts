/**
 * Earshot in Firefox, end to end: Debian's Firefox ESR with the production Firefox build (.output/firefox-mv2)
 * installed as a temporary add-on over WebDriver BiDi, a real LiveKit server, the rooms service and a speaking
 * bot. Sign up in the popup, follow, join the demo room and hear it in the engine of the background page (also
 * while the tab goes elsewhere), Join from a room card on the Mastodon fixture page, then raise a hand in a room
 * hosted by a headless client (@livekit/rtc-node), which brings this listener on stage and hears Firefox's
 * fake microphone. Screenshots go to test-results/firefox/.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createRoom, signUp } from '../../scripts/lib/rooms-service-client';
import { type AudioMeter, joinAndMeasureAudio } from '../server/support/audio-meter';
import { requireBuild } from './harness/browser';
import { type FeedTestBed, startFeedTestBed } from './harness/feed-test-bed';
import {
  FIREFOX_EXTENSION_DIR,
  type FirefoxExtensionApi,
  type FirefoxExtensionBrowser,
  findControl,
  launchFirefox,
  waitForFirefoxAudio,
} from './harness/firefox';
import { message } from './harness/locale';

declare const browser: FirefoxExtensionApi;
declare const fixture: {
  addPosts(posts: Array<{ author: string; name: string; text: string; link?: string }>): number;
  addFiller(n: number): number;
};

const SHOTS = 'test-results/firefox';
const DEMO_TITLE = 'Earshot demo room';
const STAGE_TITLE = 'Firefox stage';
const en = (key: string, ...subs: Array<string | number>) => message('en', key, ...subs);
const username = `fox${randomBytes(3).toString('hex')}`;

let bed: FeedTestBed<FirefoxExtensionBrowser>;
let firefox: FirefoxExtensionBrowser;
let popup: Page;

beforeAll(async () => {
  requireBuild(FIREFOX_EXTENSION_DIR, 'Firefox build: run `npm run build:firefox` (npm test does)');
  mkdirSync(SHOTS, { recursive: true });
  // The bot signs in as an account of its own, which the Firefox user then follows.
  bed = await startFeedTestBed({
    host: { name: 'demobot', displayName: 'Demo bot' },
    room: { title: DEMO_TITLE },
    browser: () => launchFirefox(),
  });
  firefox = bed.browser;
  console.log(`Firefox under test: ${firefox.version}`);
});

afterAll(async () => {
  await bed?.stop();
});

/** What the page shows, for failure messages (puppeteer's own say only that the wait timed out). */
const describePage = (page: Page) =>
  page
    .evaluate(() => {
      const names = [...document.querySelectorAll('button, input')].map(
        (e) => e.getAttribute('aria-label') ?? e.textContent ?? e.getAttribute('name'),
      );
      // biome-ignore lint/performance/useDomNodeTextContent: the text as shown, line by line, for a failure message
      return `${location.href}\n${document.body?.innerText ?? ''}\ncontrols: ${JSON.stringify(names)}`;
    })
    .catch((error: unknown) => `(page unreadable: ${String(error)})`);

async function control(page: Page, role: 'button' | 'textbox', name: string, timeout = 10_000) {
  try {
    return await findControl(page, role, name, timeout);
  } catch (error) {
    throw new Error(`no ${role} "${name}" on ${await describePage(page)}`, { cause: error });
  }
}

async function click(page: Page, name: string, timeout?: number) {
  await (await control(page, 'button', name, timeout)).click();
}

async function fill(page: Page, name: string, text: string) {
  await (await control(page, 'textbox', name)).type(text);
}

async function poll<T>(read: () => Promise<T>, expected: T, timeout = 15_000): Promise<void> {
  await expect.poll(read, { timeout, interval: 250 }).toEqual(expected);
}

const status = (page: Page) =>
  page.evaluate(() => document.querySelector('.now-playing')?.getAttribute('data-status') ?? null);
const role = (page: Page) =>
  page.evaluate(() => document.querySelector('.now-playing .role')?.textContent ?? null);

async function follow(page: Page, who: string) {
  await fill(page, en('searchByUsername'), who);
  await click(page, en('search'));
  await click(page, en('followAria', who));
  await control(page, 'button', en('unfollowAria', who));
}

it('installs as a temporary add-on; the popup signs up and follows the demo bot', async () => {
  popup = await firefox.openPage('popup.html');
  await control(popup, 'button', en('noAccount'), 15_000);
  await popup.screenshot({ path: `${SHOTS}/popup-signed-out.png` });
  await click(popup, en('noAccount'));
  await fill(popup, en('username'), username);
  await fill(popup, en('displayName'), 'Firefox Fox');
  await (await popup.waitForSelector('input[type="password"]'))!.type('a long enough password');
  await click(popup, en('createAccount'));
  await control(popup, 'button', en('signOut'), 15_000);
  await follow(popup, bed.host.username);
});

it('joins the demo room from the popup and hears it in the background page, also while the tab browses', async () => {
  await firefox.reload(popup);
  await click(popup, en('joinRoomAria', DEMO_TITLE), 15_000);
  const first = await waitForFirefoxAudio(firefox, { timeoutMs: 15_000 });
  expect(first.after.remoteAudioTracks).toBe(1);
  expect(first.after.packetsReceived).toBeGreaterThan(first.before.packetsReceived);
  await poll(() => status(popup), 'connected');
  await poll(
    () =>
      popup.evaluate(() =>
        [...document.querySelectorAll('.now-playing .speaker-name')].map((e) => e.textContent),
      ),
    ['Demo bot'],
  );
  // The engine plays in the persistent background page (Firefox has no offscreen documents).
  const inBackground = await firefox.inExtension(() => {
    const page = browser.extension.getBackgroundPage();
    return page ? page.document.querySelectorAll('audio').length : -1;
  }, null);
  expect(inBackground).toBe(1);
  await popup.screenshot({ path: `${SHOTS}/popup-now-playing.png` });

  // The popup's tab goes elsewhere: the room keeps playing.
  await firefox.navigate(popup, `${bed.stack.serviceUrl}/health`);
  await firefox.navigate(popup, bed.roomLink);
  const later = await waitForFirefoxAudio(firefox, { timeoutMs: 10_000 });
  expect(later.after.bytesReceived).toBeGreaterThan(first.after.bytesReceived);
  await firefox.navigate(popup, `${firefox.origin}/popup.html`);
  await poll(() => status(popup), 'connected');
  await click(popup, en('leave'));
  await poll(() => firefox.engineStats(), null, 10_000);
});

it('Join on a room card in a feed (the Mastodon fixture page) plays the room', async () => {
  // The production build's feed script runs on the Mastodon instances a user enables: the options page
  // registers it on their origins. The fixture server is registered the same way (the extension already
  // holds loopback for the rooms service), and the page is recognised as Mastodon by its markup.
  await firefox.inExtension(
    (match) =>
      browser.scripting.registerContentScripts([
        {
          id: 'e2e-fixture-mastodon',
          matches: [match],
          js: ['content-scripts/feed.js'],
          runAt: 'document_idle',
          persistAcrossSessions: false,
        },
      ]),
    'http://127.0.0.1/fixtures/mastodon/*',
  );
  const page = await firefox.openTab(bed.fixtures.url('mastodon', '/home'), { width: 1100, height: 760 });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  await page.evaluate((link) => {
    fixture.addPosts([{ author: 'alice', name: 'Alice Example', text: 'We are live, come listen:', link }]);
    fixture.addFiller(2);
  }, bed.roomLink);
  const card = await page.waitForSelector(`earshot-card >>> .es-card[data-room-id="${bed.bot.roomId}"]`, {
    timeout: 15_000,
  });
  await expect(card!.$eval('.es-card-title', (e) => e.textContent)).resolves.toBe(DEMO_TITLE);
  await card!.evaluate((element) => element.scrollIntoView({ block: 'center' }));
  await card!.screenshot({ path: `${SHOTS}/mastodon-card.png` });

  // From the document: puppeteer's page.url() misses navigations made with `wait: 'none'`.
  const href = () => page.evaluate(() => location.href);
  const before = await href();
  expect(before).toBe(bed.fixtures.url('mastodon', '/home'));
  await card!
    .$eval('.es-join', (e) => e.getAttribute('aria-label'))
    .then((label) => expect(label).toBe(en('joinRoomAria', DEMO_TITLE)));
  await (await card!.$('.es-join'))!.click();
  await waitForFirefoxAudio(firefox, { timeoutMs: 15_000 });
  expect(await href()).toBe(before);
  await poll(
    () =>
      page.evaluate(
        () =>
          document
            .querySelector('earshot-dock')
            ?.shadowRoot?.querySelector('.es-dock')
            ?.getAttribute('data-status') ?? null,
      ),
    'connected',
  );
  await poll(() => card!.evaluate((e) => e.querySelectorAll('.es-here').length), 1);
  await card!.screenshot({ path: `${SHOTS}/mastodon-card-here.png` });
  await page.screenshot({ path: `${SHOTS}/mastodon-page.png` });
  expect(errors).toEqual([]);
  await page.close();
});

it('raises a hand in a room a headless host runs; brought on stage, the fake microphone reaches the host', async () => {
  const hostName = `host${randomBytes(3).toString('hex')}`;
  const host = await signUp(bed.stack.serviceUrl, {
    username: hostName,
    password: randomBytes(18).toString('base64url'),
    displayName: 'Hana Host',
  });
  const created = await createRoom(bed.stack.serviceUrl, host.session.token, { title: STAGE_TITLE });
  const roomId = created.room.id;
  let meter: AudioMeter | undefined;
  try {
    meter = await joinAndMeasureAudio(created.host!.url, created.host!.token);
    const api = (method: string, route: string, body?: object) =>
      fetch(`${bed.stack.serviceUrl}/v1/rooms/${roomId}${route}`, {
        method,
        headers: { authorization: `Bearer ${host.session.token}`, 'content-type': 'application/json' },
        body: body ? JSON.stringify(body) : undefined,
      }).then(async (response) => ({
        status: response.status,
        body: await response.json().catch(() => null),
      }));

    await follow(popup, hostName);
    await firefox.reload(popup);
    await click(popup, en('joinRoomAria', STAGE_TITLE), 15_000);
    await poll(() => status(popup), 'connected');
    await poll(() => role(popup), en('roleListener'));

    await click(popup, en('raiseHand'));
    await control(popup, 'button', en('lowerHand'));
    await popup.screenshot({ path: `${SHOTS}/popup-hand-raised.png` });
    await poll(
      async () =>
        ((await api('GET', '/requests')).body?.requests ?? []).map((r: { username: string }) => r.username),
      [username],
    );
    const invited = await api('POST', '/stage', { username, onStage: true });
    expect(invited).toMatchObject({ status: 200, body: { role: 'speaker', applied: true } });
    await poll(() => role(popup), en('roleSpeaker'));
    await click(popup, en('unmute'));
    await control(popup, 'button', en('mute'), 15_000);
    await popup.screenshot({ path: `${SHOTS}/popup-speaker.png` });

    // Firefox's fake microphone (a tone) arrives at the host, decoded by @livekit/rtc-node.
    await meter.waitForLoudFrames(50, 15_000);
  } finally {
    await meter?.leave();
  }
});
