/**
 * Whom Earshot trusts on the feeds, end to end (test build in Chromium, a real LiveKit, the rooms service):
 * - X handles cannot be verified, so a host's X handle puts a Live chip on their X posts only for viewers who
 *   follow the host on Earshot (`GET /v1/me/live-hosts/x`): a follower sees it; someone who does not follow,
 *   or nobody signed in, does not.
 * - A room whose host the user follows on Bluesky (an imported follow, matched through the host's verified
 *   Bluesky handle) shows in the popup's list and the room bar marked "via Bluesky".
 * Screenshots go to test-results/followed-chips/.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freeTcpPort } from '../../scripts/lib/free-port';
import { createRoom, signUp, updateProfile } from '../../scripts/lib/rooms-service-client';
import { type LiveKitHandle, startLiveKit } from '../../scripts/livekit';
import { type ServiceHandle, startService } from '../../server/start-service';
import { markHandlesVerified } from '../server/support/verified-handles';
import {
  type ExtensionBrowser,
  launchExtensionBrowser,
  requireTestBuild,
  TEST_EXTENSION_DIR,
} from './harness/browser';
import type { ExtensionChrome } from './harness/extension-chrome';
import { type FixtureServer, startFixtureServer } from './harness/fixture-server';
import { serviceRequest } from './harness/service-request';

declare const chrome: ExtensionChrome;
declare const fixture: {
  addPosts(posts: Array<{ author: string; name: string; text: string; link?: string }>): number;
};

const SHOTS = 'test-results/followed-chips';
const X_HANDLE = `xena${randomBytes(3).toString('hex')}`;
const BSKY_HANDLE = `${X_HANDLE}.bsky.social`;
const PASSWORD = 'correct horse battery';

let livekit: LiveKitHandle;
let service: ServiceHandle;
let fixtures: FixtureServer;
let browser: ExtensionBrowser;
let roomId: string;
const viewers: Record<'fan' | 'stranger' | 'skyFan', { username: string; id: string; token: string }> =
  {} as never;

beforeAll(async () => {
  requireTestBuild();
  mkdirSync(SHOTS, { recursive: true });
  const port = await freeTcpPort();
  livekit = await startLiveKit({ webhookUrls: [`http://127.0.0.1:${port}/v1/livekit/webhook`] });
  [service, fixtures, browser] = await Promise.all([
    startService({
      port,
      livekit: { url: livekit.url, apiKey: livekit.apiKey, apiSecret: livekit.apiSecret },
    }),
    startFixtureServer(),
    launchExtensionBrowser({ extensionDir: TEST_EXTENSION_DIR }),
  ]);
  const host = await signUp(service.url, {
    username: `xenahost${randomBytes(3).toString('hex')}`,
    password: PASSWORD,
    displayName: 'Xena Host',
  });
  // The X handle stays a claim (nothing can verify it); the Bluesky one is verified, as a passed proof would.
  await updateProfile(service.url, host.session.token, {
    handles: [
      { site: 'x', handle: X_HANDLE },
      { site: 'bsky', handle: BSKY_HANDLE },
    ],
  });
  await markHandlesVerified(service, host.account.id, [{ site: 'bsky', handle: BSKY_HANDLE }]);
  roomId = (await createRoom(service.url, host.session.token, { title: 'Xena live' })).room.id;
  for (const name of ['fan', 'stranger', 'skyFan'] as const) {
    const username = `${name.toLowerCase()}${randomBytes(3).toString('hex')}`;
    const made = await signUp(service.url, { username, password: PASSWORD });
    viewers[name] = { username, id: made.account.id, token: made.session.token };
  }
  const followed = await serviceRequest(service.url, `/v1/me/following/${host.account.username}`, {
    method: 'PUT',
    token: viewers.fan.token,
  });
  expect(followed.ok).toBe(true);
  // skyFan follows the host on Bluesky only: an imported follow of the DID their verified handle is tied to.
  await service.db.query(`INSERT INTO imported_follows (account_id, site, target) VALUES ($1, 'bsky', $2)`, [
    viewers.skyFan.id,
    `test:${BSKY_HANDLE}`,
  ]);
  await browser.useService(service.url);
});

afterAll(async () => {
  await browser?.close();
  await service?.stop();
  await livekit?.stop();
  await fixtures?.close();
});

/** Signs the extension in as one of the viewers (as the popup does), or out. */
async function signInAs(name: keyof typeof viewers | null) {
  const popup = await browser.openPage('popup.html');
  const answer = await popup.evaluate(
    (credentials) =>
      chrome.runtime.sendMessage(
        credentials
          ? { target: 'background', type: 'account:sign-in', ...credentials }
          : { target: 'background', type: 'account:sign-out' },
      ),
    name ? { username: viewers[name].username, password: PASSWORD } : null,
  );
  expect(answer).toMatchObject({ ok: true });
  await popup.close();
}

/** An X timeline with a post by the host (X handle) and one linking to the room; resolves once the card shows. */
async function openXTimeline(): Promise<Page> {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1100, height: 760 });
  await page.goto(fixtures.url('x', '/home'));
  await page.locator('earshot-bar').waitFor({ state: 'attached', timeout: 15_000 });
  await page.evaluate(
    ({ link, author }) =>
      fixture.addPosts([
        { author, name: 'Xena Host', text: 'On air now.' },
        { author: 'alice', name: 'Alice', text: 'Listen:', link },
      ]),
    { link: `${service.url}/r/${roomId}`, author: X_HANDLE },
  );
  // The card proves the posts were read; the chip, if any, comes in the same pass.
  await page.locator(`earshot-card .es-card[data-room-id="${roomId}"]`).waitFor({ timeout: 15_000 });
  return page;
}

const chips = (page: Page) => page.locator(`earshot-chip .es-chip[data-room-id="${roomId}"]`);

/** No chip shows, a while after the posts were read (the live-hosts list is loaded before posts are). */
async function expectNoChip(page: Page) {
  await page.waitForTimeout(2_000);
  await expect(chips(page).count()).resolves.toBe(0);
}

it("X: the host's chip for a viewer who follows them on Earshot, and for nobody else", async () => {
  await signInAs('fan');
  const forFan = await openXTimeline();
  await chips(forFan).first().waitFor({ timeout: 10_000 });
  await expect(chips(forFan).count()).resolves.toBe(1);
  await forFan.screenshot({ path: `${SHOTS}/x-follower.png` });
  await forFan.close();

  await signInAs('stranger');
  const forStranger = await openXTimeline();
  await expectNoChip(forStranger);
  await forStranger.screenshot({ path: `${SHOTS}/x-not-following.png` });
  await forStranger.close();

  await signInAs(null);
  const signedOut = await openXTimeline();
  await expectNoChip(signedOut);
  await signedOut.close();
});

it('X: a timeline left open gets the chip as soon as the follower signs in, and hides it when they sign out', async () => {
  await signInAs(null);
  const page = await openXTimeline();
  await expectNoChip(page);
  // The feed's own refresh comes every 30 s: the chip within 5 s is the sign-in telling the tab.
  await signInAs('fan');
  await chips(page).first().waitFor({ state: 'visible', timeout: 5_000 });
  await signInAs(null);
  await chips(page).first().waitFor({ state: 'hidden', timeout: 5_000 });
  await page.close();
});

it('a room from a follow imported from Bluesky says "via Bluesky" in the popup and the room bar', async () => {
  await signInAs('skyFan');
  const popup = await browser.openPage('popup.html');
  const row = popup.locator(`li[data-room-id="${roomId}"]`);
  await row.waitFor({ timeout: 15_000 });
  await expect(row.locator('.room-meta').textContent()).resolves.toMatch(/^Xena Host · .* · via Bluesky$/);
  await popup.screenshot({ path: `${SHOTS}/popup-via-bluesky.png` });
  await popup.close();

  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1100, height: 760 });
  await page.goto(fixtures.url('x', '/home'));
  const item = page.locator(`earshot-bar li[data-room-id="${roomId}"]`);
  await item.waitFor({ timeout: 15_000 });
  await expect(item.locator('.es-bar-meta').textContent()).resolves.toMatch(/ · via Bluesky$/);
  await page
    .locator('earshot-bar .es-root > *')
    .first()
    .screenshot({ path: `${SHOTS}/bar-via-bluesky.png` });
  await page.close();
});
