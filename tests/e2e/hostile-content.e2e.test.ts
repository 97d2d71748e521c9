/**
 * Hostile input the extension shows to its user, end to end: a host whose display name and room title
 * are HTML and script. Everywhere Earshot shows them (popup, room bar, room card, Live chip) they read as
 * the literal text and nothing runs. And the signed-in user's session token stays out of reach of the
 * feed content script: its isolated world on a feed page cannot read the extension's storage at all.
 */
import type { Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { createRoom, signUp } from '../../scripts/lib/rooms-service-client';
import { launchTestBuildBrowser } from './harness/browser';
import type { ExtensionChrome } from './harness/extension-chrome';
import { startFeedSetup } from './harness/feed-test-bed';
import { useSetup } from './harness/hooks';

declare const chrome: ExtensionChrome;
declare const fixture: {
  addPosts(posts: Array<{ author: string; name: string; text: string; link?: string }>): number;
};

const HOSTILE_NAME = '<img src=x onerror="window.__pwned=\'name\'">Mallory';
const HOSTILE_TITLE = '<script>window.__pwned="title"</script><b>Bold</b> & <i>co</i>';
const HANDLE = 'mallory_live';

const bed = useSetup(() =>
  startFeedSetup({
    host: { name: 'mallory', displayName: HOSTILE_NAME, handles: [{ site: 'x', handle: HANDLE }] },
    browser: () => launchTestBuildBrowser(),
  }),
);
let roomId: string;
const listener = { username: `listener${Date.now().toString(36)}`, password: 'correct horse battery' };

beforeAll(async () => {
  roomId = (await createRoom(bed.stack.serviceUrl, bed.host.token, { title: HOSTILE_TITLE })).room.id;
  await signUp(bed.stack.serviceUrl, listener);
});

/** Nothing the hostile strings carry became an element or ran. */
async function expectInert(page: Page, root: string) {
  await expect(page.locator(`${root} img[src="x"]`).count()).resolves.toBe(0);
  await expect(page.locator(`${root} script`).count()).resolves.toBe(0);
  await expect(page.locator(`${root} b, ${root} i`).count()).resolves.toBe(0);
  expect(await page.evaluate(() => (window as { __pwned?: string }).__pwned)).toBeUndefined();
}

it('shows a hostile title and host name as plain text in the popup', async () => {
  const popup = await bed.browser.openPage('popup.html');
  const button = popup.getByRole('button', { name: `Join ${HOSTILE_TITLE}` });
  await button.waitFor({ timeout: 15_000 });
  await expect(popup.getByText(HOSTILE_TITLE, { exact: true }).count()).resolves.toBeGreaterThan(0);
  await expect(popup.getByText(HOSTILE_NAME).count()).resolves.toBeGreaterThan(0);
  await expectInert(popup, 'body');
  await popup.close();
});

it('shows them as plain text in the room bar, the room card and the Live chip of a feed', async () => {
  const page = await bed.browser.context.newPage();
  await page.goto(bed.fixtures.url('x', '/home'));
  const barItem = page.locator(`earshot-bar li[data-room-id="${roomId}"]`);
  await barItem.waitFor({ timeout: 15_000 });
  await expect(barItem.locator('.es-bar-title').textContent()).resolves.toBe(HOSTILE_TITLE);
  await page.evaluate(
    ({ link, handle }) => {
      fixture.addPosts([
        { author: 'alice', name: 'Alice', text: 'Look at this room:', link },
        { author: handle, name: 'Mallory', text: 'I am live.' },
      ]);
    },
    { link: `${bed.stack.serviceUrl}/r/${roomId}`, handle: HANDLE },
  );
  const card = page.locator(`earshot-card .es-card[data-room-id="${roomId}"]`);
  await card.waitFor({ timeout: 10_000 });
  await expect(card.locator('.es-card-title').textContent()).resolves.toBe(HOSTILE_TITLE);
  await expect(card.textContent()).resolves.toContain(HOSTILE_NAME);
  await page.locator(`earshot-chip .es-chip[data-room-id="${roomId}"]`).waitFor({ timeout: 10_000 });
  for (const part of ['earshot-bar', 'earshot-card', 'earshot-chip']) await expectInert(page, part);
  await page.close();
});

it("keeps the session token out of the feed content script's reach", async () => {
  // Sign in as the popup does, so there is a token to protect.
  const popup = await bed.browser.openPage('popup.html');
  const signedIn = await popup.evaluate(
    (credentials) =>
      chrome.runtime.sendMessage({ target: 'background', type: 'account:sign-in', ...credentials }),
    listener,
  );
  expect(signedIn).toMatchObject({ ok: true });
  const stored = await bed.browser.inWorker(() => chrome.storage.local.get(['account']), null);
  expect(JSON.stringify(stored)).toMatch(/token/);
  await popup.close();

  // Find the content script's isolated world on a feed page through the DevTools protocol.
  const page = await bed.browser.context.newPage();
  const cdp = await bed.browser.context.newCDPSession(page);
  const worlds: Array<{ id: number; origin: string; name: string }> = [];
  cdp.on('Runtime.executionContextCreated', ({ context }) => worlds.push(context));
  await cdp.send('Runtime.enable');
  await page.goto(bed.fixtures.url('x', '/home'));
  await page.locator('earshot-bar').waitFor({ state: 'attached', timeout: 15_000 });
  const world = worlds.find((context) => context.origin === `chrome-extension://${bed.browser.extensionId}`);
  expect(world, JSON.stringify(worlds)).toBeDefined();

  const run = async (expression: string) =>
    (
      await cdp.send('Runtime.evaluate', {
        expression,
        contextId: world!.id,
        awaitPromise: true,
        returnByValue: true,
      })
    ).result.value as string;
  // It is the extension's content script world: it can message the background...
  expect(await run('typeof chrome.runtime.sendMessage')).toBe('function');
  // ...but reading storage, where the token is, is refused.
  for (const area of ['local', 'session']) {
    const answer = await run(
      `chrome.storage.${area}.get(null).then((items) => 'READ ' + JSON.stringify(items), (error) => 'REFUSED ' + error.message)`,
    );
    expect(answer).toMatch(/^REFUSED /);
    expect(answer).not.toMatch(/token/);
  }
  await page.close();
});
