/**
 * Enabling a Mastodon instance as a new user does, with the production-like test build: the options page
 * asks for access to https://mastodon.earshot.test (served here over HTTPS with a certificate from a local CA,
 * the name mapped to loopback by Chromium's host-resolver rules), says it is waiting for the browser while the
 * permission is asked, and once it is granted the feed script runs on that host: the room bar and a room card.
 *
 * Headless Chromium shows no permission prompt (`permissions.request` never settles there), so the grant is
 * given the way a user can give it without the prompt: the extension's Site access setting, i.e.
 * `chrome.developerPrivate.addHostPermission` on a chrome://extensions page. The options page takes that
 * grant as the answer. The refusal's wording is covered by tests/unit/feed/mastodon-instances-view.test.tsx.
 * Screenshots go to test-results/mastodon-enable/.
 */
import { mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeLocalCertificates } from '../../scripts/lib/local-ca';
import { type ExtensionBrowser, requireTestBuild, TEST_EXTENSION_DIR } from './harness/browser';
import { launchDeployBrowser } from './harness/deploy-browser';
import type { ExtensionChrome } from './harness/extension-chrome';
import { type FeedTestBed, startFeedTestBed } from './harness/feed-test-bed';
import { type HttpsSite, startHttpsSite } from './harness/https-site';
import { message } from './harness/locale';

declare const chrome: ExtensionChrome & {
  developerPrivate: { addHostPermission(id: string, host: string): Promise<void> };
};
// biome-ignore lint/suspicious/noExplicitAny: the fixture pages' test API (tests/fixtures/*.js)
declare const fixture: any;

const INSTANCE = 'mastodon.earshot.test';
const SHOTS = 'test-results/mastodon-enable';

let bed: FeedTestBed<ExtensionBrowser>;
let site: HttpsSite;
let certDir: string;

beforeAll(async () => {
  requireTestBuild();
  mkdirSync(SHOTS, { recursive: true });
  certDir = await mkdtemp(path.join(tmpdir(), 'earshot-mastodon-ca-'));
  const certificates = await makeLocalCertificates(certDir, [INSTANCE]);
  bed = await startFeedTestBed({
    host: { name: 'mastohost', displayName: 'Mona Host' },
    room: { title: 'Instance room' },
    browser: async (fixtures) => {
      site = await startHttpsSite({ name: INSTANCE, site: 'mastodon', fixtures, certificates });
      return launchDeployBrowser({
        extensionDir: TEST_EXTENSION_DIR,
        caFile: certificates.caFile,
        hostResolverRules: site.resolverRule,
      });
    },
  });
});

afterAll(async () => {
  await bed?.stop();
  await site?.close();
  if (certDir) await rm(certDir, { recursive: true, force: true });
});

it('enables an instance from the options page, saying what it waits for, and the feed runs there', async () => {
  // Before: no access, so the feed script does not run on the instance.
  const before = await bed.browser.context.newPage();
  await before.goto(site.url('/home'));
  await before.locator('#mastodon').waitFor({ state: 'attached' });
  await before.waitForTimeout(1500);
  await expect(before.locator('earshot-bar').count()).resolves.toBe(0);
  await before.close();

  const options = await bed.browser.openPage('options.html', { width: 800, height: 900 });
  // The page has other sections (server, account, linked accounts): look inside this one.
  const section = options.locator('section[aria-labelledby="mastodon-heading"]');
  const add = section.getByRole('button', { name: message('en', 'optionsAdd'), exact: true });
  await section
    .getByLabel(message('en', 'optionsMastodonLabel'), { exact: true })
    .fill(`https://${INSTANCE}/home`);
  await add.click();
  // The browser asks (here: never answers): the page says what it waits for.
  const status = section.getByRole('status');
  await expect
    .poll(() => status.textContent(), { timeout: 10_000 })
    .toBe(message('en', 'optionsPermissionAsking', INSTANCE));
  await options.screenshot({ path: `${SHOTS}/options-asking.png` });

  // The user allows the site in the extension's Site access setting.
  const extensions = await bed.browser.context.newPage();
  await extensions.goto(`chrome://extensions/?id=${bed.browser.extensionId}`);
  await extensions.evaluate(({ id, origin }) => chrome.developerPrivate.addHostPermission(id, origin), {
    id: bed.browser.extensionId,
    origin: `https://${INSTANCE}/*`,
  });
  await extensions.close();
  // Back on the options page, Add again: the browser now answers at once.
  await add.click();
  await expect
    .poll(() => status.textContent(), { timeout: 10_000 })
    .toBe(message('en', 'optionsInstanceAdded', INSTANCE));
  await section.locator(`li[data-host="${INSTANCE}"]`).waitFor({ timeout: 10_000 });
  await expect(section.getByRole('alert').count()).resolves.toBe(0);
  await options.screenshot({ path: `${SHOTS}/options-added.png` });

  // On the instance (HTTPS, its own name): the bar, and a card on a post linking to the room.
  const page = await bed.browser.context.newPage();
  await page.setViewportSize({ width: 1100, height: 900 });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(site.url('/home'));
  expect(new URL(page.url()).protocol).toBe('https:');
  await page.locator(`earshot-bar li[data-room-id="${bed.bot.roomId}"]`).waitFor({ timeout: 15_000 });
  await page.evaluate(
    (room) => fixture.addPosts([{ author: 'alice', name: 'Alice', text: 'Listen here:', link: room }]),
    bed.roomLink,
  );
  await page.locator(`earshot-card .es-card[data-room-id="${bed.bot.roomId}"]`).waitFor({ timeout: 10_000 });
  await page.screenshot({ path: `${SHOTS}/instance-bar-and-card.png` });
  expect(errors).toEqual([]);
  await page.close();
  await options.close();
});
