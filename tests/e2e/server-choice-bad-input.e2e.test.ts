/**
 * Issue 12's bad inputs that need a real browser, in English and French (the test build, no rooms service):
 * - an HTTPS server whose certificate Chromium does not trust (a local CA that is not installed) is reported as
 *   "the server's certificate is not trusted", and a name where nothing listens as "could not connect": the
 *   check tells the two apart through webRequest's error (net::ERR_CERT_AUTHORITY_INVALID), as fetch cannot;
 * - an address that is not a URL;
 * - the chosen server's site access removed (chrome.permissions.remove from the options page): the background
 *   notices (its session says serverAccess: 'missing'), the open popup and options ask again with a button, and
 *   granting it back (as the Site access setting does) clears both.
 * Names reach loopback through --host-resolver-rules; headless Chromium shows no permission prompt, so access is
 * granted the way chrome://extensions does (grantHostPermission).
 * Screenshots: test-results/server-choice-bad-input/.
 */
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freeTcpPort } from '../../scripts/lib/free-port';
import { makeLocalCertificates } from '../../scripts/lib/local-ca';
import {
  type ExtensionBrowser,
  launchChromiumWithExtension,
  requireTestBuild,
  TEST_EXTENSION_DIR,
} from './harness/browser';
import { grantHostPermission } from './harness/choose-server';
import { type Lang, message } from './harness/locale';

/** The parts of `chrome` these checks run in the browser. */
declare const chrome: {
  permissions: { remove(p: { origins: string[] }): Promise<boolean> };
  storage: {
    local: { get(keys: string[]): Promise<Record<string, unknown>>; set(items: object): Promise<void> };
    session: { get(keys: string[]): Promise<Record<string, { serverAccess?: string } | undefined>> };
  };
};

let workDir: string;
let untrustedSite: Server;
let untrustedPort: number;
let closedPort: number;

const SHOTS = 'test-results/server-choice-bad-input';
const UNTRUSTED = 'rooms.untrusted.test';
const DOWN = 'rooms.down.test';
const GONE = 'rooms.gone.test';

beforeAll(async () => {
  requireTestBuild();
  await mkdir(SHOTS, { recursive: true });
  workDir = await mkdtemp(path.join(tmpdir(), 'earshot-bad-tls-'));
  // A certificate from a CA the browser was never told about: the TLS handshake fails on trust, nothing else.
  const certificates = await makeLocalCertificates(workDir, [UNTRUSTED]);
  const [key, cert] = await Promise.all([readFile(certificates.keyFile), readFile(certificates.certFile)]);
  untrustedSite = createServer({ key, cert }, (_request, response) => {
    // It would pass the check if its certificate were trusted.
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ ok: true, service: 'earshot', version: '0.0.0-test' }));
  });
  await new Promise<void>((resolve) => untrustedSite.listen(0, '127.0.0.1', resolve));
  untrustedPort = (untrustedSite.address() as AddressInfo).port;
  closedPort = await freeTcpPort();
});

afterAll(async () => {
  untrustedSite?.closeAllConnections();
  untrustedSite?.close();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

async function launch(lang: Lang): Promise<ExtensionBrowser> {
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'earshot-chromium-'));
  return launchChromiumWithExtension({
    extensionDir: TEST_EXTENSION_DIR,
    userDataDir,
    lang: lang === 'fr' ? 'fr' : 'en-US',
    extraArgs: [
      `--host-resolver-rules=MAP ${UNTRUSTED} 127.0.0.1:${untrustedPort}, MAP ${DOWN} 127.0.0.1:${closedPort}, MAP ${GONE} 127.0.0.1:${closedPort}`,
    ],
    cleanUp: () => rm(userDataDir, { recursive: true, force: true }),
  });
}

async function useServer(popup: Page, lang: Lang, address: string) {
  await popup.getByLabel(message(lang, 'serverLabel')).fill(address);
  await popup.getByRole('button', { name: message(lang, 'serverUse') }).click();
}

/** Waits for the alert to say exactly `text` (a new one replaces the last). */
const alertSays = (page: Page, text: string) =>
  page.getByRole('alert').filter({ hasText: text }).waitFor({ timeout: 15_000 });

const sessionServerAccess = (browser: ExtensionBrowser) =>
  browser.inWorker(
    async () => (await chrome.storage.session.get(['sessionState'])).sessionState?.serverAccess ?? null,
    null,
  );

async function until<T>(read: () => Promise<T>, wanted: T, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let value = await read();
  while (value !== wanted && Date.now() < end) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  return value;
}

describe.each(['en', 'fr'] as const)('bad server input (%s)', (lang) => {
  let browser: ExtensionBrowser;
  beforeAll(async () => {
    browser = await launch(lang);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('not a URL; an untrusted certificate; a name where nothing answers: each with its own message', async () => {
    // What the browser asks the user for (the first await of the click settles at once once granted).
    await grantHostPermission(browser, `https://${UNTRUSTED}`);
    await grantHostPermission(browser, `https://${DOWN}`);
    const popup = await browser.openPage('popup.html');

    await useServer(popup, lang, 'not a server');
    await alertSays(popup, message(lang, 'serverProblemNotUrl'));

    await useServer(popup, lang, UNTRUSTED);
    await alertSays(popup, message(lang, 'serverProblemTlsUntrusted', UNTRUSTED));
    await popup.screenshot({ path: `${SHOTS}/${lang}-untrusted-certificate.png` });

    await useServer(popup, lang, `https://${DOWN}`);
    await alertSays(popup, message(lang, 'serverProblemUnreachableSecure', `https://${DOWN}`));

    // None was saved: still the first run.
    expect(await browser.inWorker(() => chrome.storage.local.get(['serviceUrl']), null)).toEqual({});
    await popup.close();
  });

  it('the chosen server’s access removed: the background notices, popup and options ask again', async () => {
    const origin = `https://${GONE}`;
    await browser.useService(origin); // chosen (as after the first run)
    const popup = await browser.openPage('popup.html');
    const options = await browser.openPage('options.html', { width: 800, height: 700 });
    await popup.getByText(message(lang, 'serverCurrent', GONE)).waitFor();
    const lost = message(lang, 'serverAccessLost', origin);
    const allowAgain = message(lang, 'serverAllowAgain');
    /** The user allows the site: consent given as the Site access setting does, then the page's button. */
    const allowFrom = async (page: Page) => {
      await grantHostPermission(browser, origin);
      // The setting alone may already have made the access active (the alert is gone): then no click is needed.
      const button = page.getByRole('button', { name: allowAgain });
      if (await button.isVisible()) await button.click();
      else console.info('access came back from the Site access setting alone');
    };

    // Not granted yet: the background says so (it checks when a page asks which server) and the page asks.
    expect(await until(() => sessionServerAccess(browser), 'missing')).toBe('missing');
    await alertSays(popup, lost);
    await allowFrom(popup);
    expect(await until(() => sessionServerAccess(browser), null)).toBeNull();
    await popup.getByRole('alert').filter({ hasText: lost }).waitFor({ state: 'detached', timeout: 10_000 });

    // The user removes the site's access (from the options page, as the browser's own setting does).
    expect(await options.evaluate((o) => chrome.permissions.remove({ origins: [`${o}/*`] }), origin)).toBe(
      true,
    );
    expect(await until(() => sessionServerAccess(browser), 'missing')).toBe('missing');
    for (const page of [popup, options]) {
      await alertSays(page, lost);
      await page.getByRole('button', { name: allowAgain }).waitFor();
    }
    await popup.screenshot({ path: `${SHOTS}/${lang}-access-removed-popup.png` });
    await options.screenshot({ path: `${SHOTS}/${lang}-access-removed-options.png` });

    // Allowed again from the options page: the background clears the flag, neither page asks any more.
    await allowFrom(options);
    expect(await until(() => sessionServerAccess(browser), null)).toBeNull();
    for (const page of [popup, options])
      await page.getByRole('alert').filter({ hasText: lost }).waitFor({ state: 'detached', timeout: 10_000 });
    await popup.close();
    await options.close();
  });
});
